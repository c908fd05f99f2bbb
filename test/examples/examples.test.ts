import { readdirSync } from 'node:fs';

import { AGENT_EXAMPLE, demoSeed, EXAMPLES_DIR, emulatorCredential, hrExport, INTEGRATION_USER, loadExample, manualTriggerOf, RUNNABLE_EXAMPLES, withCredential } from '../../cli/src/demo';
import { startEmulator, type Emulator } from '../../cli/src/emulator';
import { harnessTypes, runWorkflow, type WorkflowFile } from '../../cli/src/engine';

const files = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort();
const WRITES = /^(POST|PATCH|PUT|DELETE) \/services\/scim\//;

function writes(emulator: Emulator): number {
	return Object.entries(emulator.requestLog.countsObject()).reduce((n, [route, count]) => n + (WRITES.test(route) ? count : 0), 0);
}

describe('every example is an importable n8n workflow', () => {
	test('the set: three runnable in the harness, the AI agent one for the editor, the two SCIM Trigger ones, one Directory Change Trigger per source', () => {
		// okta-push and entra-push start with the SCIM Trigger: proven in test/nodes/scimTrigger.test.ts and test:n8n.
		// The directory ones start with a polling trigger: test/trigger/examples.test.ts polls them against the source emulators.
		const directory = ['entra', 'okta', 'google', 'bamboohr', 'list'].map((source) => `directory-${source}.json`);
		expect(files).toEqual([AGENT_EXAMPLE, ...RUNNABLE_EXAMPLES, 'entra-push.json', 'okta-push.json', ...directory].sort());
	});

	test.each(files)('%s: fixed id, unique node ids and names, connections to real nodes, sticky notes, placeholder credentials', (file) => {
		const wf = loadExample(file) as WorkflowFile & { settings: Record<string, unknown> };
		expect(wf.id).toMatch(/^[A-Za-z0-9]{1,21}$/);
		expect(wf.name).toMatch(/^Salesforce SCIM · /);
		const names = wf.nodes.map((n) => n.name);
		expect(new Set(names).size).toBe(names.length);
		expect(new Set(wf.nodes.map((n) => n.id)).size).toBe(names.length);
		for (const [from, outputs] of Object.entries(wf.connections)) {
			expect(names).toContain(from);
			for (const list of Object.values(outputs)) for (const conns of list) for (const c of conns ?? []) expect(names).toContain(c.node);
		}
		expect(wf.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').length).toBeGreaterThanOrEqual(2);
		for (const node of wf.nodes) {
			for (const [type, ref] of Object.entries(node.credentials ?? {})) {
				expect([type, ref.id]).toEqual([type, expect.stringMatching(/^REPLACE_WITH_YOUR_/)]);
			}
		}
		expect(wf.settings.executionOrder).toBe('v1');
	});

	test.each(files)("%s: every Salesforce SCIM parameter is one the node has", (file) => {
		const node = harnessTypes().nodes.getByNameAndVersion('n8n-nodes-salesforce-scim.salesforceScim', 1);
		expect(node.description.usableAsTool).toBe(true);
		const known = new Set(node.description.properties.map((p) => p.name));
		const operations = new Set(node.description.properties.filter((p) => p.name === 'operation').flatMap((p) => (p.options ?? []).map((o) => (o as { value: string }).value)));
		for (const n of loadExample(file).nodes.filter((n) => /\.salesforceScim(Tool)?$/.test(n.type))) {
			const own = Object.keys(n.parameters).filter((key) => !['descriptionType', 'toolDescription'].includes(key));
			expect(own.filter((key) => !known.has(key))).toEqual([]);
			expect(operations).toContain(n.parameters.operation);
		}
	});

	test.each(RUNNABLE_EXAMPLES)('%s starts with a Manual Trigger holding sample data (n8n execute runs it headless)', (file) => {
		const wf = loadExample(file);
		const trigger = manualTriggerOf(wf);
		expect(wf.nodes.find((n) => /Trigger$|\.webhook$/.test(n.type))?.name).toBe(trigger);
		expect(wf.pinData?.[trigger]?.length).toBeGreaterThan(0);
	});

	test('the HR export pinned in hr-sync.json is the demo org’s HR export', () => {
		const wf = loadExample('hr-sync.json');
		expect(wf.pinData?.[manualTriggerOf(wf)]?.map((item) => item.json)).toEqual(hrExport());
	});

	test('the AI agent example wires the Salesforce SCIM node as tools of an AI Agent with a chat model', () => {
		const wf = loadExample(AGENT_EXAMPLE);
		const agent = wf.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.agent')!;
		const tools = wf.nodes.filter((n) => n.type === 'n8n-nodes-salesforce-scim.salesforceScimTool');
		expect(tools.length).toBeGreaterThanOrEqual(3);
		for (const tool of tools) {
			expect(wf.connections[tool.name].ai_tool).toEqual([[{ node: agent.name, type: 'ai_tool', index: 0 }]]);
			expect(tool.parameters.toolDescription).toEqual(expect.any(String));
		}
		// The model fills in who and which group; the operation and everything else stay fixed by the builder.
		expect(tools.filter((t) => JSON.stringify(t.parameters).includes('$fromAI(')).length).toBe(3);
		const model = Object.entries(wf.connections).find(([, c]) => c.ai_languageModel)?.[0];
		expect(wf.nodes.find((n) => n.name === model)?.type).toMatch(/^@n8n\/n8n-nodes-langchain\.lmChat/);
		// The harness has no LangChain nodes: this one is imported by the real-n8n suite, never run headless.
		expect(wf.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger')).toBe(false);
	});
});

describe('the runnable examples in the engine harness, against the emulated Aurora Logistics org', () => {
	let emulator: Emulator;
	const run = async (file: string, change?: (wf: WorkflowFile) => void) => {
		const credential = emulatorCredential(emulator, 'example-credential');
		const wf = withCredential(loadExample(file), credential);
		change?.(wf);
		return await runWorkflow(wf, { credentials: [credential], startNode: manualTriggerOf(wf) });
	};
	const user = (local: string) => emulator.state.findUser(`${local}@aurora-logistics.example`);
	const groupsOf = (local: string) => [...(emulator.state.userGroups.get(user(local)!.id) ?? [])].map((id) => emulator.state.groups.get(id)!.displayName).sort();

	beforeEach(async () => {
		emulator = await startEmulator({ data: demoSeed(), oauth: { runAsUser: INTEGRATION_USER } });
	});
	afterEach(async () => await emulator.close());

	test('hr-sync.json as shipped is a dry run: the plan comes out, Salesforce is untouched', async () => {
		const result = await run('hr-sync.json');
		expect(result.error).toBeUndefined();
		const out = result.outputs['Sync Salesforce users'][0].map((i) => i.json);
		expect(out.at(-1)).toMatchObject({ action: 'summary', dryRun: true, create: 3, update: 3, deactivate: 3, reactivate: 1, writes: 10 });
		expect(result.outputs['Map HR rows'][1].map((i) => i.json.user)).toEqual([expect.objectContaining({ externalId: 'E183' })]);
		expect(writes(emulator)).toBe(0);
		expect(user('tomasz.kowalczyk')!.attrs.title).toBe('Account Executive');
	});

	test('hr-sync.json with Dry Run off: the org follows HR; a second run writes nothing', async () => {
		const apply = (wf: WorkflowFile) => void (wf.nodes.find((n) => n.parameters.operation === 'sync')!.parameters.dryRun = false);
		const first = await run('hr-sync.json', apply);
		expect(first.error).toBeUndefined();
		expect(writes(emulator)).toBe(10);
		expect(user('tomasz.kowalczyk')!.attrs.title).toBe('Senior Account Executive');
		expect(user('zoe.angstrom-nunez')).toMatchObject({ attrs: expect.objectContaining({ active: true, externalId: 'E180' }) });
		expect(user('zoe.angstrom-nunez')!.attrs.enterprise.managerId).toBe(user('rafael.dominguez')!.id);
		expect([user('liam.oconnor'), user('noah.fischer'), user('pat.quinn')].map((u) => u!.attrs.active)).toEqual([false, false, false]);
		expect(user('lucas.martin')!.attrs.active).toBe(true);
		expect(emulator.state.findUser(INTEGRATION_USER)!.attrs.active).toBe(true);
		const second = await run('hr-sync.json', apply);
		// The invalid HR row (E183) reaches the Sync flagged, so it is reported (skip) and nobody else is touched.
		expect(second.outputs['Sync Salesforce users'][0].map((i) => i.json)).toEqual([
			expect.objectContaining({ action: 'skip', key: 'e183', issue: 'invalid' }),
			expect.objectContaining({ action: 'summary', writes: 0 }),
		]);
		expect(writes(emulator)).toBe(10);
	});

	test('joiner-webhook.json: the Entra joiner is created with manager and permission set, added to the group; the event again changes nothing', async () => {
		const result = await run('joiner-webhook.json');
		expect(result.error).toBeUndefined();
		const soren = user('soren.kjaergaard')!;
		expect(soren.attrs).toMatchObject({ active: true, externalId: 'E190', title: 'Account Executive', name: { givenName: 'Søren', familyName: 'Kjærgaard' } });
		expect(soren.attrs.enterprise.managerId).toBe(user('rafael.dominguez')!.id);
		expect(soren.permissionSetIds.map((id) => emulator.state.permissionSets.get(id)!.label)).toEqual(['Sales Cloud User']);
		expect(groupsOf('soren.kjaergaard')).toEqual(['All Sales']);
		const before = writes(emulator);
		const again = await run('joiner-webhook.json');
		expect(again.outputs['Create or update in Salesforce'][0][0].json).toMatchObject({ action: 'unchanged' });
		expect(again.outputs['Add to department group'][0][0].json).toMatchObject({ action: 'unchanged' });
		expect(writes(emulator)).toBe(before);
	});

	test('leaver-event.json: the leaver is deactivated and in no public group; the event again changes nothing', async () => {
		expect(groupsOf('raj.patel')).toEqual(['EMEA', 'Operations']);
		const result = await run('leaver-event.json');
		expect(result.error).toBeUndefined();
		expect(result.outputs['Deactivate leaver'][0][0].json).toMatchObject({ action: 'deactivated', groups: expect.arrayContaining([expect.stringMatching(/^00G/)]) });
		expect(result.outputs['Remove from group'][0]).toHaveLength(2);
		expect(user('raj.patel')!.attrs.active).toBe(false);
		expect(groupsOf('raj.patel')).toEqual([]);
		const again = await run('leaver-event.json');
		expect(again.outputs['Deactivate leaver'][0][0].json).toMatchObject({ action: 'alreadyInactive' });
		expect(writes(emulator)).toBe(1);
	});
});
