/** What the sequences share: schema URNs, the IdP attribute mapping merge, filters quoted by the SCIM core. */
import { filterEq, SCHEMA } from '../../../../scim';
import { isPlainObject } from '../../../../scim/attribute';
import type { IdpRequest, StepContext } from '../types';

export const CORE_USER = SCHEMA.user;
export const ENTERPRISE = SCHEMA.enterpriseUser;
export const CORE_GROUP = SCHEMA.group;
export const PATCH_OP = SCHEMA.patchOp;

/**
 * The IdP's attribute mapping: `--user-attributes` are merged into every user the IdP creates or replaces, the way
 * an admin maps extra attributes (a Salesforce profile entitlement, a timezone). Objects merge one level deep
 * (the enterprise extension), `schemas` lists are joined, anything else is replaced.
 */
export function withUserAttributes(body: Record<string, unknown>, ctx: StepContext): Record<string, unknown> {
	const out: Record<string, unknown> = { ...body };
	for (const [key, value] of Object.entries(ctx.userAttributes)) {
		const current = out[key];
		if (key === 'schemas' && Array.isArray(current) && Array.isArray(value)) out[key] = [...new Set([...current, ...value])];
		else if (isPlainObject(current) && isPlainObject(value)) out[key] = { ...current, ...value };
		else out[key] = value;
	}
	return out;
}

export function patch(operations: Array<Record<string, unknown>>): Record<string, unknown> {
	return { schemas: [PATCH_OP], Operations: operations };
}

/** `GET /Users?filter=userName eq "…"` with the paging parameters the IdP adds. */
export function userNameLookup(userName: string, paging: Array<[string, string]> = []): IdpRequest {
	return { method: 'GET', path: '/Users', query: [['filter', filterEq('userName', userName)], ...paging] };
}

/** The variable a step needs, known to be set (the runner skips the step otherwise). */
export function v(ctx: StepContext, name: string): string {
	const value = ctx.vars[name];
	if (value === undefined) throw new Error(`internal: step ran without ${name}`);
	return value;
}

/** A placeholder password like the one Okta always sends on create (the app's own password is not synced). */
export function placeholderPassword(seed: string): string {
	const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
	let out = '';
	for (let i = 0; i < 8; i++) out += alphabet[(seed.charCodeAt(i % seed.length) * (i + 7)) % alphabet.length];
	return out;
}
