/**
 * Entitlement (profiles and permission sets) and Role operations through n8n's engine against the emulator,
 * including an org with more than the 200 entitlements Salesforce lists, and orgs that merge on replace or do
 * not assign roles over SCIM.
 */
import { defaultSeed, type Emulator } from '../../cli/src/emulator';
import { useEmulator } from '../support/emulator';
import { byId, byName, byUserName, JANE, pairedItems, runNode } from '../support/nodeRun';

const emulator = useEmulator();
/** An org with 250 permission sets: the Entitlements list stops at 200 of them. */
const big = useEmulator(() => {
	const seed = defaultSeed();
	seed.permissionSets = [...(seed.permissionSets ?? []), ...Array.from({ length: 250 }, (_, i) => ({ name: `Extra_${i}`, label: `Extra Set ${i}` }))];
	return { data: seed };
});
beforeEach(() => {
	emulator.reset();
	big.reset();
	Object.assign(emulator.behaviour, { entitlementsReplace: 'overwrite', roleAssign: true });
});

const setsOf = (emu: Emulator, userName: string) =>
	((emu.state.renderUser(emu.state.findUser(userName)!).entitlements ?? []) as Array<{ type: string; display: string }>)
		.filter((e) => e.type === 'PermissionSet')
		.map((e) => e.display)
		.sort();
const profileOf = (emu: Emulator, userName: string) =>
	((emu.state.renderUser(emu.state.findUser(userName)!).entitlements ?? []) as Array<{ type: string; display: string }>).find((e) => e.type === 'Profile')?.display;
const entitlement = (operation: string, more: Record<string, unknown> = {}) => ({ resource: 'entitlement', operation, options: {}, ...more });
const role = (operation: string, more: Record<string, unknown> = {}) => ({ resource: 'role', operation, options: {}, ...more });

describe('Entitlement → Get / Get Many', () => {
	test('by name (profile or permission set) and by ID', async () => {
		const profile = await runNode(emulator, entitlement('get', { entitlement: byName('Read Only') }));
		expect(profile.out[0]).toMatchObject({ displayName: 'Read Only', type: 'Profile' });
		const set = await runNode(emulator, entitlement('get', { entitlement: byName('flow user') }));
		expect(set.out[0]).toMatchObject({ displayName: 'Flow User', type: 'PermissionSet' });
		const direct = await runNode(emulator, entitlement('get', { entitlement: byId(String(set.out[0].id)) }));
		expect(direct.out[0]).toMatchObject({ id: set.out[0].id });
	});

	test('not found: by name offers the closest, by ID is a 404', async () => {
		const named = await runNode(emulator, entitlement('get', { entitlement: byName('Flow Usr') }));
		expect(named.result.error?.message).toMatch(/^No permission set named "Flow Usr" in this org\. Closest: "Flow User"/);
		const id = await runNode(emulator, entitlement('get', { entitlement: byId('0PS000000000000AAA') }));
		expect(id.result.error?.message).toMatch(/^Not found: /);
	});

	test('Get Many by type, with a limit', async () => {
		const profiles = await runNode(emulator, entitlement('getAll', { type: 'Profile', returnAll: true }));
		expect(profiles.out.map((e) => e.displayName)).toEqual(expect.arrayContaining(['System Administrator', 'Standard User', 'Read Only', 'Chatter Free User']));
		expect(profiles.out.every((e) => e.type === 'Profile')).toBe(true);
		const sets = await runNode(emulator, entitlement('getAll', { type: 'PermissionSet', returnAll: true }));
		expect(sets.out.map((e) => e.displayName)).toContain('Knowledge User');
		expect((await runNode(emulator, entitlement('getAll', { type: 'all', returnAll: false, limit: 4 }))).out).toHaveLength(4);
	});

	test('beyond the 200 the list shows: resolved by name, for Get, Add to User and a new user', async () => {
		const listed = await runNode(big, entitlement('getAll', { type: 'all', returnAll: true }));
		expect(listed.out.length).toBeLessThanOrEqual(200);
		expect(listed.out.map((e) => e.displayName)).not.toContain('Extra Set 249');

		const get = await runNode(big, entitlement('get', { entitlement: byName('Extra Set 249') }));
		expect(get.result.error).toBeUndefined();
		expect(get.out[0]).toMatchObject({ displayName: 'Extra Set 249', type: 'PermissionSet' });

		const add = await runNode(big, entitlement('addToUser', { user: byUserName(JANE), kind: 'PermissionSet', permissionSet: byName('Extra Set 248') }));
		expect(add.out[0]).toMatchObject({ action: 'added', entitlement: 'Extra Set 248' });
		expect(setsOf(big, JANE)).toEqual(['Extra Set 248', 'Sales Cloud User']);

		const created = await runNode(big, {
			resource: 'user',
			operation: 'create',
			userName: 'many.sets@example.com',
			email: 'many.sets@example.com',
			familyName: 'Sets',
			profile: byName('Standard User'),
			additionalFields: { permissionSets: { permissionSet: [{ permissionSet: byName('Extra Set 247') }] } },
			options: {},
		});
		expect(created.result.error).toBeUndefined();
		expect(setsOf(big, 'many.sets@example.com')).toEqual(['Extra Set 247']);
	});
});

