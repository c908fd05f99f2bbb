/**
 * Checking the IdP's credentials before anything of its request is read. Comparison is on SHA-256 digests with
 * timingSafeEqual: equal-length buffers whatever the lengths sent, so neither the token's length nor a matching
 * prefix shows in the time taken.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import { scimErrorBody } from '../error';

function digest(text: string): Uint8Array {
	return createHash('sha256').update(text, 'utf8').digest();
}

function sameSecret(sent: string, expected: string): boolean {
	return timingSafeEqual(digest(sent), digest(expected));
}

export interface AuthSettings {
	/** The bearer token the IdP must send (`Authorization: Bearer …`). */
	token: string;
	/** Optional HTTP Basic pair (Okta offers Basic); both must be set to be accepted. */
	basicUser?: string;
	basicPassword?: string;
}

/** True when the Authorization header carries the configured bearer token (or the Basic pair, when one is set). */
export function isAuthorized(header: string | string[] | undefined, settings: AuthSettings): boolean {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string' || settings.token.length === 0) return false;
	const match = /^\s*(Bearer|Basic)\s+(\S+)\s*$/i.exec(value);
	if (!match) return false;
	if (match[1].toLowerCase() === 'bearer') return sameSecret(match[2], settings.token);
	if (!settings.basicUser || !settings.basicPassword) return false;
	let decoded: string;
	try {
		decoded = new TextDecoder('utf-8').decode(Uint8Array.from(atob(match[2]), (char) => char.charCodeAt(0)));
	} catch {
		return false;
	}
	// Both halves are compared every time, so a right user name with a wrong password takes as long as neither.
	const separator = decoded.indexOf(':');
	const user = separator < 0 ? decoded : decoded.slice(0, separator);
	const password = separator < 0 ? '' : decoded.slice(separator + 1);
	const userOk = sameSecret(user, settings.basicUser);
	const passwordOk = sameSecret(password, settings.basicPassword);
	return userOk && passwordOk;
}

/** The 401 an IdP gets: a SCIM Error body and the challenge RFC 6750 §3 asks for. Nothing of what was sent is echoed. */
export function unauthorizedResponse(realm = 'SCIM'): { status: number; headers: Record<string, string>; body: object } {
	return {
		status: 401,
		headers: { 'WWW-Authenticate': `Bearer realm="${realm}"` },
		body: scimErrorBody(401, 'Authorization failed: send the bearer token configured in this endpoint’s credential as "Authorization: Bearer <token>"'),
	};
}
