import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { entitlementLocator, requestOptions, simplifyOption, userLocator } from '../common.descriptions';
import { kindOfId, type EntitlementKind } from '../../../../scim/salesforceId';
import { resolveEntitlement } from '../../helpers/entitlements';
import { userOutput } from '../../helpers/output';
import { patchUser, removeUnintendedEntitlements } from '../../helpers/userWrites';
import { locateUser, type Locator } from '../../helpers/users';
import type { ScimClient } from '../../transport/ScimClient';

export const assignProperties: INodeProperties[] = [
	userLocator(),
	{
		displayName: 'Kind',
		name: 'kind',
		type: 'options',
		options: [
			{ name: 'Permission Set', value: 'PermissionSet' },
			{ name: 'Profile', value: 'Profile', description: 'Replaces the user’s one profile' },
		],
		default: 'PermissionSet',
	},
	{ ...entitlementLocator('Permission Set', 'permissionSet', 'searchPermissionSets', true), displayOptions: { show: { kind: ['PermissionSet'] } } },
	{ ...entitlementLocator('Profile', 'profile', 'searchProfiles', true), displayOptions: { show: { kind: ['Profile'] } } },
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [simplifyOption, ...requestOptions] },
];

function entitlementsOf(user: IDataObject): IDataObject[] {
	return Array.isArray(user.entitlements) ? (user.entitlements as IDataObject[]) : [];
}

function isKind(e: IDataObject, kind: EntitlementKind) {
	const type = String(e.type ?? '').replace(/\s/g, '').toLowerCase();
	return type ? type === kind.toLowerCase() : kindOfId(String(e.value ?? '')) === kind;
}

/**
 * Adds or removes one entitlement by writing the whole list we intend: whether Salesforce's replace merges or
 * overwrites is unconfirmed, so we read, change, and write the complete list, never dropping what we did not mean to.
 */
export async function changeEntitlement(
	ctx: IExecuteFunctions,
	client: ScimClient,
	itemIndex: number,
	change: 'add' | 'remove',
): Promise<IDataObject> {
	const kind = ctx.getNodeParameter('kind', itemIndex, 'PermissionSet') as EntitlementKind;
	const locator = ctx.getNodeParameter(kind === 'Profile' ? 'profile' : 'permissionSet', itemIndex) as Locator;
	const user = await locateUser(client, ctx.getNodeParameter('user', itemIndex) as Locator);
	const entitlement = await resolveEntitlement(client, String(locator.value), kind);
	if (change === 'remove' && kind === 'Profile') {
		throw new Error('A Salesforce user always has exactly one profile; assign another profile instead of removing it');
	}
	const current = entitlementsOf(user).map((e) => ({ value: e.value, type: isKind(e, 'Profile') ? 'Profile' : 'PermissionSet', ...(e.display ? { display: e.display } : {}) }));
	const has = current.some((e) => e.value === entitlement.id);
	let next = current;
	if (change === 'add' && !has) {
		next = kind === 'Profile' ? [...current.filter((e) => e.type !== 'Profile'), { value: entitlement.id, type: 'Profile', display: entitlement.displayName }] : [...current, { value: entitlement.id, type: 'PermissionSet', display: entitlement.displayName }];
	} else if (change === 'remove' && has) {
		next = current.filter((e) => e.value !== entitlement.id);
	}
	if (next === current) {
		return userOutput(ctx, itemIndex, user, { action: 'unchanged', entitlement: entitlement.displayName });
	}
	const written = await patchUser(client, String(user.id), [{ op: 'replace', value: { entitlements: next } }]);
	const updated = await removeUnintendedEntitlements(client, written, next);
	return userOutput(ctx, itemIndex, updated, { action: change === 'add' ? 'added' : 'removed', entitlement: entitlement.displayName });
}
