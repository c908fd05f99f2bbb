/** The independent SCIMMY peer serves standard SCIM: filters, value-path PATCH, paging, 409, 404 (raw HTTP). */
import { startScimmyPeer, type ScimmyPeer } from '../../proof/src/peers/scimmy';

let peer: ScimmyPeer;
beforeAll(async () => {
	peer = await startScimmyPeer();
});
afterAll(async () => {
	await peer.close();
});

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

async function call(method: string, path: string, body?: unknown, token = peer.token) {
	const r = await fetch(peer.url + path, {
		method,
		headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/scim+json' } : {}) },
		body: body ? JSON.stringify(body) : undefined,
	});
	const text = await r.text();
	return { status: r.status, json: text ? JSON.parse(text) : undefined };
}

const q = (f: string) => `/Users?filter=${encodeURIComponent(f)}`;

test('create, 409 on a duplicate userName whatever its case, 404 on an unknown id, 401 without the token', async () => {
	const r = await call('POST', '/Users', { schemas: [USER], userName: 'Alice@Example.com', name: { givenName: 'Alice', familyName: 'A' }, emails: [{ type: 'work', value: 'alice@example.com', primary: true }] });
	expect(r.status).toBe(201);
	expect(r.json.id).toBeDefined();
	expect(r.json.meta).toMatchObject({ resourceType: 'User' });
	const dup = await call('POST', '/Users', { schemas: [USER], userName: 'alice@EXAMPLE.com' });
	expect(dup.status).toBe(409);
	expect(dup.json.scimType).toBe('uniqueness');
	const missing = await call('GET', '/Users/00000000-0000-0000-0000-000000000000');
	expect(missing.status).toBe(404);
	expect(missing.json.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
	expect((await call('GET', '/Users', undefined, 'wrong')).status).toBe(401);
});

test('filters: userName eq is case-insensitive, and/or, value paths, co/sw', async () => {
	await call('POST', '/Users', { schemas: [USER, ENTERPRISE], userName: 'bob@example.com', title: 'Engineer', emails: [{ type: 'work', value: 'bob@example.com' }], [ENTERPRISE]: { department: 'R&D' } });
	await call('POST', '/Users', { schemas: [USER], userName: 'carol@example.org', title: 'Engineer', emails: [{ type: 'home', value: 'carol@home.example' }] });
	expect((await call('GET', q('userName eq "ALICE@example.COM"'))).json.totalResults).toBe(1);
	expect((await call('GET', q('userName eq "nobody@example.com"'))).json.totalResults).toBe(0);
	expect((await call('GET', q('title eq "Engineer" and userName ew "example.org"'))).json.totalResults).toBe(1);
	expect((await call('GET', q('userName sw "bob" or userName sw "carol"'))).json.totalResults).toBe(2);
	expect((await call('GET', q('emails[type eq "work" and value co "bob"]'))).json.totalResults).toBe(1);
	expect((await call('GET', q(`${ENTERPRISE}:department eq "R&D"`))).json.totalResults).toBe(1);
	const bad = await call('GET', q('userName zz "x"'));
	expect(bad.status).toBe(400);
	expect(bad.json.scimType).toBe('invalidFilter');
});

test('PATCH with value-filter paths, capitalised op names, and 400 on a bad path', async () => {
	const bob = (await call('GET', q('userName eq "bob@example.com"'))).json.Resources[0];
	const r = await call('PATCH', `/Users/${bob.id}`, {
		schemas: [PATCH],
		Operations: [
			{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'robert@example.com' },
			{ op: 'add', path: 'phoneNumbers', value: [{ type: 'work', value: '+1 555 0100' }] },
		],
	});
	expect(r.status).toBe(200);
	expect(r.json.emails[0].value).toBe('robert@example.com');
	expect(r.json.phoneNumbers[0].value).toBe('+1 555 0100');
	const bad = await call('PATCH', `/Users/${bob.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'emails[type eq', value: 'x' }] });
	expect(bad.status).toBe(400);
});

test('paging: 1-based startIndex and count are honoured', async () => {
	for (let i = 0; i < 7; i++) await call('POST', '/Users', { schemas: [USER], userName: `page${i}@example.net` });
	const p1 = await call('GET', '/Users?startIndex=1&count=4');
	expect(p1.json).toMatchObject({ totalResults: 10, itemsPerPage: 4, startIndex: 1 });
	expect(p1.json.Resources).toHaveLength(4);
	const p3 = await call('GET', '/Users?startIndex=9&count=4');
	expect(p3.json.Resources).toHaveLength(2);
	expect(p3.json.startIndex).toBe(9);
});

test('groups: standard members PATCH (array add, filtered remove), 404, uniqueness', async () => {
	const users = (await call('GET', '/Users?count=2')).json.Resources;
	const g = await call('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Team' });
	expect(g.status).toBe(201);
	const add = await call('PATCH', `/Groups/${g.json.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: users.map((u: any) => ({ value: u.id })) }] });
	expect(add.status).toBe(200);
	expect(add.json.members.map((m: any) => m.value).sort()).toEqual(users.map((u: any) => u.id).sort());
	const rm = await call('PATCH', `/Groups/${g.json.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${users[0].id}"]` }] });
	expect(rm.json.members.map((m: any) => m.value)).toEqual([users[1].id]);
	expect((await call('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'team' })).status).toBe(409);
	expect((await call('GET', '/Groups/00000000-0000-0000-0000-000000000000')).status).toBe(404);
	expect((await call('DELETE', `/Groups/${g.json.id}`)).status).toBe(204);
});

test('discovery is the RFC spelling; reset empties the store', async () => {
	const spc = await call('GET', '/ServiceProviderConfig');
	expect(spc.status).toBe(200);
	expect(spc.json.patch.supported).toBe(true);
	expect(peer.counts.get('POST /scim/v2/Users')).toBeGreaterThan(0);
	peer.reset();
	expect((await call('GET', '/Users')).json.totalResults).toBe(0);
});
