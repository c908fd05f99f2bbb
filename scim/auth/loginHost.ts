/**
 * Where a Salesforce org is reached: the login host for OAuth, and the rule every URL we send a token to must
 * pass. Salesforce has three login hosts: production, sandbox, and the org's own My Domain (required for the
 * client-credentials flow and for newer orgs).
 */
export type SalesforceEnvironment = 'production' | 'sandbox' | 'myDomain';

export const LOGIN_HOSTS = {
	production: 'https://login.salesforce.com',
	sandbox: 'https://test.salesforce.com',
} as const;

export class UrlSettingError extends Error {
	constructor(
		message: string,
		readonly setting: string,
	) {
		super(message);
		this.name = 'UrlSettingError';
	}
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Tokens go only to https URLs. Plain http is allowed for loopback hosts so that the local emulator works;
 * anything else over http would send a bearer token in clear text.
 */
export function assertSafeBaseUrl(value: string, setting: string): string {
	const url = parseUrl(value);
	if (!url) {
		throw new UrlSettingError(
			`${setting} "${value}" is not a URL. Enter it as https://yourcompany.my.salesforce.com`,
			setting,
		);
	}
	if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return stripPath(url);
	if (url.protocol !== 'https:') {
		throw new UrlSettingError(
			`${setting} must use https:// (got ${url.protocol}//${url.host}). Plain http is only allowed for localhost / 127.0.0.1, such as the local emulator`,
			setting,
		);
	}
	return stripPath(url);
}

function parseUrl(value: string): URL | undefined {
	try {
		return new URL(String(value ?? '').trim());
	} catch {
		return undefined;
	}
}

function stripPath(url: URL): string {
	return `${url.protocol}//${url.host}`;
}

/** The OAuth host for an environment; the My Domain URL is validated like any URL we send secrets to. */
export function loginHost(environment: SalesforceEnvironment | string, myDomainUrl?: string): string {
	if (environment === 'production') return LOGIN_HOSTS.production;
	if (environment === 'sandbox') return LOGIN_HOSTS.sandbox;
	if (environment === 'myDomain') {
		if (!myDomainUrl?.trim()) {
			throw new UrlSettingError(
				'My Domain URL is empty. Enter your org’s My Domain URL (Setup → My Domain), e.g. https://yourcompany.my.salesforce.com',
				'My Domain URL',
			);
		}
		return assertSafeBaseUrl(myDomainUrl, 'My Domain URL');
	}
	throw new UrlSettingError(
		`Environment "${environment}" is unknown. Choose Production, Sandbox or My Domain`,
		'Environment',
	);
}

/**
 * The `aud` of a JWT bearer assertion. Salesforce wants the authorization server's login URL — login.salesforce.com
 * or test.salesforce.com — even when the token is requested from a My Domain, whose host then only says which of
 * the two applies (sandbox My Domains contain ".sandbox." or "--"). Loopback hosts (the emulator) use themselves.
 */
export function jwtAudience(environment: SalesforceEnvironment | string, myDomainUrl?: string, override?: string): string {
	if (override?.trim()) {
		// Validated like any URL, but kept whole: an Experience Cloud audience has a path (/customers).
		assertSafeBaseUrl(override, 'Audience');
		return override.trim().replace(/\/+$/, '');
	}
	if (environment === 'sandbox') return LOGIN_HOSTS.sandbox;
	if (environment !== 'myDomain') return LOGIN_HOSTS.production;
	const host = loginHost(environment, myDomainUrl);
	const hostname = new URL(host).hostname;
	if (LOOPBACK.test(hostname)) return host;
	return /\.sandbox\.|--/i.test(hostname) ? LOGIN_HOSTS.sandbox : LOGIN_HOSTS.production;
}

/** Salesforce's SCIM 2.0 endpoint lives under the org's instance URL. */
export const SCIM_BASE_PATH = '/services/scim/v2';
/** Where Salesforce issues access tokens, under a login host. */
export function tokenUrl(host: string): string {
	return `${host}/services/oauth2/token`;
}
