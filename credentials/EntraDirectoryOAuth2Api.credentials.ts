import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * Microsoft Entra ID app-only access to Microsoft Graph (client credentials), for the Directory Change Trigger.
 * n8n's own OAuth2 code gets and renews the token; this type only supplies the tenant's endpoints and the scope.
 * The app needs the Application permissions User.Read.All (and GroupMember.Read.All for membership), admin-consented.
 */
export class EntraDirectoryOAuth2Api implements ICredentialType {
	name = 'entraDirectoryOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Microsoft Entra ID Directory OAuth2 API';

	icon: Icon = { light: 'file:icons/directory.svg', dark: 'file:icons/directory.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-salesforce-scim/n8n-nodes-salesforce-scim#microsoft-entra-id';

	properties: INodeProperties[] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'clientCredentials' },
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '00000000-0000-0000-0000-000000000000',
			description: 'Directory (tenant) ID of the app registration, or the tenant’s primary domain (contoso.onmicrosoft.com)',
		},
		{
			displayName: 'Login URL',
			name: 'loginUrl',
			type: 'string',
			default: 'https://login.microsoftonline.com',
			description: 'The Entra sign-in host: change it only for a national cloud (https://login.microsoftonline.us, https://login.chinacloudapi.cn)',
		},
		{
			displayName: 'Graph URL',
			name: 'graphUrl',
			type: 'string',
			default: 'https://graph.microsoft.com',
			description: 'Microsoft Graph: change it only for a national cloud (https://graph.microsoft.us, https://microsoftgraph.chinacloudapi.cn)',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: '={{ String($self["loginUrl"] || "https://login.microsoftonline.com").trim().replace(/\\/+$/, "") + "/" + String($self["tenantId"]).trim() + "/oauth2/v2.0/token" }}',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '={{ String($self["graphUrl"] || "https://graph.microsoft.com").trim().replace(/\\/+$/, "") + "/.default" }}',
		},
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
	];
}
