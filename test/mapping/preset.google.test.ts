import { CORE, ENTERPRISE, mapWith } from './helpers';

// Google Directory API users.list (projection=full) — elements of `users`. Unset lists are omitted.
const grace = {
	kind: 'admin#directory#user',
	id: '104857600000000000001',
	primaryEmail: 'Grace.Hopper@example.com',
	name: { givenName: 'Grace', familyName: 'Hopper', fullName: 'Grace Hopper' },
	suspended: false,
	archived: false,
	orgUnitPath: '/Engineering',
	emails: [
		{ address: 'grace@example.com' },
		{ address: 'grace.hopper@example.com.test-google-a.com' },
		{ address: 'Grace.Hopper@example.com', primary: true },
	],
	phones: [
		{ value: '+1 212 555 0101', type: 'mobile' },
		{ value: '+1 212 555 0100', type: 'work' },
	],
	organizations: [{ title: 'Rear Admiral', primary: true, department: 'Compilers', costCenter: 'CC-7' }],
	externalIds: [{ value: 'E-1906', type: 'organization' }, { value: 'gh', type: 'custom', customType: 'github' }],
	relations: [{ value: 'howard.aiken@example.com', type: 'manager' }],
};
// A single-name person: Google requires both names, so "-" stands in for the family name.
const single = {
	id: '104857600000000000002',
	primaryEmail: 'teller@example.com',
	name: { givenName: 'Teller', familyName: '-', fullName: 'Teller -' },
	suspended: false,
	orgUnitPath: '/',
	emails: [{ address: 'teller@example.com', primary: true }],
};
// Suspended leaver, manager given as free text, no phones, no organizations.
const suspended = {
	id: '104857600000000000003',
	primaryEmail: 'old.timer@example.com',
	name: { givenName: 'Old', familyName: 'Timer', fullName: 'Old Timer' },
	suspended: true,
	suspensionReason: 'ADMIN',
	orgUnitPath: '/Engineering',
	emails: [{ address: 'old.timer@example.com', primary: true }],
	relations: [{ value: 'Jane Doe (Engineering)', type: 'manager' }],
};
// Not suspended, but moved to the leavers unit.
const leaver = {
	id: '104857600000000000004',
	primaryEmail: 'mover@example.com',
	name: { givenName: 'Mo', familyName: 'Ver', fullName: 'Mo Ver' },
	suspended: false,
	orgUnitPath: '/Leavers/2026',
};

test('primary email chosen among aliases and the test-google-a.com address; work phone; manager email', () => {
	const [{ user, issues }] = mapWith('google', [grace]);
	expect(issues).toEqual([]);
	expect(user).toMatchObject({
		schemas: [CORE, ENTERPRISE],
		userName: 'grace.hopper@example.com',
		externalId: grace.id,
		name: { givenName: 'Grace', familyName: 'Hopper' },
		displayName: 'Grace Hopper',
		emails: [{ type: 'work', value: 'Grace.Hopper@example.com' }],
		phoneNumbers: [{ type: 'work', value: '+1 212 555 0100' }],
		title: 'Rear Admiral',
		active: true,
		[ENTERPRISE]: { employeeNumber: 'E-1906', department: 'Compilers', costCenter: 'CC-7' },
	});
	expect(user._sfscim?.manager).toEqual({ email: 'howard.aiken@example.com' });
});

test('"-" placeholder family name: the one name becomes the last name, not both, and not in the display name', () => {
	const [{ user, issues }] = mapWith('google', [single]);
	expect(issues).toEqual([]);
	expect(user.name).toEqual({ familyName: 'Teller' });
	expect(user.displayName).toBe('Teller');
	expect(user.alias).toBe('telle');
});

test('"Ignore Placeholder Names" off: the names go as the source has them', () => {
	const [{ user }] = mapWith('google', [single], { ignorePlaceholderNames: false });
	expect(user.name).toEqual({ givenName: 'Teller', familyName: '-' });
	expect(user.displayName).toBe('Teller -');
});

test('suspended: inactive; a free-text manager is kept as a display name only', () => {
	const [{ user }] = mapWith('google', [suspended]);
	expect(user.active).toBe(false);
	expect(user._sfscim?.manager).toEqual({ displayName: 'Jane Doe (Engineering)' });
	expect(user).not.toHaveProperty('phoneNumbers');
	expect(user).not.toHaveProperty('title');
});

test('moved to a leavers unit: inactive; no emails list: the primary email is used', () => {
	const [{ user }] = mapWith('google', [leaver]);
	expect(user.active).toBe(false);
	expect(user.emails).toEqual([{ type: 'work', value: 'mover@example.com' }]);
});
