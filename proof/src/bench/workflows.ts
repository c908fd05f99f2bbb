/**
 * The workflows the benchmark runs, built the way a builder wires them in the editor: a Manual Trigger whose
 * pinned data is the directory export, then either this package's Salesforce SCIM node, or n8n's own HTTP
 * Request and IF nodes (n8n-nodes-base 2.41.1, at the versions the editor places today).
 */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../../cli/src/emulator';
import type { StoredCredential, WorkflowFile } from '../../../cli/src/engine';

export const DIRECTORY = 'Directory';
export const SCIM_NODE = 'Salesforce SCIM';
export const LOOKUP = 'Look Up User';
export const EXISTS = 'User Exists?';
export const UPDATE = 'Update User';
export const CREATE = 'Create User';

const OAUTH2_ID = 'bench-oauth2';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** n8n-nodes-base 2.41.1 places these versions (each node's defaultVersion). */
export const HTTP_REQUEST_VERSION = 4.5;
export const IF_VERSION = 2.3;

function trigger(): INode {
	return { id: 'bench-trigger', name: DIRECTORY, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
}

const link = (node: string) => [{ node, type: 'main' as never, index: 0 }];

/** The Salesforce SCIM node after the trigger; each input item is a SCIM user ("From Input Item"). */
export function scimWorkflow(parameters: IDataObject, items: IDataObject[]): WorkflowFile {
	const node: INode = {
		id: 'bench-scim',
		name: SCIM_NODE,
		type: 'n8n-nodes-salesforce-scim.salesforceScim',
		typeVersion: 1,
		position: [220, 0],
		parameters: { authentication: 'oAuth2', resource: 'user', userInput: 'resource', ...parameters } as INodeParameters,
		credentials: { salesforceScimOAuth2Api: { id: OAUTH2_ID, name: 'Salesforce (bench)' } },
	};
	return {
		name: 'bench: Salesforce SCIM node',
		nodes: [trigger(), node],
		connections: { [DIRECTORY]: { main: [link(SCIM_NODE)] } },
		pinData: { [DIRECTORY]: items.map((json) => ({ json })) },
		settings: { executionOrder: 'v1' },
	};
}

/** OAuth2 client credentials against the emulator's My Domain, as a user would set the credential up. */
export function benchCredential(emulator: Pick<Emulator, 'url'> & { clientId: string; clientSecret: string }): StoredCredential {
	return {
		id: OAUTH2_ID,
		name: 'Salesforce (bench)',
		type: 'salesforceScimOAuth2Api',
		data: {
			grantType: 'clientCredentials',
			environment: 'myDomain',
			myDomainUrl: emulator.url,
			clientId: emulator.clientId,
			clientSecret: emulator.clientSecret,
		},
	};
}

export interface Batching {
	batchSize: number;
	batchInterval: number;
}

function httpNode(
	name: string,
	position: [number, number],
	token: string,
	request: { method: string; url: string; filter?: string; jsonBody?: string },
	batching: Batching | undefined,
): INode {
	const parameters: INodeParameters = {
		method: request.method,
		url: request.url,
		authentication: 'none',
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${token}` }] },
		options: {
			// Salesforce answers application/scim+json, which the node's autodetect keeps as text: a builder
			// sets the response format to JSON once the IF node shows it cannot read totalResults.
			response: { response: { responseFormat: 'json' } },
			...(batching ? { batching: { batch: { batchSize: batching.batchSize, batchInterval: batching.batchInterval } } } : {}),
		},
	};
	if (request.filter) {
		parameters.sendQuery = true;
		parameters.queryParameters = { parameters: [{ name: 'filter', value: request.filter }] };
	}
	if (request.jsonBody) {
		parameters.sendBody = true;
		parameters.contentType = 'json';
		parameters.specifyBody = 'json';
		parameters.jsonBody = request.jsonBody;
	}
	return { id: `bench-${name}`, name, type: 'n8n-nodes-base.httpRequest', typeVersion: HTTP_REQUEST_VERSION, position, parameters };
}

/**
 * What a builder wires today without this package: look each person up by userName (HTTP Request), IF the
 * lookup found someone, PATCH them with the directory's attributes (no-path replace, as Salesforce documents),
 * otherwise POST the user. The bearer token is pasted into a header; no change detection (a builder would
 * need a Code node for that), so every existing user is written.
 */
export function httpNodeWorkflow(scimUrl: string, token: string, items: IDataObject[], batching?: Batching): WorkflowFile {
	const directoryItem = `$('${DIRECTORY}').item.json`;
	const lookup = httpNode(LOOKUP, [220, 0], token, { method: 'GET', url: `${scimUrl}/Users`, filter: `=userName eq "{{ ${directoryItem}.userName }}"` }, batching);
	const exists: INode = {
		id: 'bench-if',
		name: EXISTS,
		type: 'n8n-nodes-base.if',
		typeVersion: IF_VERSION,
		position: [440, 0],
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [
					{ id: 'bench-found', leftValue: '={{ $json.totalResults }}', rightValue: 0, operator: { type: 'number', operation: 'gt' } },
				],
				combinator: 'and',
			},
			options: {},
		},
	};
	const update = httpNode(
		UPDATE,
		[660, -100],
		token,
		{
			method: 'PATCH',
			url: `=${scimUrl}/Users/{{ $json.Resources[0].id }}`,
			jsonBody:
				`={{ JSON.stringify({ schemas: ['${PATCH_OP}'], Operations: [{ op: 'replace', value: { ` +
				`externalId: ${directoryItem}.externalId, name: ${directoryItem}.name, emails: ${directoryItem}.emails, ` +
				`title: ${directoryItem}.title, active: ${directoryItem}.active } }] }) }}`,
		},
		batching,
	);
	const create = httpNode(CREATE, [660, 100], token, { method: 'POST', url: `${scimUrl}/Users`, jsonBody: `={{ JSON.stringify(${directoryItem}) }}` }, batching);
	return {
		name: 'bench: HTTP Request node',
		nodes: [trigger(), lookup, exists, update, create],
		connections: {
			[DIRECTORY]: { main: [link(LOOKUP)] },
			[LOOKUP]: { main: [link(EXISTS)] },
			[EXISTS]: { main: [link(UPDATE), link(CREATE)] },
		},
		pinData: { [DIRECTORY]: items.map((json) => ({ json })) },
		settings: { executionOrder: 'v1' },
	};
}
