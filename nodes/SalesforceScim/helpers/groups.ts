import type { IDataObject } from 'n8n-workflow';

import { filterEq } from '../../../scim/filter';
import { patchRequest } from '../../../scim/patchop';
import type { ScimClient } from '../transport/ScimClient';
import { isSalesforceId } from '../../../scim/salesforceId';
import { notFound, type Locator } from './users';

/** Members per PATCH: large groups change in several requests rather than one oversized body. */
export const MEMBER_BATCH = 100;

export function groupPath(id: string) {
	return `/Groups/${encodeURIComponent(id)}`;
}

export async function getGroup(client: ScimClient, id: string): Promise<IDataObject> {
	return await client.request({ method: 'GET', path: groupPath(id), idempotent: true });
}

export async function locateGroup(client: ScimClient, locator: Locator): Promise<IDataObject> {
	const value = String(locator.value ?? '').trim();
	if (!value) throw new Error('No group given. Pick a group from the list, or enter its ID or name');
	// A value that is no Salesforce ID is taken as a name in Salesforce orgs; other SCIM servers use any id form.
	if (locator.mode === 'name' || (client.dialect.name === 'salesforce' && !isSalesforceId(value))) {
		const found = (await client.listAll('/Groups', { filter: filterEq('displayName', value) })).filter(
			(g) => String(g.displayName ?? '').toLowerCase() === value.toLowerCase(),
		);
		if (found.length === 0) throw notFound(`No public group named "${value}"`, '/Groups');
		if (found.length > 1) {
			throw new Error(`Several groups are named "${value}" (${found.map((g) => g.id).join(', ')}). Pick the group by ID`);
		}
		return found[0];
	}
	return await getGroup(client, value);
}

export function memberIdsOf(group: IDataObject): string[] {
	const members = Array.isArray(group.members) ? (group.members as IDataObject[]) : [];
	return members.map((m) => String(m.value ?? '')).filter(Boolean);
}

function batches<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

/** One PATCH per batch, in the dialect's shape; adding or removing twice is harmless, so the transport may resend. */
async function patchMembers(client: ScimClient, groupId: string, op: 'add' | 'remove', userIds: string[]): Promise<number> {
	let requests = 0;
	for (const batch of batches(userIds, MEMBER_BATCH)) {
		await client.request({
			method: 'PATCH',
			path: groupPath(groupId),
			body: patchRequest(client.dialect.membersPatch(op, batch)),
			idempotent: true,
		});
		requests++;
	}
	return requests;
}

/** Adds in the dialect's shape (Salesforce wraps the list: `value: { members: [...] }`). */
export async function addMembers(client: ScimClient, groupId: string, userIds: string[]): Promise<number> {
	return await patchMembers(client, groupId, 'add', userIds);
}

/** Removes only the members named: an unfiltered remove on `members` would empty the group (RFC 7644 §3.5.2.2). */
export async function removeMembers(client: ScimClient, groupId: string, userIds: string[]): Promise<number> {
	return await patchMembers(client, groupId, 'remove', userIds.filter(Boolean));
}
