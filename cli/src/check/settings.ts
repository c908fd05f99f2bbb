/**
 * What `sfscim check` connects with: flags, or KEY=VALUE lines of an environment file (flags win). Secrets are
 * read here and only ever leave this process in the token request.
 */
import { readFileSync } from 'node:fs';

import { loginHost, UrlSettingError, type SalesforceEnvironment } from '../../../scim/auth/loginHost';

export type Grant = 'jwt' | 'client-credentials';

export interface CheckSettings {
	environment: SalesforceEnvironment;
	myDomainUrl?: string;
	grant: Grant;
	clientId: string;
	clientSecret?: string;
	username?: string;
	privateKey?: string;
	/** JWT `aud`; default: the login host. */
	audience?: string;
	timeoutMs: number;
}

/** The flags as the command parsed them; every one may also come from the environment file. */
export interface RawSettings {
	environment?: string;
	'my-domain'?: string;
	grant?: string;
	'client-id'?: string;
	'client-secret'?: string;
	username?: string;
	'private-key-file'?: string;
	audience?: string;
	timeout?: number;
}

export class SettingsError extends Error {}

const KEYS: Record<string, keyof RawSettings> = {
	ENVIRONMENT: 'environment',
	MY_DOMAIN: 'my-domain',
	MY_DOMAIN_URL: 'my-domain',
	GRANT: 'grant',
	CLIENT_ID: 'client-id',
	CLIENT_SECRET: 'client-secret',
	USERNAME: 'username',
	PRIVATE_KEY_FILE: 'private-key-file',
	AUDIENCE: 'audience',
};

/**
 * KEY=VALUE lines, `#` comments, optional quotes, keys with or without an `SFSCIM_` / `SALESFORCE_` prefix.
 * PRIVATE_KEY may hold the key itself with literal \n, as vaults export it.
 */
export function parseEnvFile(text: string): { settings: RawSettings; privateKey?: string } {
	const settings: RawSettings = {};
	let privateKey: string | undefined;
	for (const [index, raw] of text.split(/\r?\n/).entries()) {
		const line = raw.trim();
		if (!line || line.startsWith('#')) continue;
		const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
		if (!m) throw new SettingsError(`line ${index + 1} of the environment file is not KEY=VALUE`);
		const key = m[1].toUpperCase().replace(/^(SFSCIM|SALESFORCE|SF)_/, '');
		let value = m[2].trim();
		if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
		if (key === 'PRIVATE_KEY') privateKey = value;
		else if (KEYS[key]) (settings as Record<string, string>)[KEYS[key]] = value;
	}
	return { settings, privateKey };
}

const ENVIRONMENTS: Record<string, SalesforceEnvironment> = { production: 'production', sandbox: 'sandbox', mydomain: 'myDomain', 'my-domain': 'myDomain' };

export function resolveSettings(flags: RawSettings, envFile?: string): CheckSettings {
	let fromFile: RawSettings = {};
	let inlineKey: string | undefined;
	if (envFile) {
		let text: string;
		try {
			text = readFileSync(envFile, 'utf8');
		} catch (err) {
			throw new SettingsError(`cannot read the environment file ${envFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
		}
		({ settings: fromFile, privateKey: inlineKey } = parseEnvFile(text));
	}
	const pick = <K extends keyof RawSettings>(key: K) => flags[key] ?? fromFile[key];
	const environmentName = String(pick('environment') ?? (pick('my-domain') ? 'mydomain' : 'production')).toLowerCase();
	const environment = ENVIRONMENTS[environmentName];
	if (!environment) throw new SettingsError(`--environment must be production, sandbox or mydomain (got "${environmentName}")`);
	const grantName = String(pick('grant') ?? (pick('private-key-file') || inlineKey ? 'jwt' : 'client-credentials')).toLowerCase();
	if (grantName !== 'jwt' && grantName !== 'client-credentials') throw new SettingsError(`--grant must be jwt or client-credentials (got "${grantName}")`);
	const grant = grantName as Grant;
	const clientId = pick('client-id');
	if (!clientId) throw new SettingsError('--client-id (the connected app’s Consumer Key) is required');
	const settings: CheckSettings = { environment, grant, clientId, timeoutMs: flags.timeout ?? 20_000 };
	const myDomain = pick('my-domain');
	if (myDomain) settings.myDomainUrl = myDomain;
	try {
		loginHost(environment, settings.myDomainUrl);
	} catch (err) {
		if (err instanceof UrlSettingError) throw new SettingsError(`${err.message} (--my-domain)`);
		throw err;
	}
	const audience = pick('audience');
	if (audience) settings.audience = audience;
	if (grant === 'client-credentials') {
		const secret = pick('client-secret');
		if (!secret) throw new SettingsError('--client-secret (the connected app’s Consumer Secret) is required for the client credentials flow');
		if (environment !== 'myDomain') throw new SettingsError('the client credentials flow runs against your My Domain: use --environment mydomain --my-domain https://yourcompany.my.salesforce.com');
		settings.clientSecret = secret;
	} else {
		const username = pick('username');
		if (!username) throw new SettingsError('--username (the Salesforce username the JWT is issued for) is required for the JWT bearer flow');
		settings.username = username;
		const keyFile = pick('private-key-file');
		if (keyFile) {
			try {
				settings.privateKey = readFileSync(keyFile, 'utf8');
			} catch (err) {
				throw new SettingsError(`cannot read the private key file ${keyFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
			}
		} else if (inlineKey) {
			settings.privateKey = inlineKey;
		} else {
			throw new SettingsError('--private-key-file (the PEM private key whose certificate is on the connected app) is required for the JWT bearer flow');
		}
	}
	return settings;
}

/** The settings as they may be shown: no secret, no key, the consumer key shortened. */
export function describeSettings(settings: CheckSettings): Record<string, string> {
	const shown: Record<string, string> = {
		environment: settings.environment,
		loginHost: loginHost(settings.environment, settings.myDomainUrl),
		grant: settings.grant,
		clientId: settings.clientId.length > 12 ? `${settings.clientId.slice(0, 8)}…${settings.clientId.slice(-4)}` : '…',
	};
	if (settings.username) shown.username = settings.username;
	if (settings.audience) shown.audience = settings.audience;
	return shown;
}
