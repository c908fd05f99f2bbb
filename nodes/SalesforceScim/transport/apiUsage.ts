/**
 * Salesforce reports the org's 24-hour API consumption on every response as
 * `Sforce-Limit-Info: api-usage=N/M`, and sends no Retry-After when the allocation is gone (403
 * REQUEST_LIMIT_EXCEEDED). The allocation is shared with every other integration of the org, so we stop
 * ourselves before it is exhausted rather than after.
 */
export interface ApiUsage {
	used: number;
	max: number;
}

const HEADER = /api-usage=(\d+)\/(\d+)/i;

export function parseLimitInfo(header: unknown): ApiUsage | undefined {
	const text = Array.isArray(header) ? header.join(',') : typeof header === 'string' ? header : '';
	const match = HEADER.exec(text);
	if (!match) return undefined;
	const usage = { used: Number(match[1]), max: Number(match[2]) };
	return usage.max > 0 ? usage : undefined;
}

export function headerValue(headers: unknown, name: string): unknown {
	if (!headers || typeof headers !== 'object') return undefined;
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
		if (key.toLowerCase() === wanted) return value;
	}
	return undefined;
}
