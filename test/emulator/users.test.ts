/** Salesforce's User rules, proven with raw HTTP against a running emulator. */
import { DEFAULT_BEHAVIOUR } from '../../cli/src/emulator';
import { useEmulator } from '../support/emulator';
import { admin, newUser, permissionSetId, profileId, scim } from './helpers';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

const emu = useEmulator();
let c: ReturnType<typeof scim>;

beforeAll(async () => {
	c = scim(emu);
});
afterEach(() => {
	Object.assign(emu.behaviour, DEFAULT_BEHAVIOUR);
});

async function create(overrides: Record<string, unknown> = {}) {
	const r = await c.post('/Users', newUser(emu, overrides));
	if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.text}`);
	return r.json;
}

describe('create', () => {
	test('the documented minimal body answers 201 with the full, derived user', async () => {
		const body = newUser(emu, { userName: 'Scim.User.Mixed@MyCompany.com' });
		const r = await c.post('/Users', body);
		expect(r.status).toBe(201);
		const u = r.json;
		expect(u.id).toMatch(/^005[0-9A-Za-z]{15}$/);
		expect(r.headers.get('location')).toBe(`${emu.scimUrl}/Users/${u.id}`);
		expect(u.schemas).toEqual([CORE, ENTERPRISE]);
		expect(u.userName).toBe('scim.user.mixed@mycompany.com');
		expect(u.nickName).toBe('scim.user.mixed@mycompany.com');
		expect(u.displayName).toBe('User Scim');
		expect(u.name.formatted).toBe('User Scim');
		expect(u).toMatchObject({ preferredLanguage: 'en_US', locale: 'en_US', timezone: 'America/Los_Angeles', emailEncodingKey: 'UTF-8', userType: 'Standard', active: true });
		expect(u.photos.length).toBeGreaterThan(0);
		expect(u.emails).toEqual([{ type: 'work', primary: true, value: body.emails && (body.emails as any)[0].value }]);
		const pid = profileId(emu, 'Standard User');
		expect(u.entitlements).toEqual([{ value: pid, $ref: `/Entitlements/${pid}`, display: 'Standard User', type: 'Profile', primary: true }]);
		expect(u.meta).toMatchObject({ resourceType: 'User', location: `${emu.scimUrl}/Users/${u.id}` });
		expect(r.headers.get('content-type')).toMatch(/json/);
	});

	test('userName must be email-shaped', async () => {
		const r = await c.post('/Users', newUser(emu, { userName: 'not-an-email' }));
		expect(r.status).toBe(400);
		expect(r.json.schemas).toEqual([ERROR]);
		expect(r.json.detail).toMatch(/INVALID_NEW_USERNAME/);
	});

	test('duplicate usernames answer 409 uniqueness, case-insensitively, in this org and in other orgs', async () => {
		const u = await create();
		const dup = await c.post('/Users', newUser(emu, { userName: String(u.userName).toUpperCase() }));
		expect(dup.status).toBe(409);
		expect(dup.json).toMatchObject({ schemas: [ERROR], status: 409, scimType: 'uniqueness' });
		expect(dup.json.detail).toMatch(/DUPLICATE_USERNAME.*another Salesforce organization/);
		// taken@example.com is in the default seed's "other orgs".
		const other = await c.post('/Users', newUser(emu, { userName: 'Taken@Example.com' }));
		expect(other.status).toBe(409);
		expect(other.json.scimType).toBe('uniqueness');
		// ... and more can be declared through the admin API.
		await admin(emu, 'POST', '/seed', { takenUsernames: ['someone@elsewhere.org'] });
		expect((await c.post('/Users', newUser(emu, { userName: 'someone@elsewhere.org' }))).status).toBe(409);
	});

	test('a profile is required: none, or permission sets only, answers 409 REQUIRED_FIELD_MISSING', async () => {
		const none = await c.post('/Users', newUser(emu, { entitlements: [] }));
		expect(none.status).toBe(409);
		expect(none.json.detail).toBe('REQUIRED_FIELD_MISSING:user_must_have_one_entitlement_which_must_be_a_profileid;');
		const psOnly = await c.post('/Users', newUser(emu, { entitlements: [{ value: permissionSetId(emu, 'Flow_User') }] }));
		expect(psOnly.status).toBe(409);
		const unknown = await c.post('/Users', newUser(emu, { entitlements: [{ value: '00eXX0000000000AAA' }] }));
		expect(unknown.status).toBe(400);
		expect(unknown.json.detail).toMatch(/INVALID_CROSS_REFERENCE_KEY/);
		const two = await c.post('/Users', newUser(emu, { entitlements: [{ value: profileId(emu, 'Standard User') }, { value: profileId(emu, 'Read Only') }] }));
		expect(two.status).toBe(400);
	});

	test('a profile plus permission sets: told apart by type', async () => {
		const ps = permissionSetId(emu, 'Knowledge_User');
		const u = await create({ entitlements: [{ value: ps }, { value: profileId(emu, 'Read Only') }] });
		expect(u.entitlements.map((e: any) => [e.type, e.display, e.primary])).toEqual([
			['Profile', 'Read Only', true],
			['PermissionSet', 'Knowledge User', false],
		]);
		// A 15-character id is as good as the 18-character one.
		const u15 = await create({ entitlements: [{ value: profileId(emu, 'Read Only').slice(0, 15) }] });
		expect(u15.entitlements[0].value).toBe(profileId(emu, 'Read Only'));
	});

	test('alias is derived (ASCII, ≤ 8) and nickName limited to 40 and unique in the org', async () => {
		const u = await create({ name: { givenName: 'Zoë', familyName: 'Ångström-Núñez' } });
		expect(u.alias).toBe('zangs');
		expect(u.alias.length).toBeLessThanOrEqual(8);
		const tooLongAlias = await c.post('/Users', newUser(emu, { alias: 'muchtoolong' }));
		expect(tooLongAlias.status).toBe(400);
		const long = `${'a'.repeat(45)}@example.com`;
		const u1 = await create({ userName: long });
		expect(u1.nickName).toBe(long.slice(0, 40));
		const u2 = await create({ userName: `${'a'.repeat(45)}@example.org` });
		expect(u2.nickName.length).toBeLessThanOrEqual(40);
		expect(u2.nickName).not.toBe(u1.nickName);
		const tooLong = await c.post('/Users', newUser(emu, { nickName: 'n'.repeat(41) }));
		expect(tooLong.status).toBe(400);
		expect(tooLong.json.detail).toMatch(/STRING_TOO_LONG/);
		const taken = await c.post('/Users', newUser(emu, { nickName: u1.nickName.toUpperCase() }));
		expect(taken.status).toBe(409);
		expect(taken.json.detail).toMatch(/DUPLICATE_COMMUNITY_NICKNAME/);
	});

	test('one phone number only', async () => {
		const two = await c.post('/Users', newUser(emu, { phoneNumbers: [{ type: 'work', value: '+1 555 0100' }, { type: 'mobile', value: '+1 555 0101' }] }));
		expect(two.status).toBe(400);
		const one = await create({ phoneNumbers: [{ type: 'mobile', value: '+1 555 0101' }] });
		expect(one.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555 0101' }]);
	});

	test('required fields: family name and email', async () => {
		const noLast = await c.post('/Users', newUser(emu, { name: { givenName: 'Only' } }));
		expect(noLast.status).toBe(400);
		expect(noLast.json.detail).toMatch(/REQUIRED_FIELD_MISSING.*LastName/);
		const noEmail = await c.post('/Users', newUser(emu, { emails: [] }));
		expect(noEmail.status).toBe(400);
		expect(noEmail.json.detail).toMatch(/Email/);
	});

	test('enterprise attributes nest under the URN; the manager must exist', async () => {
		const boss = await create();
		const u = await create({
			schemas: [CORE, ENTERPRISE],
			[ENTERPRISE]: { employeeNumber: '42', department: 'Sales', costCenter: 'CC1', manager: { value: boss.id } },
		});
		expect(u[ENTERPRISE]).toMatchObject({ employeeNumber: '42', department: 'Sales', costCenter: 'CC1', manager: { value: boss.id, displayName: 'User Scim' } });
		const badManager = await c.post('/Users', newUser(emu, { [ENTERPRISE]: { manager: { value: '005XX0000000000AAA' } } }));
		expect(badManager.status).toBe(400);
	});

	test('Salesforce field names are not SCIM attributes', async () => {
		const r = await c.post('/Users', newUser(emu, { ContactId: '0031x0000028PrIAI' }));
		expect(r.status).toBe(400);
		expect(r.json.detail).toMatch(/ContactId/);
	});

	test('restricted picklists: locale and time zone', async () => {
		expect((await c.post('/Users', newUser(emu, { timezone: 'Mars/Olympus' }))).status).toBe(400);
		expect((await c.post('/Users', newUser(emu, { locale: 'klingon' }))).status).toBe(400);
		const ok = await create({ timezone: 'Europe/Paris', locale: 'fr_FR', preferredLanguage: 'fr' });
		expect(ok).toMatchObject({ timezone: 'Europe/Paris', locale: 'fr_FR', preferredLanguage: 'fr' });
	});

	test('a profile with "Is Single Sign-On Enabled" fails with only an opaque error (W-5942786)', async () => {
		const r = await c.post('/Users', newUser(emu, { entitlements: [{ value: profileId(emu, 'SSO Delegated User') }] }));
		expect(r.status).toBe(500);
		expect(r.json.detail).toMatch(/^UNKNOWN_EXCEPTION:An unexpected error occurred\. Please include this ErrorId/);
	});

	test('a role can be assigned through roles (switchable)', async () => {
		const role = emu.state.findRole('Sales Rep')!;
		const u = await create({ roles: [{ value: role.id }] });
		expect(u.roles).toEqual([{ value: role.id, display: 'Sales Rep', type: 'Role', primary: true }]);
		emu.behaviour.roleAssign = false;
		const ignored = await create({ roles: [{ value: role.id }] });
		expect(ignored.roles).toBeUndefined();
	});
});

describe('read', () => {
	test('by id (18 or 15 characters), unknown id → 404 SCIM error', async () => {
		const u = await create();
		expect((await c.get(`/Users/${u.id}`)).json.userName).toBe(u.userName);
		expect((await c.get(`/Users/${u.id.slice(0, 15)}`)).json.id).toBe(u.id);
		const missing = await c.get('/Users/005XX0000000000AAA');
		expect(missing.status).toBe(404);
		expect(missing.json).toMatchObject({ schemas: [ERROR], status: 404 });
	});

	test('filters: userName eq is case-insensitive; externalId, id; no match → 0 results', async () => {
		const u = await create({ externalId: 'EXT-Filter-1' });
		const q = (f: string) => c.get(`/Users?filter=${encodeURIComponent(f)}`);
		const byName = await q(`userName eq "${String(u.userName).toUpperCase()}"`);
		expect(byName.json).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
		expect(byName.json.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
		expect(byName.json.Resources[0].id).toBe(u.id);
		expect((await q('externalId eq "EXT-Filter-1"')).json.totalResults).toBe(1);
		expect((await q(`id eq "${u.id}"`)).json.totalResults).toBe(1);
		const none = await q('userName eq "nobody@nowhere.example"');
		expect(none.status).toBe(200);
		expect(none.json.totalResults).toBe(0);
		expect(none.json.Resources).toEqual([]);
	});

	test('filter strings are JSON-unescaped, and injection stays a literal', async () => {
		const r = await c.get(`/Users?filter=${encodeURIComponent('userName eq "x\\" or userName pr or userName eq \\"y"')}`);
		expect(r.status).toBe(200);
		expect(r.json.totalResults).toBe(0);
	});

	test('other operators scan; and/or are evaluated left to right like Salesforce', async () => {
		await create({ userName: 'lr.alpha@filters.example', title: 'A' });
		await create({ userName: 'lr.beta@filters.example', title: 'B' });
		const q = (f: string) => c.get(`/Users?filter=${encodeURIComponent(f)}`);
		expect((await q('userName ew "@filters.example"')).json.totalResults).toBe(2);
		expect((await q('userName sw "LR.ALPHA"')).json.totalResults).toBe(1);
		// RFC precedence reads alpha or (beta and title B) → both; Salesforce reads (alpha or beta) and title B → beta.
		const mixed = await q('userName eq "lr.alpha@filters.example" or userName eq "lr.beta@filters.example" and title eq "B"');
		expect(mixed.json.Resources.map((u: any) => u.userName)).toEqual(['lr.beta@filters.example']);
		const bad = await q('userName eq');
		expect(bad.status).toBe(400);
		expect(bad.json.scimType).toBe('invalidFilter');
		emu.behaviour.filterOperators = 'eq';
		expect((await q('userName sw "lr"')).status).toBe(400);
	});

	test('paging is 1-based and capped at 200 whatever count asks', async () => {
		await admin(emu, 'POST', '/seed', { generateUsers: 230, domain: 'paging.example', profile: 'Chatter Free User' });
		const page1 = await c.get('/Users?startIndex=1&count=1000');
		expect(page1.json.itemsPerPage).toBe(200);
		expect(page1.json.Resources).toHaveLength(200);
		const total = page1.json.totalResults;
		expect(total).toBeGreaterThan(230);
		const page2 = await c.get(`/Users?startIndex=201&count=200`);
		expect(page2.json.startIndex).toBe(201);
		expect(page2.json.Resources).toHaveLength(total - 200);
		expect(page2.json.Resources[0].id).not.toBe(page1.json.Resources[0].id);
		const zero = await c.get('/Users?startIndex=0&count=2');
		expect(zero.json).toMatchObject({ startIndex: 1, itemsPerPage: 2 });
		expect(zero.json.Resources[0].id).toBe(page1.json.Resources[0].id);
		const okta = await c.get('/Users?count=1&startIndex=1');
		expect(okta.json.Resources).toHaveLength(1);
		const attrs = await c.get('/Users?count=1&attributes=userName');
		expect(Object.keys(attrs.json.Resources[0]).sort()).toEqual(['id', 'schemas', 'userName']);
	});
});

describe('update', () => {
	test('PATCH without path, object value, answers 200 with the full user; op names may be capitalised', async () => {
		const u = await create();
		const r = await c.patch(`/Users/${u.id}`, [{ op: 'Replace', value: { nickName: 'user2', title: 'Boss' } }]);
		expect(r.status).toBe(200);
		expect(r.json).toMatchObject({ id: u.id, nickName: 'user2', title: 'Boss', userName: u.userName, active: true });
		expect(r.json.meta.version).not.toBe(u.meta.version);
	});

	test('value-filter paths work, and can be switched off', async () => {
		const u = await create();
		const r = await c.patch(`/Users/${u.id}`, [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'changed@mycompany.com' }]);
		expect(r.status).toBe(200);
		expect(r.json.emails[0].value).toBe('changed@mycompany.com');
		await admin(emu, 'PATCH', '/behaviour', { valueFilterPatch: false });
		const off = await c.patch(`/Users/${u.id}`, [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'again@mycompany.com' }]);
		expect(off.status).toBe(400);
		expect(off.json.scimType).toBe('invalidPath');
	});

	test('renaming follows the uniqueness rules; userName lowercased', async () => {
		const a = await create();
		const b = await create();
		expect((await c.patch(`/Users/${b.id}`, [{ op: 'replace', path: 'userName', value: String(a.userName).toUpperCase() }])).status).toBe(409);
		const ok = await c.patch(`/Users/${b.id}`, [{ op: 'replace', path: 'userName', value: 'Renamed.B@MyCompany.com' }]);
		expect(ok.json.userName).toBe('renamed.b@mycompany.com');
		expect((await c.get(`/Users?filter=${encodeURIComponent('userName eq "renamed.b@mycompany.com"')}`)).json.totalResults).toBe(1);
		expect((await c.get(`/Users?filter=${encodeURIComponent(`userName eq "${b.userName}"`)}`)).json.totalResults).toBe(0);
	});

	test('entitlements replace overwrites permission sets by default; merge when switched', async () => {
		const ks = permissionSetId(emu, 'Knowledge_User');
		const flow = permissionSetId(emu, 'Flow_User');
		const std = profileId(emu, 'Standard User');
		const u = await create({ entitlements: [{ value: std }, { value: ks }] });
		const over = await c.patch(`/Users/${u.id}`, [{ op: 'replace', path: 'entitlements', value: [{ value: std }, { value: flow }] }]);
		expect(over.json.entitlements.map((e: any) => e.value)).toEqual([std, flow]);
		// Without the profile the overwrite leaves none: Salesforce refuses.
		const noProfile = await c.patch(`/Users/${u.id}`, [{ op: 'replace', path: 'entitlements', value: [{ value: ks }] }]);
		expect(noProfile.status).toBe(409);
		emu.behaviour.entitlementsReplace = 'merge';
		const merged = await c.patch(`/Users/${u.id}`, [{ op: 'replace', value: { entitlements: [{ value: ks }] } }]);
		expect(merged.status).toBe(200);
		expect(merged.json.entitlements.map((e: any) => e.value)).toEqual([std, flow, ks]);
	});

	test('add a permission set, change the profile, remove a permission set by value filter', async () => {
		const ks = permissionSetId(emu, 'Knowledge_User');
		const u = await create();
		const added = await c.patch(`/Users/${u.id}`, [{ op: 'add', value: { entitlements: [{ value: ks }] } }]);
		expect(added.json.entitlements.map((e: any) => e.type)).toEqual(['Profile', 'PermissionSet']);
		const ro = profileId(emu, 'Read Only');
		const changed = await c.patch(`/Users/${u.id}`, [{ op: 'add', path: 'entitlements', value: [{ value: ro }] }]);
		expect(changed.json.entitlements.filter((e: any) => e.type === 'Profile').map((e: any) => e.value)).toEqual([ro]);
		const removed = await c.patch(`/Users/${u.id}`, [{ op: 'remove', path: `entitlements[value eq "${ks}"]` }]);
		expect(removed.json.entitlements.map((e: any) => e.value)).toEqual([ro]);
	});

	test('PUT replaces the whole user (omitted attributes are cleared), or is switched off', async () => {
		const u = await create({ title: 'Keeps?' });
		const body = newUser(emu, { userName: u.userName, externalId: undefined });
		const r = await c.put(`/Users/${u.id}`, body);
		expect(r.status).toBe(200);
		expect(r.json.title).toBeUndefined();
		expect(r.json.externalId).toBeUndefined();
		emu.behaviour.putSupported = false;
		const off = await c.put(`/Users/${u.id}`, body);
		expect(off.status).toBe(405);
	});

	test('a changed email may wait for confirmation (switch)', async () => {
		emu.behaviour.emailChangeConfirmation = true;
		const u = await create();
		const r = await c.patch(`/Users/${u.id}`, [{ op: 'replace', path: 'emails', value: [{ value: 'pending@mycompany.com', primary: true }] }]);
		expect(r.status).toBe(200);
		expect(r.json.emails[0].value).toBe(u.emails[0].value);
	});
});

describe('deactivate and reactivate', () => {
	test('DELETE deactivates (204): the user stays, inactive', async () => {
		const u = await create();
		const d = await c.del(`/Users/${u.id}`);
		expect(d.status).toBe(204);
		expect(d.text).toBe('');
		const after = await c.get(`/Users/${u.id}`);
		expect(after.status).toBe(200);
		expect(after.json.active).toBe(false);
		emu.behaviour.deleteStatus = 200;
		const again = await c.del(`/Users/${u.id}`);
		expect(again.status).toBe(200);
		expect(again.json.active).toBe(false);
		expect((await c.del('/Users/005XX0000000000AAA')).status).toBe(404);
	});

	test('PATCH active=false is the same; reactivation does not restore group memberships', async () => {
		const u = await create();
		const group = [...emu.state.groups.values()].find((g) => g.displayName === 'EMEA')!;
		const add = await c.patch(`/Groups/${group.id}`, [{ op: 'add', path: 'members', value: { members: [{ value: u.id }] } }]);
		expect(add.status).toBe(200);
		expect((await c.get(`/Users/${u.id}`)).json.groups.map((g: any) => g.value)).toEqual([group.id]);
		const off = await c.patch(`/Users/${u.id}`, [{ op: 'replace', value: { active: false } }]);
		expect(off.json.active).toBe(false);
		const on = await c.patch(`/Users/${u.id}`, [{ op: 'replace', value: { active: true } }]);
		expect(on.json.active).toBe(true);
		expect(on.json.groups).toBeUndefined();
		expect((await c.get(`/Groups/${group.id}`)).json.members.map((m: any) => m.value)).not.toContain(u.id);
	});
});

describe('an org that does not keep everything (dropAttributes, phoneFormat)', () => {
	const address = { type: 'work', streetAddress: '1 Main St', locality: 'Springfield' };
	test('dropped attributes answer 201/200 and are not kept; /Schemas leaves them out', async () => {
		Object.assign(emu.behaviour, { dropAttributes: ['addresses'] });
		const u = await create({ addresses: [address] });
		expect(u.addresses).toBeUndefined();
		const r = await c.patch(`/Users/${u.id}`, [{ op: 'replace', value: { addresses: [address], title: 'Lead' } }]);
		expect(r.status).toBe(200);
		expect(r.json).toMatchObject({ title: 'Lead' });
		expect(r.json.addresses).toBeUndefined();
		const schema = (await c.get(`/Schemas/${CORE}`)).json;
		expect(schema.attributes.map((a: { name: string }) => a.name)).not.toContain('addresses');
		Object.assign(emu.behaviour, { dropAttributes: [] });
		const kept = (await c.get(`/Schemas/${CORE}`)).json;
		expect(kept.attributes.map((a: { name: string }) => a.name)).toContain('addresses');
	});

	test('phoneFormat e164 stores +digits whatever was sent; asSent keeps it as given', async () => {
		Object.assign(emu.behaviour, { phoneFormat: 'e164' });
		const u = await create({ phoneNumbers: [{ type: 'work', value: '+1 (415) 555-0100' }] });
		expect(u.phoneNumbers).toEqual([{ type: 'work', value: '+14155550100' }]);
		Object.assign(emu.behaviour, { phoneFormat: 'asSent' });
		const r = await c.patch(`/Users/${u.id}`, [{ op: 'replace', value: { phoneNumbers: [{ type: 'work', value: '(415) 555-0199' }] } }]);
		expect(r.json.phoneNumbers).toEqual([{ type: 'work', value: '(415) 555-0199' }]);
	});
});
