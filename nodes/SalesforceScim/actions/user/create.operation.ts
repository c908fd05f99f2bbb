import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { readDesiredUser } from '../../helpers/desiredUser';
import { userOutput } from '../../helpers/output';
import { createUser, resolveReferences } from '../../helpers/userWrites';
import type { ScimClient } from '../../transport/ScimClient';
import { userInputFields, userOptions } from './userFields.description';

const properties = [...userInputFields(true), userOptions({ username: true })];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const desired = readDesiredUser(this, itemIndex, 'create');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const user = await resolveReferences(client, desired);
	const created = await createUser(client, user, { findFreeUsername: options.findFreeUsername === true });
	return userOutput(this, itemIndex, created.user, {
		action: 'created',
		...(created.recovered ? { recovered: true } : {}),
	});
}
