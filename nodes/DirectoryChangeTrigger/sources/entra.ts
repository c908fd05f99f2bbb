import type { IDataObject } from 'n8n-workflow';

import type { DirectoryEvent } from '../../../scim/events/directoryEvent';
import { stableEventId, type ObservedUser } from '../../../scim/events/directoryState';
import { settle } from '../../SalesforceScim/transport/settle';
import { SourceRequestError } from '../transport/SourceClient';
import { trimSlash, type DirectorySource, type ReadInput, type SourceRead } from './types';

/** The properties the `entra` Mapping preset reads: delta rounds then return them for every changed user. */
const SELECT = [
	'id',
	'userPrincipalName',
	'givenName',
	'surname',
	'displayName',
	'mail',
	'proxyAddresses',
	'businessPhones',
	'mobilePhone',
	'jobTitle',
	'accountEnabled',
	'preferredLanguage',
	'employeeId',
	'department',
	'companyName',
	'employeeOrgData',
	'streetAddress',
	'city',
	'state',
	'postalCode',
	'country',
].join(',');

interface DeltaPage {
	value?: IDataObject[];
	'@odata.nextLink'?: string;
	'@odata.deltaLink'?: string;
}

/** Graph refuses a delta link it no longer knows: 410 Gone, or an error coded syncStateNotFound / resyncRequired. */
export function isExpiredDelta(error: unknown): boolean {
	if (!(error instanceof SourceRequestError)) return false;
	return error.status === 410 || /syncStateNotFound|resyncRequired|syncStateInvalid/i.test(`${error.code ?? ''} ${error.message}`);
}

async function graphBase(input: ReadInput): Promise<string> {
	const credentials = await input.ctx.getCredentials('entraDirectoryOAuth2Api');
	return trimSlash(String(credentials.graphUrl || 'https://graph.microsoft.com'));
}

/** Follow nextLinks to the deltaLink. Links must stay on the Graph host: the token goes wherever they point. */
async function readDelta(input: ReadInput, base: string, start: string, label: string) {
	const items: IDataObject[] = [];
	let url = start;
	for (let page = 0; ; page++) {
		if (new URL(url).origin !== new URL(base).origin) {
			throw new SourceRequestError(`Microsoft Graph sent a ${label} paging link to another host (${new URL(url).origin})`, 0, undefined, 'Check the Graph URL in the credential. Nothing was emitted.');
		}
		const { body } = await input.client.get<DeltaPage>({ url });
		items.push(...(Array.isArray(body.value) ? body.value : []));
		if (body['@odata.deltaLink']) return { items, deltaLink: body['@odata.deltaLink'] };
		if (!body['@odata.nextLink']) {
			throw new SourceRequestError(`Microsoft Graph's ${label} delta page ${page + 1} has neither a nextLink nor a deltaLink`, 200, body, 'The answer is not a delta response; nothing was emitted and the trigger keeps its place.');
		}
		url = body['@odata.nextLink'];
	}
}

function observe(items: IDataObject[]): ObservedUser[] {
	return items
		.filter((item) => typeof item.id === 'string')
		.map((item) => ({ id: String(item.id), user: item as Record<string, unknown>, removed: item['@removed'] !== undefined }));
}

export const entraSource: DirectorySource = {
	type: 'entra',
	credentialType: 'entraDirectoryOAuth2Api',
	preset: 'entra',
	label: 'Microsoft Graph',
	tombstone: (id, login) => ({ id, ...(login ? { userPrincipalName: login } : {}), accountEnabled: false }),
	login: (user) => (typeof user.userPrincipalName === 'string' ? user.userPrincipalName : undefined),
	async key(ctx) {
		const credentials = await ctx.getCredentials('entraDirectoryOAuth2Api');
		const tenant = String(credentials.tenantId ?? '').trim();
		const groups = ctx.getNodeParameter('options.groupMembership', false) as boolean;
		return { key: `entra|${tenant}|${groups ? 'g' : ''}`, name: tenant };
	},
	async read(input): Promise<SourceRead> {
		const base = await graphBase(input);
		const fresh = `${base}/v1.0/users/delta?$select=${SELECT}`;
		let restarted: string | undefined;
		const cursor = input.state?.cursor;
		const first = await settle(readDelta(input, base, cursor ?? fresh, 'users'));
		let users: { items: IDataObject[]; deltaLink: string };
		if (first.ok) users = first.value;
		else if (cursor && isExpiredDelta(first.error)) {
			// The delta link expired (Graph keeps them for a limited time): read everything again and compare
			// with what we know, so changes made meanwhile are neither lost nor emitted twice.
			restarted = `Microsoft Graph no longer knows the saved delta link (${(first.error as Error).message}); the trigger read the whole directory again and compared it with its last state`;
			users = await readDelta(input, base, fresh, 'users');
		} else throw first.error;
		const read: SourceRead = { observed: observe(users.items), snapshot: restarted !== undefined || !cursor, cursor: users.deltaLink, restarted };

		if (input.ctx.getNodeParameter('options.groupMembership', false) as boolean) {
			const groupStart = input.state?.groupCursor ?? `${base}/v1.0/groups/delta?$select=displayName,members`;
			let groupBaseline = !input.state?.groupCursor;
			const attempt = await settle(readDelta(input, base, groupStart, 'groups'));
			let groups: { items: IDataObject[]; deltaLink: string };
			if (attempt.ok) groups = attempt.value;
			else if (input.state?.groupCursor && isExpiredDelta(attempt.error)) {
				read.restarted = `${read.restarted ? `${read.restarted}; ` : ''}the saved group delta link expired too, so group membership starts again from now`;
				groups = await readDelta(input, base, `${base}/v1.0/groups/delta?$select=displayName,members`, 'groups');
				groupBaseline = true;
			} else throw attempt.error;
			read.groupCursor = groups.deltaLink;
			read.groupEvents = groupBaseline ? [] : membershipEvents(groups.items, input.now);
		}
		return read;
	},
};

/** `members@delta` lists the members added, and with `@removed` those removed, since the last round. */
function membershipEvents(groups: IDataObject[], now: string): DirectoryEvent[] {
	const events: DirectoryEvent[] = [];
	for (const group of groups) {
		const delta = group['members@delta'];
		if (!Array.isArray(delta) || typeof group.id !== 'string') continue;
		const ref = { id: group.id, displayName: typeof group.displayName === 'string' ? group.displayName : undefined };
		const added = (delta as IDataObject[]).filter((member) => member['@removed'] === undefined).map((member) => ({ value: String(member.id) }));
		const removed = (delta as IDataObject[]).filter((member) => member['@removed'] !== undefined).map((member) => ({ value: String(member.id) }));
		for (const [name, members] of [['group.members.added', added], ['group.members.removed', removed]] as const) {
			if (members.length === 0) continue;
			events.push({
				event: name,
				eventId: stableEventId(['entra', String(group.id), name, ...members.map((member) => member.value).sort()]),
				occurredAt: now,
				source: { type: 'entra' },
				preset: 'entra',
				group: ref,
				members,
				changes: ['members'],
			});
		}
	}
	return events;
}
