import type { INodeProperties } from 'n8n-workflow';

import * as addToUser from './addToUser.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as removeFromUser from './removeFromUser.operation';

export { addToUser, get, getAll, removeFromUser };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['entitlement'] } },
		options: [
			{ name: 'Add to User', value: 'addToUser', description: 'Give a user a permission set, or a new profile', action: 'Add an entitlement to a user' },
			{ name: 'Get', value: 'get', description: 'Get a profile or permission set', action: 'Get an entitlement' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many profiles and permission sets', action: 'Get many entitlements' },
			{ name: 'Remove From User', value: 'removeFromUser', description: 'Take a permission set away from a user', action: 'Remove an entitlement from a user' },
		],
		default: 'getAll',
	},
	...addToUser.description,
	...get.description,
	...getAll.description,
	...removeFromUser.description,
];
