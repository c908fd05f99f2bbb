/**
 * The SCIM v2 routes under /services/scim/v2, in Salesforce's dialect. The grammar (filters, PATCH paths and
 * operations) comes from the core in scim/; the server rules (what Salesforce accepts and derives) from state.ts.
 */
import { applyPatchOps, listResponse, matchesFilter, parseFilter, ScimError, type FilterExpression } from '../../../scim';
import { resourceTypes, schemas, serviceProviderConfig } from './discovery';
import type { Reply } from './http';
import { asKept, schemaAsKept } from './orgQuirks';
import { to18 } from './random';
import { URN, type EmulatorState, type GroupRecord, type UserRecord } from './state';

type Json = Record<string, unknown>;

export interface ScimRequest {
	method: string;
	/** Path below /services/scim/v2, e.g. "/Users/005…". */
	path: string;
	query: URLSearchParams;
	body: unknown;
	caller: UserRecord;
}

export const MAX_PAGE = 200;
/** Attributes RFC 7643 makes case-sensitive; every other string compares ignoring case. */
const CASE_EXACT = new Set(['id', 'externalid', 'meta.version', 'entitlements.value', 'roles.value', 'groups.value', 'members.value']);
const caseExact = (path: string): boolean => CASE_EXACT.has(path.toLowerCase());
const SIMPLE_EQ = /^\s*(userName|externalId|id)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;

function isObject(v: unknown): v is Json {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function ok(body: unknown, status = 200, headers?: Record<string, string>): Reply {
	return { status, body, headers };
}

function listEnvelope(resources: unknown[], total: number, startIndex: number): Json {
	return listResponse(resources, total, startIndex) as unknown as Json;
}

/** 1-based startIndex (values below 1 mean 1) and a count capped at 200, as Salesforce pages. */
function paging(query: URLSearchParams): { startIndex: number; count: number } {
	const si = Number.parseInt(query.get('startIndex') ?? '', 10);
	const c = Number.parseInt(query.get('count') ?? '', 10);
	return {
		startIndex: Number.isFinite(si) && si >= 1 ? si : 1,
		count: Number.isFinite(c) ? Math.max(0, Math.min(c, MAX_PAGE)) : MAX_PAGE,
	};
}

/**
 * Salesforce does not give `and` precedence over `or` ("In a clause, AND doesn't have precedence over OR"):
 * a clause mixing both is evaluated left to right. Rewrite such a clause with explicit parentheses, so the RFC
 * parser evaluates it the way Salesforce does.
 */
export function leftToRight(filter: string): string {
	const tokens: string[] = [];
	let depth = 0;
	let start = 0;
	let inString = false;
	const connectors: string[] = [];
	for (let i = 0; i < filter.length; i++) {
		const ch = filter[i];
		if (inString) {
			if (ch === '\\') i++;
			else if (ch === '"') inString = false;
			continue;
		}
		if (ch === '"') inString = true;
		else if (ch === '(' || ch === '[') depth++;
		else if (ch === ')' || ch === ']') depth--;
		else if (depth === 0 && /\s/.test(ch)) {
			const m = /^\s+(and|or)\s+/i.exec(filter.slice(i));
			if (m) {
				tokens.push(filter.slice(start, i));
				connectors.push(m[1].toLowerCase());
				i += m[0].length - 1;
				start = i + 1;
			}
		}
	}
	tokens.push(filter.slice(start));
	if (!(connectors.includes('and') && connectors.includes('or'))) return filter;
	let out = tokens[0].trim();
	for (let k = 0; k < connectors.length; k++) out = `(${out}) ${connectors[k]} (${tokens[k + 1].trim()})`;
	return out;
}

/** Outside quoted strings, is any operator other than eq / and / or / not used? */
function usesOnlyEq(filter: string): boolean {
	const bare = filter.replace(/"(?:[^"\\]|\\.)*"/g, '""');
	return !/\s(ne|co|sw|ew|gt|lt|ge|le|pr)(\s|$)/i.test(bare);
}

function compileFilter(state: EmulatorState, text: string): FilterExpression {
	if (state.behaviour.filterOperators === 'eq' && !usesOnlyEq(text)) {
		throw new ScimError(400, 'invalidFilter', `Unsupported filter operator in: ${text}`);
	}
	return parseFilter(leftToRight(text));
}

