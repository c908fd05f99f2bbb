import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { requestOptions, simplifyOption, userLocator } from '../../actions/common.descriptions';
import { userOutput } from '../../helpers/output';
import { locateUser, type Locator } from '../../helpers/users';
import type { ScimClient } from '../../transport/ScimClient';

const properties: INodeProperties[] = [
	userLocator(),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [simplifyOption, ...requestOptions],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const locator = this.getNodeParameter('user', itemIndex) as Locator;
	const user = await locateUser(client, locator);
	return userOutput(this, itemIndex, user);
}
