/**
 * Bounds the requests in flight across every item of an execution. Items may each need several requests
 * (look up, then write), so bounding items alone would not bound what the org sees.
 */
export class Semaphore {
	private inFlight = 0;

	private readonly waiting: Array<() => void> = [];

	peak = 0;

	constructor(private limit: number) {}

	/** A new bound: raising it lets waiters in at once; lowering it lets the requests in flight finish. */
	setLimit(limit: number): void {
		this.limit = Math.max(1, Math.floor(limit));
		while (this.inFlight < this.limit && this.waiting.length > 0) {
			this.inFlight++;
			this.waiting.shift()!();
		}
	}

	async acquire(): Promise<void> {
		if (this.inFlight >= this.limit) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		} else {
			this.inFlight++;
		}
		if (this.inFlight > this.peak) this.peak = this.inFlight;
	}

	release(): void {
		// Hand the slot straight to the next waiter so the count never dips below what is really running, unless
		// the bound was lowered meanwhile.
		const next = this.inFlight <= this.limit ? this.waiting.shift() : undefined;
		if (next) next();
		else this.inFlight--;
	}

	async run<T>(task: () => Promise<T>): Promise<T> {
		await this.acquire();
		try {
			return await task();
		} finally {
			this.release();
		}
	}
}
