import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IHttpRequestOptions,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * A list of people at a URL (a CSV or JSON export, an HR report link, an internal endpoint) for the Directory
 * Change Trigger's "Any List" source. The URL is part of the credential because it often carries a secret
 * (a signed link, a report key); the header is optional. The Test downloads the list.
 */
export class DirectoryListApi implements ICredentialType {
	name = 'directoryListApi';

	displayName = 'Directory List (URL) API';

	icon: Icon = { light: 'file:icons/directory.svg', dark: 'file:icons/directory.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-salesforce-scim/n8n-nodes-salesforce-scim#any-list-csv-or-json-at-a-url';

	properties: INodeProperties[] = [
		{
			displayName: 'List URL',
			name: 'url',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'https://hr.example.com/exports/people.csv',
			description: 'Where the CSV or JSON list of people is downloaded from (HTTPS)',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'Authorization',
			description: 'A header sent with the download, e.g. Authorization. Leave the value empty to send none.',
		},
		{
			displayName: 'Header Value',
			name: 'headerValue',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'Bearer …',
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions) {
		const value = String(credentials.headerValue ?? '');
		if (!value) return requestOptions;
		const name = String(credentials.headerName ?? '').trim() || 'Authorization';
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), [name]: value } };
	}

	test: ICredentialTestRequest = {
		request: { url: '={{ $credentials.url }}' },
	};
}