describe.each(['overwrite', 'merge'] as const)('Entitlement → Add to User / Remove From User, when replace does "%s"', (mode) => {
	beforeEach(() => {
		emulator.behaviour.entitlementsReplace = mode;
	});

	test('adds a permission set, keeping the others; again is unchanged', async () => {
		const run = await runNode(emulator, entitlement('addToUser', { user: byUserName(JANE), kind: 'PermissionSet', permissionSet: byName('Flow User') }));
		expect(run.out[0]).toMatchObject({ action: 'added', entitlement: 'Flow User' });
		expect(setsOf(emulator, JANE)).toEqual(['Flow User', 'Sales Cloud User']);
		const again = await runNode(emulator, entitlement('addToUser', { user: byUserName(JANE), kind: 'PermissionSet', permissionSet: byName('Flow User') }));
		expect(again.out[0]).toMatchObject({ action: 'unchanged' });
	});

	test('removes exactly the one permission set', async () => {
		await runNode(emulator, entitlement('addToUser', { user: byUserName(JANE), kind: 'PermissionSet', permissionSet: byName('Flow User') }));
		const run = await runNode(emulator, entitlement('removeFromUser', { user: byUserName(JANE), permissionSet: byName('Sales Cloud User') }));
		expect(run.result.error).toBeUndefined();
		expect(run.out[0]).toMatchObject({ action: 'removed', permissionSets: ['Flow User'] });
		expect(setsOf(emulator, JANE)).toEqual(['Flow User']);
		expect(profileOf(emulator, JANE)).toBe('Standard User');
	});

	test('a new profile replaces the old one, permission sets kept', async () => {
		const run = await runNode(emulator, entitlement('addToUser', { user: byUserName(JANE), kind: 'Profile', profile: byName('Read Only') }));
		expect(run.out[0]).toMatchObject({ action: 'added', profile: 'Read Only' });
		expect(profileOf(emulator, JANE)).toBe('Read Only');
		expect(setsOf(emulator, JANE)).toEqual(['Sales Cloud User']);
	});
});

describe('Entitlement → errors', () => {
	test('user not found, unknown permission set name, continue on fail', async () => {
		const ghost = await runNode(emulator, entitlement('addToUser', { user: byUserName('ghost@example.com'), kind: 'PermissionSet', permissionSet: byName('Flow User') }));
		expect(ghost.result.error?.message).toBe('Not found: No user with username "ghost@example.com"');
		const unknown = await runNode(emulator, entitlement('addToUser', { user: byUserName(JANE), kind: 'PermissionSet', permissionSet: byName('Flow Usr') }));
		expect(unknown.result.error?.message).toMatch(/^No permission set named "Flow Usr"/);
		expect(emulator.requestLog.count('PATCH', '/services/scim/v2/Users/{id}')).toBe(0);
		const mixed = await runNode(emulator, entitlement('addToUser', { user: byUserName('={{ $json.u }}'), kind: 'PermissionSet', permissionSet: byName('Flow User') }), {
			items: [{ u: 'ghost@example.com' }, { u: JANE }],
			continueOnFail: true,
		});
		expect(mixed.out.map((o) => o.action ?? o.status)).toEqual([404, 'added']);
		expect(pairedItems(mixed)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('a SCIM error from the org: an invalid entitlement ID', async () => {
		const run = await runNode(emulator, entitlement('addToUser', { user: byUserName(JANE), kind: 'PermissionSet', permissionSet: byId('0PS000000000000AAA') }));
		expect(run.result.error?.message).toMatch(/INVALID_CROSS_REFERENCE_KEY|invalid cross reference/i);
	});
});

describe('Role', () => {
	test('Get by name and by ID; Get Many', async () => {
		const named = await runNode(emulator, role('get', { role: byName('vp sales') }));
		expect(named.out[0]).toMatchObject({ displayName: 'VP Sales' });
		const direct = await runNode(emulator, role('get', { role: byId(String(named.out[0].id)) }));
		expect(direct.out[0]).toMatchObject({ id: named.out[0].id });
		expect((await runNode(emulator, role('getAll', { returnAll: true }))).out).toHaveLength(5);
		expect((await runNode(emulator, role('getAll', { returnAll: false, limit: 2 }))).out).toHaveLength(2);
	});

	test('not found: closest names offered', async () => {
		const run = await runNode(emulator, role('get', { role: byName('Sales Mgr') }));
		expect(run.result.error?.message).toMatch(/^No role named "Sales Mgr"\. Closest: .*"Sales Manager".*Pick it from the list/);
	});

	test('Assign: sets the role; again is unchanged', async () => {
		const run = await runNode(emulator, role('assign', { user: byUserName(JANE), role: byName('Sales Manager') }));
		expect(run.result.error).toBeUndefined();
		expect(run.out[0]).toMatchObject({ action: 'assigned', role: 'Sales Manager' });
		expect(emulator.state.findUser(JANE)!.roleId).toBe(String(emulator.state.findRole('Sales Manager')!.id));
		const again = await runNode(emulator, role('assign', { user: byUserName(JANE), role: byName('Sales Manager') }));
		expect(again.out[0]).toMatchObject({ action: 'unchanged' });
	});

	test('an org that does not assign roles over SCIM: a clear error, not a false "assigned"', async () => {
		emulator.behaviour.roleAssign = false;
		const before = emulator.state.findUser(JANE)!.roleId;
		const run = await runNode(emulator, role('assign', { user: byUserName(JANE), role: byName('Sales Manager') }));
		expect(run.result.error?.message).toMatch(/^This org does not accept role changes over SCIM/);
		expect(run.result.error?.description).toMatch(/Setup → Users → Edit → Role/);
		expect(emulator.state.findUser(JANE)!.roleId).toBe(before);
	});

	test('Assign with continue on fail: the missing user fails alone', async () => {
		const run = await runNode(emulator, role('assign', { user: byUserName('={{ $json.u }}'), role: byName('CEO') }), {
			items: [{ u: 'ghost@example.com' }, { u: JANE }],
			continueOnFail: true,
		});
		expect(run.out.map((o) => o.action ?? o.status)).toEqual([404, 'assigned']);
	});
});
