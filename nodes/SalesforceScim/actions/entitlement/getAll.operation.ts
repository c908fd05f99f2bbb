import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { requestOptions, returnAllProperties } from '../common.descriptions';
import { listEntitlements } from '../../helpers/entitlements';
import type { ScimClient } from '../../transport/ScimClient';

const properties: INodeProperties[] = [
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'All', value: 'all' },
			{ name: 'Permission Sets', value: 'PermissionSet' },
			{ name: 'Profiles', value: 'Profile' },
		],
		default: 'all',
	},
	...returnAllProperties,
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [...requestOptions] },
];

export const description = updateDisplayOptions({ show: { resource: ['entitlement'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const type = this.getNodeParameter('type', itemIndex) as string;
	const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
	const all = (await listEntitlements(client)).filter((e) => type === 'all' || e.type === type);
	return returnAll ? all : all.slice(0, this.getNodeParameter('limit', itemIndex) as number);
}
