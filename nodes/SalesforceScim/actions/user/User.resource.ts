import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deactivate from './deactivate.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as reactivate from './reactivate.operation';
import * as update from './update.operation';
import * as sync from './sync.operation';
import * as upsert from './upsert.operation';

export { create, deactivate, get, getAll, reactivate, sync, update, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a user', action: 'Create a user' },
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update a user',
			},
			{ name: 'Deactivate', value: 'deactivate', description: 'Deactivate a user (Salesforce never deletes users)', action: 'Deactivate a user' },
			{ name: 'Get', value: 'get', description: 'Get a user', action: 'Get a user' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many users', action: 'Get many users' },
			{ name: 'Reactivate', value: 'reactivate', description: 'Reactivate a deactivated user', action: 'Reactivate a user' },
			{
				name: 'Sync',
				value: 'sync',
				description: 'Make Salesforce match the input: create, update, reactivate and deactivate users, with a dry-run plan',
				action: 'Sync users',
			},
			{ name: 'Update', value: 'update', description: 'Update a user, changing only what differs', action: 'Update a user' },
		],
		default: 'upsert',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...update.description,
	...upsert.description,
	...deactivate.description,
	...reactivate.description,
	...sync.description,
];
