/** User → Sync through n8n's engine against the emulator: dry run, apply, idempotence, safety, faults. */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../cli/src/engine';
import { useEmulator } from '../support/emulator';
import { clientCredentials, jsonOf, scimNode, workflowWith } from '../support/scimNode';

const DOMAIN = 'corp.example';
const emulator = useEmulator({ licenses: 5000 });
beforeEach(() => {
	emulator.reset();
	emulator.state.generateUsers(40, { domain: DOMAIN, start: 1 });
});

const userName = (n: number) => `user${String(n).padStart(6, '0')}@${DOMAIN}`;

/** A desired user as the Mapping node emits it: profile by name, create-only locale in the side-car. */
function person(n: number, extra: IDataObject = {}): IDataObject {
	return {
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
		userName: userName(n),
		externalId: `USER${String(n).padStart(6, '0')}`,
		name: { givenName: 'Bench', familyName: `User ${String(n).padStart(6, '0')}` },
		emails: [{ value: userName(n), type: 'work', primary: true }],
		entitlements: [{ display: 'Standard User', type: 'Profile', primary: true }],
		locale: 'en_US',
		_sfscim: { createOnly: ['locale'] },
		...extra,
	};
}

const people = (from: number, to: number, extra: (n: number) => IDataObject = () => ({})) =>
	Array.from({ length: to - from + 1 }, (_, i) => person(from + i, extra(from + i)));

function syncParams(dryRun: boolean, options: IDataObject = {}, more: IDataObject = {}) {
	return {
		resource: 'user',
		operation: 'sync',
		dryRun,
		matchBy: 'userName',
		scope: 'filter',
		scopeFilter: `userName ew "@${DOMAIN}"`,
		options: { retryDelayMs: 5, ...options },
		...more,
	};
}

async function sync(items: IDataObject[], dryRun: boolean, options: IDataObject = {}, more: IDataObject = {}, continueOnFail = false) {
	const node = { ...scimNode(syncParams(dryRun, options, more)), ...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}) };
	return await runWorkflow(workflowWith(node, items), { credentials: [clientCredentials(emulator)] });
}

const writes = () => {
	const counts = emulator.requestLog.countsObject();
	return Object.entries(counts).filter(([route]) => /^(POST|PATCH|PUT|DELETE) \/services\/scim/.test(route)).reduce((sum, [, n]) => sum + n, 0);
};
const actionsOf = (out: IDataObject[]) => out.filter((o) => !['summary', 'skip'].includes(String(o.action))).map((o) => `${String(o.action)}:${String(o.userName)}`).sort();
const summaryOf = (out: IDataObject[]) => out.find((o) => o.action === 'summary')!;
const user = (name: string) => [...emulator.state.users.values()].find((u) => u.attrs.userName === name)!;

/** 36 of 40 stay (5 with a new title, #6 inactive in Salesforce), 4 leave, 4 join. */
function directory() {
	user(userName(6)).attrs.active = false;
	return [...people(1, 36, (n) => (n <= 5 ? { title: 'Team Lead' } : {})), ...people(41, 44)];
}

test('dry run then apply: the same actions; a second apply writes nothing', async () => {
	const items = directory();
	const before = writes();
	const dry = await sync(items, true);
	expect(dry.error).toBeUndefined();
	const planned = jsonOf(dry);
	expect(writes()).toBe(before);
	expect(summaryOf(planned)).toMatchObject({ dryRun: true, create: 4, update: 5, reactivate: 1, deactivate: 4, writes: 14, managed: 40 });
	const update = planned.find((o) => o.action === 'update')!;
	expect(update.changes).toEqual([{ attribute: 'title', before: null, after: 'Team Lead' }]);
	expect(planned.find((o) => o.action === 'create')!.changes).toEqual(expect.arrayContaining([{ attribute: 'locale', before: null, after: 'en_US' }]));

	const applied = await sync(items, false);
	expect(applied.error).toBeUndefined();
	const done = jsonOf(applied);
	expect(actionsOf(done)).toEqual(actionsOf(planned));
	expect(done.filter((o) => o.outcome).map((o) => o.outcome)).not.toContain('failed');
	expect(writes() - before).toBe(14);
	// Requests: one page of 42 users, /Me, /Schemas, /Entitlements, then one write per action.
	expect(summaryOf(done).requests).toBe(1 + 1 + 1 + 1 + 14);
	expect(user(userName(44)).attrs.locale).toBe('en_US');
	expect(user(userName(37)).attrs.active).toBe(false);
	expect(user(userName(6)).attrs.active).toBe(true);
	expect(user(userName(1)).attrs.title).toBe('Team Lead');

	const afterFirst = writes();
	const again = await sync(items, false);
	expect(again.error).toBeUndefined();
	expect(actionsOf(jsonOf(again))).toEqual([]);
	expect(summaryOf(jsonOf(again))).toMatchObject({ writes: 0, noop: 40 });
	expect(writes()).toBe(afterFirst);
});

