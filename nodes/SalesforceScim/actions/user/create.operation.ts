import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { resolveManagerLink, runUserWrites } from '../../helpers/managerLinks';
import { userOutput } from '../../helpers/output';
import { createUser, resolveReferences } from '../../helpers/userWrites';
import type { ScimClient } from '../../transport/ScimClient';
import { userInputFields, userOptions } from './userFields.description';

const properties = [...userInputFields(true), userOptions({ username: true })];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['create'] } }, properties);

/**
 * All items at once, managers in the same input created before their reports (helpers/managerLinks), as Create or
 * Update does. Unlike Create or Update, a person marked inactive is created inactive: an explicit Create makes
 * what it is given (pre-provisioning someone who starts later is a use of it).
 */
export async function executeAll(this: IExecuteFunctions, client: ScimClient): Promise<INodeExecutionData[]> {
	return await runUserWrites(this, client, 'create', async (itemIndex, desired, manager, batch) => {
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const link = await resolveManagerLink(client, manager, { operation: 'create' });
		const user = await resolveReferences(client, desired, link.id);
		const created = await createUser(client, user, { findFreeUsername: options.findFreeUsername === true });
		batch.wrote(itemIndex, created.user.id);
		const outcome = { action: 'created', ...(created.recovered ? { recovered: true } : {}), ...link.note };
		if (link.later) batch.linkLater(itemIndex, created.user, outcome);
		return userOutput(this, itemIndex, created.user, outcome);
	});
}
