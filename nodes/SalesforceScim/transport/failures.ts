import { explainTokenError } from '../../../scim/auth/tokenErrors';
import { decodeErrorResponse, redactSecrets } from '../../../scim/error';
import { explainError } from '../../../scim/errorExplain';
import { headerValue } from './apiUsage';
import { parseRetryAfter } from './answer';
import { AttemptFailure, ScimRequestError } from './errors';
import type { FailedResponse } from './responseOf';
import type { ClientOptions, RequestSpec } from './types';

/**
 * Turning a failed attempt into an error a person can act on, and deciding whether sending it again may help.
 * `halt` records an error after which the execution sends nothing more (daily limit, credentials).
 */
export interface FailureContext {
	options: ClientOptions;
	halt(error: ScimRequestError): ScimRequestError;
}

/** Also the Directory Change Trigger's retry rule (its source transport). */
export const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** A 2xx answer that cannot be what it claims: retried like a lost answer (a create is looked up first). */
export function unreadableAnswer(spec: RequestSpec, status: number, what: string): ScimRequestError {
	const detail = `the answer (HTTP ${status}) ${what}`;
	const error = new ScimRequestError(
		{ status, detail, errorCode: 'UNREADABLE_ANSWER', source: 'text' },
		'The answer was empty, cut off or garbled on the way (a proxy, a dropped connection). A read was asked again, a create was looked up before being sent again, up to Max Attempts.',
		spec.method,
		spec.path,
		false,
		spec.method !== 'GET',
	);
	error.message = `Salesforce's answer to ${spec.method} ${spec.path} (HTTP ${status}) ${what}`;
	return error;
}

export function attemptFailure(ctx: FailureContext, spec: RequestSpec, failed: FailedResponse): AttemptFailure {
	if (failed.status === undefined && !failed.networkCode && !/timeout/i.test(failed.message)) {
		return new AttemptFailure(credentialFailure(ctx, spec, failed), false);
	}
	if (failed.status === undefined) {
		// No answer at all: reset, timeout, refused. A write may or may not have been applied.
		const timedOut = /timeout|timed out/i.test(failed.message) || TIMEOUT_CODES.has(failed.networkCode ?? '');
		const detail = timedOut
			? `no answer within ${ctx.options.timeoutMs} ms`
			: failed.networkCode
				? `no answer from Salesforce (${failed.networkCode})`
				: `the request failed before an answer arrived: ${redactSecrets(failed.message)}`;
		const error = new ScimRequestError(
			{ status: 0, detail, errorCode: failed.networkCode ?? 'NETWORK', source: 'text' },
			timedOut
				? 'The request timed out and was sent again where that was safe (a create is looked up first), up to Max Attempts. Raise the Timeout option if Salesforce is slow, or lower the concurrency.'
				: 'A network problem; the request was retried where that was safe. Check the instance URL and the network if this persists.',
			spec.method,
			spec.path,
			false,
			spec.method !== 'GET',
		);
		// n8n replaces a message that contains a network code (ECONNRESET…) with its own generic sentence, which
		// would turn a timeout into "perhaps the server is offline": say it in words.
		error.message = timedOut
			? `Salesforce did not answer ${spec.method} ${spec.path} within ${ctx.options.timeoutMs} ms (the Timeout option)`
			: `The connection to Salesforce broke before an answer arrived (${NETWORK_WORDS[failed.networkCode ?? ''] ?? 'network error'})`;
		return new AttemptFailure(error, Boolean(failed.networkCode) || timedOut);
	}
	const error = requestError(spec, failed);
	const status = failed.status;
	if (status >= 300 && status < 400) return new AttemptFailure(error, false);
	if (error.decoded.errorCode === 'REQUEST_LIMIT_EXCEEDED') {
		// Salesforce sends no Retry-After here and the window is 24 hours: retrying only burns more calls.
		return new AttemptFailure(ctx.halt(error), false);
	}
	const retryAfter = parseRetryAfter(headerValue(failed.headers, 'retry-after'));
	return new AttemptFailure(error, RETRYABLE_STATUS.has(status), retryAfter);
}

