/**
 * Every Group (public group) operation through n8n's engine against the emulator: happy path, not found, bad
 * input, SCIM error, continue-on-fail; Salesforce's wrapped members shape, batches, and orgs that refuse
 * create / delete.
 */
import { useEmulator } from '../support/emulator';
import { byId, byName, JANE, pairedItems, runNode } from '../support/nodeRun';

const emulator = useEmulator();
beforeEach(() => {
	emulator.reset();
	Object.assign(emulator.behaviour, { groupCreate: true, groupDelete: true, groupMembersArray: false });
});

const GROUP_PATCH = '/services/scim/v2/Groups/{id}';
const group = (operation: string, more: Record<string, unknown> = {}) => ({ resource: 'group', operation, options: {}, ...more });
const groupNamed = (name: string) => [...emulator.state.groups.values()].find((g) => emulator.state.renderGroup(g).displayName === name);
const membersOf = (name: string) => ((emulator.state.renderGroup(groupNamed(name)!).members ?? []) as Array<{ value: string }>).map((m) => m.value).sort();
const idOf = (userName: string) => emulator.state.findUser(userName)!.id;

describe('Create', () => {
	test('creates the group', async () => {
		const run = await runNode(emulator, group('create', { displayName: 'Field Ops' }));
		expect(run.out[0]).toMatchObject({ action: 'created', displayName: 'Field Ops', memberCount: 0 });
		expect(groupNamed('Field Ops')).toBeDefined();
	});

	test('an org that refuses SCIM group creation: says what to do instead', async () => {
		emulator.behaviour.groupCreate = false;
		const run = await runNode(emulator, group('create', { displayName: 'Field Ops' }));
		expect(run.result.error?.message).toMatch(/^This org does not let SCIM create public groups/);
		expect(run.result.error?.description).toMatch(/Setup → Public Groups → New/);
		expect(emulator.requestLog.count('POST', '/services/scim/v2/Groups')).toBe(1);
	});

	test('a name of spaces is refused before any request', async () => {
		const run = await runNode(emulator, group('create', { displayName: '   ' }));
		expect(run.result.error?.message).toBe('The group needs a name');
		expect(run.requests).toBe(0);
	});

	test('continue on fail: the refused item fails alone', async () => {
		const run = await runNode(emulator, group('create', { displayName: '={{ $json.name }}' }), { items: [{ name: 'A Team' }, { name: ' ' }, { name: 'B Team' }], continueOnFail: true });
		expect(run.out.map((o) => o.action ?? o.error)).toEqual(['created', 'The group needs a name', 'created']);
		expect(pairedItems(run)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('Get / Get Many', () => {
	test('by name and by ID', async () => {
		const named = await runNode(emulator, group('get', { group: byName('all sales') }));
		expect(named.out[0]).toMatchObject({ displayName: 'All Sales' });
		const id = String(named.out[0].id);
		const direct = await runNode(emulator, group('get', { group: byId(id) }));
		expect(direct.out[0]).toMatchObject({ id, displayName: 'All Sales' });
	});

	test('not found by name and by ID', async () => {
		const named = await runNode(emulator, group('get', { group: byName('Nobody') }));
		expect(named.result.error?.message).toBe('Not found: No public group named "Nobody"');
		const id = await runNode(emulator, group('get', { group: byId('00G000000000000AAA') }));
		expect(id.result.error?.message).toMatch(/^Not found: /);
	});

	test('Get Many: all, by name, with a limit', async () => {
		expect((await runNode(emulator, group('getAll', { returnAll: true }))).out.map((g) => g.displayName).sort()).toEqual(['All Sales', 'EMEA', 'Support Team']);
		expect((await runNode(emulator, group('getAll', { returnAll: true, displayName: 'EMEA' }))).out.map((g) => g.displayName)).toEqual(['EMEA']);
		expect((await runNode(emulator, group('getAll', { returnAll: false, limit: 2 }))).out).toHaveLength(2);
	});
});

describe('Update (rename)', () => {
	test('renames; the same name again writes nothing', async () => {
		const run = await runNode(emulator, group('update', { group: byName('EMEA'), displayName: 'EMEA North' }));
		expect(run.out[0]).toMatchObject({ action: 'updated', displayName: 'EMEA North' });
		const again = await runNode(emulator, group('update', { group: byName('EMEA North'), displayName: 'EMEA North' }));
		expect(again.out[0]).toMatchObject({ action: 'unchanged' });
		expect(emulator.requestLog.count('PATCH', GROUP_PATCH)).toBe(1);
	});

	test('not found', async () => {
		const run = await runNode(emulator, group('update', { group: byName('Nobody'), displayName: 'X' }));
		expect(run.result.error?.message).toBe('Not found: No public group named "Nobody"');
	});
});

describe('Delete', () => {
	test('deletes', async () => {
		const run = await runNode(emulator, group('delete', { group: byName('EMEA') }));
		expect(run.out[0]).toMatchObject({ action: 'deleted', displayName: 'EMEA' });
		expect(groupNamed('EMEA')).toBeUndefined();
	});

	test('an org that refuses SCIM group deletion: says what to do instead', async () => {
		emulator.behaviour.groupDelete = false;
		const run = await runNode(emulator, group('delete', { group: byName('EMEA') }));
		expect(run.result.error?.message).toMatch(/^This org does not let SCIM delete public groups/);
		expect(run.result.error?.description).toMatch(/Setup → Public Groups/);
		expect(groupNamed('EMEA')).toBeDefined();
	});

	test('not found', async () => {
		const run = await runNode(emulator, group('delete', { group: byName('Nobody') }));
		expect(run.result.error?.message).toBe('Not found: No public group named "Nobody"');
		expect(emulator.requestLog.count('DELETE', GROUP_PATCH)).toBe(0);
	});
});

describe('Add Members / Remove Members', () => {
	test('adds by username and by ID in Salesforce’s wrapped shape; members already there are not sent again', async () => {
		const admin = idOf('admin@sfscim-emulator.example');
		const run = await runNode(emulator, group('addMembers', { group: byName('All Sales'), members: `${JANE}, ${admin}` }));
		expect(run.result.error).toBeUndefined();
		expect(run.out[0]).toMatchObject({ action: 'added', added: [admin], alreadyMembers: [idOf(JANE)] });
		expect(membersOf('All Sales')).toEqual([admin, idOf(JANE)].sort());
		const again = await runNode(emulator, group('addMembers', { group: byName('All Sales'), members: admin }));
		expect(again.out[0]).toMatchObject({ action: 'unchanged' });
		expect(emulator.requestLog.count('PATCH', GROUP_PATCH)).toBe(1);
	});

	test('the RFC array shape would be refused by this org: the Salesforce dialect does not send it', async () => {
		const run = await runNode(emulator, group('addMembers', { group: byName('EMEA'), members: JANE, options: { dialect: 'rfc' } }));
		expect(run.result.error).toBeDefined();
		const ok = await runNode(emulator, group('addMembers', { group: byName('EMEA'), members: JANE }));
		expect(ok.result.error).toBeUndefined();
		expect(membersOf('EMEA')).toEqual([idOf(JANE)]);
	});

	test('many members go in batches of 100', async () => {
		emulator.state.seed({ users: Array.from({ length: 250 }, (_, i) => ({ userName: `m${i}@example.com`, familyName: `M${i}`, email: `m${i}@example.com`, profile: 'Chatter Free User' })) });
		const ids = Array.from({ length: 250 }, (_, i) => idOf(`m${i}@example.com`));
		const run = await runNode(emulator, group('addMembers', { group: byName('EMEA'), members: ids.join(',') }));
		expect(run.result.error).toBeUndefined();
		expect(membersOf('EMEA')).toHaveLength(250);
		expect(emulator.requestLog.count('PATCH', GROUP_PATCH)).toBe(3);
	});

	test('an unknown username: an error naming it, and no membership change', async () => {
		const run = await runNode(emulator, group('addMembers', { group: byName('EMEA'), members: `${JANE}, ghost@example.com` }));
		expect(run.result.error?.message).toBe('These members are not Salesforce users: ghost@example.com. Check the usernames; nothing was changed');
		expect(emulator.requestLog.count('PATCH', GROUP_PATCH)).toBe(0);
	});

	test('removes only the named members; non-members are reported, not sent', async () => {
		const admin = idOf('admin@sfscim-emulator.example');
		await runNode(emulator, group('addMembers', { group: byName('All Sales'), members: admin }));
		const run = await runNode(emulator, group('removeMembers', { group: byName('All Sales'), members: JANE }));
		expect(run.out[0]).toMatchObject({ action: 'removed', removed: [idOf(JANE)] });
		expect(membersOf('All Sales')).toEqual([admin]);
		const none = await runNode(emulator, group('removeMembers', { group: byName('All Sales'), members: JANE }));
		expect(none.out[0]).toMatchObject({ action: 'unchanged', notMembers: [idOf(JANE)] });
		expect(emulator.requestLog.count('PATCH', GROUP_PATCH)).toBe(2);
	});

	test('an add without members is refused before any request', async () => {
		const run = await runNode(emulator, group('addMembers', { group: byName('EMEA'), members: ' ; ' }));
		expect(run.result.error?.message).toBe('No members given. Enter user IDs or usernames; nothing was changed');
		expect(run.requests).toBe(0);
	});

	test('a remove without members is refused before any request (it would empty the group)', async () => {
		const run = await runNode(emulator, group('removeMembers', { group: byName('All Sales'), members: ' , ' }));
		expect(run.result.error?.message).toBe('No members given. Enter the user IDs or usernames to remove; nothing was changed');
		expect(run.requests).toBe(0);
		expect(membersOf('All Sales')).toEqual([idOf(JANE)]);
	});

	test('continue on fail: a missing group is an error item between successes', async () => {
		const run = await runNode(emulator, group('addMembers', { group: byName('={{ $json.g }}'), members: JANE }), {
			items: [{ g: 'EMEA' }, { g: 'Nobody' }, { g: 'Support Team' }],
			continueOnFail: true,
		});
		expect(run.out.map((o) => o.action ?? o.status)).toEqual(['added', 404, 'added']);
		expect(pairedItems(run)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});
