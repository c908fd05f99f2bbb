/**
 * Issue 15, part 4: the presets on exports nobody on the project wrote — HR CSV phone columns as BambooHR,
 * Workday, Personio, HiBob, Rippling and ADP spell them, the placeholders directories use for an unknown name
 * part, an LDAP manager given as a DN, and Google's `locations[].area`.
 */
import { dnKey, linkManagersByDn, PLACEHOLDER_NAMES } from '../../scim/mapping';
import { mapWith } from './helpers';

const base = { 'First Name': 'Ana', 'Last Name': 'Silva', Email: 'ana.silva@example.com' };

describe('CSV preset: every phone column of a common HR export, under the SCIM type it is', () => {
	test.each([
		// header as the export writes it, the SCIM type
		['Work Phone', 'work'], // BambooHR, HiBob, Rippling, ADP
		['work_phone', 'work'],
		['WORK PHONE', 'work'],
		['Primary Work Phone', 'work'], // Workday
		['Office Phone', 'work'],
		['Business Phone', 'work'],
		['Phone', 'work'], // Personio
		['Phone Number', 'work'],
		['Telephone', 'work'],
		['Mobile Phone', 'mobile'], // BambooHR, HiBob, Workday
		['mobile_phone', 'mobile'],
		['Mobile', 'mobile'],
		['Mobile phone', 'mobile'], // Personio
		['Cell', 'mobile'],
		['Cell Phone', 'mobile'],
		['Work Mobile', 'mobile'], // ADP
		['Primary Work Mobile', 'mobile'], // Workday
		['Personal Mobile', 'mobile'],
		['Home Phone', 'home'], // BambooHR, ADP
		['Personal Phone', 'home'], // Rippling
		['Fax', 'fax'],
		['Work Fax', 'fax'],
		['Pager', 'pager'],
	])('%s → %s', (header, type) => {
		const [{ user, issues }] = mapWith('csv', [{ ...base, [header]: ' +1 555 0100 ' }]);
		expect(issues).toEqual([]);
		expect(user.phoneNumbers).toEqual([{ type, value: '+1 555 0100' }]);
	});

	test('several numbers: Salesforce keeps one, the work number first, then the mobile', () => {
		const both = { ...base, 'Mobile Phone': '+1 555 0101', 'Work Phone': '+1 555 0100', 'Home Phone': '+1 555 0102' };
		expect(mapWith('csv', [both])[0].user.phoneNumbers).toEqual([{ type: 'work', value: '+1 555 0100' }]);
		const { 'Work Phone': _work, ...noWork } = both;
		expect(mapWith('csv', [noWork])[0].user.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555 0101' }]);
	});

	test("a builder's row for one phone type replaces the preset's and stays one of the alternatives", () => {
		const [{ user, issues }] = mapWith('csv', [{ ...base, Cell: '+1 555 0101', Work: '+1 555 0100' }], {}, [
			{ target: 'phoneNumbers[type eq "work"].value', source: 'Work' },
		]);
		expect(issues).toEqual([]);
		expect(user.phoneNumbers).toEqual([{ type: 'work', value: '+1 555 0100' }]);
	});
});

test('other presets type their second number as what it is (an Entra mobile is not a work phone)', () => {
	expect(mapWith('entra', [{ userPrincipalName: 'a@x.com', surname: 'A', mobilePhone: '+1' }])[0].user.phoneNumbers).toEqual([{ type: 'mobile', value: '+1' }]);
	expect(mapWith('okta', [{ profile: { login: 'a@x.com', lastName: 'A', mobilePhone: '+1' } }])[0].user.phoneNumbers).toEqual([{ type: 'mobile', value: '+1' }]);
	expect(mapWith('ldap', [{ mail: 'a@x.com', sn: 'A', mobile: '+1' }])[0].user.phoneNumbers).toEqual([{ type: 'mobile', value: '+1' }]);
	expect(mapWith('bamboohr', [{ workEmail: 'a@x.com', lastName: 'A', mobilePhone: '+1' }])[0].user.phoneNumbers).toEqual([{ type: 'mobile', value: '+1' }]);
	expect(mapWith('google', [{ primaryEmail: 'a@x.com', name: { familyName: 'A' }, phones: [{ type: 'work_fax', value: '+1' }] }])[0].user.phoneNumbers).toEqual([{ type: 'fax', value: '+1' }]);
});

describe('placeholder names are not copied into Salesforce (Ignore Placeholder Names, on by default)', () => {
	const placeholders = ['-', '.', 'FNU', 'LNU', 'NFN', 'NLN', 'N/A', 'n/a', 'Unknown', 'UNKNOWN', ' - '];

	test('the list names every placeholder the issue lists', () => {
		for (const marker of ['-', '.', 'fnu', 'lnu', 'nfn', 'nln', 'n/a', 'unknown']) expect(PLACEHOLDER_NAMES).toContain(marker);
	});

	test.each(placeholders)('first name %p: no First Name, the last name kept', (marker) => {
		const [{ user, issues }] = mapWith('csv', [{ ...base, 'First Name': marker }]);
		expect(issues).toEqual([]);
		expect(user.name).toEqual({ familyName: 'Silva' });
		expect(user.displayName).toBe('Silva');
	});

	test.each(placeholders)('Google family name %p: the one name is the Last Name, not also the First Name', (marker) => {
		const record = { primaryEmail: 'teller@example.com', name: { givenName: 'Teller', familyName: marker, fullName: `Teller ${marker}` } };
		const [{ user, issues }] = mapWith('google', [record]);
		expect(issues).toEqual([]);
		expect(user.name).toEqual({ familyName: 'Teller' });
		expect(user.displayName).toBe('Teller');
	});

	test('BambooHR FNU: the display name loses the placeholder too', () => {
		const [{ user }] = mapWith('bamboohr', [{ workEmail: 's@acme.com', firstName: 'FNU', lastName: 'Sukarno', displayName: 'FNU Sukarno' }]);
		expect(user.name).toEqual({ familyName: 'Sukarno' });
		expect(user.displayName).toBe('Sukarno');
	});

	test('only placeholders: invalid, with a message naming the placeholder and the fix; nothing like "-" is sent', () => {
		const [{ user, issues }] = mapWith('csv', [{ ...base, 'First Name': 'FNU', 'Last Name': 'LNU' }]);
		expect(issues).toEqual([
			{
				path: 'name.familyName',
				message:
					'the source\'s last name is "LNU", a placeholder, and the record has no other name to use: Salesforce requires a Last Name. Enter the person\'s name in the source, or turn off "Ignore Placeholder Names" to send it as it is',
			},
		]);
		expect(user).not.toHaveProperty('name');
		expect(user).not.toHaveProperty('displayName');
	});

	test('real names that look short are kept: Na, Li, O', () => {
		const [{ user }] = mapWith('csv', [{ ...base, 'First Name': 'Li', 'Last Name': 'Na' }]);
		expect(user.name).toEqual({ givenName: 'Li', familyName: 'Na' });
	});

	test('an update mapping that does not map the family name leaves the given name where it is', () => {
		const [{ user }] = mapWith('csv', [{ 'First Name': 'Ana' }], { validateFor: 'update' }, [{ target: 'name.familyName', remove: true }]);
		expect(user.name).toEqual({ givenName: 'Ana' });
	});
});

describe('LDAP preset: a manager given as a DN resolves to the manager', () => {
	const jane = {
		dn: 'CN=Doe\\, Jane,OU=Staff,DC=example,DC=com',
		userPrincipalName: 'Jane.Doe@example.com',
		mail: 'Jane.Doe@example.com',
		employeeID: 'E-1',
		sn: 'Doe',
		givenName: 'Jane',
		userAccountControl: '512',
	};
	const bob = {
		dn: 'CN=Bob Smith,OU=Staff,DC=example,DC=com',
		userPrincipalName: 'bob@example.com',
		mail: 'bob@example.com',
		employeeID: 'E-2',
		sn: 'Smith',
		givenName: 'Bob',
		userAccountControl: '512',
		// The same DN spelt another way: lower-case types, spaces, a hex escape for the comma.
		manager: 'cn=Doe\\2C Jane, ou=Staff, dc=example, dc=com',
	};

	test('DNs compare as LDAP compares them', () => {
		expect(dnKey(bob.manager)).toBe(dnKey(jane.dn));
		expect(dnKey('CN=Doe\\, Jane,OU=Staff')).not.toBe(dnKey('CN=Doe,OU=Jane,OU=Staff'));
	});

	test("the manager's entry in the same input gives the email and external ID the SCIM node resolves", () => {
		const mapped = mapWith('ldap', [bob, jane]);
		const records = [bob, jane].map((source, index) => ({ source, user: mapped[index].user }));
		expect(linkManagersByDn(records)).toBe(1);
		expect(mapped[0].user._sfscim?.manager).toEqual({
			dn: bob.manager,
			displayName: 'Doe, Jane',
			email: 'Jane.Doe@example.com',
			externalId: 'E-1',
		});
		expect(mapped[1].user._sfscim?.manager).toBeUndefined();
	});

	test('a uid DN outside the input is looked up as the external ID; a cn DN is left for the node to report', () => {
		const uidOnly = { mail: 'c@example.com', sn: 'C', manager: 'uid=jdoe,ou=people,dc=example,dc=com' };
		const cnOnly = { mail: 'd@example.com', sn: 'D', manager: 'CN=Nobody Here,OU=Staff,DC=example,DC=com' };
		const mapped = mapWith('ldap', [uidOnly, cnOnly]);
		linkManagersByDn([uidOnly, cnOnly].map((source, index) => ({ source, user: mapped[index].user })));
		expect(mapped[0].user._sfscim?.manager).toMatchObject({ externalId: 'jdoe' });
		expect(mapped[1].user._sfscim?.manager).toEqual({ dn: cnOnly.manager, displayName: 'Nobody Here' });
	});
});

test('Google: locations[].area is free text, not a city; the work address comes from addresses[]', () => {
	const located = {
		primaryEmail: 'g@example.com',
		name: { givenName: 'G', familyName: 'H' },
		locations: [{ type: 'desk', area: 'Near Seattle', buildingId: 'SEA-1', floorName: '3' }],
	};
	expect(mapWith('google', [located])[0].user).not.toHaveProperty('addresses');
	const addressed = {
		...located,
		addresses: [
			{ type: 'home', locality: 'Tacoma' },
			{ type: 'work', streetAddress: '601 N 34th St', locality: 'Seattle', region: 'WA', postalCode: '98103', countryCode: 'US', country: 'United States' },
		],
	};
	expect(mapWith('google', [addressed])[0].user.addresses).toEqual([
		{ type: 'work', streetAddress: '601 N 34th St', locality: 'Seattle', region: 'WA', postalCode: '98103', country: 'US' },
	]);
});
