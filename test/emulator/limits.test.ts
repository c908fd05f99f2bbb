/** API usage and its limit, licences, bad input, the admin API and the request log. */
import { createConnection } from 'node:net';
import { useEmulator } from '../support/emulator';
import { admin, http, newUser, profileId, scim } from './helpers';

const emu = useEmulator({ apiLimit: 1000, licenses: { Salesforce: 4, 'Chatter Free': 1 } });
let c: ReturnType<typeof scim>;

beforeAll(async () => {
	c = scim(emu);
});

describe('API usage', () => {
	test('Sforce-Limit-Info on every response, counting SCIM calls', async () => {
		await admin(emu, 'PUT', '/usage', { used: 10 });
		const r1 = await c.get('/Me');
		expect(r1.headers.get('sforce-limit-info')).toBe('api-usage=11/1000');
		const r2 = await c.get('/Users/005XX0000000000AAA');
		expect(r2.status).toBe(404);
		expect(r2.headers.get('sforce-limit-info')).toBe('api-usage=12/1000');
	});

	test('the daily limit answers 403 REQUEST_LIMIT_EXCEEDED, no Retry-After; the next day resets', async () => {
		await admin(emu, 'PUT', '/usage', { used: 999 });
		expect((await c.get('/Me')).status).toBe(200);
		const r = await c.get('/Me');
		expect(r.status).toBe(403);
		expect(r.json).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
		expect(r.headers.get('retry-after')).toBeNull();
		expect(r.headers.get('sforce-limit-info')).toBe('api-usage=1000/1000');
		expect((await admin(emu, 'POST', '/usage/next-day')).json).toEqual({ used: 0, limit: 1000 });
		expect((await c.get('/Me')).status).toBe(200);
	});
});

describe('licences', () => {
	test('creating or reactivating past the licence count fails; deactivating frees a licence', async () => {
		// The seed holds 2 active Salesforce users; 2 more fit.
		const a = (await c.post('/Users', newUser(emu))).json;
		expect((await c.post('/Users', newUser(emu))).status).toBe(201);
		const over = await c.post('/Users', newUser(emu));
		expect(over.status).toBe(400);
		expect(over.json.detail).toMatch(/^LICENSE_LIMIT_EXCEEDED/);
		// An inactive user needs no licence.
		const inactive = await c.post('/Users', newUser(emu, { active: false }));
		expect(inactive.status).toBe(201);
		expect((await c.patch(`/Users/${inactive.json.id}`, [{ op: 'replace', value: { active: true } }])).status).toBe(400);
		expect((await c.del(`/Users/${a.id}`)).status).toBe(204);
		expect((await c.patch(`/Users/${inactive.json.id}`, [{ op: 'replace', value: { active: true } }])).status).toBe(200);
		// Chatter Free is counted apart.
		const chatter = newUser(emu, { entitlements: [{ value: profileId(emu, 'Chatter Free User') }] });
		expect((await c.post('/Users', chatter)).status).toBe(201);
		expect((await c.post('/Users', newUser(emu, { entitlements: [{ value: profileId(emu, 'Chatter Free User') }] }))).status).toBe(400);
		const state = (await admin(emu, 'GET', '/state?users=false')).json;
		expect(state.licenses.Salesforce).toEqual({ limit: 4, used: 4 });
	});
});

