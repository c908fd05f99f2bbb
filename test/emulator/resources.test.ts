/** Groups, Entitlements, Roles, Me and the discovery endpoints, in Salesforce's shapes. */
import { DEFAULT_BEHAVIOUR } from '../../cli/src/emulator';
import { useEmulator } from '../support/emulator';
import { newUser, scim } from './helpers';

const emu = useEmulator({
	data: {
		profiles: [{ name: 'Standard User' }, { name: 'System Administrator' }],
		// 250 permission sets: more than an Entitlements list returns.
		permissionSets: Array.from({ length: 250 }, (_, i) => ({ name: `PS_${String(i + 1).padStart(3, '0')}` })),
		roles: [{ name: 'CEO' }, { name: 'COO', parentId: 'CEO' }],
		groups: [{ name: 'Alpha' }, { name: 'Beta' }],
		users: [{ userName: 'admin@org.example', familyName: 'Admin', profile: 'System Administrator' }],
	},
});
let c: ReturnType<typeof scim>;

beforeAll(async () => {
	c = scim(emu);
});
afterEach(() => {
	Object.assign(emu.behaviour, DEFAULT_BEHAVIOUR);
});

async function user(): Promise<any> {
	const r = await c.post('/Users', newUser(emu));
	expect(r.status).toBe(201);
	return r.json;
}

function groupId(name: string): string {
	return [...emu.state.groups.values()].find((g) => g.displayName === name)!.id;
}

