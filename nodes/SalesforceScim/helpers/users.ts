import type { IDataObject } from 'n8n-workflow';

import { filterEq } from '../../../scim/filter';
import { isSalesforceId, kindOfId } from '../../../scim/salesforceId';
import { SCHEMA, type ScimUser } from '../../../scim/schemas';
import { keyOf, MATCH_ATTRIBUTE, primaryEmail, type MatchKey } from '../../../scim/sync';
import { ScimRequestError, type ScimClient } from '../transport/ScimClient';

/** Users whose key equals the value; Salesforce compares usernames and emails case-insensitively. */
export async function findUsersBy(client: ScimClient, key: MatchKey, value: string): Promise<IDataObject[]> {
	const found = await client.listAll('/Users', { filter: filterEq(MATCH_ATTRIBUTE[key], value) });
	// Belt and braces: a server that ignores the filter must not make us update the wrong person.
	return found.filter((user) => keyOf(user as ScimUser, key) === value.toLowerCase());
}

export async function getUser(client: ScimClient, id: string): Promise<IDataObject> {
	return await client.request({ method: 'GET', path: `/Users/${encodeURIComponent(id)}`, idempotent: true });
}

export interface Locator {
	mode: string;
	value: string;
}

/** Resolve a user resource locator (list / id / username) to the user. Not found → ScimRequestError 404. */
export async function locateUser(client: ScimClient, locator: Locator): Promise<IDataObject> {
	const value = String(locator.value ?? '').trim();
	if (!value) throw new Error('No user given. Pick a user from the list, or enter an ID or a username');
	if (locator.mode === 'userName' || (!isSalesforceId(value) && value.includes('@'))) {
		const found = await findUsersBy(client, 'userName', value);
		if (found.length === 0) throw notFound(`No user with username "${value}"`, `/Users?filter=userName eq`);
		return found[0];
	}
	return await getUser(client, value);
}

export function notFound(detail: string, path: string): ScimRequestError {
	return new ScimRequestError(
		{ status: 404, detail, scimType: undefined, source: 'text' },
		'Check the username or ID; deactivated users are still found, deleted ones are not.',
		'GET',
		path,
	);
}

export function isNotFound(error: unknown): boolean {
	return error instanceof ScimRequestError && error.decoded.status === 404;
}

/** The flat summary Simplify returns: what a person or an AI agent needs to act on, without the SCIM nesting. */
export function simplifyUser(user: IDataObject): IDataObject {
	const name = (user.name ?? {}) as IDataObject;
	const enterprise = (user[SCHEMA.enterpriseUser] ?? {}) as IDataObject;
	const entitlements = Array.isArray(user.entitlements) ? (user.entitlements as IDataObject[]) : [];
	const isProfile = (e: IDataObject) =>
		String(e.type ?? '').toLowerCase() === 'profile' || kindOfId(String(e.value ?? '')) === 'Profile';
	const profile = entitlements.find(isProfile);
	const manager = (enterprise.manager ?? {}) as IDataObject;
	const summary: IDataObject = {
		id: user.id,
		userName: user.userName,
		active: user.active,
		givenName: name.givenName,
		familyName: name.familyName,
		email: primaryEmail(user as ScimUser),
		title: user.title,
		department: enterprise.department,
		externalId: user.externalId,
		profile: profile ? (profile.display ?? profile.value) : undefined,
		profileId: profile?.value,
		permissionSets: entitlements.filter((e) => !isProfile(e)).map((e) => e.display ?? e.value),
		managerId: manager.value,
	};
	for (const key of Object.keys(summary)) if (summary[key] === undefined) delete summary[key];
	return summary;
}

/** jane.doe@x.com → jane.doe1@x.com, jane.doe2@x.com … : candidates for a username that is taken elsewhere. */
export function usernameCandidates(userName: string, count: number): string[] {
	const at = userName.lastIndexOf('@');
	const local = userName.slice(0, at);
	const domain = userName.slice(at);
	return Array.from({ length: count }, (_, i) => `${local}${i + 1}${domain}`);
}

export function withSuffix(userName: string, suffix: string | undefined): string {
	const clean = (suffix ?? '').trim();
	if (!clean || userName.toLowerCase().endsWith(clean.toLowerCase())) return userName;
	return `${userName}${clean}`;
}
