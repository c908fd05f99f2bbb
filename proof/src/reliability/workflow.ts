/**
 * Workflows the reliability suite runs through n8n's engine: a Manual Trigger whose pinned data are the input
 * items, then the Salesforce SCIM node, with credentials that carry the suite's canary secrets.
 */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../../cli/src/emulator';
import { runWorkflow, type RunResult, type StoredCredential, type WorkflowFile } from '../../../cli/src/engine';
import type { Canaries } from './secrets';

export const TRIGGER = 'Start';
export const NODE = 'Salesforce SCIM';
export const OAUTH2_ID = 'reliability-oauth2';
export const JWT_ID = 'reliability-jwt';

export type AuthKind = 'oAuth2' | 'jwt';

export function scimNode(parameters: IDataObject, auth: AuthKind = 'oAuth2', continueOnFail = false): INode {
	return {
		id: 'reliability-node',
		name: NODE,
		type: 'n8n-nodes-salesforce-scim.salesforceScim',
		typeVersion: 1,
		position: [300, 0],
		parameters: { authentication: auth, ...parameters } as INodeParameters,
		credentials:
			auth === 'jwt'
				? { salesforceScimJwtApi: { id: JWT_ID, name: 'Salesforce JWT (canary)' } }
				: { salesforceScimOAuth2Api: { id: OAUTH2_ID, name: 'Salesforce OAuth2 (canary)' } },
		...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
}

export function workflowWith(node: INode, items: IDataObject[] = [{}]): WorkflowFile {
	return {
		name: 'reliability',
		nodes: [{ id: 'trigger', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, node],
		connections: { [TRIGGER]: { main: [[{ node: node.name, type: 'main' as never, index: 0 }]] } },
		pinData: { [TRIGGER]: items.map((json) => ({ json })) },
		settings: { executionOrder: 'v1' },
	};
}

/** OAuth2 client credentials against a server's My Domain (the emulator, or a test server in front of it). */
export function clientCredentials(emulator: Emulator, canaries: Canaries, overrides: IDataObject = {}): StoredCredential {
	return {
		id: OAUTH2_ID,
		name: 'Salesforce OAuth2 (canary)',
		type: 'salesforceScimOAuth2Api',
		data: {
			grantType: 'clientCredentials',
			environment: 'myDomain',
			myDomainUrl: emulator.url,
			clientId: emulator.connectionInfo().clientId,
			clientSecret: canaries.clientSecret,
			...overrides,
		},
	};
}

export function jwtCredential(emulator: Emulator, canaries: Canaries, overrides: IDataObject = {}): StoredCredential {
	const info = emulator.connectionInfo();
	return {
		id: JWT_ID,
		name: 'Salesforce JWT (canary)',
		type: 'salesforceScimJwtApi',
		data: {
			environment: 'myDomain',
			myDomainUrl: emulator.url,
			clientId: info.clientId,
			username: info.preAuthorizedUsers[0],
			privateKey: canaries.privateKey,
			accessToken: '',
			instanceUrl: '',
			...overrides,
		},
	};
}

/** Output items of the node, as plain JSON. */
export function outputOf(result: RunResult): IDataObject[] {
	return (result.outputs[NODE]?.[0] ?? []).map((item) => item.json);
}

export interface NodeRun {
	result: RunResult;
	out: IDataObject[];
	/** Requests the emulator received during the run (token requests included). */
	requests: number;
}

/** Every run of the suite goes through here, so the secrets scan sees every output and error. */
export async function runNode(
	emulator: Emulator,
	canaries: Canaries,
	parameters: IDataObject,
	options: { items?: IDataObject[]; auth?: AuthKind; continueOnFail?: boolean; credential?: StoredCredential } = {},
): Promise<NodeRun> {
	const auth = options.auth ?? 'oAuth2';
	const credential = options.credential ?? (auth === 'jwt' ? jwtCredential(emulator, canaries) : clientCredentials(emulator, canaries));
	const before = emulator.requestLog.total;
	const result = await runWorkflow(workflowWith(scimNode(parameters, auth, options.continueOnFail), options.items ?? [{}]), { credentials: [credential] });
	canaries.record(result);
	return { result, out: outputOf(result), requests: emulator.requestLog.total - before };
}
