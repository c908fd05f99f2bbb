import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { groupLocator } from '../common.descriptions';
import { locateGroup, memberIdsOf, removeMembers } from '../../helpers/groups';
import type { Locator } from '../../helpers/users';
import type { ScimClient } from '../../transport/ScimClient';
import { groupOptions, membersProperty, readMemberRefs, resolveMemberIds } from './common';

const properties: INodeProperties[] = [groupLocator(), membersProperty, groupOptions];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['removeMembers'] } }, properties);

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const refs = readMemberRefs(this, itemIndex);
	// Never send a remove without explicit members: on `members` it would empty the whole group.
	if (refs.length === 0) throw new Error('No members given. Enter the user IDs or usernames to remove; nothing was changed');
	const group = await locateGroup(client, this.getNodeParameter('group', itemIndex) as Locator);
	const wanted = await resolveMemberIds(client, refs);
	const present = new Set(memberIdsOf(group));
	const toRemove = wanted.filter((id) => present.has(id));
	await removeMembers(client, String(group.id), toRemove);
	return { action: toRemove.length ? 'removed' : 'unchanged', id: group.id, displayName: group.displayName, removed: toRemove, notMembers: wanted.filter((id) => !present.has(id)) };
}
