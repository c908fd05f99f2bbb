/** Group → Sync Members through n8n's engine against the emulator. */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../cli/src/engine';
import { useEmulator } from '../support/emulator';
import { clientCredentials, jsonOf, scimNode, workflowWith } from '../support/scimNode';

const emulator = useEmulator({ licenses: 5000 });
beforeEach(() => {
	emulator.reset();
	emulator.state.generateUsers(30, { domain: 'corp.example', start: 1 });
});

const name = (n: number) => `user${String(n).padStart(6, '0')}@corp.example`;
const idOf = (userName: string) => [...emulator.state.users.values()].find((u) => u.attrs.userName === userName)!.id;
const members = (group: string) => {
	const record = [...emulator.state.groups.values()].find((g) => g.displayName === group)!;
	return [...record.members].sort();
};
const writes = () => emulator.requestLog.count('PATCH', '/services/scim/v2/Groups/{id}');

async function syncMembers(parameters: IDataObject, items: IDataObject[] = [{}]) {
	const node = scimNode({ resource: 'group', operation: 'syncMembers', group: { __rl: true, mode: 'name', value: 'EMEA' }, options: {}, ...parameters });
	return await runWorkflow(workflowWith(node, items), { credentials: [clientCredentials(emulator)] });
}

test('dry run, apply, then a changed list: adds and removes only the difference', async () => {
	const first = [name(1), name(2), name(3)].join(', ');
	const dry = await syncMembers({ dryRun: true, memberSource: 'parameter', members: first });
	expect(jsonOf(dry)[0]).toMatchObject({ dryRun: true, add: [idOf(name(1)), idOf(name(2)), idOf(name(3))], remove: [] });
	expect(members('EMEA')).toEqual([]);

	const applied = await syncMembers({ dryRun: false, memberSource: 'parameter', members: first });
	expect(jsonOf(applied)[0]).toMatchObject({ outcome: 'updated', writes: 1 });
	expect(members('EMEA')).toEqual([idOf(name(1)), idOf(name(2)), idOf(name(3))].sort());

	const before = writes();
	const changed = await syncMembers({ dryRun: false, memberSource: 'parameter', members: `${idOf(name(2))}, ${name(3)}, ${name(4)}` });
	expect(jsonOf(changed)[0]).toMatchObject({ add: [idOf(name(4))], remove: [idOf(name(1))], unchanged: 2, writes: 2 });
	expect(members('EMEA')).toEqual([idOf(name(2)), idOf(name(3)), idOf(name(4))].sort());
	expect(writes() - before).toBe(2);

	const again = await syncMembers({ dryRun: false, memberSource: 'parameter', members: `${idOf(name(2))}, ${name(3)}, ${name(4)}` });
	expect(jsonOf(again)[0]).toMatchObject({ outcome: 'unchanged', writes: 0 });
	expect(writes() - before).toBe(2);
});

test('members from input items (ids or usernames, as User → Sync outputs), large lists in batches', async () => {
	emulator.state.generateUsers(120, { domain: 'corp.example', start: 31 });
	const items = Array.from({ length: 150 }, (_, i) => (i % 2 ? { id: idOf(name(i + 1)) } : { userName: name(i + 1) }));
	const before = writes();
	const result = await syncMembers({ dryRun: false, memberSource: 'input' }, items);
	expect(result.error).toBeUndefined();
	expect(jsonOf(result)[0]).toMatchObject({ remove: [], writes: 2 });
	expect(members('EMEA')).toHaveLength(150);
	expect(writes() - before).toBe(2);
	// 75 usernames: one paged read of the users, not 75 filter queries.
	expect(emulator.requestLog.count('GET', '/services/scim/v2/Users')).toBeLessThanOrEqual(2);
	expect(result.outputs['Salesforce SCIM'][0][0].pairedItem).toHaveLength(150);
});

test('an empty member list is refused before any change', async () => {
	await syncMembers({ dryRun: false, memberSource: 'parameter', members: name(1) });
	const result = await syncMembers({ dryRun: false, memberSource: 'parameter', members: '={{ [] }}' });
	expect(result.error?.message).toMatch(/remove everyone/);
	expect(members('EMEA')).toHaveLength(1);
	const emptied = await syncMembers({ dryRun: false, memberSource: 'parameter', members: '={{ [] }}', options: { allowEmpty: true } });
	expect(jsonOf(emptied)[0]).toMatchObject({ remove: [idOf(name(1))] });
	expect(members('EMEA')).toEqual([]);
});

test('an unknown username changes nothing', async () => {
	const result = await syncMembers({ dryRun: false, memberSource: 'parameter', members: `${name(1)}, ghost@corp.example` });
	expect(result.error?.message).toMatch(/ghost@corp.example/);
	expect(members('EMEA')).toEqual([]);
});
