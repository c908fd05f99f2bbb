import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	Workflow,
	type IConnections,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type IPinData,
	type IRun,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { HarnessCredentialsHelper, type StoredCredential } from './credentialsHelper';
import { HarnessCredentialTypes, HarnessNodeTypes } from './nodeTypes';

/** A workflow as n8n exports it (the editor's "Download", or a file in examples/). */
export interface WorkflowFile {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	pinData?: IPinData;
	settings?: IDataObject;
}

export interface RunOptions {
	/** Credentials by id, as the workflow's nodes reference them (`node.credentials[type].id`). */
	credentials?: StoredCredential[];
	/** Replaces or adds pinned data (n8n's own mechanism for sample input on a trigger). */
	pinData?: IPinData;
	/** Node to start from; default: the first trigger. */
	startNode?: string;
}

export interface RunResult {
	run: IRun;
	/** Output items of each node's last run, by node name and output index. */
	outputs: Record<string, INodeExecutionData[][]>;
	/** The first node error, if any, with its node name. */
	error?: { node?: string; message: string; description?: string | null; raw: unknown };
	credentialEvents: HarnessCredentialsHelper['events'];
	/** The harness credential store after the run (tokens persisted by refresh or preAuthentication). */
	credentialStore: Map<string, StoredCredential>;
}

let sharedTypes: { nodes: HarnessNodeTypes; credentials: HarnessCredentialTypes } | undefined;

/** Loaded once per process: node classes are stateless, as n8n treats them. */
export function harnessTypes() {
	sharedTypes ??= { nodes: new HarnessNodeTypes(), credentials: new HarnessCredentialTypes() };
	return sharedTypes;
}

export function additionalDataFor(
	credentialsHelper: HarnessCredentialsHelper,
	hooks: ExecutionLifecycleHooks,
	executionId: string,
): IWorkflowExecuteAdditionalData {
	const base = 'http://127.0.0.1:5678';
	return {
		credentialsHelper,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not supported by the test harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		logAiEvent: () => {},
		userId: 'harness-user',
	} as unknown as IWorkflowExecuteAdditionalData;
}

const TRIGGER_TYPES = /(Trigger|\.webhook)$/i;

/**
 * Runs a workflow through n8n's real execution engine (n8n-core's WorkflowExecute), with this package's
 * compiled nodes and credentials, the way `n8n execute` runs it in manual mode — minus the database.
 */
export async function runWorkflow(file: WorkflowFile, options: RunOptions = {}): Promise<RunResult> {
	const types = harnessTypes();
	const store = new Map<string, StoredCredential>();
	for (const credential of options.credentials ?? []) store.set(credential.id, structuredClone(credential));
	const credentialsHelper = new HarnessCredentialsHelper(store, types.credentials, types.nodes);

	const workflowData: IWorkflowBase = {
		id: file.id ?? randomUUID(),
		name: file.name ?? 'harness',
		active: false,
		isArchived: false,
		nodes: file.nodes,
		connections: file.connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: file.settings ?? {},
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: file.nodes,
		connections: file.connections,
		active: false,
		nodeTypes: types.nodes,
		settings: file.settings ?? {},
	});

	const startName =
		options.startNode ??
		file.nodes.find((node) => TRIGGER_TYPES.test(node.type) && !node.disabled)?.name;
	if (!startName) throw new Error('The workflow has no trigger node to start from');
	const startNode = workflow.getNode(startName);
	if (!startNode) throw new Error(`Start node "${startName}" is not in the workflow`);

	const executionId = randomUUID();
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	const done = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', async (fullRunData: IRun) => resolve(fullRunData));
	});
	const additionalData = additionalDataFor(credentialsHelper, hooks, executionId);
	const execute = new WorkflowExecute(additionalData, 'manual');
	const pinData = { ...(file.pinData ?? {}), ...(options.pinData ?? {}) };
	const running = execute.run({ workflow, startNode, pinData });
	const run = await Promise.race([done, running.then((r: IRun) => r)]);

	const outputs: RunResult['outputs'] = {};
	for (const [name, runs] of Object.entries(run.data.resultData.runData)) {
		const last = runs[runs.length - 1];
		outputs[name] = (last?.data?.main ?? []).map((items) => items ?? []);
	}
	const failure = run.data.resultData.error;
	let error: RunResult['error'];
	if (failure) {
		const node = (failure as { node?: INode }).node?.name ?? run.data.resultData.lastNodeExecuted;
		error = {
			node,
			message: failure.message,
			description: (failure as { description?: string | null }).description,
			raw: failure,
		};
	}
	return { run, outputs, error, credentialEvents: credentialsHelper.events, credentialStore: store };
}
