import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { dialectNamed } from '../../../scim/dialect';
import { filterEq } from '../../../scim/filter';
import { listEntitlements } from '../helpers/entitlements';
import { DEFAULT_CLIENT_OPTIONS, ScimClient } from '../transport/ScimClient';

function client(ctx: ILoadOptionsFunctions): ScimClient {
	const authentication = ctx.getNodeParameter('authentication', 'oAuth2') as string;
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	return new ScimClient(ctx, {
		...DEFAULT_CLIENT_OPTIONS,
		credentialType: authentication === 'jwt' ? 'salesforceScimJwtApi' : 'salesforceScimOAuth2Api',
		dialect: dialectNamed(options.dialect as string | undefined),
		maxAttempts: 2,
	});
}

function matches(filter: string | undefined, ...values: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return values.some((v) => String(v ?? '').toLowerCase().includes(needle));
}

async function entitlementResults(ctx: ILoadOptionsFunctions, filter: string | undefined, type?: string): Promise<INodeListSearchResult> {
	const all = await listEntitlements(client(ctx));
	return {
		results: all
			.filter((e) => !type || e.type === type)
			.filter((e) => matches(filter, e.displayName, e.id))
			.sort((a, b) => a.displayName.localeCompare(b.displayName))
			.map((e) => ({ name: type ? e.displayName : `${e.displayName} (${e.type})`, value: e.id })),
	};
}

export async function searchProfiles(this: ILoadOptionsFunctions, filter?: string) {
	return await entitlementResults(this, filter, 'Profile');
}

export async function searchPermissionSets(this: ILoadOptionsFunctions, filter?: string) {
	return await entitlementResults(this, filter, 'PermissionSet');
}

export async function searchEntitlements(this: ILoadOptionsFunctions, filter?: string) {
	return await entitlementResults(this, filter);
}

/** One page at a time: an org may have 100,000 users, and the list only needs what a person can scroll. */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const startIndex = Number(paginationToken ?? 1) || 1;
	const scimFilter = filter ? (filter.includes('@') ? filterEq('userName', filter) : `userName sw ${JSON.stringify(filter.toLowerCase())}`) : undefined;
	const page = await client(this).request<IDataObject>({
		method: 'GET',
		path: '/Users',
		qs: { startIndex, count: 100, ...(scimFilter ? { filter: scimFilter } : {}) },
		idempotent: true,
	});
	const users = (Array.isArray(page.Resources) ? page.Resources : []) as IDataObject[];
	const next = startIndex + users.length;
	return {
		results: users.map((u) => ({ name: `${String(u.displayName ?? u.userName)} (${String(u.userName)})`, value: String(u.id) })),
		paginationToken: users.length && next <= Number(page.totalResults ?? 0) ? String(next) : undefined,
	};
}

export async function searchGroups(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const groups = await client(this).listAll('/Groups');
	return {
		results: groups
			.filter((g) => matches(filter, g.displayName, g.id))
			.map((g) => ({ name: String(g.displayName ?? g.id), value: String(g.id) })),
	};
}

export async function searchRoles(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const roles = await client(this).listAll('/Roles');
	return {
		results: roles
			.filter((r) => matches(filter, r.displayName, r.name, r.id))
			.map((r) => ({ name: String(r.displayName ?? r.name ?? r.id), value: String(r.id) })),
	};
}
