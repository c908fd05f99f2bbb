import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { entitlementLocator, requestOptions } from '../common.descriptions';
import { kindOfId } from '../../../../scim/salesforceId';
import { resolveEntitlement } from '../../helpers/entitlements';
import type { ScimClient } from '../../transport/ScimClient';

const properties: INodeProperties[] = [
	{ ...entitlementLocator('Entitlement', 'entitlement', 'searchEntitlements', true), description: 'A profile or a permission set' },
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [...requestOptions] },
];

export const description = updateDisplayOptions({ show: { resource: ['entitlement'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const locator = this.getNodeParameter('entitlement', itemIndex) as { mode: string; value: string };
	const value = String(locator.value ?? '').trim();
	if (locator.mode !== 'name') {
		// By id, fetched directly: the list stops at 200 records, a single entitlement does not.
		return await client.request({ method: 'GET', path: `/Entitlements/${encodeURIComponent(value)}`, idempotent: true });
	}
	const kind = kindOfId(value) ?? 'Profile';
	try {
		return await resolveEntitlement(client, value, kind);
	} catch {
		return await resolveEntitlement(client, value, 'PermissionSet');
	}
}
