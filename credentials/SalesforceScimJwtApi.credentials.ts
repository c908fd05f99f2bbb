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

import { assertSafeBaseUrl, jwtAudience, loginHost, SCIM_BASE_PATH, tokenUrl } from '../scim/auth/loginHost';
import { signJwtBearerAssertion } from '../scim/auth/jwtBearer';
import { explainTokenError, type TokenErrorBody } from '../scim/auth/tokenErrors';
import { environmentProperties } from './salesforceEnvironment';

/**
 * Server-to-server access with a certificate: the OAuth 2.0 JWT bearer flow. n8n calls preAuthentication
 * when the cached token is empty or a request came back 401, so an expired session re-mints by itself.
 */
export class SalesforceScimJwtApi implements ICredentialType {
	name = 'salesforceScimJwtApi';

	displayName = 'Salesforce SCIM JWT API';

	icon: Icon = {
		light: 'file:icons/salesforceScim.svg',
		dark: 'file:icons/salesforceScim.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-salesforce-scim/n8n-nodes-salesforce-scim#jwt-bearer-server-to-server';

	properties: INodeProperties[] = [
		...environmentProperties,
		{
			displayName: 'Consumer Key',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'The connected app’s Consumer Key (Setup → App Manager → View → Manage Consumer Details)',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'integration.user@yourcompany.com',
			description:
				'Salesforce username of the integration user. It needs "Manage Users" and "API Enabled", and must be pre-authorised for the app.',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			required: true,
			description:
				'PEM private key matching the certificate uploaded to the connected app. Line breaks may be missing.',
		},
		{
			displayName: 'Audience',
			name: 'audience',
			type: 'string',
			default: '',
			placeholder: 'https://login.salesforce.com',
			description:
				'Optional. The JWT audience: empty means https://login.salesforce.com, or https://test.salesforce.com for sandboxes (also when the token comes from a My Domain). Set it only for an Experience Cloud site.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Instance URL',
			name: 'instanceUrl',
			type: 'hidden',
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const host = loginHost(credentials.environment as string, credentials.myDomainUrl as string);
		const assertion = signJwtBearerAssertion(
			{
				consumerKey: String(credentials.clientId ?? '').trim(),
				username: String(credentials.username ?? '').trim(),
				audience: jwtAudience(credentials.environment as string, credentials.myDomainUrl as string, credentials.audience as string),
			},
			String(credentials.privateKey ?? ''),
		);
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: tokenUrl(host),
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: new URLSearchParams({
				grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
				assertion,
			}).toString(),
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			json: false,
		})) as { statusCode: number; body: unknown };

		const body = parseJson(response.body);
		if (body === undefined || (response.statusCode === 200 && typeof body.access_token !== 'string')) {
			// A login page or a proxy in place of Salesforce's token endpoint says nothing an OAuth error would.
			throw new Error(notATokenAnswer(response.statusCode, response.body));
		}
		if (response.statusCode !== 200 || typeof body?.access_token !== 'string') {
			throw new Error(explainTokenError(body as TokenErrorBody | undefined, 'jwt'));
		}
		// The token endpoint names the org's instance; it must pass the same https rule as any URL we
		// send the token to.
		const instanceUrl = assertSafeBaseUrl(String(body.instance_url ?? host), 'The instance_url returned by Salesforce');
		return { accessToken: body.access_token, instanceUrl };
	}

	/**
	 * Bearer token plus the org's instance URL: the instance is only known once a token is minted, so requests
	 * name a path and the credential supplies the host it was issued for.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions) {
		const headers = { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${String(credentials.accessToken ?? '')}` };
		const options: IHttpRequestOptions = { ...requestOptions, headers };
		const instanceUrl = String(credentials.instanceUrl ?? '');
		if (!options.baseURL && options.url.startsWith('/') && instanceUrl) {
			options.baseURL = assertSafeBaseUrl(instanceUrl, 'Instance URL');
		}
		return options;
	}

	// A path only: the instance URL is known once preAuthentication has minted the token, and `authenticate`
	// supplies it (an expression here would be resolved before the token exists).
	test: ICredentialTestRequest = {
		request: {
			url: `${SCIM_BASE_PATH}/ServiceProviderConfigs`,
		},
	};
}

function notATokenAnswer(status: number, body: unknown): string {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body ?? '');
	const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1]?.trim().slice(0, 80);
	const what = /<html[\s>]|<!doctype html/i.test(text) ? `an HTML page${title ? ` titled "${title}"` : ''}` : text.trim() ? 'something that is not an OAuth token' : 'an empty answer';
	return `The token endpoint answered HTTP ${status} with ${what} instead of an access token: check the Environment and My Domain URL (https://yourcompany.my.salesforce.com)`;
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
