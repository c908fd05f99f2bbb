import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ExecutionLifecycleHooks, PollContext } from 'n8n-core';
import { Workflow, type IDataObject, type INode, type INodeExecutionData, type INodeType, type IWorkflowBase } from 'n8n-workflow';

import { HarnessCredentialsHelper, type StoredCredential } from './credentialsHelper';
import { additionalDataFor, harnessTypes, runWorkflow, type RunResult, type WorkflowFile } from './runWorkflow';

export interface PollOutcome {
	/** What poll() returned: the emitted batch, or null. */
	emitted: INodeExecutionData[] | null;
	error?: Error;
	/** The rest of the workflow, run with the emitted items (as n8n starts an execution per emitted batch). */
	run?: RunResult;
}

/**
 * A polling trigger as n8n's active-workflow manager runs it, with the one detail that matters for "nothing lost,
 * nothing twice": the node's static data lives in memory between polls, and is written to the database only
 * when a poll emits (and once after activation). `restart()` is an n8n restart: a new process that starts from
 * what was persisted, not from memory.
 */
export class ActiveTrigger {
	/** The static data as n8n's database holds it. */
	persisted: IDataObject;
	/** Runs of the downstream workflow, one per emitting poll. */
	readonly runs: RunResult[] = [];
	private workflow?: Workflow;

	constructor(
		readonly file: WorkflowFile,
		readonly credentials: StoredCredential[],
		persisted: IDataObject = {},
		/** Run the nodes after the trigger for each emitted batch. */
		readonly downstream = true,
	) {
		this.persisted = structuredClone(persisted);
	}

	get triggerNode(): INode {
		const node = this.file.nodes.find((candidate) => /Trigger$/i.test(candidate.type) && !candidate.disabled);
		if (!node) throw new Error('The workflow has no trigger node');
		return node;
	}

	/** The state the next poll starts from (in memory). */
	get staticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow?.staticData ?? this.persisted)) as IDataObject;
	}

	/** Activation: n8n polls once and saves the static data whatever the poll returned. */
	async activate(): Promise<PollOutcome> {
		this.workflow = undefined;
		return await this.poll(true);
	}

	/** A new process: memory is gone, the next poll starts from the persisted static data. */
	restart(): ActiveTrigger {
		return new ActiveTrigger(this.file, this.credentials, this.persisted, this.downstream);
	}

	async poll(activation = false): Promise<PollOutcome> {
		const types = harnessTypes();
		const store = new Map<string, StoredCredential>();
		for (const credential of this.credentials) store.set(credential.id, structuredClone(credential));
		const credentialsHelper = new HarnessCredentialsHelper(store, types.credentials, types.nodes);
		const id = this.file.id ?? 'harness-poll';
		this.workflow ??= new Workflow({
			id,
			name: this.file.name ?? 'harness',
			nodes: this.file.nodes,
			connections: this.file.connections,
			active: true,
			nodeTypes: types.nodes,
			staticData: structuredClone(this.persisted),
			settings: this.file.settings ?? {},
		});
		const workflow = this.workflow;
		const node = workflow.getNode(this.triggerNode.name)!;
		const nodeType = types.nodes.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
		if (!nodeType.poll) throw new Error(`${node.type} is not a polling node`);
		const executionId = randomUUID();
		const hooks = new ExecutionLifecycleHooks('trigger', executionId, { id, nodes: this.file.nodes, connections: this.file.connections } as unknown as IWorkflowBase);
		const additionalData = additionalDataFor(credentialsHelper, hooks, executionId);
		const context = new PollContext(workflow, node, additionalData, 'trigger', activation ? 'activate' : 'update');
		let emitted: INodeExecutionData[][] | null = null;
		try {
			emitted = await nodeType.poll.call(context);
		} catch (error) {
			// n8n records a failed poll as an error execution; the static data is not saved.
			return { emitted: null, error: error as Error };
		}
		// As in n8n: saved when the poll emits (with the batch), and at activation.
		if (emitted !== null || activation) this.persisted = this.staticData;
		const items = emitted?.[0] ?? null;
		if (!items || !this.downstream) return { emitted: items };
		const run = await runWorkflow(this.file, { credentials: this.credentials, pinData: { [node.name]: items } });
		this.runs.push(run);
		return { emitted: items, run };
	}
}
