/**
 * Building blocks for engine tests of the Salesforce SCIM node: a workflow with a Manual Trigger whose pinned
 * data are the input items, the node with the given parameters, and credentials pointing at a running server.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { IDataObject, INode } from 'n8n-workflow';

import type { Emulator } from '../../cli/src/emulator';
import type { StoredCredential, WorkflowFile } from '../../cli/src/engine';

export const TRIGGER = 'Start';
export const NODE = 'Salesforce SCIM';

export type AuthKind = 'oAuth2' | 'jwt';

export const OAUTH2_ID = 'cred-oauth2';
export const JWT_ID = 'cred-jwt';

export function scimNode(parameters: IDataObject, auth: AuthKind = 'oAuth2', name = NODE): INode {
	return {
		id: `node-${name}`,
		name,
		type: 'n8n-nodes-salesforce-scim.salesforceScim',
		typeVersion: 1,
		position: [300, 0],
		parameters: { authentication: auth, ...parameters },
		credentials:
			auth === 'jwt'
				? { salesforceScimJwtApi: { id: JWT_ID, name: 'Salesforce JWT' } }
				: { salesforceScimOAuth2Api: { id: OAUTH2_ID, name: 'Salesforce OAuth2' } },
	};
}

export function workflowWith(node: INode, items: IDataObject[] = [{}], more: INode[] = []): WorkflowFile {
	const nodes: INode[] = [
		{ id: 'trigger', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		node,
		...more,
	];
	const connections: WorkflowFile['connections'] = {
		[TRIGGER]: { main: [[{ node: node.name, type: 'main' as never, index: 0 }]] },
	};
	return { nodes, connections, pinData: { [TRIGGER]: items.map((json) => ({ json })) } };
}

/** OAuth2 with the client-credentials grant against the emulator's My Domain (as Salesforce requires). */
export function clientCredentials(emulator: { url: string }, overrides: IDataObject = {}): StoredCredential {
	const info = (emulator as Emulator).connectionInfo?.();
	return {
		id: OAUTH2_ID,
		name: 'Salesforce OAuth2',
		type: 'salesforceScimOAuth2Api',
		data: {
			grantType: 'clientCredentials',
			environment: 'myDomain',
			myDomainUrl: emulator.url,
			clientId: info?.clientId ?? 'client',
			clientSecret: info?.clientSecret ?? 'secret',
			...overrides,
		},
	};
}

let keys: { privateKey: string; publicKey: string } | undefined;

/** One RSA key pair per test process: the emulator holds the public half as the app's certificate would. */
export function jwtKeys() {
	keys ??= generateKeyPairSync('rsa', {
		modulusLength: 2048,
		publicKeyEncoding: { type: 'spki', format: 'pem' },
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	});
	return keys;
}

export function jwtCredential(emulator: Emulator, overrides: IDataObject = {}): StoredCredential {
	const info = emulator.connectionInfo();
	return {
		id: JWT_ID,
		name: 'Salesforce JWT',
		type: 'salesforceScimJwtApi',
		data: {
			environment: 'myDomain',
			myDomainUrl: emulator.url,
			clientId: info.clientId,
			username: info.preAuthorizedUsers[0],
			privateKey: jwtKeys().privateKey,
			accessToken: '',
			instanceUrl: '',
			...overrides,
		},
	};
}

/** Output items of the node under test, as plain JSON. */
export function jsonOf(result: { outputs: Record<string, Array<Array<{ json: IDataObject }>>> }, name = NODE, output = 0) {
	return (result.outputs[name]?.[output] ?? []).map((item) => item.json);
}
