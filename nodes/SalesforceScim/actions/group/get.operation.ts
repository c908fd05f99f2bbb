import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { groupLocator } from '../common.descriptions';
import { locateGroup } from '../../helpers/groups';
import type { Locator } from '../../helpers/users';
import type { ScimClient } from '../../transport/ScimClient';
import { groupOptions } from './common';

const properties: INodeProperties[] = [groupLocator(), groupOptions];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	return await locateGroup(client, this.getNodeParameter('group', itemIndex) as Locator);
}
