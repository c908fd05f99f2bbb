import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { planMembers } from '../../../../scim/sync';
import { groupLocator, requestOptions } from '../common.descriptions';
import { isSalesforceId } from '../../../../scim/salesforceId';
import { addMembers, locateGroup, MEMBER_BATCH, memberIdsOf, removeMembers } from '../../helpers/groups';
import { errorItem, runJobs } from '../../../shared/runItems';
import type { Locator } from '../../helpers/users';
import type { ScimClient } from '../../transport/ScimClient';
import { readMemberRefs, resolveMemberIds } from './common';

const properties: INodeProperties[] = [
	groupLocator(),
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: true,
		description: 'Whether to only output who would be added and removed, and change nothing',
	},
	{
		displayName: 'Members From',
		name: 'memberSource',
		type: 'options',
		options: [
			{ name: 'Define Below', value: 'parameter', description: 'A list of user IDs or usernames' },
			{
				name: 'Input Items',
				value: 'input',
				description: 'Every input item is one member: its "ID" (005…) or else its "userName", as User → Sync outputs',
			},
		],
		default: 'parameter',
	},
	{
		displayName: 'Members',
		name: 'members',
		type: 'string',
		default: '',
		required: true,
		placeholder: '005…, jane.doe@example.com',
		description: 'The exact member list: user IDs or usernames, comma-separated, or an expression returning a list. Everyone else is removed.',
		displayOptions: { show: { memberSource: ['parameter'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Allow Emptying the Group',
				name: 'allowEmpty',
				type: 'boolean',
				default: false,
				description: 'Whether an empty member list may remove everyone from the group',
			},
			...requestOptions,
		].sort((a, b) => a.displayName.localeCompare(b.displayName)) as INodeProperties[],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['syncMembers'] } }, properties);

/** Beyond this many usernames, one paged read of all users is cheaper than a filter query per username. */
const LOOKUP_PER_NAME_MAX = 20;

function refsFromInput(ctx: IExecuteFunctions): string[] {
	const refs = new Set<string>();
	for (const item of ctx.getInputData()) {
		const json = item.json ?? {};
		const ref = [json.id, json.userName, json.value].find((value) => typeof value === 'string' && value.trim());
		if (ref) refs.add(String(ref).trim());
	}
	return [...refs];
}

async function toUserIds(client: ScimClient, refs: string[]): Promise<string[]> {
	const names = refs.filter((ref) => ref.includes('@') && !isSalesforceId(ref));
	if (names.length <= LOOKUP_PER_NAME_MAX) return await resolveMemberIds(client, refs);
	const byName = new Map<string, string>();
	for (const user of await client.listAll('/Users')) byName.set(String(user.userName ?? '').toLowerCase(), String(user.id));
	const unknown = names.filter((name) => !byName.has(name.toLowerCase()));
	if (unknown.length) {
		throw new Error(`These members are not Salesforce users: ${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ` and ${unknown.length - 20} more` : ''}. Check the usernames; nothing was changed`);
	}
	return [...new Set(refs.map((ref) => (names.includes(ref) ? byName.get(ref.toLowerCase())! : ref)))];
}

/**
 * Group → Sync Members: the group ends up with exactly the given members. Adds and removes go in batches in the
 * dialect's shape; a remove always names its members (an unnamed remove on `members` empties the group).
 */
export async function executeAll(this: IExecuteFunctions, client: ScimClient): Promise<INodeExecutionData[]> {
	const dryRun = this.getNodeParameter('dryRun', 0, true) as boolean;
	const source = this.getNodeParameter('memberSource', 0, 'parameter') as string;
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const items = this.getInputData();
	const pairedItem = source === 'input' ? items.map((_, item) => ({ item })) : { item: 0 };
	const refs = source === 'input' ? refsFromInput(this) : readMemberRefs(this, 0);
	if (refs.length === 0 && options.allowEmpty !== true) {
		throw new NodeOperationError(this.getNode(), 'No members given: syncing to an empty list would remove everyone from the group. Nothing was changed.', {
			description: 'Check the members (or the input items). To empty the group on purpose, turn on "Allow Emptying the Group".',
		});
	}
	// One job for the whole group, through the package's one runner (errors name item 0; continue-on-fail).
	const [run] = await runJobs(this, 1, { concurrency: 1 }, async () => {
		const group = await locateGroup(client, this.getNodeParameter('group', 0) as Locator);
		const wanted = await toUserIds(client, refs);
		const plan = planMembers(wanted, memberIdsOf(group), { allowEmpty: options.allowEmpty === true });
		const result: IDataObject = {
			action: 'syncMembers',
			dryRun,
			id: group.id,
			displayName: group.displayName,
			add: plan.add,
			remove: plan.remove,
			unchanged: plan.keep.length,
		};
		if (dryRun) return result;
		const added = await addMembers(client, String(group.id), plan.add);
		const removed = await removeMembers(client, String(group.id), plan.remove);
		return { ...result, outcome: plan.add.length || plan.remove.length ? 'updated' : 'unchanged', writes: added + removed, batchSize: MEMBER_BATCH };
	});
	return [{ json: run.ok ? run.value : { action: 'syncMembers', ...errorItem(run) }, pairedItem }];
}