/** `attributes` / `excludedAttributes` on top-level names (sub-attributes select their parent). */
function project(resource: Json, query: URLSearchParams): Json {
	const attrs = query.get('attributes');
	const excluded = query.get('excludedAttributes');
	if (!attrs && !excluded) return resource;
	const top = (list: string) =>
		new Set(
			list
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean)
				.map((s) => {
					const noUrn = /^urn:/i.test(s) && /:[^:]*$/.test(s) && !s.toLowerCase().endsWith(':user') ? s.slice(s.lastIndexOf(':') + 1) : s;
					return noUrn.split('.')[0].toLowerCase();
				}),
		);
	const out: Json = {};
	if (attrs) {
		const keep = top(attrs);
		for (const [k, v] of Object.entries(resource)) if (k === 'schemas' || k === 'id' || keep.has(k.toLowerCase())) out[k] = v;
		return out;
	}
	const drop = top(excluded!);
	for (const [k, v] of Object.entries(resource)) if (k === 'schemas' || k === 'id' || !drop.has(k.toLowerCase())) out[k] = v;
	return out;
}

function notFound(kind: string, id: string): ScimError {
	return new ScimError(404, undefined, `${kind} ${id} not found`);
}

function methodNotAllowed(method: string, allowed: string): ScimError {
	return new ScimError(405, undefined, `METHOD_NOT_ALLOWED:HTTP Method '${method}' not allowed. Allowed are ${allowed};`);
}

/** Operations of a PATCH body; op names lowercased (other clients send "Replace"). */
function operationsOf(body: unknown): Array<{ op: string; path?: string; value?: unknown }> {
	if (!isObject(body)) throw new ScimError(400, 'invalidSyntax', 'A PATCH body must be a JSON object');
	const opsKey = Object.keys(body).find((k) => k.toLowerCase() === 'operations');
	const ops = opsKey ? body[opsKey] : undefined;
	if (!Array.isArray(ops) || ops.length === 0) throw new ScimError(400, 'invalidSyntax', 'A PATCH body needs a non-empty "Operations" array');
	return ops.map((o, i) => {
		if (!isObject(o)) throw new ScimError(400, 'invalidSyntax', `Operations[${i}] must be an object`);
		const op = typeof o.op === 'string' ? o.op.toLowerCase() : '';
		if (op !== 'add' && op !== 'remove' && op !== 'replace') throw new ScimError(400, 'invalidSyntax', `Operations[${i}].op must be add, remove or replace`);
		if (o.path !== undefined && o.path !== null && typeof o.path !== 'string') throw new ScimError(400, 'invalidPath', `Operations[${i}].path must be a string`);
		const path = typeof o.path === 'string' && o.path.trim() !== '' ? o.path.trim() : undefined;
		return path === undefined ? { op, value: o.value } : { op, path, value: o.value };
	});
}

export class ScimRoutes {
	constructor(
		private readonly state: EmulatorState,
		private readonly scimUrl: () => string,
	) {}

	handle(req: ScimRequest): Reply {
		const segments = req.path.split('/').filter(Boolean);
		const [resource, id, extra] = segments;
		if (extra !== undefined || resource === undefined) throw notFound('Resource', req.path);
		const m = req.method;
		switch (resource) {
			case 'ServiceProviderConfigs':
				if (id !== undefined) throw notFound('Resource', req.path);
				if (m !== 'GET') throw methodNotAllowed(m, 'GET');
				return ok(serviceProviderConfig(this.scimUrl()));
			case 'Schemas':
			case 'ResourceTypes': {
				if (m !== 'GET') throw methodNotAllowed(m, 'GET');
				const all = resource === 'Schemas' ? schemaAsKept(schemas(this.scimUrl()), this.state.behaviour, URN.user) : resourceTypes(this.scimUrl());
				if (id === undefined) return ok(listEnvelope(all, all.length, 1));
				let wanted = id;
				try {
					wanted = decodeURIComponent(id);
				} catch {
					// a malformed escape is just an id that matches nothing
				}
				const found = all.find((s) => String(s.id).toLowerCase() === wanted.toLowerCase());
				if (!found) throw notFound(resource === 'Schemas' ? 'Schema' : 'ResourceType', id);
				return ok(found);
			}
			case 'Users':
				return this.users(req, id);
			case 'Groups':
				return this.groups(req, id);
			case 'Entitlements':
				return this.entitlements(req, id);
			case 'Roles':
				return this.roles(req, id);
			case 'Me':
				if (id !== undefined) throw notFound('Resource', req.path);
				if (m !== 'GET') throw methodNotAllowed(m, 'GET');
				return ok(this.state.renderUser(req.caller));
			default:
				throw notFound('Resource', req.path);
		}
	}

