/**
 * `sfscim demo`, programmatically: an emulated org seeded with Aurora Logistics, the example workflows run
 * through n8n's engine with this package's nodes (HR sync as a dry run, applied, run again; a joiner event; a
 * leaver event), then the org checked against the state it must end in.
 */
import { performance } from 'node:perf_hooks';
import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../emulator';
import { runWorkflow, type StoredCredential, type WorkflowFile } from '../engine';
import { Describer, type InvalidRecord, type Line } from './describe';
import { verifyOrg, type Check, type EventSamples } from './expected';
import { demoSeed, INTEGRATION_USER } from './org';
import { emulatorCredential, loadExample, manualTriggerOf, nodeOf, withCredential } from './workflows';

export interface RequestUse {
	total: number;
	/** POST, PATCH, PUT and DELETE on SCIM resources: what changed Salesforce. */
	writes: number;
	byRoute: Record<string, number>;
}

export interface StepResult {
	title: string;
	workflow: string;
	ms: number;
	requests: RequestUse;
	/** Count per action as the nodes reported it (create, update, created, added, deactivated, …). */
	actions: Record<string, number>;
	lines: Line[];
	invalid: InvalidRecord[];
	/** User → Sync's summary item, when the step ran a sync. */
	plan?: IDataObject;
	error?: string;
}

export interface DemoResult {
	ok: boolean;
	ms: number;
	org: { users: number; activeUsers: number; groups: number; profiles: number; permissionSets: number; roles: number };
	steps: StepResult[];
	checks: Check[];
	requests: RequestUse;
	apiUsage: { used: number; limit: number };
}

export interface DemoOptions {
	/** Where the example workflows are (default: the repository's examples/). */
	examplesDir?: string;
	/** Called as each step finishes, for progress output. */
	onStep?: (step: StepResult) => void;
	/** Called with the running emulator before it closes (tests inspect its state). */
	inspect?: (emulator: Emulator) => void | Promise<void>;
}

const WRITE = /^(POST|PATCH|PUT|DELETE) \/services\/scim\//;

function requestsBetween(before: Record<string, number>, after: Record<string, number>): RequestUse {
	const byRoute: Record<string, number> = {};
	let total = 0;
	let writes = 0;
	for (const [route, count] of Object.entries(after)) {
		const n = count - (before[route] ?? 0);
		if (n <= 0) continue;
		byRoute[route] = n;
		total += n;
		if (WRITE.test(route)) writes += n;
	}
	return { total, writes, byRoute };
}

async function runStep(emulator: Emulator, credential: StoredCredential, title: string, file: string, workflow: WorkflowFile): Promise<StepResult> {
	const describer = new Describer(emulator.state);
	const before = emulator.requestLog.countsObject();
	const t0 = performance.now();
	const result = await runWorkflow(workflow, { credentials: [credential], startNode: manualTriggerOf(workflow) });
	const ms = Math.round(performance.now() - t0);
	const step: StepResult = { title, workflow: file, ms, requests: requestsBetween(before, emulator.requestLog.countsObject()), actions: {}, lines: [], invalid: [] };
	for (const node of workflow.nodes) {
		const outputs = result.outputs[node.name];
		if (!outputs) continue;
		if (node.type.endsWith('.salesforceScimMapping')) {
			step.invalid.push(...(outputs[1] ?? []).map((item) => describer.invalid(item.json)));
		} else if (node.type.endsWith('.salesforceScim') && node.parameters.operation === 'sync') {
			for (const { json } of outputs[0] ?? []) {
				if (json.action === 'summary') step.plan = json;
				else step.lines.push(describer.syncItem(json));
			}
		} else if (node.type.endsWith('.salesforceScim')) {
			for (const { json } of outputs[0] ?? []) {
				const line = describer.nodeItem(json);
				if (line) step.lines.push(line);
			}
		}
	}
	for (const line of step.lines) step.actions[line.action] = (step.actions[line.action] ?? 0) + 1;
	if (result.error) step.error = `${result.error.node ? `${result.error.node}: ` : ''}${result.error.message}`;
	return step;
}

