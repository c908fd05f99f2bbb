import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requestOptions } from '../common.descriptions';
import { isSalesforceId } from '../../../../scim/salesforceId';
import { findUsersBy } from '../../helpers/users';
import type { ScimClient } from '../../transport/ScimClient';

export const groupOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [...requestOptions],
};

export const membersProperty: INodeProperties = {
	displayName: 'Members',
	name: 'members',
	type: 'string',
	default: '',
	required: true,
	placeholder: '005…, jane.doe@example.com',
	description:
		'User IDs or usernames, comma-separated, or an expression returning a list. Usernames are looked up.',
};

export function readMemberRefs(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const raw = ctx.getNodeParameter('members', itemIndex, '') as unknown;
	const list = Array.isArray(raw) ? raw : String(raw ?? '').split(/[\s,;]+/);
	return [...new Set(list.map((v) => String(typeof v === 'object' && v ? ((v as IDataObject).value ?? (v as IDataObject).id ?? '') : v).trim()).filter(Boolean))];
}

/** Usernames become user ids; an unknown username is an error that names it, before any membership changes. */
export async function resolveMemberIds(client: ScimClient, refs: string[]): Promise<string[]> {
	const ids: string[] = [];
	const unknown: string[] = [];
	for (const ref of refs) {
		if (isSalesforceId(ref) || !ref.includes('@')) {
			ids.push(ref);
			continue;
		}
		const [user] = await client.memo(`user:${ref.toLowerCase()}`, async () => await findUsersBy(client, 'userName', ref));
		if (user?.id) ids.push(String(user.id));
		else unknown.push(ref);
	}
	if (unknown.length) {
		throw new Error(`These members are not Salesforce users: ${unknown.join(', ')}. Check the usernames; nothing was changed`);
	}
	return [...new Set(ids)];
}

export function groupSummary(group: IDataObject): IDataObject {
	const members = Array.isArray(group.members) ? (group.members as IDataObject[]) : [];
	return { id: group.id, displayName: group.displayName, memberCount: members.length, members: members.map((m) => m.value) };
}
