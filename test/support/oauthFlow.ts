/**
 * What n8n's credential modal does on "Connect my account" for an authorization-code + PKCE credential, done for
 * real against a running emulator: authorize with an S256 challenge, take the code from the redirect, exchange it
 * with the verifier. The result is the `oauthTokenData` n8n would store.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../cli/src/emulator';
import type { StoredCredential } from '../../cli/src/engine';
import { clientCredentials } from './scimNode';

export const REDIRECT_URI = 'http://localhost:5678/rest/oauth2-credential/callback';

export async function connectWithPkce(emulator: Emulator): Promise<IDataObject> {
	const info = emulator.connectionInfo();
	const verifier = randomBytes(32).toString('base64url');
	const challenge = createHash('sha256').update(verifier).digest('base64url');
	const authorize = new URL(info.authorizeUrl);
	authorize.search = new URLSearchParams({
		response_type: 'code',
		client_id: info.clientId,
		redirect_uri: REDIRECT_URI,
		scope: 'api refresh_token',
		state: 'n8n-state',
		code_challenge: challenge,
		code_challenge_method: 'S256',
	}).toString();
	const redirect = await fetch(authorize, { redirect: 'manual' });
	if (redirect.status !== 302) throw new Error(`authorize answered ${redirect.status}`);
	const back = new URL(redirect.headers.get('location') ?? '');
	const code = back.searchParams.get('code');
	if (!code || back.searchParams.get('state') !== 'n8n-state') throw new Error(`no code in ${back.toString()}`);
	const token = await fetch(info.tokenUrl, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'authorization_code',
			code,
			redirect_uri: REDIRECT_URI,
			code_verifier: verifier,
			client_id: info.clientId,
			client_secret: info.clientSecret,
		}).toString(),
	});
	const body = (await token.json()) as IDataObject;
	if (token.status !== 200) throw new Error(`token exchange answered ${token.status}: ${JSON.stringify(body)}`);
	return body;
}

/** The credential as n8n stores it after a successful "Connect": settings plus the token data. */
export function pkceCredential(emulator: Emulator, oauthTokenData: IDataObject, overrides: IDataObject = {}): StoredCredential {
	return clientCredentials(emulator, { grantType: 'pkce', oauthTokenData, ...overrides });
}
