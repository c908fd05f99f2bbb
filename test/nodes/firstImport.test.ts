/**
 * Issue 15, parts 2 and 4: the first import of a whole company through Mapping (CSV preset) → Create or Update,
 * in n8n's engine against the emulator. Reports come before their managers in the export, managers may be
 * missing, names may loop, and leavers are in the file too.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../cli/src/emulator';
import { runWorkflow, type RunResult, type WorkflowFile } from '../../cli/src/engine';
import { clientCredentials, NODE as SCIM, scimNode } from '../support/scimNode';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

const MAPPING = 'Salesforce SCIM Mapping';
const DOMAIN = 'acme-import.example';

interface Row extends IDataObject {
	'Employee ID': string;
	'First Name': string;
	'Last Name': string;
	Email: string;
	Title: string;
	'Manager Email'?: string;
	'Manager ID'?: string;
	Status?: string;
}

function row(n: number, title: string, manager?: { email?: string; id?: string }, status = 'Active'): Row {
	return {
		'Employee ID': `E${String(n).padStart(3, '0')}`,
		'First Name': `Person${n}`,
		'Last Name': 'Acme',
		Email: `person${n}@${DOMAIN}`,
		Title: title,
		...(manager?.email ? { 'Manager Email': manager.email } : {}),
		...(manager?.id ? { 'Manager ID': manager.id } : {}),
		Status: status,
	};
}

/** A deterministic shuffle (a fixed LCG), so a failure replays the same way. */
function shuffled<T>(list: T[], seed: number): T[] {
	const out = [...list];
	let state = seed;
	for (let i = out.length - 1; i > 0; i--) {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		const j = state % (i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/**
 * 50 people, 4 levels: a CEO, 3 VPs, 12 managers, 34 engineers. Every fifth person names the manager by employee
 * ID only (Manager ID), the others by email. Deepest level first, shuffled within each level: every report comes
 * before their manager, as in an export sorted by hire date or by name.
 */
function company(): { rows: Row[]; managerOf: Map<string, string | undefined> } {
	const levels: Row[][] = [[row(0, 'CEO')], [], [], []];
	const managerOf = new Map<string, string | undefined>([[levels[0][0].Email, undefined]]);
	let n = 1;
	const counts = [3, 12, 34];
	for (let level = 1; level <= 3; level++) {
		const above = levels[level - 1];
		for (let k = 0; k < counts[level - 1]; k++, n++) {
			const boss = above[k % above.length];
			const byId = n % 5 === 0;
			const person = row(n, ['VP', 'Manager', 'Engineer'][level - 1], byId ? { id: boss['Employee ID'] } : { email: boss.Email });
			levels[level].push(person);
			managerOf.set(person.Email, boss.Email);
		}
	}
	const rows = [...levels].reverse().flatMap((level, i) => shuffled(level, 7 + i));
	return { rows, managerOf };
}

function importWorkflow(rows: IDataObject[], operation = 'upsert', options: IDataObject = {}, onError?: INode['onError']): WorkflowFile {
	const mapping: INode = {
		id: 'mapping',
		name: MAPPING,
		type: 'n8n-nodes-salesforce-scim.salesforceScimMapping',
		typeVersion: 1,
		position: [200, 0],
		parameters: { preset: 'csv', defaultProfile: 'Standard User' },
	};
	const scim = { ...scimNode({ resource: 'user', operation, matchBy: 'userName', userInput: 'resource', options }), ...(onError ? { onError } : {}) };
	return {
		nodes: [{ id: 'trigger', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, mapping, scim],
		connections: {
			Start: { main: [[{ node: MAPPING, type: 'main' as never, index: 0 }]] },
			[MAPPING]: { main: [[{ node: SCIM, type: 'main' as never, index: 0 }], []] },
		},
		pinData: { Start: rows.map((json) => ({ json })) },
	};
}

async function run(rows: IDataObject[], operation = 'upsert', options: IDataObject = {}, onError?: INode['onError']): Promise<RunResult> {
	return await runWorkflow(importWorkflow(rows, operation, options, onError), { credentials: [clientCredentials(emulator)] });
}

const outputOf = (result: RunResult) => result.outputs[SCIM]?.[0] ?? [];

function userNamed(userName: string) {
	return [...emulator.state.users.values()].find((user) => String(user.attrs.userName) === userName.toLowerCase());
}

function managerNameOf(userName: string): string | undefined {
	const managerId = userNamed(userName)?.attrs.enterprise.managerId;
	return managerId ? String(emulator.state.users.get(managerId)?.attrs.userName) : undefined;
}

const writes = (method: 'POST' | 'PATCH') =>
	Object.entries(emulator.requestLog.countsObject())
		.filter(([key]) => key.startsWith(`${method} /services/scim/v2/Users`))
		.reduce((sum, [, count]) => sum + count, 0);

describe('Create or Update: a first import of a whole company', () => {
	test('50 people, 4 levels, every report before their manager: all created and all linked in one execution', async () => {
		const { rows, managerOf } = company();
		// The export really is upside down: the first row's manager comes later in the file.
		expect(rows.findIndex((r) => r.Email === managerOf.get(rows[0].Email))).toBeGreaterThan(0);

		const result = await run(rows);
		expect(result.error).toBeUndefined();
		const out = outputOf(result);
		expect(out).toHaveLength(50);
		// Input order and pairing are kept whatever order the writes took.
		expect(out.map((item) => item.pairedItem)).toEqual(rows.map((_, item) => ({ item })));
		expect(out.map((item) => item.json.userName)).toEqual(rows.map((r) => r.Email.toLowerCase()));
		expect(out.map((item) => item.json.action)).toEqual(rows.map(() => 'created'));
		expect(out.filter((item) => item.json.managerLink !== undefined)).toEqual([]);

		for (const r of rows) expect([r.Email, managerNameOf(r.Email)]).toEqual([r.Email, managerOf.get(r.Email)]);
		// Managers first, so each person is one POST with the link in it: no PATCH afterwards.
		expect(writes('POST')).toBe(50);
		expect(writes('PATCH')).toBe(0);
		// The output says who the manager is, as Salesforce has it.
		const [first] = out;
		expect(first.json.managerId).toBe(userNamed(managerOf.get(rows[0].Email)!)!.id);

		// And a second run finds everyone as they should be.
		const again = await run(rows);
		expect(again.error).toBeUndefined();
		expect(outputOf(again).map((item) => item.json.action)).toEqual(rows.map(() => 'unchanged'));
		expect(writes('POST')).toBe(50);
		expect(writes('PATCH')).toBe(0);
	});

	test('with concurrency 1 the order still works (no one waits for a manager nobody is writing)', async () => {
		const { rows, managerOf } = company();
		const result = await run(rows, 'upsert', { concurrency: 1 });
		expect(result.error).toBeUndefined();
		expect(outputOf(result).map((item) => item.json.action)).toEqual(rows.map(() => 'created'));
		for (const r of rows) expect([r.Email, managerNameOf(r.Email)]).toEqual([r.Email, managerOf.get(r.Email)]);
		expect(writes('PATCH')).toBe(0);
	});

	test('a manager found nowhere does not block the user: created, link reported as unresolved; a later run links it', async () => {
		const boss = row(900, 'Director');
		const rows = [row(901, 'Engineer', { email: boss.Email }), row(902, 'Engineer', { id: boss['Employee ID'] }), row(903, 'Engineer')];
		const first = await run(rows);
		expect(first.error).toBeUndefined();
		const out = outputOf(first);
		expect(out.map((item) => item.json.action)).toEqual(['created', 'created', 'created']);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json).toMatchObject({ managerLink: 'unresolved' });
		expect(String(out[0].json.note)).toMatch(new RegExp(`${boss.Email.replace(/\./g, '\\.')}.*not a Salesforce user.*later run`, 'i'));
		expect(out[1].json).toMatchObject({ managerLink: 'unresolved' });
		expect(String(out[1].json.note)).toContain(boss['Employee ID']);
		expect(out[2].json.managerLink).toBeUndefined();
		expect(out[2].json.note).toBeUndefined();
		expect(managerNameOf(rows[0].Email)).toBeUndefined();

		// The manager joins later (another run, another source): the next run links both reports.
		const hired = await run([boss]);
		expect(outputOf(hired).map((item) => item.json.action)).toEqual(['created']);
		const second = await run(rows);
		expect(second.error).toBeUndefined();
		const after = outputOf(second);
		expect(after.map((item) => item.json.action)).toEqual(['updated', 'updated', 'unchanged']);
		expect(after[0].json.managerLink).toBeUndefined();
		expect(managerNameOf(rows[0].Email)).toBe(boss.Email);
		expect(managerNameOf(rows[1].Email)).toBe(boss.Email);
	});

	test('an existing user whose manager cannot be found keeps the manager Salesforce has, and the rest is updated', async () => {
		const boss = row(910, 'Director');
		const report = row(911, 'Engineer', { email: boss.Email });
		await run([boss, report]);
		expect(managerNameOf(report.Email)).toBe(boss.Email);
		const moved = { ...report, Title: 'Staff Engineer', 'Manager Email': `nobody@${DOMAIN}` };
		const result = await run([moved]);
		expect(result.error).toBeUndefined();
		expect(outputOf(result)[0].json).toMatchObject({ action: 'updated', changed: ['title'], managerLink: 'unresolved' });
		expect(managerNameOf(report.Email)).toBe(boss.Email);
	});

	test('a loop (A manages B manages A) and a CEO who names themselves: everyone created, links set where Salesforce allows', async () => {
		const a = row(920, 'Co-founder');
		const b = row(921, 'Co-founder', { email: a.Email });
		a['Manager Email'] = b.Email;
		const ceo = row(922, 'CEO');
		ceo['Manager Email'] = ceo.Email;
		const report = row(923, 'Engineer', { email: ceo.Email });
		const rows = [report, a, b, ceo];
		const result = await run(rows);
		expect(result.error).toBeUndefined();
		const out = outputOf(result);
		expect(out.map((item) => item.json.action)).toEqual(['created', 'created', 'created', 'created']);
		expect(out.map((item) => item.pairedItem)).toEqual(rows.map((_, item) => ({ item })));
		// The loop is closed after both exist: the first of the two is linked once the second is created.
		expect(managerNameOf(a.Email)).toBe(b.Email);
		expect(managerNameOf(b.Email)).toBe(a.Email);
		expect(out[1].json.managerId).toBe(userNamed(b.Email)!.id);
		// Salesforce refuses a user as their own manager: no link, said so, not an error.
		expect(managerNameOf(ceo.Email)).toBeUndefined();
		expect(out[3].json).toMatchObject({ managerLink: 'self' });
		expect(String(out[3].json.note)).toMatch(/own manager/);
		expect(managerNameOf(report.Email)).toBe(ceo.Email);

		const again = await run(rows);
		expect(outputOf(again).map((item) => item.json.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
	});

	test('a manager whose own write fails (continue on fail) leaves the report created and the link unresolved', async () => {
		// taken@example.com is a username another Salesforce org holds: the manager's create is refused (409).
		const boss = { ...row(930, 'Director'), Email: 'taken@example.com' };
		const report = row(931, 'Engineer', { id: boss['Employee ID'] });
		const result = await run([report, boss, row(932, 'Engineer')], 'upsert', {}, 'continueRegularOutput');
		const out = outputOf(result);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out.map((item) => item.json.action)).toEqual(['created', undefined, 'created']);
		expect(String(out[1].json.error)).toMatch(/taken|exists|duplicate/i);
		expect(out[0].json).toMatchObject({ managerLink: 'unresolved' });
		expect(managerNameOf(report.Email)).toBeUndefined();
	});
});

describe('Create or Update and Sync agree on leavers', () => {
	test('a leaver who is not in Salesforce is skipped, said so; a leaver who is in Salesforce is deactivated', async () => {
		const stays = row(940, 'Engineer');
		const left = row(941, 'Engineer', undefined, 'Terminated');
		const leftEarlier = row(942, 'Engineer');
		await run([leftEarlier]);
		const rows = [stays, left, { ...leftEarlier, Status: 'Terminated' }];
		const result = await run(rows);
		expect(result.error).toBeUndefined();
		const out = outputOf(result);
		expect(out.map((item) => item.json.action)).toEqual(['created', 'skipped', 'updated']);
		expect(out[1].json).toMatchObject({ userName: left.Email, reason: 'Inactive in the source and not in Salesforce: not created' });
		expect(out[1].json.id).toBeUndefined();
		expect(out[1].pairedItem).toEqual({ item: 1 });
		expect(userNamed(left.Email)).toBeUndefined();
		expect(userNamed(leftEarlier.Email)?.attrs.active).toBe(false);

		// Sync plans the same person the same way, with the same reason.
		const sync = await run([stays, left], 'sync', { includeUnchanged: true });
		expect(sync.error).toBeUndefined();
		const planned = outputOf(sync).find((item) => item.json.userName === left.Email);
		expect(planned?.json).toMatchObject({ reason: out[1].json.reason });
	});

	test('without Simplify, the skipped leaver is the desired user with the outcome beside it', async () => {
		const left = row(950, 'Engineer', undefined, 'Terminated');
		const result = await run([left], 'upsert', { simplify: false });
		const [item] = outputOf(result);
		expect(item.json).toMatchObject({ userName: left.Email, active: false, _sfscim: { action: 'skipped' } });
	});
});

describe('Create: the same rules for managers, an explicit create for leavers', () => {
	test('reports before managers: all created and linked; a missing manager is reported; a leaver is created inactive as asked', async () => {
		const { rows, managerOf } = company();
		const some = rows.slice(-13); // the last 9 managers, the 3 VPs and the CEO
		const missing = row(960, 'Engineer', { email: `ghost@${DOMAIN}` });
		const leaver = row(961, 'Engineer', undefined, 'Terminated');
		const result = await run([missing, ...some, leaver], 'create');
		expect(result.error).toBeUndefined();
		const out = outputOf(result);
		expect(out.map((item) => item.json.action)).toEqual([missing, ...some, leaver].map(() => 'created'));
		expect(out[0].json).toMatchObject({ managerLink: 'unresolved' });
		expect(String(out[0].json.note)).toMatch(/ghost@acme-import\.example.*Create or Update/);
		for (const r of some) expect([r.Email, managerNameOf(r.Email)]).toEqual([r.Email, managerOf.get(r.Email)]);
		expect(userNamed(leaver.Email)?.attrs.active).toBe(false);
		expect(writes('PATCH')).toBe(0);
	});
});
