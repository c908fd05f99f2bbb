import { compileAccessor, looseKey } from '../../scim/mapping/accessor';
import { dnCommonName } from '../../scim/mapping/transforms';

// One row per accessor: the text a preset or a builder writes, a record, and what it reads.
const cases: Array<[string, unknown, unknown]> = [
	['mail', { mail: 'a@x.com' }, 'a@x.com'],
	['manager.mail', { manager: { mail: 'm@x.com' } }, 'm@x.com'],
	['manager.mail', { givenName: 'No manager key' }, undefined],
	['a.b.c', { a: { b: { c: 3 } } }, 3],
	['businessPhones.0', { businessPhones: ['+1 555 0100'] }, '+1 555 0100'],
	['$json.mail', { mail: 'a@x.com' }, 'a@x.com'],
	['mail ?? userPrincipalName', { mail: null, userPrincipalName: 'upn@x.com' }, 'upn@x.com'],
	['mail ?? userPrincipalName', { mail: '  ', userPrincipalName: 'upn@x.com' }, 'upn@x.com'],
	['mail | trim | lower', { mail: '  Ada@X.COM ' }, 'ada@x.com'],
	['department ?? "Unassigned"', {}, 'Unassigned'],
	['"a | b ?? c"', {}, 'a | b ?? c'],
	['memberOf | first', { memberOf: [] }, undefined],
	['memberOf | first', { memberOf: 'CN=Sales,OU=Groups' }, 'CN=Sales,OU=Groups'],
	['memberOf | first | cn', { memberOf: ['CN=Sales,OU=Groups', 'CN=All'] }, 'Sales'],
	['manager | cn', { manager: 'CN=Doe\\, Jane,OU=Staff,DC=example,DC=com' }, 'Doe, Jane'],
	['userAccountControl | uacEnabled', { userAccountControl: '66048' }, true],
	['userAccountControl | uacEnabled', { userAccountControl: '514' }, false],
	['userAccountControl | uacEnabled', { userAccountControl: '66050' }, false],
	['userAccountControl | uacEnabled', { userAccountControl: '512' }, true],
	['userAccountControl | uacEnabled', { userAccountControl: [] }, undefined],
	['hireDate | date', { hireDate: '0000-00-00' }, undefined],
	['hireDate | date', { hireDate: '2024-02-01' }, '2024-02-01'],
	['firstName | placeholder', { firstName: 'FNU' }, undefined],
	['firstName | placeholder:-', { firstName: '-' }, undefined],
	['firstName | placeholder:-', { firstName: 'Ana' }, 'Ana'],
	['status | in:ACTIVE,RECOVERY', { status: 'RECOVERY' }, true],
	['status | in:ACTIVE,RECOVERY', { status: 'SUSPENDED' }, false],
	['status | in:ACTIVE', {}, undefined],
	['suspended | not', { suspended: true }, false],
	['suspended | not', { suspended: 'false' }, true],
	['End Date | isEmpty', { Name: 'x' }, true],
	['End Date | isEmpty', { 'End Date': '2025-01-31' }, false],
	['emails | find:primary=true | get:address', { emails: [{ address: 'alias@x.com' }, { address: 'p@x.com', primary: true }] }, 'p@x.com'],
	['emails | find:type=work | get:address', { emails: [{ address: 'p@x.com', primary: true }] }, undefined],
	['proxyAddresses | primarySmtp', { proxyAddresses: ['smtp:alias@x.com', 'SMTP:Main@x.com'] }, 'Main@x.com'],
	['groups | split', { groups: 'Sales; Support ;' }, ['Sales', 'Support']],
	['groups | split:,', { groups: 'a,b' }, ['a', 'b']],
	['managerId | emailOnly', { managerId: 'boss@x.com' }, 'boss@x.com'],
	['managerId | emailOnly', { managerId: '00u1abc' }, undefined],
	['managerId | nonEmail', { managerId: '00u1abc' }, '00u1abc'],
	['locale | localeKey', { locale: 'fr-CA' }, 'fr_CA'],
	['id | string', { id: 42 }, '42'],
	['~First Name', { '\uFEFFfirst_name': 'Zoë' }, 'Zoë'],
	['~Email', { ' EMAIL ': 'a@x.com' }, 'a@x.com'],
	['orgUnitPath | startsWith:/Leavers', { orgUnitPath: '/Leavers/2025' }, true],
	['suspended | not | onlyFalse ?? "true"', { suspended: false }, 'true'],
	['suspended | not | onlyFalse ?? "true"', { suspended: true }, false],
];

test.each(cases)('%s on %j reads %j', (text, record, expected) => {
	expect(compileAccessor(text)(record)).toEqual(expected);
});

test.each([
	['', /empty source/],
	['mail | shout', /unknown transform "shout"/],
	['manager..mail', /empty field name/],
	['"unterminated', /unterminated quote/],
	['mail ?? ', /empty field name/],
])('rejects %j', (text, message) => {
	expect(() => compileAccessor(text)).toThrow(message);
});

test('accessors never run code from the row', () => {
	expect(() => compileAccessor('constructor.constructor')).toThrow(/cannot be used as a field name/);
	expect(() => compileAccessor('__proto__')).toThrow(/cannot be used as a field name/);
	expect(() => compileAccessor('mail | eval')).toThrow(/unknown transform/);
	expect(() => compileAccessor('mail | toString')).toThrow(/unknown transform/);
});

test.each([
	['CN=Doe\\, Jane,OU=Staff,DC=example,DC=com', 'Doe, Jane'],
	['cn=Smith\\2C John,ou=People', 'Smith, John'],
	['OU=Staff,CN=Late', 'Late'],
	['OU=Staff,DC=example', undefined],
])('dnCommonName(%s) = %s', (dn, cn) => {
	expect(dnCommonName(dn)).toBe(cn);
});

test('looseKey ignores case, spaces, punctuation and a byte-order mark', () => {
	expect(looseKey('\uFEFFFirst Name ')).toBe(looseKey('first_name'));
});