/**
 * No HTTP answer and no network fault: n8n could not authenticate the request (a JWT that would not sign or mint,
 * a token endpoint that refused, a refresh that failed). Nothing reached the SCIM API, and every further
 * request would fail the same way, so the execution stops here.
 */
function credentialFailure(ctx: FailureContext, spec: RequestSpec, failed: FailedResponse): ScimRequestError {
	const gettingToken = /Failed to acquire OAuth2 access token/i.test(failed.message);
	const flow =
		ctx.options.credentialType === 'salesforceScimJwtApi' ? 'jwt' : gettingToken ? 'clientCredentials' : 'authorizationCode';
	const message = redactSecrets(failed.tokenError ? explainTokenError(failed.tokenError, flow) : (notATokenAnswer(failed.message) ?? failed.message));
	// n8n-core says "needs to be reconnected" when the refresh token is refused.
	const refreshFailed =
		flow === 'authorizationCode' && (failed.tokenError?.error === 'invalid_grant' || /reconnect/i.test(failed.message));
	const description = refreshFailed
		? 'The refresh token was revoked or has expired. Open the credential and click "Connect my account" again; nothing was sent to Salesforce\'s SCIM API.'
		: 'n8n could not get an access token with this credential, so nothing was sent to Salesforce\'s SCIM API. Change the credential setting the message names, then run again.';
	return ctx.halt(
		ScimRequestError.withMessage(
			message,
			{ status: 0, detail: message, errorCode: failed.tokenError?.error ?? 'CREDENTIALS', source: 'text' },
			description,
			spec,
			true,
		),
	);
}

export function requestError(spec: RequestSpec, failed: FailedResponse, forceSource?: 'html'): ScimRequestError {
	const status = failed.status ?? 0;
	const contentType = String(headerValue(failed.headers, 'content-type') ?? '');
	const decoded = decodeErrorResponse(status, failed.body, forceSource === 'html' ? 'text/html' : contentType);
	if (status >= 300 && status < 400) {
		const location = String(headerValue(failed.headers, 'location') ?? 'another address');
		decoded.detail = `redirected to ${redactSecrets(location)}`;
	}
	if (forceSource && decoded.source !== 'html') decoded.source = 'html';
	const explanation = explainError(decoded);
	const error = new ScimRequestError(
		decoded,
		status >= 300 && status < 400
			? 'The token was not sent to the new address. The instance URL is probably wrong or outdated (orgs move between instances): reconnect the credential or fix its Instance / My Domain URL.'
			: explanation.description,
		spec.method,
		spec.path,
		decoded.errorCode === 'REQUEST_LIMIT_EXCEEDED',
		(status >= 500 || decoded.source === 'html') && spec.method !== 'GET',
	);
	if (status >= 300 && status < 400) error.message = `Salesforce answered with a redirect (HTTP ${status}), ${decoded.detail}; it was not followed`;
	return error;
}


/** n8n-core's words when the token endpoint answered with no token at all, said so a person can act on it. */
function notATokenAnswer(message: string): string | undefined {
	const fix = 'check the Environment and My Domain URL (https://yourcompany.my.salesforce.com) and that the connected app allows this flow';
	if (/Expected JSON response from OAuth2 token endpoint/i.test(message)) {
		const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(message)?.[1]?.trim().slice(0, 80);
		const what = /text\/html|<html[\s>]/i.test(message) ? `an HTML page${title ? ` titled "${title}"` : ''}` : 'something that is not JSON';
		return `The token endpoint answered with ${what} instead of an access token: ${fix}`;
	}
	if (/Unable to sign without access token/i.test(message)) return `The token endpoint answered without an access token: ${fix}`;
	return undefined;
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

const NETWORK_WORDS: Record<string, string> = {
	ECONNRESET: 'connection reset',
	ECONNREFUSED: 'connection refused',
	EPIPE: 'connection closed while sending',
	EAI_AGAIN: 'DNS lookup failed',
	ENOTFOUND: 'host not found',
	UND_ERR_SOCKET: 'connection closed',
};
