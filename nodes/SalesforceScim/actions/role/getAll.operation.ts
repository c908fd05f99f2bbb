import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { returnAllProperties } from '../common.descriptions';
import type { ScimClient } from '../../transport/ScimClient';
import { roleOptions } from './common';
import { listRoles } from './roles';

const properties: INodeProperties[] = [
	...returnAllProperties,
	roleOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['role'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const roles = await listRoles(client);
	return this.getNodeParameter('returnAll', itemIndex) ? roles : roles.slice(0, this.getNodeParameter('limit', itemIndex) as number);
}
