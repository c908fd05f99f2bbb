import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { respond } from './respond';

/**
 * Answers the IdP whose request started this run (Salesforce SCIM Trigger), once Salesforce has the change:
 * 201 with the user as Salesforce now holds it (its id is the SCIM id), 200/204 on updates, 409/400 when Salesforce
 * refused, 502 when the write failed otherwise. n8n's own Respond to Webhook refuses to run behind a community
 * trigger, so this node calls n8n's sendResponse itself.
 */
export class SalesforceScimRespond implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salesforce SCIM Respond',
		name: 'salesforceScimRespond',
		icon: { light: 'file:salesforceScimRespond.svg', dark: 'file:salesforceScimRespond.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ "answer the IdP" }}',
		description: 'Answer the identity provider of a Salesforce SCIM Trigger with what Salesforce did',
		defaults: { name: 'Salesforce SCIM Respond' },
		// n8n's rules want every node usable as a tool. As a tool it finds no IdP request to answer and says so.
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'salesforceScimOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			{ name: 'salesforceScimJwtApi', required: true, displayOptions: { show: { authentication: ['jwt'] } } },
		],
		properties: [
			{
				displayName:
					'Connect the Salesforce SCIM node’s success output and its error output (Settings → On Error → Continue (using error output)) here, and the Mapping node’s Invalid output too: every path of a run must end here, or the IdP gets a 500.',
				name: 'respondNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Salesforce Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'OAuth2', value: 'oAuth2' },
					{ name: 'JWT Bearer', value: 'jwt' },
				],
				default: 'oAuth2',
				description: 'Used to read the created or updated resource back from Salesforce for the answer',
			},
			{
				displayName: 'Trigger Event',
				name: 'event',
				type: 'json',
				default: '={{ $(\'Salesforce SCIM Trigger\').item.json }}',
				description: 'The directory event this item carries out. The default follows the item back to the trigger; change the node name in it if you renamed the trigger.',
			},
			{
				displayName: 'Resource ID',
				name: 'resourceId',
				type: 'string',
				default: '={{ $json.id }}',
				description: 'The Salesforce ID of the user or group written (the Salesforce SCIM node’s output ID). Empty: the ID in the IdP’s URL.',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const answered = await respond(this);
		return [this.getInputData().map((item, index) => ({ json: { ...item.json, _scimResponse: answered } as IDataObject, pairedItem: { item: index } }))];
	}
}
