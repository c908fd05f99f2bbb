import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { filterEq } from '../../../../scim/filter';
import type { ScimClient } from '../../transport/ScimClient';
import { groupOptions } from './common';

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
	{
		displayName: 'Name',
		name: 'displayName',
		type: 'string',
		default: '',
		description: 'Only the group with this exact name',
	},
	groupOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number);
	const name = String(this.getNodeParameter('displayName', itemIndex, '')).trim();
	return await client.listAll('/Groups', { filter: name ? filterEq('displayName', name) : undefined, limit });
}
