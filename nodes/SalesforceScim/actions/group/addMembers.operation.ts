import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { groupLocator } from '../common.descriptions';
import { addMembers, locateGroup, memberIdsOf } from '../../helpers/groups';
import type { Locator } from '../../helpers/users';
import type { ScimClient } from '../../transport/ScimClient';
import { groupOptions, membersProperty, readMemberRefs, resolveMemberIds } from './common';

const properties: INodeProperties[] = [groupLocator(), membersProperty, groupOptions];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['addMembers'] } }, properties);

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const refs = readMemberRefs(this, itemIndex);
	if (refs.length === 0) throw new Error('No members given. Enter user IDs or usernames; nothing was changed');
	const group = await locateGroup(client, this.getNodeParameter('group', itemIndex) as Locator);
	const wanted = await resolveMemberIds(client, refs);
	const present = new Set(memberIdsOf(group));
	const toAdd = wanted.filter((id) => !present.has(id));
	await addMembers(client, String(group.id), toAdd);
	return { action: toAdd.length ? 'added' : 'unchanged', id: group.id, displayName: group.displayName, added: toAdd, alreadyMembers: wanted.filter((id) => present.has(id)) };
}
