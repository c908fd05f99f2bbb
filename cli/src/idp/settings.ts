/**
 * Flags → what the runner needs, with every mistake caught before a request is sent: a URL that is not one, a
 * token missing, a prefix that cannot be part of a userName, --user-attributes that are not a JSON object,
 * load numbers out of range.
 */
import { readFileSync } from 'node:fs';

import { normaliseBaseUrl, type Target } from './http';
import { checkSuffix, randomSuffix } from './people';
import { IDP_NAMES, type IdpName } from './types';

export class IdpSettingsError extends Error {}

export interface IdpFlags {
	url?: string;
	token?: string;
	prefix?: string;
	domain?: string;
	'user-attributes'?: string;
	'verify-url'?: string;
	'verify-token'?: string;
	timeout?: number;
	idp?: string;
	users?: number;
	concurrency?: number;
}

export interface IdpSettings {
	target: Target;
	verify?: Target;
	suffix: string;
	domain: string;
	userAttributes: Record<string, unknown>;
}

/** `{"entitlements":[…]}` or `@file.json`. */
export function parseUserAttributes(text: string | undefined): Record<string, unknown> {
	if (text === undefined || text.trim() === '') return {};
	let source = text;
	if (text.startsWith('@')) {
		try {
			source = readFileSync(text.slice(1), 'utf8');
		} catch (err) {
			throw new IdpSettingsError(`--user-attributes: cannot read ${text.slice(1)}: ${(err as Error).message}`);
		}
	}
	let value: unknown;
	try {
		value = JSON.parse(source);
	} catch (err) {
		throw new IdpSettingsError(`--user-attributes is not JSON (${(err as Error).message}); give an object such as '{"entitlements":[{"value":"00e…"}]}' or @file.json`);
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) throw new IdpSettingsError('--user-attributes must be a JSON object of SCIM attributes, e.g. {"timezone":"Europe/Paris"}');
	for (const key of Object.keys(value)) {
		if (['id', 'username', 'meta'].includes(key.toLowerCase())) throw new IdpSettingsError(`--user-attributes must not set ${key}: the sequence owns it`);
	}
	return value as Record<string, unknown>;
}

function wrap<T>(f: () => T): T {
	try {
		return f();
	} catch (err) {
		if (err instanceof IdpSettingsError) throw err;
		throw new IdpSettingsError((err as Error).message);
	}
}

export function resolveIdpSettings(flags: IdpFlags): IdpSettings {
	if (!flags.url) throw new IdpSettingsError('--url is required: the SCIM base URL the IdP would be given (Okta "SCIM connector base URL", Entra "Tenant URL")');
	if (!flags.token) throw new IdpSettingsError('--token is required (or SFSCIM_IDP_TOKEN): the bearer token the IdP would send');
	const timeoutMs = flags.timeout ?? 60_000;
	if (!(timeoutMs > 0)) throw new IdpSettingsError('--timeout must be a positive number of ms');
	const target: Target = { url: wrap(() => normaliseBaseUrl(flags.url!)), token: flags.token, timeoutMs };
	let verify: Target | undefined;
	if (flags['verify-url']) {
		verify = { url: wrap(() => normaliseBaseUrl(flags['verify-url']!, '--verify-url')), token: flags['verify-token'] ?? '', timeoutMs };
		if (!verify.token) throw new IdpSettingsError('--verify-url needs --verify-token (or SFSCIM_VERIFY_TOKEN): a bearer token for that server');
	} else if (flags['verify-token']) {
		throw new IdpSettingsError('--verify-token is given without --verify-url');
	}
	const domain = (flags.domain ?? 'example.com').toLowerCase();
	if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) throw new IdpSettingsError(`--domain "${flags.domain}" is not a mail domain (e.g. example.com)`);
	return {
		target,
		verify,
		suffix: flags.prefix !== undefined ? wrap(() => checkSuffix(flags.prefix!)) : randomSuffix(),
		domain,
		userAttributes: parseUserAttributes(flags['user-attributes']),
	};
}

export function resolveIdpName(name: string | undefined, flag: string): IdpName {
	const idp = (name ?? 'okta') as IdpName;
	if (!IDP_NAMES.includes(idp)) throw new IdpSettingsError(`${flag} must be one of ${IDP_NAMES.join(', ')}, not "${name}"`);
	return idp;
}

export function resolveLoadNumbers(flags: IdpFlags): { users: number; concurrency: number } {
	const users = flags.users ?? 200;
	const concurrency = flags.concurrency ?? 50;
	if (!Number.isInteger(users) || users < 1 || users > 100_000) throw new IdpSettingsError('--users must be a whole number from 1 to 100000');
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) throw new IdpSettingsError('--concurrency must be a whole number from 1 to 1000');
	return { users, concurrency };
}
