/**
 * What a write from an IdP changes, as directory events (scim/events/directoryEvent.ts). PATCH bodies are applied
 * with the one PatchOp engine (scim/patchop.ts), which already reads every IdP dialect: capitalised ops and
 * "False" strings (Entra default), pathless value objects with dotted keys (Entra aadOptscim062020, Okta
 * deactivate), `members[value eq "…"]` filters, `Remove members` with a value list, enterprise URN paths. This file
 * adds what only a service provider needs: the before/after comparison that names the events.
 */
import { asBoolean, cloneJson, deepEqual, getAttribute, isPlainObject, type JsonObject } from '../attribute';
import { ScimError } from '../error';
import type { DirectoryEventName, DirectoryMemberRef } from '../events/directoryEvent';
import { applyPatchOps, parsePatchRequest } from '../patchop';
import { SCHEMA, type ScimResource } from '../schemas';

/** Attributes an IdP sends that must never travel further (Okta always sends a placeholder password). */
const SECRET_ATTRIBUTES = ['password'];

/** A copy without secrets and with server-owned attributes (id, meta) removed. */
export function withoutSecrets<T>(value: T): T {
	if (Array.isArray(value)) return value.map((item) => withoutSecrets(item)) as T;
	if (!isPlainObject(value)) return value;
	const copy: JsonObject = {};
	for (const [key, item] of Object.entries(value)) {
		if (SECRET_ATTRIBUTES.includes(key.toLowerCase())) continue;
		copy[key] = withoutSecrets(item);
	}
	return copy as T;
}

/** PATCH operations as the IdP sent them, values of secret paths dropped (an Entra password reset would carry one). */
export function redactOperations(operations: Array<{ op: string; path?: string; value?: unknown }>): unknown[] {
	return operations.map((operation) => {
		const path = typeof operation.path === 'string' ? operation.path : undefined;
		if (path && SECRET_ATTRIBUTES.includes(path.toLowerCase())) return { op: operation.op, path };
		return withoutSecrets(operation);
	});
}

/**
 * Entra adds the manager as `{op:"Add", path:"urn:…:enterprise:2.0:User:manager", value:[{"$ref":…,"value":"…"}]}`;
 * manager is single-valued (RFC 7643 §4.3), so the list's first element is the manager.
 */
function normaliseManager(resource: JsonObject): void {
	const extension = getAttribute(resource, SCHEMA.enterpriseUser);
	if (!isPlainObject(extension)) return;
	const key = Object.keys(extension).find((name) => name.toLowerCase() === 'manager');
	if (key === undefined) return;
	const manager = extension[key];
	if (Array.isArray(manager)) {
		if (manager.length === 0) delete extension[key];
		else extension[key] = isPlainObject(manager[0]) ? manager[0] : { value: String(manager[0]) };
	} else if (typeof manager === 'string') {
		extension[key] = { value: manager };
	}
}

/** Booleans the IdP may send as "True"/"False" in a POST or PUT body too (Entra's default mode). */
function coerceActive(resource: JsonObject): void {
	const key = Object.keys(resource).find((name) => name.toLowerCase() === 'active');
	if (key === undefined) return;
	const active = asBoolean(resource[key]);
	if (active === undefined) throw new ScimError(400, 'invalidValue', `"active" must be true or false, not ${JSON.stringify(resource[key])}`);
	resource[key] = active;
}

/** Top-level attribute names whose value differs (extension attributes named `urn:…:User:department`). */
export function changedAttributes(before: JsonObject, after: JsonObject): string[] {
	const names = new Set<string>();
	const skip = new Set(['schemas', 'meta', 'id']);
	const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
	for (const key of keys) {
		if (skip.has(key)) continue;
		const a = before[key];
		const b = after[key];
		if (key.toLowerCase().startsWith('urn:') && (isPlainObject(a) || isPlainObject(b))) {
			const left = isPlainObject(a) ? a : {};
			const right = isPlainObject(b) ? b : {};
			for (const sub of new Set([...Object.keys(left), ...Object.keys(right)])) {
				if (!deepEqual(left[sub], right[sub])) names.add(`${key}:${sub}`);
			}
		} else if (!deepEqual(a, b)) {
			names.add(key);
		}
	}
	return [...names].sort();
}