	// ---------------------------------------------------------------- users

	private users(req: ScimRequest, id: string | undefined): Reply {
		const { state } = this;
		const m = req.method;
		if (id === undefined) {
			if (m === 'GET') return ok(this.listUsers(req.query));
			if (m === 'POST') {
				const rec = state.createUser(asKept(req.body, state.behaviour));
				const rendered = state.renderUser(rec);
				return ok(rendered, 201, { Location: String((rendered.meta as Json).location) });
			}
			throw methodNotAllowed(m, 'GET,POST');
		}
		const rec = state.users.get(to18(id));
		if (!rec) throw notFound('User', id);
		switch (m) {
			case 'GET':
				return ok(project(state.renderUser(rec), req.query));
			case 'PUT':
				if (!state.behaviour.putSupported) throw methodNotAllowed(m, 'GET,PATCH,DELETE');
				state.replaceUser(rec, asKept(req.body, state.behaviour));
				return ok(state.renderUser(rec));
			case 'PATCH': {
				let ops = operationsOf(req.body);
				if (!state.behaviour.valueFilterPatch && ops.some((o) => o.path?.includes('['))) {
					throw new ScimError(400, 'invalidPath', 'Value filters in PATCH paths are not supported');
				}
				if (state.behaviour.entitlementsReplace === 'merge') ops = mergeEntitlementOps(ops);
				const result = applyPatchOps(state.writableView(rec), ops, { caseExact });
				state.replaceUser(rec, asKept(result, state.behaviour));
				return ok(state.renderUser(rec));
			}
			case 'DELETE':
				state.deactivateUser(rec);
				return state.behaviour.deleteStatus === 200 ? ok(state.renderUser(rec)) : { status: 204 };
			default:
				throw methodNotAllowed(m, 'GET,PATCH,PUT,DELETE');
		}
	}

	private listUsers(query: URLSearchParams): Json {
		const { state } = this;
		const { startIndex, count } = paging(query);
		const filter = query.get('filter');
		let ids: string[];
		if (!filter || filter.trim() === '') {
			ids = state.userOrder;
		} else {
			const simple = SIMPLE_EQ.exec(filter);
			if (simple) {
				// The indexed path: lookups stay O(1) with 100k users.
				let value: string;
				try {
					value = JSON.parse(`"${simple[2]}"`);
				} catch {
					throw new ScimError(400, 'invalidFilter', `Invalid string in filter: ${filter}`);
				}
				const attr = simple[1].toLowerCase();
				if (attr === 'username') {
					const hit = state.byUserName.get(value.toLowerCase());
					ids = hit ? [hit] : [];
				} else if (attr === 'externalid') {
					ids = [...(state.byExternalId.get(value) ?? [])];
				} else {
					const hit = state.users.get(to18(value));
					ids = hit ? [hit.id] : [];
				}
			} else {
				const expr = compileFilter(state, filter);
				ids = [];
				for (const uid of state.userOrder) if (matchesFilter(expr, state.renderUser(state.users.get(uid)!), { caseExact })) ids.push(uid);
			}
		}
		const page = ids.slice(startIndex - 1, startIndex - 1 + count);
		return listEnvelope(
			page.map((uid) => project(state.renderUser(state.users.get(uid)!), query)),
			ids.length,
			startIndex,
		);
	}

	// ---------------------------------------------------------------- groups

