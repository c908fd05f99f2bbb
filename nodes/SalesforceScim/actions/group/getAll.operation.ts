import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { filterEq } from '../../../../scim/filter';
import { returnAllProperties } from '../common.descriptions';
import type { ScimClient } from '../../transport/ScimClient';
import { groupOptions } from './common';

const properties: INodeProperties[] = [
	...returnAllProperties,
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
