/**
 * What an org keeps, from its own /Schemas: an attribute its User schema (or a listed extension) lacks is accepted
 * and dropped by some servers, so a sync that sent it would find it missing and send it again on every run. Read
 * from the org each run, this needs no memory: it holds across runs and n8n restarts, and follows the org when
 * its schema changes.
 */
import { findKey, isPlainObject } from '../attribute';
import { isWholeSchemaUrn } from '../path';
import type { ScimUser } from '../schemas';
import { SCHEMA, SIDECAR_KEY } from '../schemas';

export interface OrgSchema {
	/** Lowercased top-level attribute names of the core User schema. */
	core: Set<string>;
	/** Extension URN (lowercased) → its lowercased attribute names. Extensions the org does not list are not judged. */
	extensions: Map<string, Set<string>>;
}

/** Never left out, whatever a schema says: the user is not writable without them, and a sync matches by them. */
const ALWAYS_KEPT = new Set(['schemas', 'id', 'meta', 'username', 'externalid', 'name', 'emails', 'active', 'entitlements', SIDECAR_KEY.toLowerCase()]);

/** The org's schema from a /Schemas list response; undefined when it does not describe the core User (then nothing is judged). */
export function orgSchemaOf(body: unknown): OrgSchema | undefined {
	const resources = isPlainObject(body) && Array.isArray(body.Resources) ? body.Resources : Array.isArray(body) ? body : [];
	const schema: OrgSchema = { core: new Set(), extensions: new Map() };
	let core = false;
	for (const resource of resources) {
		if (!isPlainObject(resource) || typeof resource.id !== 'string' || !Array.isArray(resource.attributes)) continue;
		const names = new Set(resource.attributes.filter(isPlainObject).map((a) => String(a.name ?? '').toLowerCase()).filter(Boolean));
		if (resource.id.toLowerCase() === SCHEMA.user.toLowerCase()) {
			schema.core = names;
			core = names.size > 0;
		} else {
			schema.extensions.set(resource.id.toLowerCase(), names);
		}
	}
	return core ? schema : undefined;
}

/**
 * `user` without what the org's schema lacks, and the names left out (`addresses`, `urn…:User:department`).
 * A shallow copy only when something is left out.
 */
export function keptBySchema(user: ScimUser, schema: OrgSchema | undefined): { user: ScimUser; left: string[] } {
	if (!schema) return { user, left: [] };
	let copy: ScimUser | undefined;
	const left: string[] = [];
	for (const [name, value] of Object.entries(user)) {
		const lower = name.toLowerCase();
		if (ALWAYS_KEPT.has(lower)) continue;
		if (isWholeSchemaUrn(name)) {
			const known = schema.extensions.get(lower);
			if (!known || !isPlainObject(value)) continue;
			const unknown = Object.keys(value).filter((sub) => !known.has(sub.toLowerCase()));
			if (unknown.length === 0) continue;
			copy ??= { ...user };
			const kept = { ...value };
			for (const sub of unknown) delete kept[sub];
			copy[name] = kept;
			left.push(...unknown.map((sub) => `${name}:${sub}`));
			continue;
		}
		const bare = lower.startsWith(`${SCHEMA.user.toLowerCase()}:`) ? lower.slice(SCHEMA.user.length + 1) : lower;
		if (schema.core.has(bare)) continue;
		copy ??= { ...user };
		delete copy[findKey(copy, name) ?? name];
		left.push(name);
	}
	return { user: copy ?? user, left };
}
