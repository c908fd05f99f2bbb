import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { slugProblem, tokenProblem } from '../../scim/provider/settings';
import { handleRequest } from './handle';

/**
 * Makes a workflow a SCIM 2.0 service provider for an IdP (Okta, Entra ID, any SCIM client). Reads are answered
 * here from Salesforce without an execution; writes start the workflow with one directory event per change, and
 * the Salesforce SCIM Respond node answers the IdP once Salesforce has the change.
 *
 * Routes: `<slug>/:resource` and `<slug>/:resource/:id`, full paths. n8n keys dynamic webhook paths by path
 * and method without the node's id (n8n issue 26333), so two workflows both serving `Users/:id` collide; the
 * slug, unique per instance, keeps every endpoint's paths its own.
 */
export class SalesforceScimTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salesforce SCIM Trigger',
		name: 'salesforceScimTrigger',
		icon: { light: 'file:salesforceScimTrigger.svg', dark: 'file:salesforceScimTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "/" + $parameter["slug"] }}',
		description: 'Receive users and groups from Okta, Microsoft Entra ID or any SCIM 2.0 client and provision them into Salesforce',
		defaults: { name: 'Salesforce SCIM Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'salesforceScimTriggerApi', required: true, testedBy: 'idpTokenTest' },
			{ name: 'salesforceScimOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			{ name: 'salesforceScimJwtApi', required: true, displayOptions: { show: { authentication: ['jwt'] } } },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'GET,POST',
				path: '={{ $parameter["slug"] }}/:resource',
				isFullPath: true,
				responseMode: 'responseNode',
				// Only used when a run ends without reaching a Salesforce SCIM Respond node: the IdP must not take that for success.
				responseCode: '={{ 500 }}',
			},
			{
				name: 'default',
				httpMethod: 'GET,PUT,PATCH,DELETE',
				path: '={{ $parameter["slug"] }}/:resource/:id',
				isFullPath: true,
				responseMode: 'responseNode',
				responseCode: '={{ 500 }}',
			},
		],
		properties: [
			{
				displayName:
					'Give the IdP the Production URL above without its last part ("/:resource"): <code>https://your-n8n/webhook/&lt;ID&gt;/&lt;slug&gt;</code>. Activate the workflow first. Answer every branch with a <b>Salesforce SCIM Respond</b> node.',
				name: 'urlNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Endpoint Slug',
				name: 'slug',
				type: 'string',
				default: 'scim',
				required: true,
				placeholder: 'okta-salesforce',
				description:
					'Last part of the SCIM base URL. Must be unique among the active SCIM Trigger workflows of this n8n instance: a second workflow with the same slug gets no requests (n8n logs "already taken").',
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
				description: 'How this trigger reads Salesforce to answer the IdP’s lookups (use the same credential as the Salesforce SCIM node)',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Max Results',
						name: 'maxResults',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 200 },
						default: 100,
						description: 'Largest page a list request gets (Salesforce pages hold at most 200)',
					},
					{
						displayName: 'Max Body Size (KB)',
						name: 'maxBodyKb',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 1024,
						description: 'Larger request bodies are refused with 413',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			/** Nothing to call: the IdP calls us. The test says whether the token is fit to be one. */
			async idpTokenTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const problem = tokenProblem(credential.data?.token);
				return problem ? { status: 'Error', message: problem } : { status: 'OK', message: 'The token is long enough; paste the same value into the IdP' };
			},
		},
	};

	/**
	 * Nothing is registered at a third party (the admin pastes the URL and token into the IdP); activation is where
	 * a bad slug or a weak token is refused, before an IdP ever calls.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const problem = slugProblem(this.getNodeParameter('slug')) ?? tokenProblem((await this.getCredentials('salesforceScimTriggerApi')).token);
				if (problem) throw new NodeOperationError(this.getNode(), problem);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleRequest(this);
	}
}
