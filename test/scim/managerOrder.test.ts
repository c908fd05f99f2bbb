import { orderByManager, type ManagerReference } from '../../scim/managerOrder';
import type { ScimUser } from '../../scim/schemas';
import { leaverNotCreated, LEAVER_NOT_CREATED } from '../../scim/user';

const person = (n: number): ScimUser => ({ userName: `p${n}@x.com`, emails: [{ value: `p${n}@mail.x.com` }], externalId: `E${n}` });
const by = (n: number): ManagerReference => ({ email: `p${n}@x.com` });

/** Every position once, and each manager (when in the batch and not in a loop) before their reports. */
function expectManagersFirst(result: ReturnType<typeof orderByManager>) {
	expect([...result.order].sort((a, b) => a - b)).toEqual(result.order.map((_, i) => i));
	const at = new Map(result.order.map((item, position) => [item, position]));
	const late = result.managerAt.flatMap((manager, item) =>
		manager === undefined || result.linkAfter.has(item) || at.get(manager)! < at.get(item)! ? [] : [item],
	);
	expect(late).toEqual([]);
}

test('reports before managers are reordered level by level, input order within a level', () => {
	// 0 → 2 → 3, 1 has no manager, 4 → 1
	const people = [0, 1, 2, 3, 4].map(person);
	const result = orderByManager(people, [by(2), undefined, by(3), undefined, by(1)]);
	expect(result.order).toEqual([1, 3, 2, 4, 0]);
	expect(result.managerAt).toEqual([2, undefined, 3, undefined, 1]);
	expect(result.linkAfter.size + result.selfManaged.size).toBe(0);
	expectManagersFirst(result);
});

test('a manager is found by username, email or external id, as among Salesforce users', () => {
	const people = [0, 1, 2, 3].map(person);
	const result = orderByManager(people, [{ userName: 'P1@X.COM' }, { email: 'p2@mail.x.com' }, { externalId: 'e3' }, { email: 'nobody@x.com' }]);
	expect(result.managerAt).toEqual([1, 2, 3, undefined]);
	expect(result.order).toEqual([3, 2, 1, 0]);
});

test('loops are broken once each, self-references are not links, unknown managers and non-users are left out', () => {
	// 0 ↔ 1; 2 → 3 → 4 → 2; 5 names itself; 6 → 5; 7 is not a user; 8 → 7
	const people = [person(0), person(1), person(2), person(3), person(4), person(5), person(6), undefined, person(8)];
	const result = orderByManager(people, [by(1), by(0), by(3), by(4), by(2), by(5), by(5), by(0), by(7)]);
	expect(result.selfManaged).toEqual(new Set([5]));
	expect(result.managerAt[5]).toBeUndefined();
	expect(result.managerAt[8]).toBeUndefined();
	expect(result.linkAfter).toEqual(new Set([1, 4]));
	expectManagersFirst(result);
});

test('a chain 100,000 deep is ordered without recursion', () => {
	const count = 100_000;
	const people = Array.from({ length: count }, (_, n) => person(n));
	// n is managed by n + 1: the whole input is upside down.
	const managers = Array.from({ length: count }, (_, n) => (n + 1 < count ? by(n + 1) : undefined));
	const result = orderByManager(people, managers);
	expect(result.order[0]).toBe(count - 1);
	expect(result.order[count - 1]).toBe(0);
	expectManagersFirst(result);
});

test('the leaver rule: inactive in the source means not created, whatever form "inactive" takes', () => {
	expect(leaverNotCreated({ userName: 'a@x.com', active: false })).toBe(LEAVER_NOT_CREATED);
	// A CSV cell, before normalising.
	expect(leaverNotCreated({ userName: 'a@x.com', active: 'False' } as unknown as ScimUser)).toBe(LEAVER_NOT_CREATED);
	expect(leaverNotCreated({ userName: 'a@x.com', active: true })).toBeUndefined();
	expect(leaverNotCreated({ userName: 'a@x.com' })).toBeUndefined();
});
