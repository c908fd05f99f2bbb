import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { filterEq } from '../../../../scim/filter';
import { SCHEMA } from '../../../../scim/schemas';
import { ScimRequestError, type ScimClient } from '../../transport/ScimClient';
import { settle } from '../../transport/settle';
import { groupOptions, groupSummary } from './common';

const properties: INodeProperties[] = [
	{ displayName: 'Name', name: 'displayName', type: 'string', default: '', required: true, placeholder: 'All Sales' },
	groupOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['create'] } }, properties);

/**
 * Salesforce's reference lists public groups as read / update only, while some provisioning guides create them.
 * We try, and where the org refuses we say what to do instead.
 */
export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const displayName = String(this.getNodeParameter('displayName', itemIndex)).trim();
	if (!displayName) throw new Error('The group needs a name');
	const outcome = await settle(
		client.request<IDataObject>({
			method: 'POST',
			path: '/Groups',
			body: { schemas: [SCHEMA.group], displayName },
			idempotent: false,
			recover: async () => {
				const found = await client.listAll('/Groups', { filter: filterEq('displayName', displayName) });
				return found.find((g) => String(g.displayName).toLowerCase() === displayName.toLowerCase());
			},
		}),
	);
	if (outcome.ok) return { action: 'created', ...groupSummary(outcome.value) };
	const error = outcome.error;
	if (error instanceof ScimRequestError && [403, 404, 405, 501].includes(error.decoded.status)) {
		throw ScimRequestError.withMessage(
			`This org does not let SCIM create public groups (HTTP ${error.decoded.status}: ${error.decoded.detail})`,
			error.decoded,
			'Create the group in Salesforce (Setup → Public Groups → New), then use Add Members or Sync Members with it.',
			{ method: 'POST', path: '/Groups' },
		);
	}
	throw error;
}