	private groups(req: ScimRequest, id: string | undefined): Reply {
		const { state } = this;
		const m = req.method;
		if (id === undefined) {
			if (m === 'GET') {
				const { startIndex, count } = paging(req.query);
				const filter = req.query.get('filter');
				let all = [...state.groups.values()];
				if (filter && filter.trim() !== '') {
					const expr = compileFilter(state, filter);
					all = all.filter((g) => matchesFilter(expr, state.renderGroup(g), { caseExact }));
				}
				const page = all.slice(startIndex - 1, startIndex - 1 + count);
				return ok(listEnvelope(page.map((g) => project(state.renderGroup(g), req.query)), all.length, startIndex));
			}
			if (m === 'POST') {
				if (!state.behaviour.groupCreate) throw methodNotAllowed(m, 'GET');
				const g = state.createGroup(req.body);
				const rendered = state.renderGroup(g);
				return ok(rendered, 201, { Location: String((rendered.meta as Json).location) });
			}
			throw methodNotAllowed(m, state.behaviour.groupCreate ? 'GET,POST' : 'GET');
		}
		const g = state.groups.get(to18(id));
		if (!g) throw notFound('Group', id);
		switch (m) {
			case 'GET':
				return ok(project(state.renderGroup(g), req.query));
			case 'PATCH':
				this.patchGroup(g, operationsOf(req.body));
				return ok(state.renderGroup(g));
			case 'DELETE':
				if (!state.behaviour.groupDelete) throw methodNotAllowed(m, 'GET,PATCH');
				state.deleteGroup(g);
				return { status: 204 };
			default:
				throw methodNotAllowed(m, state.behaviour.groupDelete ? 'GET,PATCH,DELETE' : 'GET,PATCH');
		}
	}

	/** Member ids from a members value: Salesforce's wrapped `{members: [...]}`, or the RFC array when switched on. */
	private memberIds(value: unknown): string[] {
		let list: unknown;
		if (isObject(value) && Array.isArray(value.members)) list = value.members;
		else if (Array.isArray(value)) {
			if (!this.state.behaviour.groupMembersArray) {
				throw new ScimError(400, 'invalidValue', 'Salesforce expects the members value wrapped in an object: {"members": [{"value": "005…"}]}');
			}
			list = value;
		} else throw new ScimError(400, 'invalidValue', 'members value must be {"members": [{"value": "005…"}]}');
		return (list as unknown[]).map((m) => {
			const ref = isObject(m) ? m.value : m;
			const u = typeof ref === 'string' ? this.state.users.get(to18(ref)) : undefined;
			if (!u) throw new ScimError(400, 'invalidValue', `INVALID_CROSS_REFERENCE_KEY:invalid cross reference id: ${String(ref)};`);
			return u.id;
		});
	}

	/** Apply the operations to a copy first, so a failing operation changes nothing. */
	private patchGroup(g: GroupRecord, ops: Array<{ op: string; path?: string; value?: unknown }>): void {
		const members = new Set(g.members);
		let displayName = g.displayName;
		const setName = (v: unknown) => {
			if (typeof v !== 'string' || v.trim() === '') throw new ScimError(400, 'invalidValue', 'displayName must be a non-empty string');
			if (v.trim().length > 40) throw new ScimError(400, 'invalidValue', 'STRING_TOO_LONG:Group Name: data value too large (max length=40);');
			displayName = v.trim();
		};
		for (const o of ops) {
			const path = o.path;
			if (path === undefined) {
				if (o.op === 'remove' || !isObject(o.value)) throw new ScimError(400, 'invalidSyntax', 'An operation without a path needs an object value');
				for (const [k, v] of Object.entries(o.value)) {
					const key = k.toLowerCase();
					if (key === 'displayname') setName(v);
					else if (key === 'members') {
						const ids = this.memberIds(Array.isArray(v) && !this.state.behaviour.groupMembersArray ? { members: v } : v);
						if (o.op === 'replace') members.clear();
						for (const uid of ids) members.add(uid);
					} else if (key !== 'schemas' && key !== 'id' && key !== 'meta' && key !== 'type') {
						throw new ScimError(400, 'invalidValue', `Attribute ${k} cannot be written on a group`);
					}
				}
				continue;
			}
			const lower = path.toLowerCase();
			if (lower === 'members') {
				if (o.op === 'remove') {
					// RFC 7644 §3.5.2.2: remove on "members" with no filter and no value empties the group.
					if (o.value === undefined || o.value === null) members.clear();
					else for (const uid of this.memberIds(o.value)) members.delete(uid);
				} else {
					const ids = this.memberIds(o.value);
					if (o.op === 'replace') members.clear();
					for (const uid of ids) members.add(uid);
				}
				continue;
			}
			const filtered = /^members\s*\[\s*value\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\]$/i.exec(path);
			if (filtered) {
				if (!this.state.behaviour.valueFilterPatch) throw new ScimError(400, 'invalidPath', 'Value filters in PATCH paths are not supported');
				if (o.op !== 'remove') throw new ScimError(400, 'invalidPath', `Only remove is supported on ${path}`);
				let value: string;
				try {
					value = JSON.parse(`"${filtered[1]}"`);
				} catch {
					throw new ScimError(400, 'invalidPath', `Invalid string in path: ${path}`);
				}
				members.delete(to18(value));
				continue;
			}
			if (lower === 'displayname' && o.op !== 'remove') {
				setName(o.value);
				continue;
			}
			throw new ScimError(400, 'invalidPath', `Unsupported path for a group: ${path}`);
		}
		for (const uid of [...g.members]) if (!members.has(uid)) this.state.removeMember(g, uid);
		for (const uid of members) if (!g.members.has(uid)) this.state.addMember(g, uid);
		if (displayName !== g.displayName) {
			g.displayName = displayName;
			this.state.touchGroup(g);
		}
	}

