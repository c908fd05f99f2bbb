import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, IWebhookFunctions } from 'n8n-workflow';

import { assertSafeBaseUrl } from '../../../scim/auth/loginHost';
import type { CredentialType } from './types';

/** The Salesforce SCIM Trigger answers IdP reads from Salesforce inside webhook(), so a webhook context is one too. */
export type Context = IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions;

/**
 * OAuth2 tokens carry the instance URL; the JWT credential sets it itself when it mints (undefined here).
 * Client credentials has no token before the first call, so My Domain or the override stands in.
 */
export async function resolveBaseUrl(ctx: Context, credentialType: CredentialType): Promise<string | undefined> {
	if (credentialType === 'salesforceScimJwtApi') return undefined;
	const credentials = await ctx.getCredentials(credentialType);
	const token = (credentials.oauthTokenData ?? {}) as IDataObject;
	if (typeof token.instance_url === 'string' && token.instance_url) {
		return assertSafeBaseUrl(token.instance_url, 'The instance_url in the OAuth token');
	}
	if (typeof credentials.instanceUrl === 'string' && credentials.instanceUrl.trim()) {
		return assertSafeBaseUrl(credentials.instanceUrl, 'Instance URL');
	}
	if (credentials.environment === 'myDomain' && typeof credentials.myDomainUrl === 'string') {
		return assertSafeBaseUrl(credentials.myDomainUrl, 'My Domain URL');
	}
	if (credentials.grantType === 'clientCredentials') {
		throw new Error(
			'Client Credentials needs your org’s My Domain URL: in the credential set Environment to “My Domain” and enter https://yourcompany.my.salesforce.com',
		);
	}
	throw new Error(
		'The credential has no instance URL yet. Open the credential and click “Connect my account”, or fill in Instance URL',
	);
}
