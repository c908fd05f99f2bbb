import type { IDataObject } from 'n8n-workflow';

import type { ScimDialect } from '../../../scim/dialect';
import { ListPager, PagingError } from '../../../scim/listResponse';
import { ScimRequestError } from './errors';
import type { RequestSpec } from './types';

/** What paging needs of the client: its dialect (page size) and a request that retries. */
export interface PageReader {
	readonly dialect: ScimDialect;
	request<T = IDataObject>(spec: RequestSpec): Promise<T>;
}

/**
 * Reads every page of a list endpoint in order, as the one pager (scim/listResponse) says: 1-based startIndex,
 * at most the dialect's page size, on until an empty page or totalResults whatever `count` the server honoured.
 * A malformed list or a page served again stops the read with an error, before anything is written because of it.
 */
export async function listAll<T extends IDataObject = IDataObject>(
	client: PageReader,
	path: string,
	query: { filter?: string; attributes?: string; limit?: number; pageSize?: number } = {},
): Promise<T[]> {
	const pager = new ListPager<T>(Math.min(query.pageSize ?? client.dialect.maxPageSize, client.dialect.maxPageSize), query.limit);
	const results: T[] = [];
	while (!pager.done) {
		const qs: IDataObject = { startIndex: pager.startIndex, count: pager.count };
		if (query.filter) qs.filter = query.filter;
		if (query.attributes) qs.attributes = query.attributes;
		const body = await client.request<IDataObject>({ method: 'GET', path, qs, idempotent: true });
		results.push(...takePage(pager, body, path));
	}
	return results;
}

/** A page through the pager; what it refuses, as the transport's error (a person can act on it). */
export function takePage<T>(pager: ListPager<T>, body: unknown, path: string): T[] {
	try {
		return pager.take(body);
	} catch (error) {
		throw pagingFailure(error, path);
	}
}

/** The pager's PagingError in the transport's words; anything else as it is. */
export function pagingFailure(error: unknown, path: string): unknown {
	if (!(error instanceof PagingError)) return error;
	if (error.kind === 'malformed') {
		return ScimRequestError.withMessage(
			`Salesforce's list answer is malformed: ${error.detail}`,
			{ status: 200, detail: error.detail, errorCode: 'MALFORMED_LIST', source: 'json' },
			'The server (or a proxy in front of it) did not answer with a SCIM ListResponse. Reading stopped; nothing was written because of it.',
			{ method: 'GET', path },
		);
	}
	return ScimRequestError.withMessage(
		`Paging stopped: ${error.detail}`,
		{ status: 200, detail: error.detail, errorCode: 'PAGING_LOOP', source: 'json' },
		'The server ignores startIndex, so paging would never end. Reading stopped; nothing was written because of it.',
		{ method: 'GET', path },
	);
}
