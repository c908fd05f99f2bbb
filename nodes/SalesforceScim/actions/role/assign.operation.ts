import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

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
	if (outcome.ok) return userOutput(this, itemIndex, outcome.value, { action: 'assigned', role: role.displayName });
	const error = outcome.error;
	{
		if (error instanceof ScimRequestError && error.decoded.status >= 400 && error.decoded.status < 500 && error.decoded.status !== 401) {
			throw new ScimRequestError(
				error.decoded,
				'This org does not accept role changes over SCIM. Set the role in Salesforce (Setup → Users → Edit → Role), or with the Salesforce node’s User → Update (UserRoleId).',
				'PATCH',
				'/Users',
			);
		}
		throw error;
	}
}
