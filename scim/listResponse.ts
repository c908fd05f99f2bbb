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
export function pageStateOf(body: unknown, requestedStartIndex: number, receivedBefore: number, requestedCount?: number): PageState & { resources: unknown[]; malformed?: string } {
	const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
	const listed = record.Resources !== undefined ? record.Resources : record.resources;
	const resources = Array.isArray(listed) ? listed : [];
	const number = (value: unknown, fallback: number): number => {
		const parsed = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
		return Number.isFinite(parsed) ? parsed : fallback;
	};
	const totalResults = number(record.totalResults, Number.NaN);
	// Reading on would take "no users" for an answer: a sync would see every user as missing.
	const malformed =
		(listed !== undefined && !Array.isArray(listed)) || (listed === undefined && totalResults > 0)
			? `the list answer at startIndex ${requestedStartIndex} says totalResults ${String(record.totalResults)} but its Resources is ${listed === undefined ? 'missing' : 'not a list'}`
			: undefined;
	return {
		resources,
		startIndex: requestedStartIndex,
		pageLength: resources.length,
		totalResults,
		receivedSoFar: receivedBefore + resources.length,
		...(requestedCount !== undefined ? { requestedCount } : {}),
		...(malformed ? { malformed } : {}),
	};
}

/** Why a list read must stop with an error: the answer is no ListResponse, or the server ignores startIndex. */
export class PagingError extends Error {
	constructor(
		readonly kind: 'malformed' | 'samePage',
		readonly detail: string,
	) {
		super(kind === 'malformed' ? `The list answer is malformed: ${detail}` : `Paging stopped: ${detail}`);
		this.name = 'PagingError';
	}
}

/** A page that starts with the resource an earlier page started with: the server ignored startIndex. */
export function isRepeatedPage(firstIdsSeen: ReadonlySet<unknown>, resources: readonly unknown[]): boolean {
	const first = resources[0] as { id?: unknown } | undefined;
	return first?.id !== undefined && firstIdsSeen.has(first.id);
}

/**
 * The other pages' startIndex after a first page of `served` resources out of `totalResults`, to ask for them at
 * once: pages of the size the server really served, never the count asked for. Empty when the first page is all.
 */
export function remainingStarts(served: number, totalResults: number): number[] {
	const starts: number[] = [];
	if (served <= 0 || !Number.isFinite(totalResults)) return starts;
	for (let start = 1 + served; start <= totalResults; start += served) starts.push(start);
	return starts;
}

/**
 * A list read page by page, in order: which page to ask for next and when it is done. It trusts only what a page
 * proves (nextStartIndex), stops on an empty page, and throws a PagingError for a malformed answer or a page served
 * again (a server that ignores startIndex would otherwise be read forever). Pure: the caller sends the requests.
 */
export class ListPager<T = unknown> {
	/** The startIndex of the page to ask for next. */
	startIndex = 1;
	done = false;
	private received = 0;
	private readonly firstIds = new Set<unknown>();
	private pages = 0;

	constructor(
		private readonly pageSize: number,
		private readonly limit?: number,
	) {
		if (this.count <= 0) this.done = true;
	}

	/** The `count` to ask for: a page, or what is left of the limit. */
	get count(): number {
		return this.limit === undefined ? this.pageSize : Math.min(this.pageSize, this.limit - this.received);
	}

	/** The answer to the page asked for: its resources. Moves on to the next page, or marks the read done. */
	take(body: unknown): T[] {
		const page = pageStateOf(body, this.startIndex, this.received, this.count);
		if (page.malformed) throw new PagingError('malformed', page.malformed);
		const resources = page.resources as T[];
		if (this.pages > 0 && isRepeatedPage(this.firstIds, resources)) {
			throw new PagingError('samePage', `the server returned the same page again at startIndex ${this.startIndex}`);
		}
		this.pages++;
		if (resources.length) this.firstIds.add((resources[0] as { id?: unknown }).id);
		this.received = page.receivedSoFar;
		const next = nextStartIndex(page);
		// A totalResults that lies high would otherwise keep us asking for pages for ever.
		if (next === undefined || this.count <= 0 || this.pages > 10_000) this.done = true;
		else this.startIndex = next;
		return this.limit !== undefined ? resources.slice(0, Math.max(0, this.limit - (this.received - resources.length))) : resources;
	}
}
