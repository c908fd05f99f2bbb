import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { filterEq, parseFilter } from '../../../../scim/filter';
import { requestOptions, simplifyOption, returnAllProperties } from '../../actions/common.descriptions';
import { userOutput } from '../../helpers/output';
import type { ScimClient } from '../../transport/ScimClient';

const properties: INodeProperties[] = [
	...returnAllProperties,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Active',
				name: 'active',
				type: 'options',
				options: [
					{ name: 'Active Only', value: 'true' },
					{ name: 'Any', value: '' },
					{ name: 'Inactive Only', value: 'false' },
				],
				default: '',
			},
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
			{ displayName: 'External ID', name: 'externalId', type: 'string', default: '' },
			{
				displayName: 'SCIM Filter',
				name: 'raw',
				type: 'string',
				default: '',
				placeholder: 'title eq "Account Executive"',
				description:
					'An RFC 7644 filter, used as it is. Salesforce does not give "and" precedence over "or": do not mix them.',
			},
			{ displayName: 'Username', name: 'userName', type: 'string', default: '' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [simplifyOption, ...requestOptions],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getAll'] } }, properties);

/** The filter builder's fields as one SCIM filter; every value is quoted, so no value can change its meaning. */
export function buildUserFilter(filters: IDataObject): string | undefined {
	const parts: string[] = [];
	if (filters.userName) parts.push(filterEq('userName', String(filters.userName).trim()));
	if (filters.email) parts.push(filterEq('emails.value', String(filters.email).trim()));
	if (filters.externalId) parts.push(filterEq('externalId', String(filters.externalId).trim()));
	if (filters.active === 'true' || filters.active === 'false') parts.push(`active eq ${filters.active}`);
	if (filters.raw) parts.push(parts.length ? `(${String(filters.raw)})` : String(filters.raw));
	return parts.length ? parts.join(' and ') : undefined;
}

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const filter = buildUserFilter(filters);
	if (filter) {
		try {
			parseFilter(filter);
		} catch (error) {
			throw new NodeOperationError(this.getNode(), `The SCIM filter is not valid: ${(error as Error).message}`, {
				itemIndex,
				description: 'Write it as attribute operator "value", e.g. userName eq "jane@example.com" (RFC 7644 §3.4.2.2).',
			});
		}
	}
	const users = await client.listAll('/Users', { filter, limit });
	return users.map((user) => userOutput(this, itemIndex, user));
}
