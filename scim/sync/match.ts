/** Matching keys and scope: which Salesforce user a desired user is, and which Salesforce users a sync manages. */
import { asBoolean, getAttribute, isPlainObject } from '../attribute';
import { ScimError } from '../error';
import { parseFilter } from '../filter';
import { matchesFilter } from '../filterMatch';
import { sameSalesforceId } from '../patchDiff';
import type { ScimUser } from '../schemas';
import { isProfileEntitlement } from '../user';
import type { MatchKey, SyncScope } from './types';

function text(value: unknown): string | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const s = String(value).trim();
	return s === '' ? undefined : s;
}

/** The primary email, or the first one: what Salesforce's User.Email holds. */
export function primaryEmail(user: ScimUser): string | undefined {
	const emails = getAttribute(user, 'emails');
	if (!Array.isArray(emails)) return undefined;
	const primary = emails.find((email) => isPlainObject(email) && asBoolean(getAttribute(email, 'primary')) === true) ?? emails[0];
	return text(getAttribute(primary, 'value'));
}

/**
 * The SCIM attribute a filter looks a matching key up by. Salesforce shows the Federation ID as the SCIM externalId,
 * so both keys filter on externalId there.
 */
export const MATCH_ATTRIBUTE: Readonly<Record<MatchKey, string>> = {
	userName: 'userName',
	externalId: 'externalId',
	email: 'emails.value',
	federationId: 'externalId',
};

/** The user's matching value as given (trimmed): what a lookup filters on. */
export function matchValueOf(user: ScimUser, matchBy: MatchKey): string | undefined {
	switch (matchBy) {
		case 'userName':
			return text(user.userName ?? getAttribute(user, 'userName'));
		case 'email':
			return primaryEmail(user);
		default:
			// Salesforce shows the Federation ID as the SCIM externalId.
			return text(user.externalId ?? getAttribute(user, 'externalId'));
	}
}

/**
 * The user's key, lowercased. Salesforce compares usernames and emails case-insensitively; external and
 * federation ids are compared the same way so a source that changes case never looks like a leaver plus a joiner.
 */
export function keyOf(user: ScimUser, matchBy: MatchKey): string | undefined {
	return matchValueOf(user, matchBy)?.toLowerCase();
}

export function isActive(user: ScimUser): boolean {
	return asBoolean(user.active ?? getAttribute(user, 'active')) !== false;
}

/** A predicate for "this sync manages that Salesforce user". A malformed filter is a 400 invalidFilter ScimError. */
export function scopePredicate(scope: SyncScope | undefined): (user: ScimUser) => boolean {
	switch (scope?.kind ?? 'all') {
		case 'all':
			return () => true;
		case 'hasExternalId':
			return (user) => text(user.externalId ?? getAttribute(user, 'externalId')) !== undefined;
		case 'filter': {
			const source = (scope as { filter: string }).filter;
			if (!source?.trim()) throw new ScimError(400, 'invalidFilter', 'The scope filter is empty: enter a SCIM filter such as userName ew "@example.com"');
			const expression = parseFilter(source);
			return (user) => matchesFilter(expression, user);
		}
		case 'profile': {
			const wanted = (scope as { profiles: string[] }).profiles.map((p) => p.trim()).filter(Boolean);
			if (wanted.length === 0) throw new ScimError(400, 'invalidValue', 'The scope names no profile: enter a profile name or ID');
			const lower = new Set(wanted.map((p) => p.toLowerCase()));
			return (user) => {
				const entitlements = getAttribute(user, 'entitlements');
				if (!Array.isArray(entitlements)) return false;
				return entitlements.some((entitlement) => {
					if (!isProfileEntitlement(entitlement)) return false;
					const id = text(getAttribute(entitlement, 'value'));
					const name = text(getAttribute(entitlement, 'display'));
					return (id !== undefined && wanted.some((w) => sameSalesforceId(w, id))) || (name !== undefined && lower.has(name.toLowerCase()));
				});
			};
		}
	}
	throw new ScimError(400, 'invalidValue', `Unknown sync scope "${String((scope as { kind: string }).kind)}"`);
}
