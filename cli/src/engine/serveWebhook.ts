/**
 * A workflow's webhook trigger served over real HTTP (127.0.0.1) through n8n's own engine pieces: n8n-core's
 * WebhookContext runs the node's `webhook()` with the request, and when it returns workflowData the workflow runs
 * in n8n-core's WorkflowExecute, answering through the `sendResponse` hook as n8n's "responseNode" mode does.
 * What it leaves out of n8n: the database, the webhook registry (paths are matched here from the node's webhook
 * descriptions), queue mode. Real n8n is `npm run test:n8n`; this is for jest and the reliability suite.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExecutionLifecycleHooks, WebhookContext, WorkflowExecute } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeType,
	type IRun,
	type IWebhookData,
	type IWebhookDescription,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { HarnessCredentialsHelper, type StoredCredential } from './credentialsHelper';
import { harnessTypes, type WorkflowFile } from './runWorkflow';

export interface WebhookServer {
	/** `http://127.0.0.1:<port>` */
	origin: string;
	/** Production URL of the trigger's first webhook description, n8n-style (`…/webhook/<id>/<path>`). */
	webhookUrl: string;
	/** Runs started by requests (reads answered by the trigger start none). */
	runs: IRun[];
	stop(): Promise<void>;
}

interface Route {
	description: IWebhookDescription;
	methods: string[];
	segments: string[];
}

function additionalData(credentialsHelper: HarnessCredentialsHelper, hooks: ExecutionLifecycleHooks | undefined, origin: string): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks,
		executionId: randomUUID(),
		currentNodeExecutionIndex: 0,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not supported by the test harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		restApiUrl: `${origin}/rest`,
		instanceBaseUrl: origin,
		formWaitingBaseUrl: `${origin}/form-waiting`,
		webhookBaseUrl: `${origin}/webhook`,
		webhookWaitingBaseUrl: `${origin}/webhook-waiting`,
		webhookTestBaseUrl: `${origin}/webhook-test`,
		variables: {},
		logAiEvent: () => {},
		userId: 'harness-user',
	} as unknown as IWorkflowExecuteAdditionalData;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** Express's response helpers the nodes use (`status`), on Node's own response. */
