/**
 * `sfscim idp load` against the emulator: 200 concurrent creates, then updates, read back; the counts must show a
 * server that loses, duplicates or half-applies (fronts broken on purpose), not only a healthy one.
 */
import { percentile, runLoad, type LoadOptions } from '../../cli/src/idp';
import { loadPerson } from '../../cli/src/idp/people';
import { startFrontProxy, type FrontProxy } from '../support/frontProxy';
import { closeAll, emulator, emulatorTarget, RFC_LEANING, salesforceMapping } from './helpers';

const fronts: FrontProxy[] = [];
afterEach(async () => {
	for (const f of fronts.splice(0)) await f.close();
	await closeAll();
});

async function setup() {
	const emu = await emulator({ behaviour: RFC_LEANING, licenses: 10_000, requestLogLimit: 100 });
	const proxy = await startFrontProxy(emu.url);
	fronts.push(proxy);
	const target = emulatorTarget(emu, `${proxy.url}/services/scim/v2`);
	const base: Omit<LoadOptions, 'suffix'> = { target, idp: 'okta', users: 200, concurrency: 200, domain: 'example.com', userAttributes: salesforceMapping(emu) };
	return { emu, proxy, target, base };
}

test('200 creates at once, then 200 updates: nothing lost, nothing duplicated, a status histogram and latencies', async () => {
	const { emu, proxy, base } = await setup();
	proxy.delayMs = 20; // so that the requests really overlap
	const report = await runLoad({ ...base, suffix: 'ld1', updates: true, verify: emulatorTarget(emu) });
	expect(report.problems).toEqual([]);
	expect(report.ok).toBe(true);
	expect(proxy.peakInFlight).toBeGreaterThan(50);
	expect(report.phases.map((p) => [p.name, p.requests, p.statuses])).toEqual([
		['create', 200, { 201: 200 }],
		['update', 200, { 200: 200 }],
	]);
	expect(report.phases[0].p99Ms).toBeGreaterThanOrEqual(report.phases[0].p50Ms);
	expect(report.readBack.map((r) => [r.found, r.lost, r.duplicates, r.phantoms, r.staleUpdates])).toEqual([
		[200, 0, 0, 0, 0],
		[200, 0, 0, 0, 0],
	]);
	expect([...emu.state.users.values()].filter((u) => u.attrs.userName.includes('.ld1.')).length).toBe(200);
});

test('every create sent twice at once: one 201 and one 409 per user, and one user each', async () => {
	const { emu, base } = await setup();
	const report = await runLoad({ ...base, users: 100, suffix: 'ld2', resend: true, idp: 'entra' });
	expect(report.phases[0].statuses).toEqual({ 201: 100, 409: 100 });
	expect(report.ok).toBe(true);
	expect([...emu.state.users.values()].filter((u) => u.attrs.userName.includes('.ld2.')).length).toBe(100);
});

test('a server that answers 201 without storing, reports two users for one userName, loses updates, or errs after creating', async () => {
	const { proxy, base } = await setup();
	let patches = 0;
	proxy.intercept = (r) => {
		if (r.method === 'POST' && r.seen % 40 === 7) return { status: 201, body: { id: `unstored${r.seen}`, userName: 'x' } };
		if (r.method === 'PATCH' && !r.path.includes('unstored') && patches++ % 50 === 3) return { status: 200, body: {} };
		return undefined;
	};
	const report = await runLoad({ ...base, suffix: 'ld3', updates: true });
	expect(report.readBack[0]).toMatchObject({ lost: 5, duplicates: 0, phantoms: 0, staleUpdates: 4 });
	// The five ids that were never stored answer 404 to their update, too.
	expect(report.phases[1].statuses).toEqual({ 200: 195, 404: 5 });
	expect(report.problems).toEqual(['5 updates answered with an error', expect.stringMatching(/^5 lost in /), expect.stringMatching(/^4 updates missing in /)]);
	expect(report.ok).toBe(false);

	const { emu: emu2, proxy: proxy2, base: base2 } = await setup();
	const token = emu2.issueToken();
	proxy2.intercept = async (r) => {
		if (r.method === 'GET' && r.query.get('filter')?.includes('.00007@')) {
			const body = (await (await fetch(`${emu2.url}${r.path}?${r.query}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as any;
			return { status: 200, body: { ...body, totalResults: 2, Resources: [...body.Resources, { ...body.Resources[0], id: 'other' }] } };
		}
		if (r.method === 'POST' && r.seen === 11) {
			// One at a time, the 12th create is person 11: store it, then answer an error (the IdP will retry and
			// meet a 409: the stuck user of Entra's 60-second limit).
			const p = loadPerson('okta', 'ld4', 11, 'example.com');
			const created = await fetch(`${emu2.scimUrl}/Users`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({ userName: p.userName, name: { givenName: p.givenName, familyName: p.familyName }, emails: [{ value: p.email, type: 'work' }], ...salesforceMapping(emu2) }),
			});
			expect(created.status).toBe(201);
			return { status: 503, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503', detail: 'busy' } };
		}
		return undefined;
	};
	const second = await runLoad({ ...base2, users: 20, concurrency: 1, suffix: 'ld4' });
	expect(second.readBack[0]).toMatchObject({ found: 20, duplicates: 1, lost: 0, phantoms: 1 });
	expect(second.phases[0].statuses).toEqual({ 201: 19, 503: 1 });
	expect(second.problems).toEqual(['1 user never got a success answer', expect.stringMatching(/^1 duplicate in /), expect.stringMatching(/^1 created in .* although the answer was an error$/)]);
});

test('percentile is nearest-rank', () => {
	const values = Array.from({ length: 100 }, (_, i) => i + 1);
	expect([percentile(values, 50), percentile(values, 99), percentile(values, 100), percentile([], 50)]).toEqual([50, 99, 100, 0]);
});
