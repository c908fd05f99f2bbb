import { NodeConnectionTypes, type IExecuteFunctions, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import * as entitlement from './actions/entitlement/Entitlement.resource';
import * as group from './actions/group/Group.resource';
import * as role from './actions/role/Role.resource';
import * as user from './actions/user/User.resource';
import { router } from './actions/router';
import { listSearch } from './methods';

/** A thin shell: the description, the list searches, and the router that dispatches to one file per operation. */
export class SalesforceScim implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salesforce SCIM',
		name: 'salesforceScim',
		icon: { light: 'file:salesforceScim.svg', dark: 'file:salesforceScim.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Provision Salesforce users, permission sets and public groups over SCIM 2.0',
		defaults: { name: 'Salesforce SCIM' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'salesforceScimOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			{ name: 'salesforceScimJwtApi', required: true, displayOptions: { show: { authentication: ['jwt'] } } },
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'OAuth2', value: 'oAuth2' },
					{ name: 'JWT Bearer', value: 'jwt' },
				],
				default: 'oAuth2',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Entitlement', value: 'entitlement', description: 'Profiles and permission sets' },
					{ name: 'Group', value: 'group', description: 'Public groups' },
					{ name: 'Role', value: 'role' },
					{ name: 'User', value: 'user' },
				],
				default: 'user',
			},
			...user.description,
			...group.description,
			...entitlement.description,
			...role.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions) {
		return await router.call(this);
	}
}
