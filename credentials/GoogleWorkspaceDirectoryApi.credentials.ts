import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { signRs256Jwt } from '../scim/auth/jwtBearer';

const SCOPES = 'https://www.googleapis.com/auth/admin.directory.user.readonly';

/**
 * A Google Cloud service account with domain-wide delegation, acting as a Workspace admin: the usual way a
 * server reads the Admin SDK Directory without a person signing in. n8n calls preAuthentication when the cached
 * token is empty or a request came back 401, so the hour-long token re-mints by itself.
 */
export class GoogleWorkspaceDirectoryApi implements ICredentialType {
	name = 'googleWorkspaceDirectoryApi';

	displayName = 'Google Workspace Directory (Service Account) API';

	icon: Icon = { light: 'file:icons/directory.svg', dark: 'file:icons/directory.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-salesforce-scim/n8n-nodes-salesforce-scim#google-workspace';

	properties: INodeProperties[] = [
		{
			displayName: 'Service Account Email',
			name: 'clientEmail',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'n8n-directory@project.iam.gserviceaccount.com',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			required: true,
			description: 'The private_key of the service account’s JSON key file, "-----BEGIN PRIVATE KEY-----" included',
		},
		{
			displayName: 'Admin Email',
			name: 'subject',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'admin@example.com',
			description: 'A Workspace admin the service account acts as (domain-wide delegation with the scope ' + SCOPES + ')',
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: 'https://oauth2.googleapis.com/token',
			description: 'Google’s token endpoint; change it only to reach a proxy or a test server',
		},
		{
			displayName: 'Directory API URL',
			name: 'apiUrl',
			type: 'string',
			default: 'https://admin.googleapis.com',
			description: 'The Admin SDK host; change it only to reach a proxy or a test server',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const tokenUrl = String(credentials.tokenUrl || 'https://oauth2.googleapis.com/token').trim();
		const now = Math.floor(Date.now() / 1000);
		const assertion = signRs256Jwt(
			{
				iss: String(credentials.clientEmail ?? '').trim(),
				sub: String(credentials.subject ?? '').trim(),
				scope: SCOPES,
				aud: tokenUrl,
				iat: now,
				exp: now + 3600,
			},
			String(credentials.privateKey ?? ''),
			'A Google service account',
		);
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: tokenUrl,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			json: false,
		})) as { statusCode: number; body: unknown };
		const body = parseJson(response.body);
		if (response.statusCode !== 200 || typeof body?.access_token !== 'string') {
			const reason = body && typeof body.error === 'string' ? `${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}` : `HTTP ${response.statusCode}`;
			// unauthorized_client: the service account's client ID lacks domain-wide delegation for the scope.
			throw new Error(
				`Google refused the service account (${reason}). Check the service account email and key, that the Admin Email is a Workspace admin, and that domain-wide delegation grants ${SCOPES}`,
			);
		}
		return { accessToken: body.access_token };
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions) {
		const headers = { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${String(credentials.accessToken ?? '')}` };
		return { ...requestOptions, headers };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.apiUrl || "https://admin.googleapis.com").trim().replace(/\\/+$/, "") }}',
			url: '/admin/directory/v1/users',
			qs: { customer: 'my_customer', maxResults: 1 },
		},
	};
}

function parseJson(body: unknown): IDataObject | undefined {
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) return body as IDataObject;
	try {
		const parsed: unknown = JSON.parse(String(body ?? ''));
		return parsed && typeof parsed === 'object' ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}
