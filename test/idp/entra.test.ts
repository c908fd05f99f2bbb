/**
 * `sfscim idp entra` and `entra-062020` against the SCIMMY peer and the emulator: what passes, and precisely where a
 * strict RFC server or Salesforce's dialect parts from what Entra sends. Then servers broken on purpose.
 */
import { makePeople } from '../../cli/src/idp';
import { startFrontProxy, type FrontProxy } from '../support/frontProxy';
import { closeAll, emulator, emulatorTarget, failed, failedChecks, outcomes, replay, RFC_LEANING, salesforceMapping, scimmy } from './helpers';

const fronts: FrontProxy[] = [];
afterEach(async () => {
	for (const f of fronts.splice(0)) await f.close();
	await closeAll();
});

test('SCIMMY (a strict RFC server) takes the aadOptscim062020 dialect but refuses the default one\'s "False" and the [{value}] manager', async () => {
	const peer = await scimmy();
	const target = { url: peer.url, token: peer.token, timeoutMs: 10_000 };
	const compliant = await replay('entra-062020', target);
	expect(failed(compliant)).toEqual(['user.manager', 'user.read-manager']);
	expect(compliant.steps.find((s) => s.id === 'user.manager')!.checks[0].detail).toMatch(/not multi-valued/);
	// Entra wants 204 for group PATCHes and tolerates 200: a warning, not a failure.
	expect(outcomes(compliant)['group.add-members']).toBe('warn');
	expect(outcomes(compliant)['user.read-updated']).toBe('pass');
	expect(outcomes(compliant)['group.read-after-remove']).toBe('pass');

	const legacy = await replay('entra', target);
	expect(failed(legacy)).toEqual(['user.manager', 'user.read-manager', 'user.disable', 'user.read-disabled']);
	expect(failedChecks(legacy, 'user.read-disabled')).toEqual(['active is false']);
	// Capitalised ops, one per attribute, an extension URN path: all applied.
	expect(outcomes(legacy)['user.read-updated']).toBe('pass');
	expect(outcomes(legacy)['group.read-after-remove']).toBe('pass');
});

test.each(['entra', 'entra-062020'] as const)('%s against the emulator: everything but the [{value}] manager, which the emulator answers 200 and drops', async (idp) => {
	const emu = await emulator({ behaviour: RFC_LEANING });
	const target = emulatorTarget(emu);
	const prefix = `em${idp.length}`;
	const people = makePeople(idp, prefix, 'example.com');
	const report = await replay(idp, target, { userAttributes: salesforceMapping(emu), verify: target, prefix });
	expect(failed(report)).toEqual(['user.read-manager']);
	expect(outcomes(report)['user.manager']).toBe('pass');
	expect(outcomes(report)['user.read-disabled']).toBe('pass');
	// --verify-url agrees: the manager is missing; the disabled user's group membership is dropped (as Salesforce
	// does), which the verification tolerates and says.
	const item = (what: string) => report.verify!.items.find((i) => i.what === what)!;
	expect(item(`user ${people.manager.userName}`).outcome).toBe('pass');
	expect(item(`user ${people.user.userName}`).checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([`manager ${people.manager.userName}`]);
	expect(item(`group ${people.group.renamed}`).outcome).toBe('warn');
	// What the emulator holds, read from its state.
	const user = emu.state.users.get(emu.state.byUserName.get(people.user.userName)!)!;
	expect(user.attrs).toMatchObject({ active: false, title: 'Senior Account Executive', email: people.user.newEmail });
	expect(user.attrs.name.familyName).toBe(`${people.user.familyName}-Okafor`);
	expect(user.attrs.enterprise.department).toBe('Strategic Accounts');
});

test('Test Connection fails when a filter that finds nobody answers 404, or a list without the ListResponse schema', async () => {
	const emu = await emulator({ behaviour: RFC_LEANING });
	const token = emu.issueToken();
	const proxy = await startFrontProxy(emu.url);
	fronts.push(proxy);
	proxy.intercept = async (r) => {
		if (r.method !== 'GET' || !r.query.get('filter')) return undefined;
		const body = (await (await fetch(`${emu.url}${r.path}?${r.query}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as any;
		if (body.totalResults === 0 && r.seen === 0) return { status: 404, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' } };
		return { status: 200, body: { ...body, schemas: undefined } };
	};
	const report = await replay('entra', { url: `${proxy.url}/services/scim/v2`, token, timeoutMs: 10_000 }, { userAttributes: salesforceMapping(emu) });
	expect(failedChecks(report, 'test-connection')[0]).toMatch(/^status 200/);
	expect(failedChecks(report, 'manager.lookup')).toEqual(['schemas has the ListResponse URN']);
	expect(failedChecks(report, 'user.match')).toEqual(['schemas has the ListResponse URN']);
});

test('a server that keeps "False" as a string, or stores a value other than the one sent, fails the read-back Entra diffs against', async () => {
	const emu = await emulator({ behaviour: RFC_LEANING });
	const token = emu.issueToken();
	const proxy = await startFrontProxy(emu.url);
	fronts.push(proxy);
	proxy.intercept = async (r) => {
		if (r.method !== 'GET' || !/\/Users\/[^/]+$/.test(r.path)) return undefined;
		const body = (await (await fetch(`${emu.url}${r.path}?${r.query}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as any;
		if (body.active === false) body.active = 'False';
		if (body.title) body.title = body.title.toUpperCase();
		return { status: 200, body };
	};
	const report = await replay('entra', { url: `${proxy.url}/services/scim/v2`, token, timeoutMs: 10_000 }, { userAttributes: salesforceMapping(emu) });
	expect(failedChecks(report, 'user.read-updated')).toEqual(['title is "Senior Account Executive"']);
	expect(failedChecks(report, 'user.read-disabled')).toEqual(['active is false']);
});

test('--deletes: the group is deleted and the disabled user DELETEd; Salesforce keeps that user inactive, which the verification accepts', async () => {
	const emu = await emulator({ behaviour: RFC_LEANING });
	const target = emulatorTarget(emu);
	const people = makePeople('entra', 'del1', 'example.com');
	const report = await replay('entra', target, { userAttributes: salesforceMapping(emu), verify: target, prefix: 'del1', deletes: true });
	expect(report.steps.slice(-2).map((s) => [s.id, s.outcome, s.status])).toEqual([
		['group.delete', 'pass', 204],
		['user.delete', 'pass', 204],
	]);
	const item = (what: string) => report.verify!.items.find((i) => i.what === what)!;
	expect(item(`user ${people.user.userName}`)).toMatchObject({ outcome: 'pass', checks: [{ name: 'deleted: gone, or kept inactive', ok: true }] });
	expect(item(`group ${people.group.renamed}`)).toMatchObject({ outcome: 'pass', checks: [{ name: 'deleted: not found', ok: true }] });
	expect(emu.state.users.get(emu.state.byUserName.get(people.user.userName)!)!.attrs.active).toBe(false);
});
