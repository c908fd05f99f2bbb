import { NodeConnectionTypes, type INodeExecutionData, type INodeType, type INodeTypeDescription, type IPollFunctions } from 'n8n-workflow';

import { properties } from './description';
import { pollDirectory } from './poll';

/**
 * Starts a workflow when a user changes in an HR system or directory that cannot push SCIM. Emits the same
 * directory events as the SCIM Trigger (docs/events.md), so `trigger → Salesforce SCIM Mapping → Salesforce SCIM`
 * serves every source.
 */
export class DirectoryChangeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Directory Change Trigger',
		name: 'directoryChangeTrigger',
		icon: { light: 'file:directoryChangeTrigger.svg', dark: 'file:directoryChangeTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ {"entra":"Microsoft Entra ID","okta":"Okta","google":"Google Workspace","bamboohr":"BambooHR","list":"Any list"}[$parameter["source"]] }}',
		description: 'Starts the workflow when a user is created, changed, deactivated or deleted in Entra ID, Okta, Google Workspace, BambooHR or a list',
		defaults: { name: 'Directory Change Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'entraDirectoryOAuth2Api', required: true, displayOptions: { show: { source: ['entra'] } } },
			{ name: 'oktaDirectoryApi', required: true, displayOptions: { show: { source: ['okta'] } } },
			{ name: 'googleWorkspaceDirectoryApi', required: true, displayOptions: { show: { source: ['google'] } } },
			{ name: 'bambooHrDirectoryApi', required: true, displayOptions: { show: { source: ['bamboohr'] } } },
			// Gated on the hidden `listAccess`, not on `source`: n8n's editor takes an options parameter whose every
			// value gates a credential for the node's main auth field and hides it from the panel (2.41
			// findAlternativeAuthField), which hid Source when all five sources gated on it.
			{ name: 'directoryListApi', required: true, displayOptions: { show: { listAccess: ['url'] } } },
		],
		properties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollDirectory.call(this);
	}
}
