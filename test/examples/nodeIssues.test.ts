/**
 * Node behaviour the example workflows ran into, pinned as `test.failing` until the node code is fixed (jest
 * then reports the test as passing-when-it-should-fail: turn it into a plain `test`). Each case states what a
 * user of the example would expect.
 */
import { demoSeed, emulatorCredential, INTEGRATION_USER, loadExample, manualTriggerOf, withCredential } from '../../cli/src/demo';
import { startEmulator, type Emulator } from '../../cli/src/emulator';
import { runWorkflow, type WorkflowFile } from '../../cli/src/engine';

let emulator: Emulator;
beforeEach(async () => {
	emulator = await startEmulator({ data: demoSeed(), oauth: { runAsUser: INTEGRATION_USER } });
});
afterEach(async () => await emulator.close());

async function run(file: string, change: (wf: WorkflowFile) => void) {
	const credential = emulatorCredential(emulator, 'example-credential');
	const wf = withCredential(loadExample(file), credential);
	change(wf);
	return await runWorkflow(wf, { credentials: [credential], startNode: manualTriggerOf(wf) });
}

const syncItems = (result: Awaited<ReturnType<typeof run>>) => result.outputs['Sync Salesforce users'][0].map((i) => i.json);

test('an employee whose HR row turns invalid (email cleared) is not planned as a leaver', async () => {
	// The Mapping node sends the row to its Invalid output, so the Sync never sees the person and deactivates
	// them as "Not in the input": the sync's own rule (a bad value in someone's row must never make them a
	// leaver) only holds for invalid users that reach it.
	const result = await run('hr-sync.json', (wf) => {
		const rows = wf.pinData![manualTriggerOf(wf)];
		delete rows.find((row) => row.json['\uFEFFEmployee ID'] === 'E141')!.json.Email;
	});
	expect(syncItems(result).filter((item) => item.key === 'e141' && item.action === 'deactivate')).toEqual([]);
});

test('the dry-run plan lists only attributes that change (no manager line when the manager stays)', async () => {
	// E132 moves from Marketing to Sales with the same manager. The whole enterprise extension is written, and
	// scim/sync/changes.ts compares the manager sub-attribute with deepEqual: Salesforce's {value, $ref,
	// displayName} against the plan's {value}, so an unchanged manager shows up as a change.
	const result = await run('hr-sync.json', () => undefined);
	const moved = syncItems(result).find((item) => item.key === 'e132')!;
	expect((moved.changes as Array<{ attribute: string }>).map((c) => c.attribute.split(':').pop())).toEqual(['title', 'department', 'entitlements']);
});
