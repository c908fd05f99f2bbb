/** Each fault kind, its schedule and filters, latency, and reproducibility from a seed. */
import { startEmulator, type Emulator, type EmulatorOptions } from '../../cli/src/emulator';
import { admin, http, newUser, scim } from './helpers';

const started: Emulator[] = [];
async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const e = await startEmulator(options);
	started.push(e);
	return e;
}
afterAll(async () => {
	await Promise.all(started.map((e) => e.close()));
});

/** The outcome of a request as a short word: a status, or how the connection failed. */
async function outcome(p: Promise<unknown>): Promise<string> {
	try {
		const r = (await p) as { status: number };
		return String(r.status);
	} catch (err) {
		return (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError' ? 'timeout' : 'network';
	}
}

test('status500 on the Nth request: a SCIM error body; the others succeed', async () => {
	const emu = await emulator({ faults: [{ kind: 'status500', nth: 2 }] });
	const c = scim(emu);
	const statuses = [];
	for (let i = 0; i < 4; i++) statuses.push((await c.get('/Users?count=1')).status);
	expect(statuses).toEqual([200, 500, 200, 200]);
	const rules = (await admin(emu, 'GET', '/faults')).json;
	expect(rules[0]).toMatchObject({ kind: 'status500', seen: 4, fired: 1 });
});

test('status503 and html (200 or 5xx) by schedule, filtered by method and path', async () => {
	const emu = await emulator({
		faults: [
			{ kind: 'status503', every: 2, method: 'GET', path: '/services/scim/v2/Groups' },
			{ kind: 'html', nth: 1, path: '/services/scim/v2/Roles', status: 502 },
			{ kind: 'html', nth: 2, path: '/services/scim/v2/Roles' },
		],
	});
	const c = scim(emu);
	expect((await c.get('/Users')).status).toBe(200);
	expect((await c.get('/Groups')).status).toBe(200);
	const unavailable = await c.get('/Groups');
	expect(unavailable.status).toBe(503);
	expect(unavailable.headers.get('retry-after')).toBeNull();
	const html = await c.get('/Roles');
	expect(html.status).toBe(502);
	expect(html.headers.get('content-type')).toMatch(/text\/html/);
	expect(html.text).toMatch(/<html>/i);
	const html200 = await c.get('/Roles');
	expect(html200.status).toBe(200);
	expect(html200.headers.get('content-type')).toMatch(/text\/html/);
	expect((await c.get('/Roles')).headers.get('content-type')).toMatch(/json/);
});

test('connection reset: the socket is destroyed without an answer', async () => {
	const emu = await emulator({ faults: [{ kind: 'reset', nth: 1 }] });
	const c = scim(emu);
	expect(await outcome(c.get('/Users'))).toBe('network');
	expect((await c.get('/Users')).status).toBe(200);
});

test('hang: held past the client timeout, then answered; close() releases a hang at once', async () => {
	const emu = await emulator({ faults: [{ kind: 'hang', nth: 1, hangMs: 600 }] });
	const tok = emu.issueToken();
	const timedOut = await outcome(fetch(`${emu.scimUrl}/Users`, { headers: { Authorization: `Bearer ${tok}` }, signal: AbortSignal.timeout(150) }));
	expect(timedOut).toBe('timeout');
	const long = await startEmulator({ faults: [{ kind: 'hang', nth: 1 }], hangMs: 60_000 });
	const pending = outcome(fetch(`${long.scimUrl}/Users`, { headers: { Authorization: `Bearer ${long.issueToken()}` } }));
	await new Promise((r) => setTimeout(r, 100));
	const t0 = Date.now();
	await long.close();
	expect(Date.now() - t0).toBeLessThan(2000);
	expect(await pending).toBe('network');
});

test('401 mid-run: the session dies, this request and later ones with the token get 401', async () => {
	const emu = await emulator({ faults: [{ kind: 'unauthorized', nth: 3 }] });
	const c = scim(emu);
	expect((await c.get('/Users')).status).toBe(200);
	expect((await c.get('/Users')).status).toBe(200);
	const r = await c.get('/Users');
	expect(r.status).toBe(401);
	expect(r.json).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
	expect((await c.get('/Users')).status).toBe(401);
	expect((await scim(emu).get('/Users')).status).toBe(200);
});

test('write applied but response lost: the user exists, a blind retry gets 409', async () => {
	const emu = await emulator({ faults: [{ kind: 'lostResponse', nth: 1, method: 'POST' }] });
	const c = scim(emu);
	const body = newUser(emu);
	expect(await outcome(c.post('/Users', body))).toBe('network');
	const found = await c.get(`/Users?filter=${encodeURIComponent(`userName eq "${body.userName}"`)}`);
	expect(found.json.totalResults).toBe(1);
	const retry = await c.post('/Users', body);
	expect(retry.status).toBe(409);
	expect(retry.json.scimType).toBe('uniqueness');
	const log = (await admin(emu, 'GET', '/requests')).json;
	expect(log.find((e: any) => e.fault === 'lostResponse')).toMatchObject({ method: 'POST', status: 201 });
});

test('times and rate: a fault can fire a limited number of times', async () => {
	const emu = await emulator({ faults: [{ kind: 'status500', rate: 1, times: 2 }] });
	const c = scim(emu);
	const s = [];
	for (let i = 0; i < 4; i++) s.push((await c.get('/Me')).status);
	expect(s).toEqual([500, 500, 200, 200]);
});

test('a seed replays the same faults; another seed gives another run', async () => {
	const run = async (randomSeed: number) => {
		const emu = await emulator({ randomSeed, faultRate: 0.3, faultKinds: ['status500', 'status503', 'html'] });
		const c = scim(emu);
		const out: string[] = [];
		for (let i = 0; i < 40; i++) out.push(await outcome(c.get('/Me')));
		return out.join(',');
	};
	const a = await run(7);
	expect(await run(7)).toBe(a);
	expect(await run(8)).not.toBe(a);
	expect(a).toMatch(/500|503/);
	expect(a).toMatch(/200/);
});

test('faults can be set through the admin API (pathRegex for a RegExp) and cleared', async () => {
	const emu = await emulator();
	const c = scim(emu);
	const put = await admin(emu, 'PUT', '/faults', [{ kind: 'status500', rate: 1, pathRegex: '/Users/[0-9A-Za-z]{18}$' }]);
	expect(put.status).toBe(200);
	const u = (await c.post('/Users', newUser(emu))).json;
	expect((await c.get(`/Users/${u.id}`)).status).toBe(500);
	expect((await c.get('/Users')).status).toBe(200);
	expect((await admin(emu, 'PUT', '/faults', [{ kind: 'nonsense', rate: 1 }])).status).toBe(400);
	await admin(emu, 'DELETE', '/faults');
	expect((await c.get(`/Users/${u.id}`)).status).toBe(200);
	// OAuth can be targeted too.
	await admin(emu, 'POST', '/faults', { kind: 'status503', nth: 1, path: '/services/oauth2/token' });
	const t = await http(`${emu.url}/services/oauth2/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
	expect(t.status).toBe(503);
});

test('latency: fixed plus jitter, never on the admin API', async () => {
	const emu = await emulator({ latencyMs: 500, jitterMs: 40 });
	const c = scim(emu);
	const t0 = performance.now();
	await c.get('/Me');
	expect(performance.now() - t0).toBeGreaterThanOrEqual(495);
	const entry = emu.requestLog.entries().find((e) => e.path.endsWith('/Me'))!;
	expect(entry.ms).toBeGreaterThanOrEqual(495);
	// Generous bound: the point is that the admin call does not wait the 500 ms.
	const t1 = performance.now();
	await admin(emu, 'GET', '/usage');
	expect(performance.now() - t1).toBeLessThan(400);
});