test('create-only attributes are not written on update', async () => {
	const result = await sync(people(1, 40, () => ({ locale: 'fr_FR' })), false);
	expect(result.error).toBeUndefined();
	expect(summaryOf(jsonOf(result))).toMatchObject({ update: 0, writes: 0 });
});

test('the threshold stops a mass deactivation before any write', async () => {
	const before = writes();
	const result = await sync(people(1, 10), false);
	expect(result.error?.message).toMatch(/Refusing to deactivate 30 of 40 managed active Salesforce users \(75\.0%\)/);
	expect(String(result.error?.description)).toMatch(/Confirm Mass Deactivation/);
	expect(writes()).toBe(before);
	// A dry run shows the plan and says it would be refused.
	const dry = await sync(people(1, 10), true);
	expect(summaryOf(jsonOf(dry))).toMatchObject({ deactivate: 30, refused: expect.stringMatching(/Refusing/) });
	// Confirmed, it goes ahead.
	const confirmed = await sync(people(1, 10), false, { confirmMassDeactivation: true });
	expect(summaryOf(jsonOf(confirmed))).toMatchObject({ deactivate: 30 });
	expect(user(userName(40)).attrs.active).toBe(false);
});

test('out-of-scope users are untouched, even when the input names them', async () => {
	const jane = 'jane.doe@sfscim-emulator.example';
	const items = [...people(1, 40), { userName: jane, name: { familyName: 'Doe' }, title: 'Changed' }];
	const result = await sync(items, false);
	expect(result.error).toBeUndefined();
	const out = jsonOf(result);
	expect(out.find((o) => o.action === 'skip')).toMatchObject({ issue: 'outOfScope', key: jane });
	expect(user(jane).attrs.title).toBeUndefined();
	expect(user('admin@sfscim-emulator.example').attrs.active).toBe(true);
	expect(summaryOf(out)).toMatchObject({ writes: 0, issues: 1 });
});

test('an empty input is refused before any request', async () => {
	const before = emulator.requestLog.total;
	const result = await sync([{}], false);
	expect(result.error?.message).toMatch(/Refusing to sync an empty input/);
	expect(String(result.error?.description)).toMatch(/Allow Empty Input/);
	expect(emulator.requestLog.total).toBe(before);
});

test('output items pair with the input item they came from', async () => {
	const items = [person(44), person(2, { title: 'X' })];
	const result = await sync(items, true, { confirmMassDeactivation: true });
	const outputs = result.outputs['Salesforce SCIM'][0];
	const byUser = (name: string) => outputs.find((o) => o.json.userName === name)!;
	expect(byUser(userName(44)).pairedItem).toEqual({ item: 0 });
	expect(byUser(userName(2)).pairedItem).toEqual({ item: 1 });
	expect(byUser(userName(3)).pairedItem).toEqual({ item: 0 });
});

test('under faults (5xx, resets, lost responses) repeated runs converge with no duplicate user', async () => {
	const items = [...people(1, 30, (n) => (n % 3 === 0 ? { title: 'Changed' } : {})), ...people(41, 100)];
	emulator.setFaults([
		// Certainly some lost creates (applied, answer never arrives), then 10% of everything.
		{ kind: 'lostResponse', method: 'POST', path: '/services/scim/v2/Users', nth: [1, 3, 5] },
		{ kind: 'lostResponse', method: 'PATCH', path: '/services/scim/v2/Users', nth: [2] },
		{ kind: ['status500', 'status503', 'reset', 'lostResponse'], rate: 0.1 },
	]);
	const options = { confirmMassDeactivation: true, maxAttempts: 6, concurrency: 4 };
	let runs = 0;
	let recovered = 0;
	for (; runs < 10; runs++) {
		const result = await sync(items, false, options, {}, true);
		const out = jsonOf(result);
		recovered += out.filter((o) => o.recovered === true).length;
		if (!result.error && summaryOf(out)?.writes === 0) break;
	}
	const fired = emulator.faults.list().map((rule) => rule.fired);
	emulator.setFaults([]);
	expect(fired[0]).toBe(3);
	expect(recovered).toBeGreaterThanOrEqual(3);
	const check = await sync(items, true, options);
	expect(check.error).toBeUndefined();
	expect(summaryOf(jsonOf(check))).toMatchObject({ writes: 0, noop: 90 });
	const names = [...emulator.state.users.values()].map((u) => u.attrs.userName);
	expect(names.length).toBe(new Set(names).size);
	expect(names.filter((n) => n.endsWith(`@${DOMAIN}`)).length).toBe(100);
	expect(runs).toBeLessThan(10);
});

