import { mapWith } from './helpers';

// Okta GET /api/v1/users — a bare array; the profile is flat, custom attributes included.
function oktaUser(id: string, status: string, profile: Record<string, unknown>) {
	return {
		id,
		status,
		created: '2025-01-10T09:00:00.000Z',
		activated: status === 'STAGED' ? null : '2025-01-10T09:05:00.000Z',
		statusChanged: '2025-01-10T09:05:00.000Z',
		lastLogin: null,
		profile,
		credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
		_links: { self: { href: `https://acme.okta.com/api/v1/users/${id}` } },
	};
}
const alan = oktaUser('00u1alan', 'ACTIVE', {
	login: 'Alan.Turing@acme.com',
	email: 'alan.turing@acme.com',
	firstName: 'Alan',
	lastName: 'Turing',
	displayName: 'Alan Turing',
	title: 'Cryptanalyst',
	department: 'Hut 8',
	employeeNumber: '1912',
	primaryPhone: '+44 1908 640404',
	mobilePhone: '+44 7700 900000',
	locale: 'en-GB',
	timezone: 'Europe/London',
	managerId: 'gordon.welchman@acme.com',
	manager: 'Gordon Welchman',
	costCenter: 'BP-1',
});
const noFirst = oktaUser('00u2mono', 'PROVISIONED', {
	login: 'mononym@acme.com',
	email: 'mononym@acme.com',
	firstName: null,
	lastName: 'Mononym',
	managerId: '00u1alan',
});

test('an active Okta user: profile fields, one phone, locale in Salesforce shape, manager by email', () => {
	const [{ user, issues }] = mapWith('okta', [alan]);
	expect(issues).toEqual([]);
	expect(user).toMatchObject({
		userName: 'alan.turing@acme.com',
		externalId: '00u1alan',
		name: { givenName: 'Alan', familyName: 'Turing' },
		emails: [{ type: 'work', value: 'alan.turing@acme.com' }],
		phoneNumbers: [{ type: 'work', value: '+44 1908 640404' }],
		active: true,
		locale: 'en_GB',
		timezone: 'Europe/London',
	});
	expect(user._sfscim?.manager).toEqual({ email: 'gordon.welchman@acme.com', displayName: 'Gordon Welchman' });
	expect(user._sfscim?.createOnly).toEqual(expect.arrayContaining(['locale', 'timezone']));
});

test('firstName null: no given name; managerId holding an Okta id is an external id', () => {
	const [{ user, issues }] = mapWith('okta', [noFirst]);
	expect(issues).toEqual([]);
	expect(user.name).toEqual({ familyName: 'Mononym' });
	expect(user._sfscim?.manager).toEqual({ externalId: '00u1alan' });
});

test.each([
	['ACTIVE', true],
	['PROVISIONED', true],
	['RECOVERY', true],
	['PASSWORD_EXPIRED', true],
	['LOCKED_OUT', true],
	['STAGED', false],
	['SUSPENDED', false],
	['DEPROVISIONED', false],
])('status %s → active %s', (status, active) => {
	const [{ user }] = mapWith('okta', [oktaUser('00u9', status, { login: 'x@acme.com', email: 'x@acme.com', lastName: 'X' })]);
	expect(user.active).toBe(active);
});
