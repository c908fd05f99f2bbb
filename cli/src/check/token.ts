/** Minting an access token the way the package's credentials do, with each failure explained as a fix. */
import { PrivateKeyError, signJwtBearerAssertion } from '../../../scim/auth/jwtBearer';
import { assertSafeBaseUrl, loginHost, tokenUrl, UrlSettingError } from '../../../scim/auth/loginHost';
import { explainTokenError, type TokenErrorBody } from '../../../scim/auth/tokenErrors';
import { exchange, NetworkError } from './http';
import type { CheckSettings } from './settings';

export interface Token {
	accessToken: string;
	instanceUrl: string;
	scope?: string;
}

export type TokenOutcome = { ok: true; token: Token; host: string } | { ok: false; host: string; problem: string; fix: string };

export async function mintToken(settings: CheckSettings): Promise<TokenOutcome> {
	const host = loginHost(settings.environment, settings.myDomainUrl);
	const form = new URLSearchParams();
	if (settings.grant === 'jwt') {
		try {
			const assertion = signJwtBearerAssertion(
				{ consumerKey: settings.clientId, username: settings.username!, audience: settings.audience ?? host },
				settings.privateKey!,
			);
			form.set('grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer');
			form.set('assertion', assertion);
		} catch (err) {
			if (err instanceof PrivateKeyError) return { ok: false, host, problem: 'the private key cannot be used', fix: err.message };
			throw err;
		}
	} else {
		form.set('grant_type', 'client_credentials');
		form.set('client_id', settings.clientId);
		form.set('client_secret', settings.clientSecret!);
	}
	let answer;
	try {
		answer = await exchange(tokenUrl(host), { method: 'POST', body: form, headers: { accept: 'application/json' } }, settings.timeoutMs);
	} catch (err) {
		if (!(err instanceof NetworkError)) throw err;
		return {
			ok: false,
			host,
			problem: `cannot reach ${host} (${err.message})`,
			fix: settings.environment === 'myDomain'
				? 'Check --my-domain (Setup → My Domain shows it, e.g. https://yourcompany.my.salesforce.com), and that this machine can reach it (proxy, firewall)'
				: 'Check that this machine can reach Salesforce (proxy, firewall)',
		};
	}
	const body = (answer.json ?? {}) as TokenErrorBody & { access_token?: string; instance_url?: string; scope?: string };
	if (answer.status === 200 && typeof body.access_token === 'string') {
		let instanceUrl: string;
		try {
			instanceUrl = assertSafeBaseUrl(String(body.instance_url ?? host), 'The instance_url Salesforce returned');
		} catch (err) {
			if (err instanceof UrlSettingError) return { ok: false, host, problem: err.message, fix: 'Salesforce instances are https only: check that --my-domain points at Salesforce and not at a proxy' };
			throw err;
		}
		return { ok: true, host, token: { accessToken: body.access_token, instanceUrl, ...(body.scope ? { scope: body.scope } : {}) } };
	}
	if (answer.html || answer.json === undefined) {
		return {
			ok: false,
			host,
			problem: `${tokenUrl(host)} answered ${answer.status} with ${answer.html ? 'an HTML page' : 'something that is not JSON'}, not a token`,
			fix: 'This is not a Salesforce login host: check --environment (production, sandbox) or --my-domain',
		};
	}
	const flow = settings.grant === 'jwt' ? 'jwt' : 'clientCredentials';
	let fix = explainTokenError(body, flow);
	// Salesforce documents login.salesforce.com / test.salesforce.com as the JWT audience even when the token is
	// requested from a My Domain: let the admin try that without changing the credential first.
	if (/audience/i.test(body.error_description ?? '')) fix += '. To try another audience: --audience https://login.salesforce.com (production) or --audience https://test.salesforce.com (sandbox)';
	return { ok: false, host, problem: `Salesforce refused the token request: ${body.error ?? answer.status}${body.error_description ? ` (${body.error_description})` : ''}`, fix };
}
