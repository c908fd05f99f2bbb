import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { matchValueOf, type MatchKey } from '../../../../scim/sync';
import { leaverNotCreated } from '../../../../scim/user';
import { assertCreatable, type DesiredUser } from '../../helpers/desiredUser';
import { resolveManagerLink, runUserWrites, type BatchManagers, type ManagerPlan } from '../../helpers/managerLinks';
import { userOutput } from '../../helpers/output';
import { createUser, resolveReferences, updateUser } from '../../helpers/userWrites';
import { findUsersBy } from '../../helpers/users';
import type { ScimClient } from '../../transport/ScimClient';
import { userInputFields, userOptions } from './userFields.description';

export const matchByProperty: INodeProperties = {
	displayName: 'Match By',
	name: 'matchBy',
	type: 'options',
	options: [
		{ name: 'Email', value: 'email' },
		{ name: 'External ID', value: 'externalId' },
		{ name: 'Federation ID', value: 'federationId' },
		{ name: 'Username', value: 'userName' },
	],
	default: 'userName',
	description: 'How an input record finds its Salesforce user. Usernames and emails match case-insensitively.',
};

const properties = [
	matchByProperty,
	...userInputFields(true),
	userOptions({ permissionSetMode: true, username: true, reactivate: true }),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['upsert'] } }, properties);

/**
 * All items at once, so that managers in the same input are written before the people they manage
 * (helpers/managerLinks); each item is still "this person → these requests → this result".
 */
export async function executeAll(this: IExecuteFunctions, client: ScimClient): Promise<INodeExecutionData[]> {
	return await runUserWrites(this, client, 'upsert', async (itemIndex, desired, manager, batch) => {
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const matchBy = this.getNodeParameter('matchBy', itemIndex, 'userName') as MatchKey;
		const key = matchValueOf(desired.user, matchBy);
		if (!key) {
			throw new NodeOperationError(this.getNode(), `The user has no ${matchBy} to match by`, {
				itemIndex,
				description: `Set the ${matchBy === 'email' ? 'email' : matchBy} of the user, or change "Match By".`,
			});
		}
		// The same person twice in one input (a duplicated row) would otherwise be looked up twice, found nowhere and
		// created twice, the second create failing as "username taken": one item per key at a time. (The wait for the
		// manager is over before the lock is taken, so a lock holder never waits on another item.)
		const write = async () => await upsertOne(this, client, itemIndex, { desired, options, matchBy, key, manager, batch });
		return await oneAtATime(client, `upsert:${matchBy}:${key.toLowerCase()}`, write);
	});
}

async function oneAtATime<T>(client: ScimClient, lock: string, work: () => Promise<T>): Promise<T> {
	const previous = (client.cache.get(lock) ?? Promise.resolve()) as Promise<unknown>;
	const run = previous.then(work, work);
	const tail = run.catch(() => undefined);
	client.cache.set(lock, tail);
	try {
		return await run;
	} finally {
		if (client.cache.get(lock) === tail) client.cache.delete(lock);
	}
}

interface UpsertItem {
	desired: DesiredUser;
	options: IDataObject;
	matchBy: MatchKey;
	key: string;
	manager: ManagerPlan | undefined;
	batch: BatchManagers;
}

async function upsertOne(ctx: IExecuteFunctions, client: ScimClient, itemIndex: number, item: UpsertItem) {
	const { desired, options, matchBy, key, manager, batch } = item;
	const matches = await findUsersBy(client, matchBy, key);
	if (matches.length > 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${matches.length} Salesforce users match ${matchBy} "${key}": ${matches.map((u) => `${u.userName} (${u.id})`).join(', ')}`,
			{ itemIndex, description: 'Nothing was changed. Match by a unique key such as the username, or clean up the duplicates.' },
		);
	}
	if (matches.length === 0) {
		// The leaver rule Sync plans by too: skipped, nothing resolved or sent.
		const leaver = leaverNotCreated(desired.user);
		if (leaver) {
			batch.skipped(itemIndex);
			return userOutput(ctx, itemIndex, desired.user as IDataObject, { action: 'skipped', reason: leaver });
		}
		const link = await resolveManagerLink(client, manager, { operation: 'upsert' });
		const target = await resolveReferences(client, desired, link.id);
		assertCreatable(ctx, itemIndex, target);
		const created = await createUser(client, target, { findFreeUsername: options.findFreeUsername === true, adoptConcurrentCreate: true });
		batch.wrote(itemIndex, created.user.id);
		const outcome = { action: 'created', ...(created.recovered ? { recovered: true } : {}), ...link.note };
		if (link.later) batch.linkLater(itemIndex, created.user, outcome);
		return userOutput(ctx, itemIndex, created.user, outcome);
	}
	const [current] = matches;
	const link = await resolveManagerLink(client, manager, { operation: 'upsert', selfId: String(current.id) });
	const target = await resolveReferences(client, desired, link.id);
	const reactivate = options.reactivate === true;
	const result = await updateUser(client, current, target, {
		createOnly: desired.createOnly,
		permissionSetMode: options.permissionSetMode === 'exact' ? 'exact' : 'merge',
		reactivate,
	});
	batch.wrote(itemIndex, current.id);
	const reactivated = current.active === false && result.user.active === true;
	const outcome = {
		action: reactivated ? 'reactivated' : result.changed.length ? 'updated' : 'unchanged',
		changed: result.changed,
		...link.note,
	};
	if (link.later) batch.linkLater(itemIndex, result.user, outcome);
	return userOutput(ctx, itemIndex, result.user, outcome);
}
