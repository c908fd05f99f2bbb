/**
 * n8n hands request failures back in several wrappings: NodeApiError around an axios error (credentials with
 * preAuthentication), the bare axios error (OAuth2), or a network error with only a code. Dig out what the
 * server said, whatever the wrapping, so one decoder can explain it.
 */
export interface FailedResponse {
	status?: number;
	body?: unknown;
	headers?: Record<string, unknown>;
	/** ECONNRESET, ETIMEDOUT, ECONNABORTED… when no response arrived. */
	networkCode?: string;
	/** The OAuth token endpoint's `{error, error_description}` when getting or refreshing a token failed. */
	tokenError?: { error?: string; error_description?: string };
	message: string;
}

const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);

type Loose = Record<string, unknown> | undefined;

function asObject(value: unknown): Loose {
	return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

export function responseOf(error: unknown): FailedResponse {
	const chain: Loose[] = [];
	let current = asObject(error);
	for (let depth = 0; current && depth < 5; depth++) {
		chain.push(current);
		current = asObject(current.cause);
	}
	let status: number | undefined;
	let body: unknown;
	let headers: Record<string, unknown> | undefined;
	let networkCode: string | undefined;
	let tokenError: FailedResponse['tokenError'];
	for (const link of chain) {
		// n8n's OAuth2 client throws an AuthError carrying the token endpoint's JSON as `body`.
		const linkBody = asObject(link?.body);
		if (!tokenError && linkBody && typeof linkBody.error === 'string') {
			tokenError = { error: linkBody.error, error_description: typeof linkBody.error_description === 'string' ? linkBody.error_description : undefined };
		}
		const response = asObject(link?.response);
		if (response && status === undefined) {
			const code = Number(response.status ?? response.statusCode);
			if (Number.isFinite(code) && code > 0) status = code;
			body = response.data ?? response.body;
			headers = asObject(response.headers) as Record<string, unknown> | undefined;
		}
		const code = link?.code;
		if (typeof code === 'string' && NETWORK_CODES.has(code)) networkCode ??= code;
	}
	const message = String(asObject(error)?.message ?? error ?? 'Unknown error');
	if (!networkCode && status === undefined) {
		if (/timeout|timed out/i.test(message)) networkCode = 'ETIMEDOUT';
		else if (/socket hang up|ECONNRESET|aborted/i.test(message)) networkCode = 'ECONNRESET';
	}
	if (status === undefined) {
		const httpCode = Number(asObject(error)?.httpCode);
		if (Number.isFinite(httpCode) && httpCode >= 100) status = httpCode;
	}
	return { status, body, headers, networkCode, tokenError, message };
}
