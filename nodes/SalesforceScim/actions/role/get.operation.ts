import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { Locator } from '../../helpers/users';
import type { ScimClient } from '../../transport/ScimClient';
import { roleLocator, roleOptions } from './common';
import { locateRole } from './roles';

const properties: INodeProperties[] = [roleLocator(), roleOptions];

export const description = updateDisplayOptions({ show: { resource: ['role'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	return await locateRole(client, this.getNodeParameter('role', itemIndex) as Locator);
}
