import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * An Okta API token (Security → API → Tokens), sent as `Authorization: SSWS <token>`. A read-only admin's token
 * is enough for the Directory Change Trigger. The Test reads the token owner's own user.
 */
export class OktaDirectoryApi implements ICredentialType {
	name = 'oktaDirectoryApi';

	displayName = 'Okta Directory API';

	icon: Icon = { light: 'file:icons/directory.svg', dark: 'file:icons/directory.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-salesforce-scim/n8n-nodes-salesforce-scim#okta';

	properties: INodeProperties[] = [
		{
			displayName: 'Okta Domain',
			name: 'domain',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://yourcompany.okta.com',
			description: 'Your Okta org’s URL (not the -admin one)',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=SSWS {{$credentials.apiToken}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.domain).trim().replace(/\\/+$/, "").replace(/-admin\\./, ".") }}',
			url: '/api/v1/users/me',
		},
	};
}
