import type { IExecuteFunctions, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { description } from './actions/node.description';
import { router } from './actions/router';
import { listSearch } from './methods';

export class SalesforceScim implements INodeType {
	description: INodeTypeDescription = description;

	methods = { listSearch };

	async execute(this: IExecuteFunctions) {
		return await router.call(this);
	}
}
