/**
 * ListResponse (RFC 7644 §3.4.2) and client-side paging. Paging trusts only what a page proves: servers ignore
 * `count` (Salesforce caps pages at 200), report a totalResults that is stale or wrong, or return an empty page
 * early. Failures users report of other tools ("users beyond the first 100 never provisioned") come from trusting
 * the requested page size instead of the page received.
 */
import { SCHEMA } from './schemas';

export interface ListResponse<T> {
	schemas: string[];
	totalResults: number;
	startIndex: number;
	itemsPerPage: number;
	Resources: T[];
}

export function listResponse<T>(resources: T[], totalResults: number, startIndex: number, itemsPerPage?: number): ListResponse<T> {
	return {
		schemas: [SCHEMA.listResponse],
		totalResults,
		startIndex,
		itemsPerPage: itemsPerPage ?? resources.length,
		Resources: resources,
	};
}

export interface PageState {
	/** The 1-based startIndex of the page just received (the one requested if the server did not echo it). */
	startIndex: number;
	/** How many resources that page really held. */
	pageLength: number;
	/** The server's totalResults (may be wrong). */
	totalResults: number;
	/** Resources received over all pages so far, this one included. */
	receivedSoFar: number;
	/** The `count` asked for, if known: lets a full page overrule a totalResults that only counts that page. */
	requestedCount?: number;
}

/**
 * The startIndex to ask for next, or undefined when done: an empty page, or the page reaching totalResults
 * (`startIndex + pageLength > totalResults`). The next index follows the page received, never the count requested.
 */
export function nextStartIndex(state: PageState): number | undefined {
	const pageLength = Number.isFinite(state.pageLength) ? Math.max(0, Math.floor(state.pageLength)) : 0;
	if (pageLength === 0) return undefined;
	const startIndex = Number.isFinite(state.startIndex) && state.startIndex >= 1 ? Math.floor(state.startIndex) : 1;
	const next = startIndex + pageLength;
	const fullPage = state.requestedCount !== undefined && pageLength >= state.requestedCount;
	// A missing or non-numeric totalResults proves nothing: go on until an empty (or, when the count is known, short) page.
	if (!Number.isFinite(state.totalResults)) return state.requestedCount === undefined || fullPage ? next : undefined;
	// Some servers report the size of the page as totalResults; a full page is worth one more request.
	if (fullPage && state.totalResults === pageLength) return next;
	if (next > state.totalResults) return undefined;
	if (Number.isFinite(state.receivedSoFar) && state.receivedSoFar >= state.totalResults) return undefined;
	return next;
}

/**
 * Read a page's numbers from a ListResponse-like body. The startIndex is the one we asked for, not the server's
 * echo: a server that always answers `startIndex: 1` must not send the client round in circles.
 */
export function pageStateOf(body: unknown, requestedStartIndex: number, receivedBefore: number, requestedCount?: number): PageState & { resources: unknown[] } {
	const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
	const resources = Array.isArray(record.Resources) ? record.Resources : Array.isArray(record.resources) ? record.resources : [];
	const number = (value: unknown, fallback: number): number => {
		const parsed = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
		return Number.isFinite(parsed) ? parsed : fallback;
	};
	return {
		resources,
		startIndex: requestedStartIndex,
		pageLength: resources.length,
		totalResults: number(record.totalResults, Number.NaN),
		receivedSoFar: receivedBefore + resources.length,
		...(requestedCount !== undefined ? { requestedCount } : {}),
	};
}