describe('bad input never crashes the emulator', () => {
	test('unknown paths', async () => {
		const scimMissing = await c.get('/Nope');
		expect(scimMissing.status).toBe(404);
		expect(scimMissing.json.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
		const other = await http(`${emu.url}/services/data/v62.0/sobjects`);
		expect(other.status).toBe(404);
		expect(other.json[0].errorCode).toBe('NOT_FOUND');
		expect((await c.get('/Users/a/b')).status).toBe(404);
	});

	test('malformed JSON, wrong content type, empty body, no Operations, unsupported method', async () => {
		const bad = await c.call('POST', '/Users', '{"userName": ', { 'Content-Type': 'application/json' });
		expect(bad.status).toBe(400);
		expect(bad.json.scimType).toBe('invalidSyntax');
		const xml = await c.call('POST', '/Users', '<user/>', { 'Content-Type': 'application/xml' });
		expect(xml.status).toBe(415);
		const empty = await c.call('POST', '/Users', undefined);
		expect(empty.status).toBe(400);
		const array = await c.post('/Users', [1, 2]);
		expect(array.status).toBe(400);
		const u = (await c.get('/Users?count=1')).json.Resources[0];
		const noOps = await c.call('PATCH', `/Users/${u.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] });
		expect(noOps.status).toBe(400);
		const badOp = await c.patch(`/Users/${u.id}`, [{ op: 'move', path: 'title', value: 'x' }]);
		expect(badOp.status).toBe(400);
		const badPath = await c.patch(`/Users/${u.id}`, [{ op: 'replace', path: 'emails[type eq', value: 'x' }]);
		expect(badPath.status).toBe(400);
		expect((await c.call('POST', '/Me', {})).status).toBe(405);
		expect((await c.call('PUT', '/Groups')).status).toBe(405);
	});

	test('an oversized body answers 413', async () => {
		const big = JSON.stringify({ ...newUser(emu), title: 'x'.repeat(2 * 1024 * 1024) });
		const r = await c.call('POST', '/Users', big, { 'Content-Type': 'application/json' });
		expect(r.status).toBe(413);
		expect((await c.get('/Me')).status).toBe(200);
	});

	test('garbage on the socket gets a 400 and the server lives on', async () => {
		const reply = await new Promise<string>((resolve) => {
			const s = createConnection({ host: '127.0.0.1', port: emu.port }, () => s.write('THIS IS NOT HTTP\r\n\r\n'));
			let data = '';
			s.on('data', (d) => (data += d));
			s.on('close', () => resolve(data));
			s.on('error', () => resolve(data));
		});
		expect(reply).toMatch(/^HTTP\/1.1 400/);
		expect((await c.get('/Me')).status).toBe(200);
	});

	test('listens on 127.0.0.1 unless told otherwise', () => {
		expect(emu.host).toBe('127.0.0.1');
		expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
	});
});

describe('admin API and request log', () => {
	test('counts per method and path; no token is ever kept', async () => {
		await admin(emu, 'DELETE', '/requests');
		const u = (await c.get('/Users?count=1')).json.Resources[0];
		await c.get(`/Users/${u.id}`);
		await c.get(`/Users/${u.id}`);
		await http(`${emu.url}/services/oauth2/revoke?token=${encodeURIComponent(c.token)}-not-really`);
		const counts = (await admin(emu, 'GET', '/requests/counts')).json;
		expect(counts).toMatchObject({ 'GET /services/scim/v2/Users': 1, 'GET /services/scim/v2/Users/{id}': 2, 'GET /services/oauth2/revoke': 1 });
		expect(emu.requestLog.count('GET', `/services/scim/v2/Users/${u.id}`)).toBe(2);
		const log = await admin(emu, 'GET', '/requests');
		expect(log.text).not.toContain(c.token);
		expect(log.text).not.toContain(c.token.split('!')[1]);
		const entry = log.json.find((e: any) => e.path === `/services/scim/v2/Users/${u.id}`);
		expect(entry).toMatchObject({ method: 'GET', status: 200, authorization: true, user: 'admin@sfscim-emulator.example' });
		expect(log.json.find((e: any) => e.path === '/services/oauth2/revoke').query).toBe('token=[redacted]');
	});

	test('state dump, seed, reset', async () => {
		const seeded = await admin(emu, 'POST', '/seed', { groups: [{ name: 'Seeded Group' }], profiles: [{ name: 'Custom Profile', license: 'Identity' }] });
		expect(seeded.status).toBe(200);
		const dump = (await admin(emu, 'GET', '/state')).json;
		expect(dump.groups.map((g: any) => g.displayName)).toContain('Seeded Group');
		expect(dump.users[0]).toMatchObject({ userName: 'admin@sfscim-emulator.example', alias: expect.any(String) });
		expect(dump.orgId).toMatch(/^00D/);
		const before = dump.counts.users;
		await c.post('/Users', newUser(emu, { entitlements: [{ value: emu.state.findProfile('Custom Profile')!.id }] }));
		expect((await admin(emu, 'GET', '/state?users=false')).json.counts.users).toBe(before + 1);
		expect((await admin(emu, 'POST', '/reset')).status).toBe(200);
		const after = (await admin(emu, 'GET', '/state?users=false')).json;
		expect(after.counts.users).toBe(2);
		expect(after.groups.map((g: any) => g.displayName)).not.toContain('Seeded Group');
		expect(after.usage.used).toBe(0);
		// Tokens survive a reset (the seeded user ids are the same again).
		expect((await c.get('/Me')).status).toBe(200);
		const cfg = (await admin(emu, 'GET', '/config')).json;
		expect(cfg).toMatchObject({ scimUrl: emu.scimUrl, tokenUrl: `${emu.url}/services/oauth2/token` });
		expect((await admin(emu, 'GET', '/nope')).status).toBe(404);
		expect((await admin(emu, 'POST', '/seed', { users: [{ userName: 'x@y.example', profile: 'Nope' , permissionSets: ['Nope'] }] })).status).toBe(400);
	});
});

describe('odd input in paths and filters', () => {
	test('bad escapes answer 4xx, not 500', async () => {
		expect((await c.get('/Schemas/%E0%A4%A')).status).toBe(404);
		const g = (await c.get('/Groups?count=1')).json.Resources[0];
		const r = await c.patch(`/Groups/${g.id}`, [{ op: 'remove', path: 'members[value eq "\\x"]' }]);
		expect(r.status).toBe(400);
		expect((await c.get(`/Users?filter=${encodeURIComponent('userName eq "\\x"')}`)).status).toBe(400);
		expect((await c.get('/Users?filter=%ZZ')).status).toBe(400);
	});
});
