import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { sameSalesforceId } from '../../../../scim/salesforceId';
import { userLocator } from '../common.descriptions';
import { userOutput } from '../../helpers/output';
import { patchUser } from '../../helpers/userWrites';
import { locateUser, type Locator } from '../../helpers/users';
import { ScimRequestError, type ScimClient } from '../../transport/ScimClient';
import { settle } from '../../transport/settle';
import { roleLocator, roleOptions } from './common';
import { locateRole } from './roles';

const properties: INodeProperties[] = [userLocator(), roleLocator(), roleOptions];

export const description = updateDisplayOptions({ show: { resource: ['role'], operation: ['assign'] } }, properties);

/**
 * How Salesforce assigns a role over SCIM is not documented; we send the user's `roles` attribute, and where
 * the org refuses we say how to do it instead.
 */
export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const user = await locateUser(client, this.getNodeParameter('user', itemIndex) as Locator);
	const role = await locateRole(client, this.getNodeParameter('role', itemIndex) as Locator);
	const roles = Array.isArray(user.roles) ? (user.roles as Array<{ value?: string }>) : [];
	if (roles.some((r) => r.value === role.id)) return userOutput(this, itemIndex, user, { action: 'unchanged', role: role.displayName });
	const outcome = await settle(patchUser(client, String(user.id), [{ op: 'replace', value: { roles: [{ value: role.id }] } }]));
	// An org may answer 200 and ignore `roles`: believe the user it returns, not the status.
	if (outcome.ok && hasRole(outcome.value, String(role.id))) {
		return userOutput(this, itemIndex, outcome.value, { action: 'assigned', role: role.displayName });
	}
	const error = outcome.ok ? undefined : outcome.error;
	if (error === undefined || (error instanceof ScimRequestError && error.decoded.status >= 400 && error.decoded.status < 500 && error.decoded.status !== 401)) {
		const decoded = error instanceof ScimRequestError ? error.decoded : { status: 200, detail: 'the user was saved without the role', source: 'json' as const };
		throw ScimRequestError.withMessage(
			`This org does not accept role changes over SCIM (${decoded.status === 200 ? 'the role was ignored' : `HTTP ${decoded.status}: ${decoded.detail}`})`,
			decoded,
			'Set the role in Salesforce (Setup → Users → Edit → Role), or with the Salesforce node’s User → Update (UserRoleId).',
			{ method: 'PATCH', path: '/Users' },
		);
	}
	throw error;
}

function hasRole(user: IDataObject, roleId: string): boolean {
	const roles = Array.isArray(user.roles) ? (user.roles as IDataObject[]) : [];
	return roles.some((r) => sameSalesforceId(String(r.value ?? ''), roleId));
}
