import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { userLocator } from '../../actions/common.descriptions';
import { readDesiredUser } from '../../helpers/desiredUser';
import { managerPlanOf, resolveManagerLink } from '../../helpers/managerLinks';
import { userOutput } from '../../helpers/output';
import { resolveReferences, updateUser } from '../../helpers/userWrites';
import { locateUser, type Locator } from '../../helpers/users';
import type { ScimClient } from '../../transport/ScimClient';
import { userInputFields, userOptions } from './userFields.description';

const properties = [userLocator(), ...userInputFields(false), userOptions({ permissionSetMode: true, username: true })];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const desired = readDesiredUser(this, itemIndex, 'update');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const current = await locateUser(client, this.getNodeParameter('user', itemIndex) as Locator);
	const link = await resolveManagerLink(client, managerPlanOf(desired), { operation: 'update', selfId: String(current.id) });
	const target = await resolveReferences(client, desired, link.id);
	const result = await updateUser(client, current, target, {
		createOnly: desired.createOnly,
		permissionSetMode: options.permissionSetMode === 'exact' ? 'exact' : 'merge',
	});
	return userOutput(this, itemIndex, result.user, {
		action: result.changed.length ? 'updated' : 'unchanged',
		changed: result.changed,
		...link.note,
	});
}