	// ---------------------------------------------------------------- entitlements, roles

	private entitlements(req: ScimRequest, id: string | undefined): Reply {
		if (req.method !== 'GET') throw methodNotAllowed(req.method, 'GET');
		const { state } = this;
		if (id !== undefined) {
			const found = state.renderEntitlement(to18(id));
			if (!found) throw notFound('Entitlement', id);
			return ok(found);
		}
		// Salesforce: "When querying for all entitlements in an org, this endpoint returns a maximum of 200 records."
		let all = state.entitlementIds().map((eid) => state.renderEntitlement(eid)!);
		const filter = req.query.get('filter');
		if (filter && filter.trim() !== '') {
			const expr = compileFilter(state, filter);
			all = all.filter((e) => matchesFilter(expr, e, { caseExact }));
		}
		all = all.slice(0, state.behaviour.entitlementsListCap);
		const { startIndex, count } = paging(req.query);
		return ok(listEnvelope(all.slice(startIndex - 1, startIndex - 1 + count), all.length, startIndex));
	}

	private roles(req: ScimRequest, id: string | undefined): Reply {
		if (req.method !== 'GET') throw methodNotAllowed(req.method, 'GET');
		const { state } = this;
		if (id !== undefined) {
			const r = state.roles.get(to18(id));
			if (!r) throw notFound('Role', id);
			return ok(state.renderRole(r));
		}
		let all = [...state.roles.values()].map((r) => state.renderRole(r));
		const filter = req.query.get('filter');
		if (filter && filter.trim() !== '') {
			const expr = compileFilter(state, filter);
			all = all.filter((r) => matchesFilter(expr, r, { caseExact }));
		}
		const { startIndex, count } = paging(req.query);
		return ok(listEnvelope(all.slice(startIndex - 1, startIndex - 1 + count), all.length, startIndex));
	}
}

/**
 * With `entitlementsReplace: 'merge'`, a replace of entitlements adds to the permission sets instead of overwriting
 * them: rewrite such operations as `add` before the RFC semantics apply.
 */
function mergeEntitlementOps(ops: Array<{ op: string; path?: string; value?: unknown }>): Array<{ op: string; path?: string; value?: unknown }> {
	const out: Array<{ op: string; path?: string; value?: unknown }> = [];
	for (const o of ops) {
		if (o.op !== 'replace') {
			out.push(o);
			continue;
		}
		if (o.path !== undefined && o.path.toLowerCase() === 'entitlements') {
			out.push({ op: 'add', path: o.path, value: o.value });
			continue;
		}
		if (o.path === undefined && isObject(o.value)) {
			const key = Object.keys(o.value).find((k) => k.toLowerCase() === 'entitlements');
			if (key) {
				const { [key]: ents, ...rest } = o.value;
				if (Object.keys(rest).length > 0) out.push({ op: 'replace', value: rest });
				out.push({ op: 'add', path: 'entitlements', value: ents });
				continue;
			}
		}
		out.push(o);
	}
	return out;
}