test('a malformed scope filter is a configuration error, before any write', async () => {
	const before = writes();
	const result = await sync(people(1, 40), false, {}, { scopeFilter: 'userName ew' });
	expect(result.error?.message).toMatch(/scope filter is not valid/);
	expect(writes()).toBe(before);
});

test('managers named by username are linked from the users read, at no extra request', async () => {
	const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
	const items = people(1, 40, (n) => (n === 2 ? { [ENT]: { manager: { value: userName(1) } } } : n === 3 ? { _sfscim: { manager: { email: userName(1) } } } : {}));
	const result = await sync(items, false);
	expect(result.error).toBeUndefined();
	const managerId = user(userName(1)).id;
	expect(user(userName(2)).attrs.enterprise.managerId).toBe(managerId);
	expect(user(userName(3)).attrs.enterprise.managerId).toBe(managerId);
	expect(summaryOf(jsonOf(result))).toMatchObject({ update: 2, requests: 4 + 2 });
});

test('the user the node runs as is never deactivated, even in scope and missing from the input', async () => {
	const jane = { userName: 'jane.doe@sfscim-emulator.example', name: { familyName: 'Doe', givenName: 'Jane' }, emails: [{ value: 'jane.doe@sfscim-emulator.example' }] };
	const result = await sync([...people(1, 40), jane], false, {}, { scope: 'all' });
	expect(result.error).toBeUndefined();
	expect(summaryOf(jsonOf(result))).toMatchObject({ deactivate: 0, managed: 42 });
	expect(user('admin@sfscim-emulator.example').attrs.active).toBe(true);
});

test('continue on fail: a create Salesforce refuses is one failed item, the other actions still run', async () => {
	const taken = { ...person(41), userName: 'taken@example.com', emails: [{ value: 'taken@example.com' }] };
	const result = await sync([...people(1, 40, (n) => (n === 1 ? { title: 'Lead' } : {})), taken, person(42)], false, {}, {}, true);
	expect(result.error).toBeUndefined();
	const out = jsonOf(result);
	expect(out.find((o) => o.userName === 'taken@example.com')).toMatchObject({ action: 'create', outcome: 'failed', status: 409 });
	expect(out.find((o) => o.userName === userName(42))).toMatchObject({ action: 'create', outcome: 'created' });
	expect(out.find((o) => o.userName === userName(1))).toMatchObject({ action: 'update', outcome: 'updated' });
	expect(user(userName(42))).toBeDefined();
});

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

test('a fresh sync of a company with managers converges in one run: managers created first, reports linked to them', async () => {
	// 45 reports to 41, 46 and 47 to 45, 48 to 47 (three levels of new managers), 49 to an existing user,
	// 50 to someone nowhere to be found.
	const managerOf: Record<number, number> = { 45: 41, 46: 45, 47: 45, 48: 47, 49: 1 };
	const items = [
		...people(1, 40),
		...people(41, 50, (n) =>
			managerOf[n] ? { _sfscim: { createOnly: ['locale'], manager: { email: userName(managerOf[n]) } } } : n === 50 ? { _sfscim: { manager: { email: 'nobody@elsewhere.example' } } } : {},
		),
	];
	const first = await sync(items, false);
	expect(first.error).toBeUndefined();
	const out = jsonOf(first);
	expect(summaryOf(out)).toMatchObject({ create: 10 });
	for (const [report, manager] of Object.entries(managerOf)) {
		expect(user(userName(Number(report))).attrs.enterprise.managerId).toBe(user(userName(manager)).id);
	}
	expect(out.find((o) => o.userName === userName(50))).toMatchObject({ outcome: 'created', note: expect.stringMatching(/Manager "nobody@elsewhere\.example" is not a Salesforce user yet, so no manager was linked\. A later run links them/) });
	// The dry run of a second run has nothing to do.
	const second = await sync(items, true);
	expect(actionsOf(jsonOf(second))).toEqual([]);
	expect(summaryOf(jsonOf(second))).toMatchObject({ writes: 0 });
});

