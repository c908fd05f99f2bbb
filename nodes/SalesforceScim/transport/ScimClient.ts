import {
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { assertSafeBaseUrl, SCIM_BASE_PATH } from '../../../scim/auth/loginHost';
import { explainTokenError } from '../../../scim/auth/tokenErrors';
import { decodeErrorResponse, explainError, type DecodedError } from '../../../scim/error';
import { redactSecrets } from '../../../scim/error';
import type { ScimDialect } from '../../../scim/dialect';
import { headerValue, parseLimitInfo, type ApiUsage } from './apiUsage';
import { responseOf, type FailedResponse } from './responseOf';
import { Semaphore } from './semaphore';
import { settle } from './settle';

export type CredentialType = 'salesforceScimOAuth2Api' | 'salesforceScimJwtApi';

export interface ClientOptions {
	credentialType: CredentialType;
	dialect: ScimDialect;
	/** Requests in flight at once, across all items. */
	concurrency: number;
	/** Attempts per request, the first included. */
	maxAttempts: number;
	/** First back-off delay; doubles per attempt, with jitter. */
	retryDelayMs: number;
	timeoutMs: number;
	/** Stop before the org's 24-hour API usage passes this share (percent). 100 disables the guard. */
	maxApiUsagePercent: number;
}

export const DEFAULT_CLIENT_OPTIONS = {
	concurrency: 5,
	maxAttempts: 4,
	retryDelayMs: 500,
	timeoutMs: 60_000,
	maxApiUsagePercent: 80,
} as const;

/** Why a request failed, decoded and explained; operations turn it into a NodeApiError. */
export class ScimRequestError extends Error {
	constructor(
		readonly decoded: DecodedError,
		readonly description: string,
		readonly method: string,
		readonly path: string,
		/** True when no further request should be sent in this execution (daily limit, usage guard). */
		readonly halts = false,
		/** True when the server may have applied a write whose answer was lost. */
		readonly outcomeUnknown = false,
	) {
		super(explainError(decoded).message);
		this.name = 'ScimRequestError';
	}

	/** An error whose message is ours (credentials, guards), not the SCIM decoder's "HTTP 0" wording. */
	static withMessage(
		message: string,
		decoded: DecodedError,
		description: string,
		spec: { method: string; path: string },
		halts = false,
	): ScimRequestError {
		const error = new ScimRequestError(decoded, description, spec.method, spec.path, halts);
		error.message = message;
		return error;
	}
}

export interface RequestSpec {
	method: IHttpRequestMethods;
	/** Path under the SCIM base, e.g. `/Users/005…`. */
	path: string;
	qs?: IDataObject;
	body?: unknown;
	/**
	 * Safe to send again after an unknown outcome (GET, DELETE, PATCH as we build them). A create is not:
	 * give it `recover`, which looks for what the lost attempt may have created before trying again.
	 */
	idempotent: boolean;
	recover?: () => Promise<unknown>;
}

export interface ClientStats {
	requests: number;
	retries: number;
	recoveredWrites: number;
	peakInFlight: number;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
type Context = IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions;

/**
 * The one place this package speaks HTTP. Every request: the org's instance URL, retries with back-off that
 * never duplicate a write, a bound on requests in flight, the daily API allocation watched on every answer,
 * and errors decoded into something a person can act on. Secrets never enter a message.
 */
export class ScimClient {
	readonly stats: ClientStats = { requests: 0, retries: 0, recoveredWrites: 0, peakInFlight: 0 };

	usage?: ApiUsage;

	private readonly gate: Semaphore;

	private baseUrl?: Promise<string | undefined>;

	private halted?: ScimRequestError;

	/** Requests sent whose answer (and so whose Sforce-Limit-Info) has not arrived yet. */
	private sending = 0;

	/** Settles when the first request of the execution has its answer; see send(). */
	private firstAnswer?: Promise<void>;

	private releaseFirst?: () => void;

	/** Per-execution memo (entitlements by name, group lists…): lives as long as this client. */
	readonly cache = new Map<string, Promise<unknown>>();

	constructor(
		private readonly ctx: Context,
		readonly options: ClientOptions,
	) {
		this.gate = new Semaphore(Math.max(1, Math.floor(options.concurrency)));
	}

	get dialect() {
		return this.options.dialect;
	}

	memo<T>(key: string, load: () => Promise<T>): Promise<T> {
		let entry = this.cache.get(key) as Promise<T> | undefined;
		if (!entry) {
			entry = load();
			this.cache.set(key, entry);
			entry.catch(() => this.cache.delete(key));
		}
		return entry;
	}

	/**
	 * OAuth2 tokens carry the instance URL; the JWT credential sets it itself when it mints (undefined here).
	 * Client credentials has no token before the first call, so My Domain or the override stands in.
	 */
	private async resolveBaseUrl(): Promise<string | undefined> {
		if (this.options.credentialType === 'salesforceScimJwtApi') return undefined;
		const credentials = await this.ctx.getCredentials(this.options.credentialType);
		const token = (credentials.oauthTokenData ?? {}) as IDataObject;
		if (typeof token.instance_url === 'string' && token.instance_url) {
			return assertSafeBaseUrl(token.instance_url, 'The instance_url in the OAuth token');
		}
		if (typeof credentials.instanceUrl === 'string' && credentials.instanceUrl.trim()) {
			return assertSafeBaseUrl(credentials.instanceUrl, 'Instance URL');
		}
		if (credentials.environment === 'myDomain' && typeof credentials.myDomainUrl === 'string') {
			return assertSafeBaseUrl(credentials.myDomainUrl, 'My Domain URL');
		}
		if (credentials.grantType === 'clientCredentials') {
			throw new Error(
				'Client Credentials needs your org’s My Domain URL: in the credential set Environment to “My Domain” and enter https://yourcompany.my.salesforce.com',
			);
		}
		throw new Error(
			'The credential has no instance URL yet. Open the credential and click “Connect my account”, or fill in Instance URL',
		);
	}

	async request<T = IDataObject>(spec: RequestSpec): Promise<T> {
		const maxAttempts = Math.max(1, Math.floor(this.options.maxAttempts));
		for (let attempt = 1; ; attempt++) {
			if (this.halted) throw this.halted;
			const outcome = await settle(this.gate.run(async () => await this.send<T>(spec)));
			if (outcome.ok) return outcome.value;
			if (!(outcome.error instanceof AttemptFailure)) throw outcome.error;
			const failure = outcome.error.error;
			const retryAfterMs = outcome.error.retryAfterMs;
			if (!outcome.error.retryable || attempt >= maxAttempts) throw failure;
			if (failure.outcomeUnknown && !spec.idempotent) {
				if (!spec.recover) throw failure;
				// The first attempt may have been applied with its answer lost: look before writing again.
				const found = await spec.recover();
				if (found !== undefined) {
					this.stats.recoveredWrites++;
					return found as T;
				}
			}
			this.stats.retries++;
			await sleep(retryAfterMs ?? this.backoff(attempt));
		}
	}

	private backoff(attempt: number): number {
		const base = this.options.retryDelayMs * 2 ** (attempt - 1);
		return Math.min(30_000, base / 2 + Math.random() * base);
	}

	/**
	 * Checked right before each send, inside the concurrency gate: requests already in flight count as used, so
	 * concurrent items cannot carry usage past the share this node may take.
	 */
	private assertMayProceed(spec: RequestSpec) {
		if (this.halted) throw this.halted;
		const usage = this.usage;
		if (usage && this.options.maxApiUsagePercent < 100) {
			const allowed = Math.floor((usage.max * this.options.maxApiUsagePercent) / 100);
			if (usage.used + this.sending + 1 > allowed) {
				const percent = ((usage.used / usage.max) * 100).toFixed(1);
				this.halted = ScimRequestError.withMessage(
					`Stopped to protect the org's daily API allocation: ${usage.used} of ${usage.max} requests used (${percent}%), and this node may use up to ${this.options.maxApiUsagePercent}%`,
					{ status: 0, detail: `API usage ${usage.used} of ${usage.max} (${percent}%)`, errorCode: 'API_USAGE_GUARD', source: 'text' },
					`No further request was sent. The allocation is shared with the org's other integrations. Raise "Max API Usage (%)" in the node's options, or run again when the 24-hour window has moved on.`,
					spec,
					true,
				);
				throw this.halted;
			}
		}
	}

	/**
	 * The first request of an execution goes alone: it gets the token (client credentials has none before it, and
	 * n8n would otherwise fetch one per concurrent request) and the first Sforce-Limit-Info reading.
	 */
	private async send<T>(spec: RequestSpec): Promise<T> {
		const first = this.firstAnswer === undefined;
		if (first) this.firstAnswer = new Promise<void>((resolve) => (this.releaseFirst = resolve));
		else await this.firstAnswer;
		try {
			// Check and reserve in one synchronous step: concurrent items resume together after the first answer.
			this.assertMayProceed(spec);
			this.sending++;
			try {
				return await this.sendNow<T>(spec);
			} finally {
				this.sending--;
			}
		} finally {
			if (first) this.releaseFirst?.();
		}
	}

	private async sendNow<T>(spec: RequestSpec): Promise<T> {
		this.baseUrl ??= this.resolveBaseUrl();
		const resolved = await settle(this.baseUrl);
		if (!resolved.ok) {
			this.baseUrl = undefined;
			const message = (resolved.error as Error).message;
			throw ScimRequestError.withMessage(
				message,
				{ status: 0, detail: message, errorCode: 'CONFIGURATION', source: 'text' },
				'Fix the credential setting named above; nothing was sent to Salesforce.',
				spec,
				true,
			);
		}
		const base = resolved.value;
		const options: IHttpRequestOptions = {
			method: spec.method,
			url: `${SCIM_BASE_PATH}${spec.path}`,
			headers: {
				Accept: 'application/scim+json, application/json',
				...(spec.body !== undefined ? { 'Content-Type': this.dialect.name === 'rfc' ? 'application/scim+json' : 'application/json' } : {}),
			},
			qs: spec.qs,
			body: spec.body as IDataObject,
			json: true,
			returnFullResponse: true,
			// Let 401 through as an error: that is what makes n8n refresh the OAuth2 token or re-mint the JWT.
			ignoreHttpStatusErrors: { ignore: true, except: [401] },
			// A redirect would carry the bearer token to whatever host it names.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			timeout: this.options.timeoutMs,
		};
		if (base) options.baseURL = base;
		if (spec.body === undefined) delete options.body;
		this.stats.requests++;
		this.stats.peakInFlight = Math.max(this.stats.peakInFlight, this.gate.peak);

		const sent = await settle(
			this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, this.options.credentialType, options) as Promise<{
				statusCode: number;
				body: unknown;
				headers: Record<string, unknown>;
			}>,
		);
		if (sent.ok) this.noteUsage(sent.value.headers);
		if (!sent.ok) throw this.failure(spec, responseOf(sent.error));
		const response = sent.value;
		const status = response.statusCode;
		const body = parseBody(response.body);
		if (status >= 200 && status < 300) {
			if (body === NOT_JSON) {
				const failed = { status, body: response.body, headers: response.headers, message: '' };
				if (!looksLikeHtml(response.body, headerValue(response.headers, 'content-type'))) {
					// JSON cut off or garbled on the way: a read may be asked again; a write may have been applied.
					throw new AttemptFailure(this.unreadableAnswer(spec, status, `is not valid JSON: ${clip(bodyText(response.body))}`), true);
				}
				// A login or portal page in place of SCIM: the host is wrong, and asking again changes nothing.
				throw new AttemptFailure(this.error(spec, failed, 'html'), false);
			}
			if (isEmptyBody(response.body) && (spec.method === 'GET' || spec.method === 'POST')) {
				// A read or a create always answers with a resource; taking "nothing" for one would lose it silently.
				throw new AttemptFailure(this.unreadableAnswer(spec, status, 'has an empty body'), true);
			}
			if (isErrorBody(body)) {
				// Some proxies answer 200 with an error document; believing it succeeded would lose the write.
				throw new AttemptFailure(this.error(spec, { status: errorStatus(body) ?? 500, body, message: '' }), false);
			}
			return body as T;
		}
		throw this.failure(spec, { status, body: body === NOT_JSON ? response.body : body, headers: response.headers, message: '' });
	}

	/** A 2xx answer that cannot be what it claims: retried like a lost answer (a create is looked up first). */
	private unreadableAnswer(spec: RequestSpec, status: number, what: string): ScimRequestError {
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

	private noteUsage(headers: unknown) {
		const usage = parseLimitInfo(headerValue(headers, 'sforce-limit-info'));
		if (usage) this.usage = usage;
	}

	private failure(spec: RequestSpec, failed: FailedResponse): AttemptFailure {
		if (failed.headers) this.noteUsage(failed.headers);
		if (failed.status === undefined && !failed.networkCode && !/timeout/i.test(failed.message)) {
			return new AttemptFailure(this.credentialFailure(spec, failed), false);
		}
		if (failed.status === undefined) {
			// No answer at all: reset, timeout, refused. A write may or may not have been applied.
			const timedOut = /timeout|timed out/i.test(failed.message) || TIMEOUT_CODES.has(failed.networkCode ?? '');
			const detail = timedOut
				? `no answer within ${this.options.timeoutMs} ms`
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
				? `Salesforce did not answer ${spec.method} ${spec.path} within ${this.options.timeoutMs} ms (the Timeout option)`
				: `The connection to Salesforce broke before an answer arrived (${NETWORK_WORDS[failed.networkCode ?? ''] ?? 'network error'})`;
			return new AttemptFailure(error, Boolean(failed.networkCode) || timedOut);
		}
		const error = this.error(spec, failed);
		const status = failed.status;
		if (status >= 300 && status < 400) return new AttemptFailure(error, false);
		if (error.decoded.errorCode === 'REQUEST_LIMIT_EXCEEDED') {
			// Salesforce sends no Retry-After here and the window is 24 hours: retrying only burns more calls.
			this.halted = error;
			return new AttemptFailure(error, false);
		}
		const retryAfter = parseRetryAfter(headerValue(failed.headers, 'retry-after'));
		return new AttemptFailure(error, RETRYABLE_STATUS.has(status), retryAfter);
	}

	/**
	 * No HTTP answer and no network fault: n8n could not authenticate the request (a JWT that would not sign or mint,
	 * a token endpoint that refused, a refresh that failed). Nothing reached the SCIM API, and every further
	 * request would fail the same way, so the execution stops here.
	 */
	private credentialFailure(spec: RequestSpec, failed: FailedResponse): ScimRequestError {
		const gettingToken = /Failed to acquire OAuth2 access token/i.test(failed.message);
		const flow =
			this.options.credentialType === 'salesforceScimJwtApi' ? 'jwt' : gettingToken ? 'clientCredentials' : 'authorizationCode';
		const message = redactSecrets(failed.tokenError ? explainTokenError(failed.tokenError, flow) : (notATokenAnswer(failed.message) ?? failed.message));
		// n8n-core says "needs to be reconnected" when the refresh token is refused.
		const refreshFailed =
			flow === 'authorizationCode' && (failed.tokenError?.error === 'invalid_grant' || /reconnect/i.test(failed.message));
		const description = refreshFailed
			? 'The refresh token was revoked or has expired. Open the credential and click "Connect my account" again; nothing was sent to Salesforce\'s SCIM API.'
			: 'n8n could not get an access token with this credential, so nothing was sent to Salesforce\'s SCIM API. Change the credential setting the message names, then run again.';
		this.halted = ScimRequestError.withMessage(
			message,
			{ status: 0, detail: message, errorCode: failed.tokenError?.error ?? 'CREDENTIALS', source: 'text' },
			description,
			spec,
			true,
		);
		return this.halted;
	}

	private error(spec: RequestSpec, failed: FailedResponse, forceSource?: 'html'): ScimRequestError {
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

	/**
	 * Reads every page of a list endpoint: 1-based startIndex, at most the dialect's page size, until
	 * totalResults is reached whatever `count` the server honoured, an empty page, or a page seen before.
	 */
	async listAll<T extends IDataObject = IDataObject>(
		path: string,
		query: { filter?: string; attributes?: string; limit?: number; pageSize?: number } = {},
	): Promise<T[]> {
		const pageSize = Math.min(query.pageSize ?? this.dialect.maxPageSize, this.dialect.maxPageSize);
		const results: T[] = [];
		let startIndex = 1;
		let previousFirstId: unknown;
		for (let page = 0; ; page++) {
			const count = query.limit !== undefined ? Math.min(pageSize, query.limit - results.length) : pageSize;
			if (count <= 0) break;
			const qs: IDataObject = { startIndex, count };
			if (query.filter) qs.filter = query.filter;
			if (query.attributes) qs.attributes = query.attributes;
			const body = await this.request<IDataObject>({ method: 'GET', path, qs, idempotent: true });
			const resources = (Array.isArray(body.Resources) ? body.Resources : []) as T[];
			const total = Number(body.totalResults ?? resources.length);
			if ((body.Resources !== undefined && !Array.isArray(body.Resources)) || (body.Resources === undefined && total > 0)) {
				// Reading on would take "no users" for an answer: a sync would see every user as missing.
				const detail = `the list answer at startIndex ${startIndex} says totalResults ${String(body.totalResults)} but its Resources is ${body.Resources === undefined ? 'missing' : 'not a list'}`;
				throw ScimRequestError.withMessage(
					`Salesforce's list answer is malformed: ${detail}`,
					{ status: 200, detail, errorCode: 'MALFORMED_LIST', source: 'json' },
					'The server (or a proxy in front of it) did not answer with a SCIM ListResponse. Reading stopped; nothing was written because of it.',
					{ method: 'GET', path },
				);
			}
			if (resources.length === 0) break;
			const firstId = resources[0]?.id;
			if (page > 0 && firstId !== undefined && firstId === previousFirstId) {
				const detail = `the server returned the same page again at startIndex ${startIndex}`;
				throw ScimRequestError.withMessage(
					`Paging stopped: ${detail}`,
					{ status: 200, detail, errorCode: 'PAGING_LOOP', source: 'json' },
					'The server ignores startIndex, so paging would never end. Reading stopped; nothing was written because of it.',
					{ method: 'GET', path },
				);
			}
			previousFirstId = firstId;
			results.push(...resources);
			startIndex += resources.length;
			if (startIndex > total) break;
			// A totalResults that lies high would otherwise keep us asking for empty pages forever.
			if (page > 10_000) break;
		}
		return query.limit !== undefined ? results.slice(0, query.limit) : results;
	}
}

class AttemptFailure extends Error {
	constructor(
		readonly error: ScimRequestError,
		readonly retryable: boolean,
		readonly retryAfterMs?: number,
	) {
		super(error.message);
	}
}

const NOT_JSON = Symbol('not json');

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

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array) return new TextDecoder('utf-8').decode(body);
	return '';
}

function clip(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

function isEmptyBody(body: unknown): boolean {
	if (body === undefined || body === null) return true;
	return (typeof body === 'string' || body instanceof Uint8Array) && bodyText(body).trim() === '';
}

function looksLikeHtml(body: unknown, contentType: unknown): boolean {
	const text = bodyText(body).trimStart();
	return /html/i.test(String(contentType ?? '')) || /^<(!doctype|html|head|body|\?xml)/i.test(text) || /<html[\s>]/i.test(text.slice(0, 2000));
}

function parseBody(body: unknown): unknown {
	if (body === undefined || body === null || body === '') return {};
	if (typeof body === 'string') {
		try {
			return JSON.parse(body) as unknown;
		} catch {
			return NOT_JSON;
		}
	}
	if (body instanceof Uint8Array) return parseBody(new TextDecoder('utf-8').decode(body));
	return body;
}

function isErrorBody(body: unknown): boolean {
	if (Array.isArray(body)) return body.length > 0 && typeof (body[0] as IDataObject)?.errorCode === 'string';
	const schemas = (body as IDataObject)?.schemas;
	return Array.isArray(schemas) && (schemas as unknown[]).includes('urn:ietf:params:scim:api:messages:2.0:Error');
}

function errorStatus(body: unknown): number | undefined {
	const status = Number((body as IDataObject)?.status);
	return Number.isFinite(status) && status >= 400 ? status : undefined;
}

function parseRetryAfter(value: unknown): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.min(60_000, Math.max(0, seconds * 1000));
	const date = Date.parse(String(value));
	return Number.isFinite(date) ? Math.min(60_000, Math.max(0, date - Date.now())) : undefined;
}
