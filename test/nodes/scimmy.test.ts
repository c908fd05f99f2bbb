/**
 * The node's standard-SCIM paths (option SCIM Dialect: Standard) against SCIMMY, an RFC 7644 server written by
 * others: create, get by username (filter), update (PATCH), group add / remove members (RFC array value and
 * value-filter remove), 409 and 404.
 */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../cli/src/engine';
import { byId, byName, byUserName } from '../support/nodeRun';
import { jsonOf, NODE, scimNode, workflowWith } from '../support/scimNode';
import { startScimmyOrg, type ScimmyOrg } from '../support/scimmyOrg';

let org: ScimmyOrg;

beforeAll(async () => {
	org = await startScimmyOrg();
});
afterAll(async () => await org.close());
beforeEach(() => {
	org.peer.reset();
	org.front.counts.clear();
});

const rfc = { dialect: 'rfc', retryDelayMs: 5 };
const PROFILE = byId('00e000000000001AAA');

async function run(parameters: IDataObject, items: IDataObject[] = [{}], continueOnFail = false) {
	const node = { ...scimNode({ ...parameters, options: { ...rfc, ...((parameters.options as IDataObject) ?? {}) } }), ...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}) };
	const result = await runWorkflow(workflowWith(node, items), { credentials: [org.credential()] });
	return { result, out: jsonOf(result) };
}

const createUser = (userName: string, more: IDataObject = {}) => ({
	resource: 'user',
	operation: 'create',
	userName,
	email: userName,
	familyName: 'Peer',
	profile: PROFILE,
	additionalFields: { givenName: 'Scim', title: 'Tester' },
	...more,
});

test('create, then get by username (filter), then get by id', async () => {
	const created = await run(createUser('Ada@Example.com'));
	expect(created.result.error).toBeUndefined();
	expect(created.out[0]).toMatchObject({ action: 'created', userName: 'ada@example.com', title: 'Tester' });
	const id = String(created.out[0].id);

	const byUser = await run({ resource: 'user', operation: 'get', user: byUserName('ADA@example.com') });
	expect(byUser.out[0]).toMatchObject({ id, userName: 'ada@example.com', familyName: 'Peer' });
	expect(org.peer.counts.get('GET /services/scim/v2/Users')).toBeGreaterThanOrEqual(1);

	const direct = await run({ resource: 'user', operation: 'get', user: byId(id) });
	expect(direct.out[0]).toMatchObject({ id });
});

test('update is a minimal PATCH; running it again sends nothing', async () => {
	await run(createUser('grace@example.com'));
	const update = { resource: 'user', operation: 'update', user: byUserName('grace@example.com'), userName: '', email: '', familyName: '', additionalFields: { title: 'Admiral', department: 'Navy' } };
	const first = await run(update);
	expect(first.result.error).toBeUndefined();
	expect(first.out[0]).toMatchObject({ action: 'updated', title: 'Admiral', department: 'Navy' });
	const second = await run(update);
	expect(second.out[0]).toMatchObject({ action: 'unchanged' });
	expect([...org.peer.counts.entries()].filter(([k]) => k.startsWith('PATCH')).reduce((n, [, v]) => n + v, 0)).toBe(1);
});

test('create or update: creates once, then finds the user by username and writes nothing', async () => {
	const upsert = { ...createUser('linus@example.com'), operation: 'upsert', matchBy: 'userName' };
	expect((await run(upsert)).out[0]).toMatchObject({ action: 'created' });
	expect((await run(upsert)).out[0]).toMatchObject({ action: 'unchanged' });
});

test('409: a duplicate username is explained as taken', async () => {
	await run(createUser('dup@example.com'));
	const again = await run(createUser('DUP@example.com'), [{}], true);
	expect(again.out[0]).toMatchObject({ status: 409, scimType: 'uniqueness' });
	expect(String(again.out[0].error)).toMatch(/^The username is taken/);
});

test('404: an unknown id and an unknown username', async () => {
	const id = await run({ resource: 'user', operation: 'get', user: byId('00000000-0000-0000-0000-000000000000') });
	expect(id.result.error?.message).toMatch(/^Not found: /);
	const name = await run({ resource: 'user', operation: 'get', user: byUserName('ghost@example.com') });
	expect(name.result.error?.message).toBe('Not found: No user with username "ghost@example.com"');
});

test('groups: create, add members (RFC array), remove one member by value filter, the others stay', async () => {
	const ids: string[] = [];
	for (const u of ['m1@example.com', 'm2@example.com', 'm3@example.com']) ids.push(String((await run(createUser(u))).out[0].id));
	const group = await run({ resource: 'group', operation: 'create', displayName: 'Peers' });
	expect(group.out[0]).toMatchObject({ action: 'created', displayName: 'Peers' });
	const groupId = String(group.out[0].id);

	const add = await run({ resource: 'group', operation: 'addMembers', group: byName('Peers'), members: `${ids[0]}, m2@example.com, ${ids[2]}` });
	expect(add.result.error).toBeUndefined();
	expect(add.out[0]).toMatchObject({ action: 'added', added: ids });

	const remove = await run({ resource: 'group', operation: 'removeMembers', group: byId(groupId), members: 'm2@example.com' });
	expect(remove.result.error).toBeUndefined();
	expect(remove.out[0]).toMatchObject({ action: 'removed', removed: [ids[1]] });

	const after = await run({ resource: 'group', operation: 'get', group: byId(groupId) });
	expect(((after.out[0].members as IDataObject[]) ?? []).map((m) => m.value).sort()).toEqual([ids[0], ids[2]].sort());
});

test('continue on fail against the peer: the missing user fails alone, outputs paired', async () => {
	await run(createUser('here@example.com'));
	const r = await run({ resource: 'user', operation: 'get', user: byUserName('={{ $json.u }}') }, [{ u: 'here@example.com' }, { u: 'gone@example.com' }], true);
	expect(r.out.map((o) => o.userName ?? o.status)).toEqual(['here@example.com', 404]);
	expect(r.result.outputs[NODE][0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
});
