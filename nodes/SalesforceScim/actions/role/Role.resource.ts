import type { INodeProperties } from 'n8n-workflow';

import * as assign from './assign.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { assign, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['role'] } },
		options: [
			{ name: 'Assign', value: 'assign', description: 'Give a user a role', action: 'Assign a role to a user' },
			{ name: 'Get', value: 'get', description: 'Get a role', action: 'Get a role' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many roles', action: 'Get many roles' },
		],
		default: 'getAll',
	},
	...assign.description,
	...get.description,
	...getAll.description,
];
