/** "Only on create" attributes (the Mapping node's `_sfscim.createOnly`): left out of every update. */
import { cloneJson, findKey } from '../attribute';
import { parsePath, removePathValue } from '../path';
import type { ScimUser } from '../schemas';
import { isCoreSchema, SIDECAR_KEY } from '../schemas';

/**
 * `user` without its metadata and without the create-only paths. A shallow copy: only an attribute a path
 * reaches into (`name.givenName`, `emails[type eq "work"].value`) is cloned before it is cut, so the caller's
 * user is never changed and 100,000 users do not cost 100,000 deep clones.
 */
export function withoutCreateOnly(user: ScimUser, paths: readonly string[]): ScimUser {
	const copy: ScimUser = { ...user };
	delete copy[SIDECAR_KEY];
	for (const path of paths) {
		const direct = findKey(copy, path);
		if (direct !== undefined) {
			delete copy[direct];
			continue;
		}
		let parsed;
		try {
			parsed = parsePath(path);
		} catch {
			continue;
		}
		const holder = parsed.schema !== undefined && !isCoreSchema(parsed.schema) ? parsed.schema : parsed.attribute;
		const key = findKey(copy, holder);
		if (key === undefined) continue;
		copy[key] = cloneJson(copy[key]);
		removePathValue(copy, parsed);
	}
	return copy;
}

/** The create-only paths a desired user carries in its metadata. */
export function createOnlyOf(user: ScimUser): string[] {
	const meta = user[SIDECAR_KEY] as { createOnly?: unknown } | undefined;
	return Array.isArray(meta?.createOnly) ? meta.createOnly.map(String) : [];
}

/** The user as POST /Users takes it: metadata gone, nothing else touched. */
export function withoutMeta(user: ScimUser): ScimUser {
	if (!(SIDECAR_KEY in user)) return user;
	const copy: ScimUser = { ...user };
	delete copy[SIDECAR_KEY];
	return copy;
}