describe('groups', () => {
	test('list and get public groups: 00G ids, type Regular, members with $ref and meta.version', async () => {
		const list = await c.get('/Groups');
		expect(list.json.totalResults).toBe(2);
		const g = list.json.Resources[0];
		expect(g.id).toMatch(/^00G[0-9A-Za-z]{15}$/);
		expect(g).toMatchObject({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Alpha', type: 'Regular', members: [] });
		expect(g.meta.version).toBeDefined();
		const byName = await c.get(`/Groups?filter=${encodeURIComponent('displayName eq "beta"')}`);
		expect(byName.json.Resources.map((x: any) => x.displayName)).toEqual(['Beta']);
	});

	test('add and remove members with the wrapped value; the RFC array is refused unless switched on', async () => {
		const [a, b] = [await user(), await user()];
		const gid = groupId('Alpha');
		const added = await c.patch(`/Groups/${gid}`, [{ op: 'add', path: 'members', value: { members: [{ value: a.id }, { value: b.id }] } }]);
		expect(added.status).toBe(200);
		expect(added.json.members).toEqual([
			{ value: a.id, type: 'User', $ref: `${emu.scimUrl}/Users/${a.id}`, display: 'User Scim' },
			{ value: b.id, type: 'User', $ref: `${emu.scimUrl}/Users/${b.id}`, display: 'User Scim' },
		]);
		const removed = await c.patch(`/Groups/${gid}`, [{ op: 'remove', path: 'members', value: { members: [{ value: a.id }] } }]);
		expect(removed.json.members.map((m: any) => m.value)).toEqual([b.id]);

		const rfc = await c.patch(`/Groups/${gid}`, [{ op: 'add', path: 'members', value: [{ value: a.id }] }]);
		expect(rfc.status).toBe(400);
		expect(rfc.json.detail).toMatch(/wrapped/);
		emu.behaviour.groupMembersArray = true;
		const rfcOk = await c.patch(`/Groups/${gid}`, [{ op: 'add', path: 'members', value: [{ value: a.id }] }]);
		expect(rfcOk.json.members).toHaveLength(2);
		const filtered = await c.patch(`/Groups/${gid}`, [{ op: 'remove', path: `members[value eq "${a.id}"]` }]);
		expect(filtered.json.members.map((m: any) => m.value)).toEqual([b.id]);
	});

	test('remove on members with no value empties the group (the RFC trap)', async () => {
		const a = await user();
		const gid = groupId('Beta');
		await c.patch(`/Groups/${gid}`, [{ op: 'add', path: 'members', value: { members: [{ value: a.id }] } }]);
		const emptied = await c.patch(`/Groups/${gid}`, [{ op: 'remove', path: 'members' }]);
		expect(emptied.status).toBe(200);
		expect(emptied.json.members).toEqual([]);
	});

	test('an unknown member fails the whole PATCH, changing nothing', async () => {
		const a = await user();
		const gid = groupId('Beta');
		const before = (await c.get(`/Groups/${gid}`)).json;
		const r = await c.patch(`/Groups/${gid}`, [
			{ op: 'add', path: 'members', value: { members: [{ value: a.id }] } },
			{ op: 'add', path: 'members', value: { members: [{ value: '005XX0000000000AAA' }] } },
		]);
		expect(r.status).toBe(400);
		expect((await c.get(`/Groups/${gid}`)).json.members).toEqual(before.members);
	});

	test('rename with displayName, with and without a path', async () => {
		const gid = groupId('Alpha');
		expect((await c.patch(`/Groups/${gid}`, [{ op: 'replace', path: 'displayName', value: 'Alpha 2' }])).json.displayName).toBe('Alpha 2');
		expect((await c.patch(`/Groups/${gid}`, [{ op: 'replace', value: { displayName: 'Alpha' } }])).json.displayName).toBe('Alpha');
	});

	test('create and delete groups, each switchable', async () => {
		const created = await c.post('/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Gamma' });
		expect(created.status).toBe(201);
		expect(created.json.id).toMatch(/^00G/);
		expect((await c.del(`/Groups/${created.json.id}`)).status).toBe(204);
		expect((await c.get(`/Groups/${created.json.id}`)).status).toBe(404);
		emu.behaviour.groupCreate = false;
		emu.behaviour.groupDelete = false;
		expect((await c.post('/Groups', { displayName: 'Delta' })).status).toBe(405);
		expect((await c.del(`/Groups/${groupId('Alpha')}`)).status).toBe(405);
	});
});

describe('entitlements and roles', () => {
	test('profiles and permission sets, a list returns at most 200, beyond that fetch by id', async () => {
		const list = await c.get('/Entitlements?count=200');
		expect(list.json.totalResults).toBe(200);
		expect(list.json.Resources).toHaveLength(200);
		expect(list.json.Resources[0]).toMatchObject({ displayName: 'Standard User', type: 'Profile' });
		expect(list.json.Resources[0].id).toMatch(/^00e/);
		const next = await c.get('/Entitlements?startIndex=201');
		expect(next.json.Resources).toEqual([]);
		const last = emu.state.findPermissionSet('PS_250')!;
		expect(list.json.Resources.map((e: any) => e.id)).not.toContain(last.id);
		const byId = await c.get(`/Entitlements/${last.id}`);
		expect(byId.status).toBe(200);
		expect(byId.json).toMatchObject({ id: last.id, type: 'PermissionSet', displayName: 'PS_250' });
		expect(last.id).toMatch(/^0PS/);
		expect((await c.get('/Entitlements/0PSXX0000000000AAA')).status).toBe(404);
	});

	test('roles: 00E ids, parents, by id', async () => {
		const list = await c.get('/Roles');
		expect(list.json.totalResults).toBe(2);
		const coo = list.json.Resources.find((r: any) => r.displayName === 'COO');
		expect(coo.id).toMatch(/^00E/);
		const ceo = list.json.Resources.find((r: any) => r.displayName === 'CEO');
		expect(coo.parent.value).toBe(ceo.id);
		expect((await c.get(`/Roles/${ceo.id}`)).json.displayName).toBe('CEO');
		expect((await c.post('/Roles', { displayName: 'x' })).status).toBe(405);
	});
});

describe('discovery and Me', () => {
	test('ServiceProviderConfigs (plural) says what Salesforce supports', async () => {
		const r = await c.get('/ServiceProviderConfigs');
		expect(r.json).toMatchObject({
			patch: { supported: true },
			bulk: { supported: false },
			filter: { supported: true, maxResults: 200 },
			sort: { supported: false },
			etag: { supported: false },
			changePassword: { supported: true },
		});
		expect(r.json.authenticationSchemes[0].type).toBe('oauth2');
		expect((await c.get('/ServiceProviderConfig')).status).toBe(404);
	});

	test('Schemas and ResourceTypes', async () => {
		const s = await c.get('/Schemas');
		const ids = s.json.Resources.map((x: any) => x.id);
		expect(ids).toEqual(expect.arrayContaining(['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', 'urn:ietf:params:scim:schemas:core:2.0:Group']));
		const one = await c.get('/Schemas/urn:ietf:params:scim:schemas:core:2.0:User');
		expect(one.json.attributes.find((a: any) => a.name === 'userName')).toMatchObject({ required: true, uniqueness: 'global' });
		const rt = await c.get('/ResourceTypes');
		expect(rt.json.Resources.map((x: any) => x.endpoint)).toEqual(['/Users', '/Groups', '/Entitlements', '/Roles']);
	});

	test('Me is the calling user', async () => {
		const r = await c.get('/Me');
		expect(r.json.userName).toBe('admin@org.example');
	});
});
