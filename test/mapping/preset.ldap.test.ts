import { dnCommonName } from '../../scim/mapping';
import { ENTERPRISE, mapWith } from './helpers';

// Active Directory entries as n8n's LDAP node returns a search: one value a string, several an array, a
// requested attribute the entry lacks `[]`, every value a string.
function entry(attributes: Record<string, unknown>) {
	return {
		dn: `CN=${String(attributes.cn)},OU=Staff,DC=example,DC=com`,
		objectClass: ['top', 'person', 'organizationalPerson', 'user'],
		...attributes,
	};
}
const MANAGER_DN = 'CN=Doe\\, John,OU=Managers,DC=example,DC=com';
const jane = entry({
	cn: 'Jane Smith',
	sAMAccountName: 'jsmith',
	userPrincipalName: 'JSmith@example.com',
	givenName: 'Jane',
	sn: 'Smith',
	displayName: 'Jane Smith',
	mail: 'Jane.Smith@example.com',
	telephoneNumber: '+1 555 0100',
	mobile: [],
	title: 'Engineer',
	department: 'R&D',
	company: 'Example Corp',
	employeeID: 'E100',
	userAccountControl: '66048',
	manager: MANAGER_DN,
	memberOf: ['CN=Sales,OU=Groups,DC=example,DC=com', 'CN=VPN,OU=Groups,DC=example,DC=com'],
	l: 'Boston',
	c: 'US',
});
const disabled514 = entry({
	cn: 'Old Account',
	sAMAccountName: 'oacct',
	userPrincipalName: 'oacct@example.com',
	sn: 'Account',
	mail: [],
	userAccountControl: '514',
	manager: [],
	memberOf: [],
});
const disabled66050 = entry({
	cn: 'Never Expires',
	sAMAccountName: 'nexp',
	userPrincipalName: 'nexp@example.com',
	givenName: 'Never',
	sn: 'Expires',
	mail: 'nexp@example.com',
	userAccountControl: '66050',
	accountExpires: '9223372036854775807',
	memberOf: 'CN=Only,OU=Groups,DC=example,DC=com',
});
// Two mail values and no surname: the first mail, and the common name as the last name.
const twoMails = entry({
	cn: 'Røros',
	sAMAccountName: 'roros',
	userPrincipalName: 'roros@example.com',
	givenName: [],
	sn: [],
	mail: ['roros@example.com', 'roros.alias@example.com'],
	userAccountControl: '512',
});

test('an enabled AD account (66048): attributes, DN manager with an escaped comma', () => {
	const [{ user, issues }] = mapWith('ldap', [jane]);
	expect(issues).toEqual([]);
	expect(user).toMatchObject({
		userName: 'jsmith@example.com',
		externalId: 'E100',
		name: { givenName: 'Jane', familyName: 'Smith' },
		emails: [{ type: 'work', value: 'Jane.Smith@example.com' }],
		phoneNumbers: [{ type: 'work', value: '+1 555 0100' }],
		active: true,
		addresses: [{ type: 'work', locality: 'Boston', country: 'US' }],
		[ENTERPRISE]: { employeeNumber: 'E100', department: 'R&D', organization: 'Example Corp' },
	});
	expect(user._sfscim?.manager).toEqual({
		dn: 'CN=Doe\\, John,OU=Managers,DC=example,DC=com',
		displayName: 'Doe, John',
	});
});

test.each([
	['514 (disabled)', disabled514, false],
	['66050 (disabled, password never expires)', disabled66050, false],
	['66048 (enabled, password never expires)', jane, true],
	['512 (enabled)', twoMails, true],
])('userAccountControl %s → active %s', (_label, record, active) => {
	expect(mapWith('ldap', [record])[0].user.active).toBe(active);
});

test('empty lists are no value: no email from mail: [], the UPN instead; no manager', () => {
	const [{ user }] = mapWith('ldap', [disabled514]);
	expect(user.emails).toEqual([{ type: 'work', value: 'oacct@example.com' }]);
	expect(user._sfscim?.manager).toBeUndefined();
});

test('several values: the first mail; the cn as last name when sn is empty', () => {
	const [{ user, issues }] = mapWith('ldap', [twoMails]);
	expect(issues).toEqual([]);
	expect(user.emails).toEqual([{ type: 'work', value: 'roros@example.com' }]);
	expect(user.name).toEqual({ familyName: 'Røros' });
});

test('the DN helper reads a manager CN with an escaped comma', () => {
	expect(dnCommonName(MANAGER_DN)).toBe('Doe, John');
});
