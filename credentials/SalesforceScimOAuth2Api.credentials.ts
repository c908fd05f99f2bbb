import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { environmentProperties } from './salesforceEnvironment';

// The login host for the chosen environment, as an n8n expression: credential fields are data, not code.
const host =
	'($self["environment"] === "myDomain" ? String($self["myDomainUrl"] || "").trim().replace(/\\/+$/, "") : ($self["environment"] === "sandbox" ? "https://test.salesforce.com" : "https://login.salesforce.com"))';

/**
 * Interactive access (authorization code with PKCE) or an app's Run-As user (client credentials).
 * n8n's own OAuth2 code performs both flows and refreshes on 401; this type only supplies Salesforce's
 * endpoints and scopes. Salesforce sends no expires_in, so a 401 is the expiry signal.
 */
export class SalesforceScimOAuth2Api implements ICredentialType {
	name = 'salesforceScimOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Salesforce SCIM OAuth2 API';

	icon: Icon = {
		light: 'file:icons/salesforceScim.svg',
		dark: 'file:icons/salesforceScim.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-salesforce-scim/n8n-nodes-salesforce-scim#oauth2-authorization-code-with-pkce';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{
					name: 'Authorization Code with PKCE',
					value: 'pkce',
					description: 'Sign in once as the integration user; n8n refreshes the token',
				},
				{
					name: 'Client Credentials',
					value: 'clientCredentials',
					description: 'Runs as the connected app’s Run-As user; needs your My Domain URL',
				},
			],
			default: 'pkce',
		},
		...environmentProperties,
		{
			displayName: 'Client Credentials need your org’s My Domain URL: choose Environment “My Domain”',
			name: 'clientCredentialsNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { grantType: ['clientCredentials'], environment: ['production', 'sandbox'] } },
		},
		{
			displayName: 'Instance URL',
			name: 'instanceUrl',
			type: 'string',
			default: '',
			placeholder: 'https://yourcompany.my.salesforce.com',
			description:
				'Optional. Used only when Salesforce’s token response has no instance_url (the first client-credentials call); otherwise the instance_url from Salesforce wins.',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ ${host} + "/services/oauth2/authorize" }}`,
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ ${host} + "/services/oauth2/token" }}`,
			required: true,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			// SCIM needs only "api"; "refresh_token" lets n8n renew the session unattended.
			default: 'api refresh_token',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			// Salesforce accepts client_id / client_secret in the form body for every flow.
			default: 'body',
		},
	];
}
