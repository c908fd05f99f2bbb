import type { IDataObject } from 'n8n-workflow';

import type { ObservedUser } from '../../../scim/events/directoryState';
import { SourceRequestError } from '../transport/SourceClient';
import { headerValue } from '../../SalesforceScim/transport/apiUsage';
import { trimSlash, type DirectorySource, type SourceRead } from './types';

const EPOCH = '1970-01-01T00:00:00.000Z';

/**
 * Okta's search index is eventually consistent and `lastUpdated` has millisecond resolution: every poll reads
 * again the last minutes before the cursor. Users re-read unchanged are recognised by their fingerprint.
 */
const OVERLAP_MS = 5 * 60_000;

/** `<https://…/api/v1/users?after=…>; rel="next"` */
export function nextLink(header: unknown): string | undefined {
	const text = Array.isArray(header) ? header.join(',') : typeof header === 'string' ? header : '';
	for (const part of text.split(',')) {
		const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
		if (match) return match[1];
	}
	return undefined;
}

async function domainOf(ctx: Parameters<DirectorySource['key']>[0]): Promise<string> {
	const credentials = await ctx.getCredentials('oktaDirectoryApi');
	return trimSlash(String(credentials.domain ?? '')).replace(/-admin\./, '.');
}

export const oktaSource: DirectorySource = {
	type: 'okta',
	credentialType: 'oktaDirectoryApi',
	preset: 'okta',
	label: 'Okta',
	ignore: ['lastLogin', 'lastUpdated', 'passwordChanged', 'statusChanged', '_links', '_embedded'],
	tombstone: (id, login) => ({ id, status: 'DEPROVISIONED', profile: login ? { login } : {} }),
	login: (user) => {
		const login = (user.profile as Record<string, unknown> | undefined)?.login;
		return typeof login === 'string' ? login : undefined;
	},
	async key(ctx) {
		const domain = await domainOf(ctx);
		return { key: `okta|${domain}`, name: new URL(domain).host };
	},
	async read(input): Promise<SourceRead> {
		const domain = await domainOf(input.ctx);
		const cursor = input.state?.cursor;
		const since = cursor ? new Date(Date.parse(cursor) - OVERLAP_MS).toISOString() : EPOCH;
		// With a search expression Okta returns users in every status (the plain list leaves DEPROVISIONED out).
		let url: string | undefined = `${domain}/api/v1/users?${new URLSearchParams({ search: `lastUpdated gt "${since}"`, limit: '200' }).toString()}`;
		const observed: ObservedUser[] = [];
		let latest = cursor ?? EPOCH;
		for (let page = 0; url; page++) {
			if (new URL(url).origin !== new URL(domain).origin) {
				throw new SourceRequestError(`Okta sent a paging link to another host (${new URL(url).origin})`, 0, undefined, 'Check the Okta Domain in the credential. Nothing was emitted.');
			}
			const response = await input.client.get<IDataObject[]>({ url });
			if (!Array.isArray(response.body)) {
				throw new SourceRequestError(`Okta's user list page ${page + 1} is not a list`, response.status, response.body, 'Check the Okta Domain in the credential. Nothing was emitted; the trigger keeps its place.');
			}
			for (const user of response.body) {
				if (typeof user.id !== 'string') continue;
				observed.push({ id: user.id, user: user as Record<string, unknown> });
				if (typeof user.lastUpdated === 'string' && user.lastUpdated > latest) latest = user.lastUpdated;
			}
			url = nextLink(headerValue(response.headers, 'link'));
		}
		return { observed, snapshot: false, cursor: latest };
	},
};
