import type { IDataObject } from 'n8n-workflow';

import type { ObservedUser } from '../../../scim/events/directoryState';
import { SourceRequestError } from '../transport/SourceClient';
import { trimSlash, type DirectorySource, type SourceRead } from './types';

/**
 * The Directory API has no changed-since filter for users: every poll lists the domain's users and compares them
 * with the fingerprints of the last poll. 500 users a page (the API's maximum).
 */
async function settingsOf(ctx: Parameters<DirectorySource['key']>[0]) {
	const credentials = await ctx.getCredentials('googleWorkspaceDirectoryApi');
	const domain = String(ctx.getNodeParameter('options.googleDomain', '') ?? '').trim();
	return { apiUrl: trimSlash(String(credentials.apiUrl || 'https://admin.googleapis.com')), subject: String(credentials.subject ?? ''), domain };
}

export const googleSource: DirectorySource = {
	type: 'google',
	credentialType: 'googleWorkspaceDirectoryApi',
	preset: 'google',
	label: 'Google Workspace',
	ignore: ['lastLoginTime', 'etag', 'thumbnailPhotoEtag', 'thumbnailPhotoUrl', 'isEnrolledIn2Sv', 'isEnforcedIn2Sv', 'agreedToTerms', 'kind'],
	tombstone: (id, login) => ({ id, ...(login ? { primaryEmail: login } : {}), suspended: true }),
	login: (user) => (typeof user.primaryEmail === 'string' ? user.primaryEmail : undefined),
	async key(ctx) {
		const { subject, domain } = await settingsOf(ctx);
		const name = domain || subject.split('@')[1] || 'my_customer';
		return { key: `google|${name}`, name };
	},
	async read(input): Promise<SourceRead> {
		const { apiUrl, domain } = await settingsOf(input.ctx);
		const observed: ObservedUser[] = [];
		let pageToken: string | undefined;
		for (let page = 0; ; page++) {
			const qs: IDataObject = { maxResults: 500, projection: 'full', orderBy: 'email' };
			if (domain) qs.domain = domain;
			else qs.customer = 'my_customer';
			if (pageToken) qs.pageToken = pageToken;
			const { body, status } = await input.client.get<IDataObject>({ url: `${apiUrl}/admin/directory/v1/users`, qs });
			if (body.users !== undefined && !Array.isArray(body.users)) {
				throw new SourceRequestError(`Google's user list page ${page + 1} is malformed (users is not a list)`, status, body, 'Nothing was emitted; the trigger keeps its place.');
			}
			for (const user of (body.users as IDataObject[] | undefined) ?? []) {
				if (typeof user.id === 'string') observed.push({ id: user.id, user: user as Record<string, unknown> });
			}
			const next = typeof body.nextPageToken === 'string' && body.nextPageToken ? body.nextPageToken : undefined;
			if (!next) break;
			if (next === pageToken) {
				throw new SourceRequestError('Google returned the same page token twice', status, undefined, 'Paging would never end; nothing was emitted.');
			}
			pageToken = next;
		}
		return { observed, snapshot: true };
	},
};
