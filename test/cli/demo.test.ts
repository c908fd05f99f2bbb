import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { Emulator } from '../../cli/src/emulator';
import { formatReport, runDemo, type DemoResult } from '../../cli/src/demo';

// One demo run for the whole file: it is the test (about 4 s), the assertions read its result and final org.
let result: DemoResult;
const final: { users: Map<string, { active: boolean; title?: string; department?: string; groups: string[]; permissionSets: string[] }>; writesAfterRerun?: number } = { users: new Map() };

beforeAll(async () => {
	result = await runDemo({
		inspect: (emulator: Emulator) => {
			const { state } = emulator;
			for (const u of state.users.values()) {
				final.users.set(u.attrs.userName, {
					active: u.attrs.active,
					title: u.attrs.title,
					department: u.attrs.enterprise.department,
					groups: [...(state.userGroups.get(u.id) ?? [])].map((id) => state.groups.get(id)!.displayName).sort(),
					permissionSets: u.permissionSetIds.map((id) => state.permissionSets.get(id)!.label).sort(),
				});
			}
		},
	});
}, 180_000);

const user = (local: string) => final.users.get(`${local}@aurora-logistics.example`);

test('exits OK: every check against the final org passes, well under a minute', () => {
	expect(result.checks.filter((c) => !c.ok)).toEqual([]);
	expect(result.ok).toBe(true);
	expect(result.ms).toBeLessThan(30_000);
	expect(result.steps.map((s) => s.error)).toEqual([undefined, undefined, undefined, undefined, undefined]);
});

test('the dry run plans every kind of change and writes nothing', () => {
	const [dry] = result.steps;
	expect(dry.plan).toMatchObject({ dryRun: true, create: 3, update: 3, deactivate: 3, reactivate: 1, writes: 10 });
	expect(dry.requests.writes).toBe(0);
	expect(dry.invalid).toEqual([{ who: 'Devon Blake (E183)', reasons: [expect.stringMatching(/^userName: /), expect.stringMatching(/^emails: /)] }]);
	const lines = Object.fromEntries(dry.lines.map((l) => [l.subject, l]));
	expect(lines['tomasz.kowalczyk@aurora-logistics.example'].details).toEqual(['title: Account Executive → Senior Account Executive']);
	expect(lines['pat.quinn@aurora-logistics.example']).toMatchObject({ action: 'deactivate', details: ['Not in the input'] });
	expect(lines['zoe.angstrom-nunez@aurora-logistics.example'].details[0]).toMatch(/Account Executive · Sales · manager Rafael Domínguez/);
});

test('applied: exactly the planned writes; run again: nothing left to do, zero writes', () => {
	const [, applied, again] = result.steps;
	expect(applied.requests.writes).toBe(10);
	// skip: the invalid HR row, flagged by the Mapping node so the Sync never takes that person for a leaver.
	expect(applied.actions).toEqual({ create: 3, update: 3, deactivate: 3, reactivate: 1, skip: 1 });
	expect(again.plan).toMatchObject({ writes: 0, create: 0, update: 0, deactivate: 0, reactivate: 0 });
	expect(again.requests.writes).toBe(0);
	expect(Object.keys(again.requests.byRoute).filter((route) => !route.startsWith('GET') && !route.includes('oauth2'))).toEqual([]);
});

test('the final org: joiners, promotions, leavers, rehire, events', () => {
	expect(user('zoe.angstrom-nunez')).toMatchObject({ active: true, title: 'Account Executive', permissionSets: ['Sales Cloud User'] });
	expect(user('lukasz.wroblewski')).toMatchObject({ active: true, permissionSets: ['Knowledge User', 'Service Console'] });
	expect(user('tomasz.kowalczyk')).toMatchObject({ active: true, title: 'Senior Account Executive' });
	expect(user('oluwaseun.adeyemi')).toMatchObject({ title: 'Sales Enablement Manager', department: 'Sales', permissionSets: ['Sales Cloud User'] });
	for (const leaver of ['liam.oconnor', 'noah.fischer', 'pat.quinn', 'klaus.becker', 'emma.wilson']) expect(user(leaver)?.active).toBe(false);
	expect(user('lucas.martin')?.active).toBe(true);
	expect(user('soren.kjaergaard')).toMatchObject({ active: true, groups: ['All Sales'] });
	expect(user('raj.patel')).toMatchObject({ active: false, groups: [] });
	expect(user('integration')?.active).toBe(true);
	expect([...final.users.values()].filter((u) => u.title === 'Warehouse Contractor')).toEqual([]);
});

test('the report names each change, the invalid record, the requests and the verdict', () => {
	const text = formatReport(result);
	expect(text).toMatch(/1\. HR sync · dry run/);
	expect(text).toMatch(/Plan: 3 create · 3 update · 3 deactivate · 1 reactivate · 23 unchanged/);
	expect(text).toMatch(/Done: 3 created · 3 updated · 3 deactivated · 1 reactivated/);
	expect(text).toMatch(/Nothing left to do: .* 0 writes/);
	expect(text).toMatch(/✗ Devon Blake \(E183\): userName/);
	expect(text).toMatch(/- deactivated raj\.patel@aurora-logistics\.example +was in Operations, EMEA/);
	expect(text).toMatch(/API requests: \d+ in all, 13 writes/);
	expect(text.split('\n').pop()).toMatch(/^OK · the org is in the expected state · /);
	// The consumer secret never reaches the report or the JSON.
	expect(JSON.stringify(result)).not.toMatch(/E7F1C0DE5EC2E7/);
});

test('sfscim demo --json: exit 0 and the same result as data', async () => {
	const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, '..', '..', 'cli', 'bin', 'run.js'), 'demo', '--json'], { maxBuffer: 16 * 1024 * 1024 });
	const parsed = JSON.parse(stdout) as DemoResult;
	expect(parsed.ok).toBe(true);
	expect(parsed.steps.map((s) => [s.requests.writes, s.plan?.writes ?? null])).toEqual([[0, 10], [10, 10], [0, 0], [2, null], [1, null]]);
}, 180_000);
