/**
 * What an IdP checks in an answer, one function per rule, each returning named results. Severity `must` means the
 * IdP would fail the request (or leave the user in the wrong state); `should` is documented but tolerated.
 * Attribute access goes through the SCIM core's path grammar, so `emails[type eq "work"].value` and extension URNs
 * read the way a server stores them.
 */
import { getPathValue, SCHEMA } from '../../../scim';
import { getAttribute, isPlainObject, type JsonObject } from '../../../scim/attribute';
import type { CheckResult, Exchange, Outcome, Severity } from './types';

const must = (name: string, ok: boolean, detail?: string): CheckResult => (ok ? { name, ok, severity: 'must' } : { name, ok, severity: 'must', detail });
const should = (name: string, ok: boolean, detail?: string): CheckResult => (ok ? { name, ok, severity: 'should' } : { name, ok, severity: 'should', detail });

function brief(value: unknown): string {
	const text = JSON.stringify(value);
	return text === undefined ? 'nothing' : text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** What the server said, for a failed status check: its SCIM detail, or the start of the body. */
export function said(exchange: Exchange): string {
	if (exchange.error) return exchange.error;
	const body = exchange.json;
	if (isPlainObject(body)) {
		const detail = getAttribute(body, 'detail') ?? getAttribute(body, 'message');
		if (typeof detail === 'string') return detail.length > 160 ? `${detail.slice(0, 157)}…` : detail;
	}
	if (Array.isArray(body) && isPlainObject(body[0])) return brief(body[0]);
	return exchange.text ? exchange.text.slice(0, 160) : '';
}

export function status(exchange: Exchange, accepted: number[], why?: string): CheckResult[] {
	const ok = accepted.includes(exchange.status);
	const got = exchange.status === 0 ? `no answer: ${exchange.error ?? 'network error'}` : `got ${exchange.status}${said(exchange) ? ` (${said(exchange)})` : ''}`;
	return [must(`status ${accepted.join(' or ')}${why ? ` (${why})` : ''}`, ok, got)];
}

/** A status the IdP documents as the right one, when it also tolerates others (Entra: 204 on group PATCH). */
export function preferredStatus(exchange: Exchange, preferred: number, note: string): CheckResult[] {
	if (exchange.status < 200 || exchange.status >= 300) return [];
	return [should(`status ${preferred} (${note})`, exchange.status === preferred, `got ${exchange.status}`)];
}

/** RFC 7644 §8.1: SCIM responses are application/scim+json; application/json is what most servers send and IdPs take. */
export function jsonContentType(exchange: Exchange, scimJsonPreferred: boolean): CheckResult[] {
	if (exchange.status === 0 || exchange.status === 204 || (exchange.json === undefined && !exchange.text)) return [];
	const type = (exchange.contentType ?? '').toLowerCase();
	const json = /^application\/(scim\+)?json\b/.test(type);
	const out = [must('Content-Type is JSON', json, `got ${exchange.contentType ?? 'none'}`)];
	if (json && scimJsonPreferred) out.push(should('Content-Type application/scim+json', type.startsWith('application/scim+json'), `got ${exchange.contentType}`));
	return out;
}

function isInteger(value: unknown): boolean {
	return typeof value === 'number' && Number.isInteger(value);
}

/** A ListResponse with integer paging numbers (Okta rejects "1" as a string) and, when it found anything, Resources. */
export function listResponse(exchange: Exchange): CheckResult[] {
	const body = exchange.json;
	if (!isPlainObject(body)) return [must('body is a ListResponse', false, `got ${brief(body ?? exchange.text)}`)];
	const schemas = getAttribute(body, 'schemas');
	const out: CheckResult[] = [must('schemas has the ListResponse URN', Array.isArray(schemas) && schemas.includes(SCHEMA.listResponse), `got ${brief(schemas)}`)];
	for (const key of ['totalResults', 'startIndex', 'itemsPerPage']) {
		const value = getAttribute(body, key);
		out.push(must(`${key} is an integer`, isInteger(value), `got ${brief(value)}`));
	}
	const total = getAttribute(body, 'totalResults');
	const resources = getAttribute(body, 'Resources');
	if (isInteger(total) && (total as number) > 0) out.push(must('Resources is an array', Array.isArray(resources), `got ${brief(resources)}`));
	else if (resources !== undefined) out.push(must('Resources is an array', Array.isArray(resources), `got ${brief(resources)}`));
	return out;
}

export function resourcesOf(exchange: Exchange): JsonObject[] {
	const resources = isPlainObject(exchange.json) ? getAttribute(exchange.json, 'Resources') : undefined;
	return Array.isArray(resources) ? resources.filter(isPlainObject) : [];
}

export function totalOf(exchange: Exchange): number | undefined {
	const total = isPlainObject(exchange.json) ? getAttribute(exchange.json, 'totalResults') : undefined;
	return typeof total === 'number' ? total : undefined;
}

/** Exactly `expected` results, counted both ways: totalResults and the Resources received. */
export function found(exchange: Exchange, expected: number, what: string): CheckResult[] {
	const total = totalOf(exchange);
	const resources = resourcesOf(exchange);
	return [must(`${what}: totalResults ${expected}`, total === expected && resources.length === expected, `got totalResults ${brief(total)} with ${resources.length} Resources`)];
}

/** The one resource of a list answer has this id. */
export function foundId(exchange: Exchange, id: string | undefined, what: string): CheckResult[] {
	const ids = resourcesOf(exchange).map((r) => r.id);
	return [must(`${what} has id ${id}`, id !== undefined && ids.length === 1 && ids[0] === id, `got ids ${brief(ids)}`)];
}

/** A resource body with a server-issued id (Okta stores it and never sends externalId back as the id). */
export function resource(exchange: Exchange, kind: 'User' | 'Group', sentExternalId?: string): CheckResult[] {
	const body = exchange.json;
	if (!isPlainObject(body)) return [must(`body is the ${kind}`, false, `got ${brief(body ?? exchange.text ?? 'an empty body')}`)];
	const id = getAttribute(body, 'id');
	const out = [must('id is a non-empty string', typeof id === 'string' && id !== '', `got ${brief(id)}`)];
	if (sentExternalId !== undefined && typeof id === 'string') out.push(should('id is issued by the server, not the externalId sent', id !== sentExternalId, `id equals the externalId ${id}`));
	const schemas = getAttribute(body, 'schemas');
	const core = kind === 'User' ? SCHEMA.user : SCHEMA.group;
	out.push(should(`schemas has the core ${kind} URN`, Array.isArray(schemas) && schemas.includes(core), `got ${brief(schemas)}`));
	return out;
}

export function sameId(exchange: Exchange, id: string | undefined): CheckResult[] {
	const got = isPlainObject(exchange.json) ? getAttribute(exchange.json, 'id') : undefined;
	return [must(`id stays ${id}`, id !== undefined && got === id, `got ${brief(got)}`)];
}

function comparable(value: unknown, caseInsensitive: boolean): unknown {
	return typeof value === 'string' && caseInsensitive ? value.toLowerCase() : value;
}

/**
 * The resource holds `expected` at `path`. Entra diffs what it reads back against what it sent, so a value stored
 * differently (trimmed, re-cased, "False" kept as a string) makes it send the update again on every cycle.
 */
export function attribute(exchange: Exchange, path: string, expected: unknown, options: { caseInsensitive?: boolean; severity?: Severity; why?: string } = {}): CheckResult[] {
	const body = exchange.json;
	const got = isPlainObject(body) ? getPathValue(body, path) : undefined;
	const ok = JSON.stringify(comparable(got, options.caseInsensitive ?? false)) === JSON.stringify(comparable(expected, options.caseInsensitive ?? false));
	const name = `${path} is ${brief(expected)}${options.why ? ` (${options.why})` : ''}`;
	return [(options.severity ?? 'must') === 'must' ? must(name, ok, `got ${brief(got)}`) : should(name, ok, `got ${brief(got)}`)];
}

/** When the answer has a body (200), it shows the change; a 204 has none to check. */
export function ifBody(exchange: Exchange, checks: () => CheckResult[]): CheckResult[] {
	return exchange.status === 200 && isPlainObject(exchange.json) ? checks() : [];
}

/** Member ids of a group body, or undefined when the answer leaves members out (allowed: Okta accepts null). */
export function memberIds(exchange: Exchange): string[] | undefined {
	const members = isPlainObject(exchange.json) ? getAttribute(exchange.json, 'members') : undefined;
	if (!Array.isArray(members)) return undefined;
	return members.map((m) => (isPlainObject(m) ? String(getAttribute(m, 'value')) : String(m)));
}

export function members(exchange: Exchange, expected: Array<string | undefined>, what: string): CheckResult[] {
	const got = memberIds(exchange);
	if (got === undefined) return [should(`members listed (${what})`, false, 'the group came back without members: cannot see the membership')];
	const want = expected.filter((id): id is string => id !== undefined).sort();
	const ok = JSON.stringify([...got].sort()) === JSON.stringify(want);
	return [must(`members are ${what}`, ok, `got ${brief(got)}, expected ${brief(want)}`)];
}

/**
 * A SCIM Error body (RFC 7644 §3.12): the Error URN, `status` as a string equal to the HTTP status, and for Okta's
 * spec test a `detail`.
 */
export function scimError(exchange: Exchange, options: { detail?: Severity; scimType?: string } = {}): CheckResult[] {
	const body = exchange.json;
	if (!isPlainObject(body)) return [must('body is a SCIM Error', false, `got ${brief(body ?? exchange.text ?? 'an empty body')}`)];
	const schemas = getAttribute(body, 'schemas');
	const statusValue = getAttribute(body, 'status');
	const out = [
		must('schemas has the Error URN', Array.isArray(schemas) && schemas.includes(SCHEMA.error), `got ${brief(schemas)}`),
		must(`status is the string "${exchange.status}"`, statusValue === String(exchange.status), `got ${brief(statusValue)}`),
	];
	const detail = getAttribute(body, 'detail');
	const detailOk = typeof detail === 'string' && detail.trim() !== '';
	out.push((options.detail ?? 'should') === 'must' ? must('detail says what is wrong', detailOk, `got ${brief(detail)}`) : should('detail says what is wrong', detailOk, `got ${brief(detail)}`));
	if (options.scimType) out.push(should(`scimType "${options.scimType}"`, getAttribute(body, 'scimType') === options.scimType, `got ${brief(getAttribute(body, 'scimType'))}`));
	return out;
}

/** The group answer leaves members out when asked to (Entra reads groups with excludedAttributes=members). */
export function membersExcluded(exchange: Exchange): CheckResult[] {
	const body = exchange.json;
	const present = isPlainObject(body) && Array.isArray(getAttribute(body, 'members')) && (getAttribute(body, 'members') as unknown[]).length > 0;
	return [should('members left out (excludedAttributes=members)', !present, 'the answer lists members anyway')];
}

export function idOf(exchange: Exchange): string | undefined {
	const id = isPlainObject(exchange.json) ? getAttribute(exchange.json, 'id') : undefined;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

export function outcomeOf(checks: CheckResult[]): Outcome {
	if (checks.some((r) => !r.ok && r.severity === 'must')) return 'fail';
	if (checks.some((r) => !r.ok)) return 'warn';
	return 'pass';
}
