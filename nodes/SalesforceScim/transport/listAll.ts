import type { IDataObject } from 'n8n-workflow';

import type { ScimDialect } from '../../../scim/dialect';
import { ScimRequestError } from './errors';
import type { RequestSpec } from './types';

/** What paging needs of the client: its dialect (page size) and a request that retries. */
export interface PageReader {
	readonly dialect: ScimDialect;
	request<T = IDataObject>(spec: RequestSpec): Promise<T>;
}

/**
 * Reads every page of a list endpoint: 1-based startIndex, at most the dialect's page size, until
 * totalResults is reached whatever `count` the server honoured, an empty page, or a page seen before.
 */
export async function listAll<T extends IDataObject = IDataObject>(
	client: PageReader,
	path: string,
	query: { filter?: string; attributes?: string; limit?: number; pageSize?: number } = {},
): Promise<T[]> {
	const pageSize = Math.min(query.pageSize ?? client.dialect.maxPageSize, client.dialect.maxPageSize);
	const results: T[] = [];
	let startIndex = 1;
	let previousFirstId: unknown;
	for (let page = 0; ; page++) {
		const count = query.limit !== undefined ? Math.min(pageSize, query.limit - results.length) : pageSize;
		if (count <= 0) break;
		const qs: IDataObject = { startIndex, count };
		if (query.filter) qs.filter = query.filter;
		if (query.attributes) qs.attributes = query.attributes;
		const body = await client.request<IDataObject>({ method: 'GET', path, qs, idempotent: true });
		const resources = (Array.isArray(body.Resources) ? body.Resources : []) as T[];
		const total = Number(body.totalResults ?? resources.length);
		if ((body.Resources !== undefined && !Array.isArray(body.Resources)) || (body.Resources === undefined && total > 0)) {
			// Reading on would take "no users" for an answer: a sync would see every user as missing.
			const detail = `the list answer at startIndex ${startIndex} says totalResults ${String(body.totalResults)} but its Resources is ${body.Resources === undefined ? 'missing' : 'not a list'}`;
			throw ScimRequestError.withMessage(
				`Salesforce's list answer is malformed: ${detail}`,
				{ status: 200, detail, errorCode: 'MALFORMED_LIST', source: 'json' },
				'The server (or a proxy in front of it) did not answer with a SCIM ListResponse. Reading stopped; nothing was written because of it.',
				{ method: 'GET', path },
			);
		}
		if (resources.length === 0) break;
		const firstId = resources[0]?.id;
		if (page > 0 && firstId !== undefined && firstId === previousFirstId) {
			const detail = `the server returned the same page again at startIndex ${startIndex}`;
			throw ScimRequestError.withMessage(
				`Paging stopped: ${detail}`,
				{ status: 200, detail, errorCode: 'PAGING_LOOP', source: 'json' },
				'The server ignores startIndex, so paging would never end. Reading stopped; nothing was written because of it.',
				{ method: 'GET', path },
			);
		}
		previousFirstId = firstId;
		results.push(...resources);
		startIndex += resources.length;
		if (startIndex > total) break;
		// A totalResults that lies high would otherwise keep us asking for empty pages forever.
		if (page > 10_000) break;
	}
	return query.limit !== undefined ? results.slice(0, query.limit) : results;
}
