/**
 * Engine tests of the Directory Change Trigger: the production workflow (trigger → Salesforce SCIM Mapping with
 * "From the Event" → Salesforce SCIM Create or Update by External ID), credentials pointing at a source emulator
 * (cli/src/sources) and at the Salesforce emulator, and the source's credential.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import type { Emulator } from '../../cli/src/emulator';
import type { StoredCredential, WorkflowFile } from '../../cli/src/engine';
import type { BambooHrEmulator, EntraEmulator, GoogleEmulator, ListEmulator, OktaEmulator } from '../../cli/src/sources';
import { scimNode } from './scimNode';

export const TRIGGER_NAME = 'Directory Change Trigger';
export const MAPPING_NAME = 'Map user';
export const SCIM_NAME = 'Provision in Salesforce';

const CREDENTIAL_TYPES: Record<string, string> = {
	entra: 'entraDirectoryOAuth2Api',
	okta: 'oktaDirectoryApi',
	google: 'googleWorkspaceDirectoryApi',
	bamboohr: 'bambooHrDirectoryApi',
	list: 'directoryListApi',
};

export function directoryWorkflow(source: string, parameters: IDataObject = {}, options: { downstream?: boolean } = {}): WorkflowFile {
	const trigger: INode = {
		id: 'directory-trigger',
		name: TRIGGER_NAME,
		type: 'n8n-nodes-salesforce-scim.directoryChangeTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: { source, pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters, options: { retryDelayMs: 10, ...((parameters.options as IDataObject) ?? {}) } },
		credentials: { [CREDENTIAL_TYPES[source]]: { id: `cred-${source}`, name: source } },
	};
	if (options.downstream === false) return { nodes: [trigger], connections: {} };
	const mapping: INode = {
		id: 'mapping',
		name: MAPPING_NAME,
		type: 'n8n-nodes-salesforce-scim.salesforceScimMapping',
		typeVersion: 1,
		position: [250, 0],
		parameters: { preset: 'fromEvent', mappings: {}, defaultProfile: 'Standard User', options: { validateFor: 'update' } },
	};
	const scim: INode = {
		...scimNode({ resource: 'user', operation: 'upsert', matchBy: 'externalId', userInput: 'resource', options: { reactivate: true } }, 'oAuth2', SCIM_NAME),
		position: [500, 0],
	};
	return {
		nodes: [trigger, mapping, scim],
		connections: {
			[TRIGGER_NAME]: { main: [[{ node: MAPPING_NAME, type: 'main' as never, index: 0 }]] },
			[MAPPING_NAME]: { main: [[{ node: SCIM_NAME, type: 'main' as never, index: 0 }]] },
		},
	};
}

export function entraCredential(emulator: EntraEmulator): StoredCredential {
	return {
		id: 'cred-entra',
		name: 'entra',
		type: 'entraDirectoryOAuth2Api',
		data: {
			grantType: 'clientCredentials',
			tenantId: emulator.tenantId,
			loginUrl: emulator.url,
			graphUrl: emulator.url,
			clientId: emulator.clientId,
			clientSecret: emulator.clientSecret,
		},
	};
}

export function oktaCredential(emulator: OktaEmulator): StoredCredential {
	return { id: 'cred-okta', name: 'okta', type: 'oktaDirectoryApi', data: { domain: emulator.url, apiToken: emulator.apiToken } };
}

export function googleCredential(emulator: GoogleEmulator): StoredCredential {
	return {
		id: 'cred-google',
		name: 'google',
		type: 'googleWorkspaceDirectoryApi',
		data: { clientEmail: emulator.clientEmail, privateKey: emulator.privateKey, subject: emulator.adminEmail, tokenUrl: `${emulator.url}/token`, apiUrl: emulator.url },
	};
}

export function bambooCredential(emulator: BambooHrEmulator): StoredCredential {
	return { id: 'cred-bamboohr', name: 'bamboohr', type: 'bambooHrDirectoryApi', data: { companyDomain: emulator.company, apiKey: emulator.apiKey, apiUrl: emulator.url } };
}

export function listCredential(emulator: ListEmulator, url = emulator.csvUrl): StoredCredential {
	return { id: 'cred-list', name: 'list', type: 'directoryListApi', data: { url, headerName: 'Authorization', headerValue: `Bearer ${emulator.token}` } };
}

/** The Salesforce emulator's user with this external ID. */
export function sfUserIn(salesforce: Emulator, externalId: string): { active?: boolean; title?: string; userName?: string } | undefined {
	const users = (salesforce.state.dump({ users: true }) as { users?: Array<{ externalId?: string }> }).users ?? [];
	return users.find((user) => user.externalId === externalId) as { active?: boolean; title?: string; userName?: string } | undefined;
}
