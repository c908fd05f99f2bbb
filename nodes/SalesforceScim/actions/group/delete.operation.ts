import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { groupLocator } from '../common.descriptions';
import { groupPath, locateGroup } from '../../helpers/groups';
import type { Locator } from '../../helpers/users';
import { ScimRequestError, type ScimClient } from '../../transport/ScimClient';
import { settle } from '../../transport/settle';
import { groupOptions } from './common';

const properties: INodeProperties[] = [groupLocator(), groupOptions];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const group = await locateGroup(client, this.getNodeParameter('group', itemIndex) as Locator);
	const outcome = await settle(client.request({ method: 'DELETE', path: groupPath(String(group.id)), idempotent: true }));
	if (!outcome.ok) {
		const error = outcome.error;
		if (error instanceof ScimRequestError && [403, 405, 501].includes(error.decoded.status)) {
			throw ScimRequestError.withMessage(
				`This org does not let SCIM delete public groups (HTTP ${error.decoded.status}: ${error.decoded.detail})`,
				error.decoded,
				'Delete it in Salesforce (Setup → Public Groups), or remove its members with Remove Members.',
				{ method: 'DELETE', path: '/Groups' },
			);
		}
		throw error;
	}
	return { action: 'deleted', id: group.id, displayName: group.displayName };
}