test('a dry run names a manager created in the same run, and an existing user is linked to a joiner in one run', async () => {
	const items = [...people(1, 40, (n) => (n === 2 ? { [ENT]: { manager: { value: userName(41) } } } : {})), person(41)];
	const dry = jsonOf(await sync(items, true));
	expect(dry.find((o) => o.userName === userName(2))!.changes).toEqual([{ attribute: `${ENT}:manager`, before: null, after: { value: `(created in this run) ${userName(41)}` } }]);
	const applied = await sync(items, false);
	expect(applied.error).toBeUndefined();
	expect(user(userName(2)).attrs.enterprise.managerId).toBe(user(userName(41)).id);
	expect(jsonOf(applied).find((o) => o.userName === userName(2))!.changes).toEqual([{ attribute: `${ENT}:manager`, before: null, after: { value: user(userName(41)).id } }]);
	expect(summaryOf(jsonOf(await sync(items, true)))).toMatchObject({ writes: 0 });
});

test('a manager whose create fails: the report is created without the link and told why', async () => {
	const taken = { ...person(41), userName: 'taken@example.com', emails: [{ value: 'taken@example.com' }] };
	const report = person(42, { _sfscim: { manager: { email: 'taken@example.com' } } });
	const result = await sync([...people(1, 40), taken, report], false, {}, {}, true);
	expect(result.error).toBeUndefined();
	const out = jsonOf(result);
	expect(out.find((o) => o.userName === 'taken@example.com')).toMatchObject({ outcome: 'failed' });
	expect(out.find((o) => o.userName === userName(42))).toMatchObject({ outcome: 'created', note: expect.stringMatching(/Manager taken@example\.com was not created in this run/) });
	expect(user(userName(42)).attrs.enterprise.managerId).toBeUndefined();
});

describe('an org that does not keep everything it is sent', () => {
	afterEach(() => Object.assign(emulator.behaviour, { dropAttributes: [], phoneFormat: 'asSent' }));
	const address = { type: 'work', streetAddress: '1 Main St', locality: 'Springfield', postalCode: '12345', country: 'US' };
	const extra = (n: number) => ({ addresses: [address], phoneNumbers: [{ type: 'work', value: `+1 (415) 555-${String(n).padStart(4, '0')}` }] });

	test('addresses dropped, phones reformatted: run 1 says "not kept by this org" once, runs 2 and 3 have nothing to do', async () => {
		Object.assign(emulator.behaviour, { dropAttributes: ['addresses'], phoneFormat: 'e164' });
		const items = [...people(1, 40), ...people(41, 43, extra)];
		const first = await sync(items, false);
		expect(first.error).toBeUndefined();
		const out = jsonOf(first);
		expect(summaryOf(out)).toMatchObject({ create: 3, notKept: 3 });
		const created = out.find((o) => o.userName === userName(41))!;
		expect(created.notKept).toEqual([
			expect.objectContaining({ attribute: 'addresses', message: expect.stringMatching(/^Not kept by this org: its SCIM schema has no addresses attribute/) }),
			expect.objectContaining({ attribute: 'phoneNumbers', kept: [{ type: 'work', value: '+14155550041' }], message: expect.stringMatching(/^Not kept by this org as sent/) }),
		]);
		expect(user(userName(41)).attrs.phone).toEqual({ type: 'work', value: '+14155550041' });
		for (const run of [2, 3]) {
			const before = writes();
			const again = await sync(items, false);
			expect(again.error).toBeUndefined();
			const done = jsonOf(again);
			expect({ run, actions: actionsOf(done) }).toEqual({ run, actions: [] });
			expect(summaryOf(done)).toMatchObject({ writes: 0, notKept: 0 });
			expect(done.some((o) => o.notKept)).toBe(false);
			expect(writes()).toBe(before);
		}
	});

	test('existing users: an address the org drops is never sent, a reformatted phone is sent once', async () => {
		Object.assign(emulator.behaviour, { dropAttributes: ['addresses'], phoneFormat: 'e164' });
		const items = people(1, 40, (n) => (n <= 2 ? extra(n) : {}));
		const first = jsonOf(await sync(items, false));
		expect(summaryOf(first)).toMatchObject({ update: 2, notKept: 2 });
		const updated = first.find((o) => o.userName === userName(1))!;
		expect(updated.changes).toEqual([{ attribute: 'phoneNumbers', before: null, after: [{ type: 'work', value: '+1 (415) 555-0001' }] }]);
		expect((updated.notKept as IDataObject[]).map((n) => n.attribute)).toEqual(['addresses', 'phoneNumbers']);
		expect(summaryOf(jsonOf(await sync(items, false)))).toMatchObject({ writes: 0, notKept: 0 });
	});
});