function setDryRun(workflow: WorkflowFile, dryRun: boolean): WorkflowFile {
	const copy = structuredClone(workflow);
	const sync = nodeOf(copy, 'salesforceScim', 'sync');
	if (!sync) throw new Error('The HR sync example has no Salesforce SCIM node with the Sync operation');
	sync.parameters.dryRun = dryRun;
	return copy;
}

/** Who the event workflows' pinned samples are about, so the checks follow the example files. */
function eventSamples(joiner: WorkflowFile, leaver: WorkflowFile): EventSamples {
	const pinned = (wf: WorkflowFile) => (wf.pinData?.[manualTriggerOf(wf)]?.[0]?.json ?? {}) as IDataObject;
	const joinerBody = (pinned(joiner).body ?? {}) as IDataObject;
	const manager = (joinerBody.manager ?? {}) as IDataObject;
	return {
		joiner: {
			userName: String(joinerBody.userPrincipalName ?? '').toLowerCase(),
			// The example's Add Members node picks the group by department; its sample joiner is in Sales.
			group: joinerBody.department === 'Sales' ? 'All Sales' : 'EMEA',
			manager: typeof manager.userPrincipalName === 'string' ? manager.userPrincipalName.toLowerCase() : undefined,
		},
		leaver: String(((pinned(leaver).body ?? {}) as IDataObject).workEmail ?? '').toLowerCase(),
	};
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
	const t0 = performance.now();
	const emulator = await startEmulator({ data: demoSeed(), oauth: { runAsUser: INTEGRATION_USER } });
	try {
		const { state } = emulator;
		const org = {
			users: state.users.size,
			activeUsers: [...state.users.values()].filter((u) => u.attrs.active).length,
			groups: state.groups.size,
			profiles: state.profiles.size,
			permissionSets: state.permissionSets.size,
			roles: state.roles.size,
		};
		const credential = emulatorCredential(emulator);
		const load = (file: string) => withCredential(loadExample(file, options.examplesDir), credential);
		const hrSync = load('hr-sync.json');
		const joiner = load('joiner-webhook.json');
		const leaver = load('leaver-event.json');
		const plan: Array<[string, string, WorkflowFile]> = [
			['HR sync · dry run (the plan, nothing written)', 'hr-sync.json', setDryRun(hrSync, true)],
			['HR sync · applied', 'hr-sync.json', setDryRun(hrSync, false)],
			['HR sync · run again', 'hr-sync.json', setDryRun(hrSync, false)],
			['Joiner event (Entra ID webhook)', 'joiner-webhook.json', joiner],
			['Leaver event (HR webhook)', 'leaver-event.json', leaver],
		];
		const steps: StepResult[] = [];
		for (const [title, file, workflow] of plan) {
			const step = await runStep(emulator, credential, title, file, workflow);
			steps.push(step);
			options.onStep?.(step);
		}

		const [dry, applied, again] = steps;
		const checks: Check[] = [
			...steps.map((s) => ({ name: `${s.title}: ran without error`, ok: !s.error, ...(s.error ? { detail: s.error } : {}) })),
			{ name: 'the dry run wrote nothing', ok: dry.requests.writes === 0, detail: `${dry.requests.writes} writes` },
			{ name: 'the applied run did what the dry run planned', ok: applied.plan?.writes === dry.plan?.writes && applied.requests.writes === dry.plan?.writes, detail: `planned ${String(dry.plan?.writes)}, wrote ${applied.requests.writes}` },
			{ name: 'the second run found nothing to do and wrote nothing', ok: again.plan?.writes === 0 && again.requests.writes === 0, detail: `planned ${String(again.plan?.writes)}, wrote ${again.requests.writes}` },
			...verifyOrg(emulator, eventSamples(joiner, leaver), org.users),
		].map((c) => (c.ok ? { name: c.name, ok: true } : c));
		await options.inspect?.(emulator);
		return {
			ok: checks.every((c) => c.ok),
			ms: Math.round(performance.now() - t0),
			org,
			steps,
			checks,
			requests: requestsBetween({}, emulator.requestLog.countsObject()),
			apiUsage: { ...state.usage },
		};
	} finally {
		await emulator.close();
	}
}
