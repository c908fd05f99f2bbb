/** The one reading of the manager a user names, and the one note when they are found nowhere (Sync and Create or Update). */
import { managerLevels } from '../../scim/managerOrder';
import { managerNotFoundNote, managerReferenceOf } from '../../scim/sync';

test('a username in manager.value and the side-car fields make one reference; an id is written as it is', () => {
	expect(managerReferenceOf(' boss@x.com ', { email: 'boss@corp.example', externalId: 'E7' })).toEqual({ userName: 'boss@x.com', email: 'boss@corp.example', externalId: 'E7' });
	expect(managerReferenceOf(undefined, { externalId: 'E7' })).toEqual({ externalId: 'E7' });
	expect(managerReferenceOf('005000000000001AAA', { email: 'boss@corp.example' })).toBeUndefined();
	expect(managerReferenceOf(undefined, { dn: 'cn=Boss,ou=People' })).toEqual({ dn: 'cn=Boss,ou=People' });
	expect(managerReferenceOf(undefined, { email: 'boss@corp.example', dn: 'cn=Boss' })).toEqual({ email: 'boss@corp.example' });
	expect(managerReferenceOf('', {})).toBeUndefined();
});

test('one wording for a manager found nowhere', () => {
	expect(managerNotFoundNote({ email: 'boss@x.com', externalId: 'E7' })).toBe(
		'Manager "boss@x.com" (external ID "E7") is not a Salesforce user yet, so no manager was linked. A later run links them once the manager exists',
	);
	expect(managerNotFoundNote({ dn: 'cn=Boss' })).toMatch(/^Manager "cn=Boss" \(an LDAP DN\) is not in this input/);
});

test('managers before their reports, level by level; a loop is cut once', () => {
	// 0 ← 1 ← 2, 3 alone, 4 ↔ 5
	expect(managerLevels([undefined, 0, 1, undefined, 5, 4])).toEqual({ levels: [[0, 3, 5], [1, 4], [2]], order: [0, 3, 5, 1, 4, 2], linkAfter: new Set([5]) });
});
