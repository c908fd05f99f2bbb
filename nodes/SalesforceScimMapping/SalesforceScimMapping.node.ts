import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { properties, subtitle } from './description';
import { mapItems } from './execute';

/** Directory or HR records in, Salesforce SCIM users out: valid ones first, the others with what to fix. */
export class SalesforceScimMapping implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salesforce SCIM Mapping',
		name: 'salesforceScimMapping',
		icon: { light: 'file:salesforceScimMapping.svg', dark: 'file:salesforceScimMapping.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle,
		description: 'Map directory or HR records to valid Salesforce SCIM users, with presets and validation',
		defaults: { name: 'Salesforce SCIM Mapping' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Valid', 'Invalid'],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return mapItems.call(this);
	}
}