/** A user POSTed or PUT: checked enough that Salesforce is not asked to store nonsense, secrets removed. */
export function userFromBody(body: JsonObject): JsonObject {
	const user = withoutSecrets(cloneJson(body));
	const userName = getAttribute(user, 'userName');
	if (typeof userName !== 'string' || userName.trim() === '') {
		throw new ScimError(400, 'invalidValue', 'A user needs a "userName" (RFC 7643 §4.1.1)');
	}
	coerceActive(user);
	normaliseManager(user);
	delete user.id;
	delete user.meta;
	return user;
}

export function groupFromBody(body: JsonObject): JsonObject {
	const group = withoutSecrets(cloneJson(body));
	const displayName = getAttribute(group, 'displayName');
	if (typeof displayName !== 'string' || displayName.trim() === '') {
		throw new ScimError(400, 'invalidValue', 'A group needs a "displayName" (RFC 7643 §4.2)');
	}
	delete group.id;
	delete group.meta;
	return group;
}

export interface UserChange {
	event: DirectoryEventName;
	user: JsonObject;
	changes: string[];
}

/** user.updated, or user.deactivated / user.reactivated when `active` flips (the IdP's only way to say either). */
export function classifyUserChange(before: JsonObject, after: JsonObject): UserChange {
	const changes = changedAttributes(before, after);
	const wasActive = asBoolean(getAttribute(before, 'active')) !== false;
	const isActive = asBoolean(getAttribute(after, 'active')) !== false;
	const event: DirectoryEventName = wasActive && !isActive ? 'user.deactivated' : !wasActive && isActive ? 'user.reactivated' : 'user.updated';
	return { event, user: after, changes };
}

/** Apply an IdP's PatchOp message to the current user and say what changed. */
export function patchUser(current: ScimResource, body: JsonObject): UserChange & { operations: unknown[] } {
	const operations = parsePatchRequest(body);
	const after = applyPatchOps(current, operations) as JsonObject;
	coerceActive(after);
	normaliseManager(after);
	return { ...classifyUserChange(current as JsonObject, withoutSecrets(after)), operations: redactOperations(operations) };
}

/** A PUT replaces the whole user (Okta AIW apps): what is not sent is gone, `active` missing means deactivated (Okta's rule). */
export function replaceUser(current: ScimResource, body: JsonObject): UserChange {
	const user = userFromBody(body);
	if (!Object.keys(user).some((key) => key.toLowerCase() === 'active')) user.active = false;
	user.id = current.id;
	return classifyUserChange(current as JsonObject, user);
}

export interface GroupChange {
	/** The group after the change. */
	group: JsonObject;
	renamed: boolean;
	added: DirectoryMemberRef[];
	removed: DirectoryMemberRef[];
	changes: string[];
	operations?: unknown[];
}

function memberValues(group: JsonObject): Map<string, DirectoryMemberRef> {
	const members = getAttribute(group, 'members');
	const map = new Map<string, DirectoryMemberRef>();
	if (!Array.isArray(members)) return map;
	for (const member of members) {
		const value = isPlainObject(member) ? getAttribute(member, 'value') : member;
		if (typeof value !== 'string' || value === '') continue;
		const display = isPlainObject(member) ? getAttribute(member, 'display') : undefined;
		map.set(value, typeof display === 'string' ? { value, display } : { value });
	}
	return map;
}

export function diffGroup(before: JsonObject, after: JsonObject): Omit<GroupChange, 'operations'> {
	const old = memberValues(before);
	const now = memberValues(after);
	const added = [...now.values()].filter((member) => !old.has(member.value));
	const removed = [...old.values()].filter((member) => !now.has(member.value));
	const renamed = !deepEqual(getAttribute(before, 'displayName'), getAttribute(after, 'displayName'));
	return { group: after, renamed, added, removed, changes: changedAttributes(before, after) };
}

/** Okta Push Groups and Entra both PATCH groups: rename (`replace` with `{id, displayName}`), add/remove members. */
export function patchGroup(current: ScimResource, body: JsonObject): GroupChange {
	const operations = parsePatchRequest(body);
	const after = applyPatchOps(current, operations) as JsonObject;
	return { ...diffGroup(current as JsonObject, after), operations: redactOperations(operations) };
}

/** A PUT of a group (Okta AIW apps): the members sent are the members. */
export function replaceGroup(current: ScimResource, body: JsonObject): GroupChange {
	const group = groupFromBody(body);
	group.id = current.id;
	if (!Array.isArray(group.members)) group.members = [];
	return diffGroup(current as JsonObject, group);
}
