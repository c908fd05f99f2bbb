import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { requestOptions, simplifyOption, userLocator } from '../../actions/common.descriptions';
import { userOutput } from '../../helpers/output';
import { rememberGroups } from '../../helpers/groupMemory';
import { setActive } from '../../helpers/userWrites';
import { isNotFound, locateUser, type Locator } from '../../helpers/users';
import type { ScimClient } from '../../transport/ScimClient';
import { settle } from '../../transport/settle';

const properties: INodeProperties[] = [
	userLocator(),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...requestOptions,
			{
				displayName: 'Not Found Is Success',
				name: 'notFoundIsSuccess',
				type: 'boolean',
				default: false,
				description: 'Whether a user who does not exist counts as done (useful for leaver events that may arrive twice)',
			},
			simplifyOption,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['deactivate'] } }, properties);

/**
 * Deactivation keeps the user (Salesforce never deletes users) and frees the licence. The groups the user was
 * in are kept in the output and in the workflow's static data, so Reactivate can restore them.
 */
export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const locator = this.getNodeParameter('user', itemIndex) as Locator;
	const located = await settle(locateUser(client, locator));
	if (!located.ok) {
		if (options.notFoundIsSuccess === true && isNotFound(located.error)) {
			return { action: 'notFound', user: locator.value };
		}
		throw located.error;
	}
	const user: IDataObject = located.value;
	const groups = rememberGroups(this, user);
	if (user.active === false) {
		return userOutput(this, itemIndex, user, { action: 'alreadyInactive', alreadyInactive: true, groups });
	}
	const updated = await setActive(client, String(user.id), false);
	return userOutput(this, itemIndex, updated, { action: 'deactivated', groups });
}
