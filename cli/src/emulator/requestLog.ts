/** The emulator's request log: what the admin API's /requests shows and what tests count calls with. */
import { redactQuery, routeKey } from './http';

export interface RequestLogEntry {
	seq: number;
	time: string;
	method: string;
	path: string;
	query?: string;
	status?: number;
	ms?: number;
	fault?: string;
	/** Username behind the bearer token, when there was a valid one (the token itself is never kept). */
	user?: string;
	/** Whether an Authorization header was sent at all. */
	authorization: boolean;
}

/** Request log with a bounded list and unbounded per-route counts; never holds a credential. */
export class RequestLog {
	private list: RequestLogEntry[] = [];
	private seq = 0;
	readonly counts = new Map<string, number>();

	constructor(private readonly limit: number) {}

	start(method: string, path: string, search: URLSearchParams, authorization: boolean): RequestLogEntry {
		// Cheap per request: the time is formatted and the query redacted only when the log is read.
		const entry = { seq: ++this.seq, time: Date.now(), method, path, authorization, search } as unknown as RequestLogEntry;
		const key = routeKey(method, path);
		this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
		if (this.limit > 0) {
			this.list.push(entry);
			// Trim in batches: amortised O(1) per request instead of shifting the whole list each time.
			if (this.list.length >= this.limit * 2) this.list = this.list.slice(-this.limit);
		}
		return entry;
	}

	entries(limit?: number): RequestLogEntry[] {
		const kept = this.list.slice(-this.limit);
		return (limit !== undefined && limit >= 0 ? kept.slice(-limit) : kept).map((raw) => {
			const { search, time, ...rest } = raw as unknown as RequestLogEntry & { search: URLSearchParams; time: number };
			const entry: RequestLogEntry = { ...rest, time: new Date(time).toISOString() };
			const query = redactQuery(search);
			if (query) entry.query = query;
			return entry;
		});
	}

	count(method: string, path: string): number {
		return this.counts.get(routeKey(method, path)) ?? 0;
	}

	countsObject(): Record<string, number> {
		return Object.fromEntries(this.counts);
	}

	get total(): number {
		return this.seq;
	}

	clear(): void {
		this.list = [];
		this.counts.clear();
	}
}
