import type { IDataObject } from 'n8n-workflow';

import { isSalesforceId } from '../../../../scim/salesforceId';
import { closestNames } from '../../helpers/entitlements';
import type { Locator } from '../../helpers/users';
import type { ScimClient } from '../../transport/ScimClient';

export async function listRoles(client: ScimClient): Promise<IDataObject[]> {
	return await client.memo('roles', async () => await client.listAll('/Roles'));
}

export async function locateRole(client: ScimClient, locator: Locator): Promise<IDataObject> {
	const value = String(locator.value ?? '').trim();
	if (locator.mode !== 'name' && isSalesforceId(value)) {
		return await client.request({ method: 'GET', path: `/Roles/${encodeURIComponent(value)}`, idempotent: true });
	}
	const roles = await listRoles(client);
	const match = roles.filter((r) => String(r.displayName ?? r.name ?? '').toLowerCase() === value.toLowerCase());
	if (match.length === 1) return match[0];
	const closest = closestNames(value, roles.map((r) => String(r.displayName ?? r.name ?? '')));
	throw new Error(`No role named "${value}".${closest.length ? ` Closest: ${closest.map((n) => `"${n}"`).join(', ')}.` : ''} Pick it from the list`);
}
