/**
 * `sfscim idp okta` against real SCIM servers: the SCIMMY peer (an independent RFC server) and the Salesforce
 * emulator, then against servers broken on purpose (a front that answers wrongly) to prove each check can fail.
 */
import { formatReport } from '../../cli/src/idp';
import { startFrontProxy, type FrontProxy } from '../support/frontProxy';
import { closeAll, emulator, emulatorTarget, failed, failedChecks, outcomes, replay, RFC_LEANING, salesforceMapping, scimmy } from './helpers';

const fronts: FrontProxy[] = [];
afterEach(async () => {
	for (const f of fronts.splice(0)) await f.close();
	await closeAll();
});

async function front(url: string): Promise<FrontProxy> {
	const proxy = await startFrontProxy(url);
	fronts.push(proxy);
	return proxy;
}

test('against the SCIMMY peer every step passes; an empty server skips the two reads of a listed user, a second run does them', async () => {
	const peer = await scimmy();
	const first = await replay('okta', { url: peer.url, token: peer.token, timeoutMs: 10_000 });
	expect(failed(first)).toEqual([]);
	expect(first.ok).toBe(true);
	expect(first.steps.filter((s) => s.outcome === 'skip').map((s) => s.id)).toEqual(['spec.get', 'spec.uppercase-username']);
	expect(first.steps.filter((s) => s.outcome !== 'skip').every((s) => s.outcome === 'pass')).toBe(true);

	const second = await replay('okta', { url: peer.url, token: peer.token, timeoutMs: 10_000 });
	expect(second.summary).toMatchObject({ failed: 0, skipped: 0, warned: 0 });
	expect(outcomes(second)['spec.uppercase-username']).toBe('pass');
	// The text report says what a person needs: each request and its status, and the verdict.
	const text = formatReport(second);
	expect(text).toMatch(/✓ spec\.create-again\s+POST \/Users → 409/);
	expect(text).toMatch(/OK · okta would accept every answer/);
	expect(text).not.toContain(peer.token);
	// The placeholder password is masked in what the report keeps.
	expect(JSON.stringify(second)).not.toMatch(/"password":"(?!\*)/);
});

test('against the emulator with an attribute mapping every step passes, and --verify-url finds the provisioned users and group', async () => {
	const emu = await emulator({ behaviour: RFC_LEANING });
	const target = emulatorTarget(emu);
	const report = await replay('okta', target, { userAttributes: salesforceMapping(emu), verify: target, prefix: 'okv1' });
	expect(failed(report)).toEqual([]);
	expect(report.summary.skipped).toBe(0);
	expect(report.verify?.ok).toBe(true);
	expect(report.verify?.items.map((i) => i.what)).toEqual([
		'user okta.spectest.okv1@example.com',
		expect.stringMatching(/^user .*\.okv1@example\.com$/),
		expect.stringMatching(/^user .*\.okv1@example\.com$/),
		expect.stringMatching(/^group .* EMEA okv1$/),
	]);
	// What the emulator holds, read from its state rather than through the simulator's own reads.
	const user = emu.state.users.get(emu.state.byUserName.get(report.verify!.items[2].what.slice(5))!)!;
	expect(user.attrs).toMatchObject({ active: true, title: 'Senior Account Executive' });
	const manager = emu.state.users.get(user.attrs.enterprise.managerId!)!;
	expect(manager.attrs.userName).toBe(report.verify!.items[1].what.slice(5));
	const group = [...emu.state.groups.values()].find((g) => g.displayName.endsWith('EMEA okv1'))!;
	expect([...group.members]).toEqual([user.id]);
});

test('against the emulator as Salesforce ships it, the report shows exactly where Salesforce differs from what Okta expects', async () => {
	const emu = await emulator();
	const profile = { entitlements: [{ value: emu.state.findProfile('Standard User')!.id }] };
	// Okta's "en-US" locale is not in Salesforce's picklist (it wants en_US): no user can be created.
	const asSent = await replay('okta', emulatorTarget(emu), { userAttributes: profile });
	expect(failed(asSent)).toEqual(['spec.unknown-id', 'spec.create-again', 'manager.create', 'user.create']);
	expect(asSent.steps.find((s) => s.id === 'user.create')!.checks.find((c) => c.name === 'status 201')!.detail).toMatch(/Locale: bad value/);
	expect(outcomes(asSent)['user.put']).toBe('skip');
	expect(asSent.ok).toBe(false);

	// With the locale mapped, what is left: Salesforce's error bodies carry status as a number, and it refuses
	// the RFC members array in favour of its wrapped {"members": [...]} object.
	const mapped = await replay('okta', emulatorTarget(emu), { userAttributes: { ...profile, locale: 'en_US' } });
	expect(failed(mapped)).toEqual(['spec.unknown-id', 'spec.create-again', 'group.add-members', 'group.read-members', 'group.read-after-remove']);
	expect(failedChecks(mapped, 'spec.unknown-id')).toEqual(['status is the string "404"']);
	expect(failedChecks(mapped, 'spec.create-again')).toEqual(['status is the string "409"']);
	expect(mapped.steps.find((s) => s.id === 'group.add-members')!.checks[0].detail).toMatch(/wrapped in an object/);
});

describe('a server broken on purpose fails the step that depends on it', () => {
	test('201 to the repeated POST', async () => {
		const peer = await scimmy();
		const proxy = await front(peer.url);
		proxy.intercept = (r) => (r.method === 'POST' && r.path.endsWith('/Users') && r.seen === 1 ? { status: 201, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'again', userName: 'x' } } : undefined);
		const report = await replay('okta', { url: `${proxy.url}/scim/v2`, token: peer.token, timeoutMs: 10_000 });
		expect(failed(report)).toEqual(['spec.create-again']);
		expect(failedChecks(report, 'spec.create-again')[0]).toMatch(/^status 409/);
	});

	test('404 to a filter that finds nobody, totalResults as a string, a deactivated user answered 404', async () => {
		const emu = await emulator({ behaviour: RFC_LEANING });
		const proxy = await front(emu.url);
		const token = emu.issueToken();
		proxy.intercept = async (r) => {
			if (r.method !== 'GET') return undefined;
			const upstream = await fetch(`${emu.url}${r.path}?${r.query}`, { headers: { Authorization: `Bearer ${token}` } });
			const body = (await upstream.json()) as any;
			if (r.query.get('filter') && body.totalResults === 0) return { status: 404, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'no such user' } };
			if (r.query.get('count') === '1') return { status: 200, body: { ...body, totalResults: String(body.totalResults) } };
			if (/\/Users\/[^/]+$/.test(r.path) && body.active === false) return { status: 404, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'inactive' } };
			return { status: upstream.status, body };
		};
		const report = await replay('okta', { url: `${proxy.url}/services/scim/v2`, token, timeoutMs: 10_000 }, { userAttributes: salesforceMapping(emu) });
		expect(failed(report)).toEqual(['spec.list', 'spec.random-username', 'manager.lookup', 'user.lookup', 'user.read-deactivated', 'group.lookup']);
		expect(failedChecks(report, 'spec.list')).toEqual(['totalResults is an integer']);
		expect(failedChecks(report, 'spec.random-username')[0]).toMatch(/^status 200/);
		expect(failedChecks(report, 'user.read-deactivated')[0]).toMatch(/^status 200/);
	});

	test('a PUT answered 200 without the change, an id that changes, a deactivation ignored', async () => {
		const emu = await emulator({ behaviour: RFC_LEANING });
		const proxy = await front(emu.url);
		const token = emu.issueToken();
		proxy.intercept = async (r) => {
			if (r.method === 'PUT') {
				const current = (await (await fetch(`${emu.url}${r.path}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as any;
				return { status: 200, body: { ...current, id: `${current.id}X` } };
			}
			if (r.method === 'PATCH' && r.path.includes('/Users/')) return { status: 204 };
			return undefined;
		};
		const report = await replay('okta', { url: `${proxy.url}/services/scim/v2`, token, timeoutMs: 10_000 }, { userAttributes: salesforceMapping(emu) });
		expect(failed(report)).toEqual(['user.put', 'user.read-deactivated']);
		expect(failedChecks(report, 'user.put')).toEqual([expect.stringMatching(/^id stays /), 'title is "Senior Account Executive"']);
		expect(failedChecks(report, 'user.read-deactivated')).toEqual(['active is false']);
	});
});

test('--deletes ends with the group unlinked: DELETE → 204, then 404; verified gone; a server refusing group DELETE fails it', async () => {
	const peer = await scimmy();
	const rfc = await replay('okta', { url: peer.url, token: peer.token, timeoutMs: 10_000 }, { deletes: true, verify: { url: peer.url, token: peer.token, timeoutMs: 10_000 } });
	expect(rfc.steps.slice(-2).map((s) => [s.id, s.outcome, s.status])).toEqual([
		['group.delete', 'pass', 204],
		['group.read-deleted', 'pass', 404],
	]);
	expect(rfc.verify!.items.at(-1)).toMatchObject({ outcome: 'pass', checks: [{ name: 'deleted: not found', ok: true }] });
	// Without --deletes, no DELETE is sent.
	const plain = await replay('okta', { url: peer.url, token: peer.token, timeoutMs: 10_000 });
	expect(plain.steps.some((s) => s.method === 'DELETE')).toBe(false);

	const emu = await emulator({ behaviour: { ...RFC_LEANING, groupDelete: false } });
	const refused = await replay('okta', emulatorTarget(emu), { deletes: true, userAttributes: salesforceMapping(emu) });
	expect(failed(refused)).toEqual(['group.delete', 'group.read-deleted']);
	expect(failedChecks(refused, 'group.delete')).toEqual(['status 204']);
});

test('--verify-url pointing at a server that did not receive the users: every user and the group fail, and the run fails', async () => {
	const peer = await scimmy();
	const elsewhere = await emulator();
	const report = await replay('okta', { url: peer.url, token: peer.token, timeoutMs: 10_000 }, { verify: emulatorTarget(elsewhere) });
	expect(failed(report)).toEqual([]);
	expect(report.verify!.items.map((i) => [i.what.split(' ')[0], i.outcome, i.checks[0].name, i.checks[0].detail])).toEqual([
		['user', 'fail', 'found exactly once by userName', 'got "0 results"'],
		['user', 'fail', 'found exactly once by userName', 'got "0 results"'],
		['user', 'fail', 'found exactly once by userName', 'got "0 results"'],
		['group', 'fail', 'found exactly once by displayName', 'got "0 results"'],
	]);
	expect(report.ok).toBe(false);
	expect(formatReport(report)).toMatch(/FAILED · the provisioned state is wrong for user .*, group /);
});
