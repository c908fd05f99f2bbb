import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * A BambooHR API key (your avatar → API Keys), sent as HTTP Basic with the key as user name and any password,
 * as BambooHR asks. The Test reads the employee directory's field list.
 */
export class BambooHrDirectoryApi implements ICredentialType {
	name = 'bambooHrDirectoryApi';

	displayName = 'BambooHR Directory API';

	icon: Icon = { light: 'file:icons/directory.svg', dark: 'file:icons/directory.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-salesforce-scim/n8n-nodes-salesforce-scim#bamboohr';

	properties: INodeProperties[] = [
		{
			displayName: 'Company Domain',
			name: 'companyDomain',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme',
			description: 'The part before .bamboohr.com in your BambooHR address',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: 'https://api.bamboohr.com',
			description: 'BambooHR’s API host; change it only to reach a proxy or a test server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { auth: { username: '={{$credentials.apiKey}}', password: 'x' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ String($credentials.apiUrl || "https://api.bamboohr.com").trim().replace(/\\/+$/, "") + "/api/gateway.php/" + encodeURIComponent(String($credentials.companyDomain).trim()) }}',
			url: '/v1/meta/fields',
			headers: { Accept: 'application/json' },
		},
	};
}
