/**
 * How many requests to keep in flight so that Concurrency of them are at Salesforce, given that n8n's request path
 * (n8n 2.41.1, `@n8n/backend-network`) builds a new agent, so a new TCP connection and a new TLS session, for every
 * request: no option of `httpRequestWithAuthentication` lets a node reuse one. Over HTTPS each request then costs
 * three round trips (TCP, TLS 1.3, the request) where a kept-alive connection costs one, and a request in its
 * handshakes puts no load on the org. So over HTTPS the transport keeps up to 3 × Concurrency requests in flight:
 * the rate a keep-alive client gets with Concurrency in flight, which is the politeness the option sets.
 *
 * Measured, not assumed: while answers take about as long as the fastest one (the network sets the pace: every
 * request pays the same handshakes), the full allowance holds; when answers slow to several times the fastest, the
 * org (or a big write) sets the pace, handshakes are no longer what a request waits for, and the allowance falls
 * back to Concurrency, so a busy org is not handed more work at once. Requests that take seconds never get it.
 */
export const MAX_CONNECTION_ALLOWANCE = 3;

/** Requests this long are not handshake-bound; Salesforce limits concurrent long-running requests. */
const LONG_REQUEST_MS = 10_000;
const SMOOTHING = 0.1;
/** Mean ÷ fastest answer time: up to FULL the whole allowance, from NONE on no allowance, linear between. */
const FULL = 1.5;
const NONE = 3;

export class InFlightAllowance {
	private fastestMs = Infinity;

	private meanMs?: number;

	private limit: number;

	constructor(private readonly concurrency: number) {
		this.limit = concurrency;
	}

	/**
	 * The in-flight limit after one more answered request that took `ms`, sent over HTTPS or not. It grows by one
	 * request per answer, so the extra requests start spread over time as answers come in rather than in one burst
	 * that would reach the org all at once; it shrinks at once.
	 */
	note(ms: number, overTls: boolean): number {
		if (!overTls || !(ms >= 0)) return this.concurrency;
		this.fastestMs = Math.min(this.fastestMs, ms);
		this.meanMs = this.meanMs === undefined ? ms : this.meanMs + SMOOTHING * (ms - this.meanMs);
		const target = Math.round(this.concurrency * this.factor());
		this.limit = target > this.limit ? this.limit + 1 : target;
		return this.limit;
	}

	factor(): number {
		const mean = this.meanMs;
		if (mean === undefined || mean > LONG_REQUEST_MS || !(this.fastestMs > 0)) return 1;
		const slowdown = mean / this.fastestMs;
		const share = Math.min(1, Math.max(0, (NONE - slowdown) / (NONE - FULL)));
		return 1 + (MAX_CONNECTION_ALLOWANCE - 1) * share;
	}
}