function expressLike(res: ServerResponse): ServerResponse & { status(code: number): ServerResponse } {
	const extended = res as ServerResponse & { status(code: number): ServerResponse };
	extended.status = (code: number) => {
		res.statusCode = code;
		return res;
	};
	return extended;
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, unknown> = {}): void {
	if (res.headersSent) return;
	res.statusCode = status;
	for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, String(value));
	if (body === undefined || body === '' || status === 204) {
		res.end();
		return;
	}
	if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
	res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export async function serveWebhook(
	file: WorkflowFile,
	options: { credentials?: StoredCredential[]; triggerNode?: string } = {},
): Promise<WebhookServer> {
	const types = harnessTypes();
	const store = new Map<string, StoredCredential>();
	for (const credential of options.credentials ?? []) store.set(credential.id, structuredClone(credential));
	const credentialsHelper = new HarnessCredentialsHelper(store, types.credentials, types.nodes);
	const workflowData = {
		id: file.id ?? randomUUID(),
		name: file.name ?? 'harness',
		active: true,
		nodes: file.nodes,
		connections: file.connections,
		settings: file.settings ?? { executionOrder: 'v1' },
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({ id: workflowData.id, name: workflowData.name, nodes: file.nodes, connections: file.connections, active: true, nodeTypes: types.nodes, settings: workflowData.settings });
	const trigger: INode | undefined = options.triggerNode
		? workflow.getNode(options.triggerNode) ?? undefined
		: file.nodes.find((node) => !node.disabled && (types.nodes.getByNameAndVersion(node.type, node.typeVersion) as INodeType).description.webhooks?.length);
	if (!trigger) throw new Error('The workflow has no webhook trigger');
	const nodeType = types.nodes.getByNameAndVersion(trigger.type, trigger.typeVersion) as INodeType;
	const runs: IRun[] = [];

	const routes: Route[] = (nodeType.description.webhooks ?? []).map((description) => {
		const path = String(workflow.expression.getSimpleParameterValue(trigger, description.path, 'internal', {}) ?? '').replace(/^\/|\/$/g, '');
		const methods = String(workflow.expression.getSimpleParameterValue(trigger, description.httpMethod, 'internal', {}, undefined, 'GET')).split(',').map((m) => m.trim().toUpperCase());
		return { description, methods, segments: [trigger.webhookId ?? '', ...path.split('/')] };
	});

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const parts = url.pathname.replace(/^\/webhook\//, '').split('/').filter(Boolean);
		const method = (req.method ?? 'GET').toUpperCase();
		let params: Record<string, string> | undefined;
		const route = routes.find((candidate) => {
			if (!candidate.methods.includes(method) || candidate.segments.length !== parts.length) return false;
			const found: Record<string, string> = {};
			const ok = candidate.segments.every((segment, index) => {
				if (segment.startsWith(':')) {
					found[segment.slice(1)] = decodeURIComponent(parts[index]);
					return true;
				}
				return segment === parts[index];
			});
			if (ok) params = found;
			return ok;
		});
		if (!route || !params) return answer(res, 404, { code: 404, message: `The requested webhook "${method} ${url.pathname}" is not registered.` });

		const raw = await readBody(req);
		const request = req as IncomingMessage & IDataObject;
		request.rawBody = raw;
		request.params = params;
		request.query = Object.fromEntries(url.searchParams.entries());
		const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		// As n8n's body parser: only application/json is parsed.
		request.body = type === 'application/json' && raw.length ? JSON.parse(raw.toString('utf8')) : {};

		let respond: (value: { body?: unknown; headers?: Record<string, unknown>; statusCode?: number }) => void = () => {};
		const responded = new Promise<{ body?: unknown; headers?: Record<string, unknown>; statusCode?: number }>((resolve) => (respond = resolve));
		const hooks = new ExecutionLifecycleHooks('manual', randomUUID(), workflowData);
		hooks.addHandler('sendResponse', async (response) => respond(response as never));
		const data = additionalData(credentialsHelper, hooks, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
		(data as unknown as IDataObject).httpRequest = request;
		(data as unknown as IDataObject).httpResponse = expressLike(res);
		const webhookData: IWebhookData = {
			httpMethod: method as IWebhookData['httpMethod'],
			node: trigger.name,
			path: route.segments.slice(1).join('/'),
			webhookDescription: route.description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: data,
			webhookId: trigger.webhookId,
		};
		const context = new WebhookContext(workflow, trigger, data, 'webhook', webhookData, [], null);
		const result = await (nodeType.webhook as NonNullable<INodeType['webhook']>).call(context);
		if (!result.workflowData) {
			if (!result.noWebhookResponse) answer(res, 200, result.webhookResponse ?? { message: 'Webhook call received' });
			return;
		}
		const done = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', async (run: IRun) => resolve(run)));
		const execute = new WorkflowExecute(data, 'manual');
		const running = execute.run({ workflow, startNode: trigger, pinData: { [trigger.name]: result.workflowData[0] } });
		const run = await Promise.race([done, running.then((r: IRun) => r)]);
		runs.push(run);
		const first = await Promise.race([responded, Promise.resolve(undefined)]);
		if (first) return answer(res, first.statusCode ?? 200, first.body, first.headers);
		// As n8n: a run that ends without a response answers with the description's responseCode (500 for the SCIM Trigger).
		const code = Number(workflow.expression.getSimpleParameterValue(trigger, route.description.responseCode as string, 'internal', {}, undefined, 200));
		answer(res, run.data.resultData.error ? 500 : code, { message: run.data.resultData.error ? 'Error in workflow' : 'Workflow executed successfully but no data was returned' });
	};

	const server: Server = createServer((req, res) => {
		handle(req, res).catch((error: Error) => answer(res, 500, { message: error.message }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const firstPath = routes[0]?.segments.join('/') ?? '';
	return {
		origin,
		webhookUrl: `${origin}/webhook/${firstPath}`,
		runs,
		stop: async () => await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
	};
}
