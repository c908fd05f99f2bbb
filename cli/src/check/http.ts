/** One HTTP exchange for the check, read whole: status, the API usage header, JSON or the start of the text. */
export interface Answer {
	status: number;
	json?: unknown;
	/** The body when it was not JSON (an HTML login page, a proxy's error), shortened. */
	text?: string;
	html: boolean;
	limitInfo?: string;
}

export class NetworkError extends Error {
	constructor(
		message: string,
		readonly code?: string,
	) {
		super(message);
	}
}

export async function exchange(url: string, init: RequestInit, timeoutMs: number): Promise<Answer> {
	let response: Response;
	try {
		response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
	} catch (err) {
		const cause = (err as { cause?: { code?: string; message?: string } }).cause;
		const code = (err as Error).name === 'TimeoutError' ? 'TIMEOUT' : cause?.code;
		throw new NetworkError(code === 'TIMEOUT' ? `no answer within ${timeoutMs} ms` : (cause?.message ?? (err as Error).message), code);
	}
	const type = response.headers.get('content-type') ?? '';
	const body = await response.text();
	const answer: Answer = { status: response.status, html: /html/i.test(type) || /^\s*<(!doctype|html)/i.test(body) };
	const limitInfo = response.headers.get('sforce-limit-info');
	if (limitInfo) answer.limitInfo = limitInfo;
	try {
		answer.json = body ? JSON.parse(body) : undefined;
	} catch {
		answer.text = body.slice(0, 200);
	}
	return answer;
}

/** `api-usage=25/15000` → used and limit. */
export function parseLimitInfo(header: string | undefined): { used: number; limit: number } | undefined {
	const m = /api-usage=(\d+)\/(\d+)/i.exec(header ?? '');
	return m ? { used: Number(m[1]), limit: Number(m[2]) } : undefined;
}
