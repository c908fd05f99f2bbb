/**
 * Keep only what a sync reads of each Salesforce user. A full read of 100,000 users is the largest thing a sync
 * holds; most of each record (nickName, timezone, userType, server extensions…) is never compared.
 */
import { parseFilter, type FilterExpression } from '../filter';
import type { ScimUser } from '../schemas';
import { isCoreSchema, SIDECAR_KEY } from '../schemas';
import type { SyncScope } from './types';

/** Always kept: identity, every matching key, status, and the profile (scope by profile, entitlement merge). */
const ALWAYS = ['id', 'userName', 'externalId', 'emails', 'active', 'entitlements'];

/** Never diffed (buildPatchOps ignores them) or not SCIM at all. */
const NEVER_COMPARED = new Set([SIDECAR_KEY, 'schemas', 'meta', 'groups', 'photos', 'password']);

function filterAttributes(expression: FilterExpression, into: Set<string>) {
	switch (expression.kind) {
		case 'and':
		case 'or':
			filterAttributes(expression.left, into);
			filterAttributes(expression.right, into);
			return;
		case 'not':
			filterAttributes(expression.expression, into);
			return;
		default: {
			const ref = expression.attribute;
			into.add((ref.schema !== undefined && !isCoreSchema(ref.schema) ? ref.schema : ref.attribute).toLowerCase());
		}
	}
}

/** Lowercased top-level names any desired user or the scope may read. */
export function attributesRead(desired: readonly ScimUser[], scope: SyncScope | undefined): Set<string> {
	const names = new Set(ALWAYS.map((name) => name.toLowerCase()));
	for (const user of desired) for (const name of Object.keys(user)) if (!NEVER_COMPARED.has(name)) names.add(name.toLowerCase());
	if (scope?.kind === 'filter' && scope.filter.trim()) filterAttributes(parseFilter(scope.filter), names);
	return names;
}

/** A new object with only the top-level attributes in `keep` (lowercased names); `delete` would leave slow objects. */
export function projectUser(user: ScimUser, keep: ReadonlySet<string>): ScimUser {
	const kept: ScimUser = {};
	for (const name of Object.keys(user)) if (keep.has(name.toLowerCase())) kept[name] = user[name];
	return kept;
}

