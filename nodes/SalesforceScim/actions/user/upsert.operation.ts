import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { assertCreatable, readDesiredUser } from '../../helpers/desiredUser';
import { userOutput } from '../../helpers/output';
import { createUser, resolveReferences, updateUser } from '../../helpers/userWrites';
import { findUsersBy, matchValue, type MatchKey } from '../../helpers/users';
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

export async function execute(this: IExecuteFunctions, client: ScimClient, itemIndex: number) {
	const desired = readDesiredUser(this, itemIndex, 'upsert');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const matchBy = this.getNodeParameter('matchBy', itemIndex, 'userName') as MatchKey;
	const key = matchValue(desired.user as IDataObject, matchBy);
	if (!key) {
		throw new NodeOperationError(this.getNode(), `The user has no ${matchBy} to match by`, {
			itemIndex,
			description: `Set the ${matchBy === 'email' ? 'email' : matchBy} of the user, or change "Match By".`,
		});
	}
	// The same person twice in one input (a duplicated row) would otherwise be looked up twice, found nowhere and
	// created twice, the second create failing as "username taken": one item per key at a time.
	return await oneAtATime(client, `upsert:${matchBy}:${key.toLowerCase()}`, async () => await upsertOne(this, client, itemIndex, desired, options, matchBy, key));
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

async function upsertOne(
	ctx: IExecuteFunctions,
	client: ScimClient,
	itemIndex: number,
	desired: ReturnType<typeof readDesiredUser>,
	options: IDataObject,
	matchBy: MatchKey,
	key: string,
) {
	const matches = await findUsersBy(client, matchBy, key);
	if (matches.length > 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${matches.length} Salesforce users match ${matchBy} "${key}": ${matches.map((u) => `${u.userName} (${u.id})`).join(', ')}`,
			{ itemIndex, description: 'Nothing was changed. Match by a unique key such as the username, or clean up the duplicates.' },
		);
	}
	const target = await resolveReferences(client, desired);
	if (matches.length === 0) {
		assertCreatable(ctx, itemIndex, target);
		const created = await createUser(client, target, { findFreeUsername: options.findFreeUsername === true, adoptConcurrentCreate: true });
		return userOutput(ctx, itemIndex, created.user, {
			action: 'created',
			...(created.recovered ? { recovered: true } : {}),
		});
	}
	const [current] = matches;
	const reactivate = options.reactivate === true;
	const result = await updateUser(client, current, target, {
		createOnly: desired.createOnly,
		permissionSetMode: options.permissionSetMode === 'exact' ? 'exact' : 'merge',
		reactivate,
	});
	const reactivated = current.active === false && result.user.active === true;
	return userOutput(ctx, itemIndex, result.user, {
		action: reactivated ? 'reactivated' : result.changed.length ? 'updated' : 'unchanged',
		changed: result.changed,
	});
}
