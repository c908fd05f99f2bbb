import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { patchRequest } from '../../../../scim/patchop';
import { groupLocator } from '../common.descriptions';
import { groupPath, locateGroup } from '../../helpers/groups';
import type { Locator } from '../../helpers/users';
import type { ScimClient } from '../../transport/ScimClient';
import { groupOptions, groupSummary } from './common';

const properties: INodeProperties[] = [
	groupLocator(),
	{ displayName: 'New Name', name: 'displayName', type: 'string', default: '', required: true },
	groupOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const group = await locateGroup(client, this.getNodeParameter('group', itemIndex) as Locator);
	const displayName = String(this.getNodeParameter('displayName', itemIndex)).trim();
	if (!displayName) throw new Error('The new name is empty');
	if (group.displayName === displayName) return { action: 'unchanged', ...groupSummary(group) };
	const updated = await client.request<IDataObject>({
		method: 'PATCH',
		path: groupPath(String(group.id)),
		body: patchRequest([{ op: 'replace', value: { displayName } }]),
		idempotent: true,
	});
	return { action: 'updated', ...groupSummary(updated.id ? updated : { ...group, displayName }) };
}
