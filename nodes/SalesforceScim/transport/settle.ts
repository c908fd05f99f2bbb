/**
 * A promise's outcome as a value. Decisions about a failure ("retry?", "explain it better?") are made on the
 * value, outside any catch block, so that what finally leaves the node is always an n8n error
 * (the runner wraps every failure in NodeApiError / NodeOperationError).
 */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	return await promise.then(
		(value) => ({ ok: true as const, value }),
		(error: unknown) => ({ ok: false as const, error }),
	);
}
