import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { requestOptions, simplifyOption, userLocator } from '../../actions/common.descriptions';
import { addMembers } from '../../helpers/groups';
import { recalledGroups } from '../../helpers/groupMemory';
import { userOutput } from '../../helpers/output';
import { setActive } from '../../helpers/userWrites';
import { locateUser, type Locator } from '../../helpers/users';
import type { ScimClient } from '../../transport/ScimClient';

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
				displayName: 'Restore Groups',
				name: 'restoreGroups',
				type: 'boolean',
				default: false,
				description:
					'Whether to put the user back into the public groups they were in when this workflow deactivated them (Salesforce does not restore them)',
			},
			{
				displayName: 'Group IDs to Restore',
				name: 'groupIds',
				type: 'string',
				default: '',
				placeholder: '00G…, 00G…',
				description:
					'Comma-separated group IDs, e.g. the "groups" output of an earlier Deactivate. Empty: use what this workflow remembered.',
			},
			simplifyOption,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['reactivate'] } }, properties);

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const user = await locateUser(client, this.getNodeParameter('user', itemIndex) as Locator);
	const id = String(user.id);
	const wasActive = user.active === true;
	const updated = wasActive ? user : await setActive(client, id, true);
	let restored: string[] = [];
	if (options.restoreGroups === true) {
		const explicit = String(options.groupIds ?? '')
			.split(/[\s,]+/)
			.filter(Boolean);
		const groups = explicit.length ? explicit : recalledGroups(this, id);
		for (const groupId of groups) {
			await addMembers(client, groupId, [id]);
		}
		restored = groups;
	}
	return userOutput(this, itemIndex, updated, {
		action: wasActive ? 'alreadyActive' : 'reactivated',
		...(wasActive ? { alreadyActive: true } : {}),
		...(options.restoreGroups === true ? { restoredGroups: restored } : {}),
	});
}
