import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * What an identity provider presents to the Salesforce SCIM Trigger: a long-lived bearer token (the only scheme
 * Entra non-gallery apps support; Okta's "HTTP Header" option), optionally HTTP Basic for Okta apps set up that way.
 * The token is compared in constant time and never written to output, logs or errors.
 */
export class SalesforceScimTriggerApi implements ICredentialType {
	name = 'salesforceScimTriggerApi';

	displayName = 'Salesforce SCIM Trigger (IdP Token) API';

	icon: Icon = {
		light: 'file:icons/salesforceScim.svg',
		dark: 'file:icons/salesforceScim.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-salesforce-scim/n8n-nodes-salesforce-scim#salesforce-scim-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Bearer Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The secret the IdP sends as "Authorization: Bearer …". Paste the same value into Okta (API Token / HTTP Header) or Entra (Secret Token). Use 32 or more random characters, e.g. from "openssl rand -hex 32".',
		},
		{
			displayName: 'Basic Auth Username',
			name: 'basicUser',
			type: 'string',
			default: '',
			description: 'Optional: also accept HTTP Basic with this username (Okta offers Basic). Leave empty to accept only the bearer token.',
		},
		{
			displayName: 'Basic Auth Password',
			name: 'basicPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { hide: { basicUser: [''] } },
		},
	];
}
