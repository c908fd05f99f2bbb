import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { ScimClient } from '../../transport/ScimClient';
import { roleOptions } from './common';
import { listRoles } from './roles';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	roleOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['role'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const roles = await listRoles(client);
	return this.getNodeParameter('returnAll', itemIndex) ? roles : roles.slice(0, this.getNodeParameter('limit', itemIndex) as number);
}
