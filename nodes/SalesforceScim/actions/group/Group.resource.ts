import type { INodeProperties } from 'n8n-workflow';

import * as addMembers from './addMembers.operation';
import * as create from './create.operation';
import * as deleteGroup from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as removeMembers from './removeMembers.operation';
import * as syncMembers from './syncMembers.operation';
import * as update from './update.operation';

export { addMembers, create, deleteGroup as delete, get, getAll, removeMembers, syncMembers, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['group'] } },
		options: [
			{ name: 'Add Members', value: 'addMembers', description: 'Add users to a public group', action: 'Add members to a group' },
			{ name: 'Create', value: 'create', description: 'Create a public group', action: 'Create a group' },
			{ name: 'Delete', value: 'delete', description: 'Delete a public group', action: 'Delete a group' },
			{ name: 'Get', value: 'get', description: 'Get a public group', action: 'Get a group' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many public groups', action: 'Get many groups' },
			{ name: 'Remove Members', value: 'removeMembers', description: 'Remove users from a public group', action: 'Remove members from a group' },
			{
				name: 'Sync Members',
				value: 'syncMembers',
				description: 'Make the group have exactly the given members, with a dry-run plan',
				action: 'Sync the members of a group',
			},
			{ name: 'Update', value: 'update', description: 'Rename a public group', action: 'Update a group' },
		],
		default: 'addMembers',
	},
	...addMembers.description,
	...create.description,
	...deleteGroup.description,
	...get.description,
	...getAll.description,
	...removeMembers.description,
	...syncMembers.description,
	...update.description,
];
