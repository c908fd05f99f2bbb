import { sleep, type IDataObject, type IHttpRequestOptions } from 'n8n-workflow';

import { SCIM_BASE_PATH } from '../../../scim/auth/loginHost';
import { InFlightAllowance, MAX_CONNECTION_ALLOWANCE } from './allowance';
import { headerValue, parseLimitInfo, type ApiUsage } from './apiUsage';
import { bodyText, clip, isEmptyBody, isErrorBody, errorStatus, looksLikeHtml, NOT_JSON, parseBody } from './answer';
import { resolveBaseUrl, type Context } from './baseUrl';
import { AttemptFailure, ScimRequestError } from './errors';
import { attemptFailure, requestError, unreadableAnswer, type FailureContext } from './failures';
import { listAll as readAllPages } from './listAll';
import { responseOf, type FailedResponse } from './responseOf';
import { Semaphore } from './semaphore';
import { settle } from './settle';
import type { ClientOptions, ClientStats, RequestSpec } from './types';

/** Statuses with which a server says it does not serve an optional endpoint. */
const NOT_SERVED = new Set([400, 404, 405, 501]);

// The transport's public face stays this file: operations import the client, its errors and options from here.
export { ScimRequestError } from './errors';
export { DEFAULT_CLIENT_OPTIONS, type ClientOptions, type ClientStats, type CredentialType, type RequestSpec } from './types';

/**
 * The one place this package speaks HTTP. Every request: the org's instance URL, retries with back-off that
 * never duplicate a write, a bound on requests in flight, the daily API allocation watched on every answer,
 * and errors decoded into something a person can act on. Secrets never enter a message.
 */
export class ScimClient {
	readonly stats: ClientStats = { requests: 0, retries: 0, recoveredWrites: 0, peakInFlight: 0 };

	usage?: ApiUsage;

	private readonly gate: Semaphore;

	private readonly allowance: InFlightAllowance;

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
		this.gate = new Semaphore(this.concurrency);
		this.allowance = new InFlightAllowance(this.concurrency);
	}

	/** Requests Salesforce works on at once (the Concurrency option). */
	get concurrency(): number {
		return Math.max(1, Math.floor(this.options.concurrency));
	}

	/**
	 * The most requests the transport may keep in flight: Concurrency, times the allowance for n8n's new connection
	 * per request over HTTPS (see allowance.ts). Item pools are this wide so that the transport, not the pool, bounds.
	 */
	get maxInFlight(): number {
		return this.concurrency * MAX_CONNECTION_ALLOWANCE;
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
		this.baseUrl ??= resolveBaseUrl(this.ctx, this.options.credentialType);
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

		const startedAt = Date.now();
		const sent = await settle(
			this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, this.options.credentialType, options) as Promise<{
				statusCode: number;
				body: unknown;
				headers: Record<string, unknown>;
			}>,
		);
		if (sent.ok) {
			this.noteUsage(sent.value.headers);
			// The JWT credential sets its base itself, unseen here: it keeps plain Concurrency for now.
			this.gate.setLimit(this.allowance.note(Date.now() - startedAt, base !== undefined && base.startsWith('https:')));
		}
		if (!sent.ok) throw this.failure(spec, responseOf(sent.error));
		const response = sent.value;
		const status = response.statusCode;
		const body = parseBody(response.body);
		if (status >= 200 && status < 300) {
			if (body === NOT_JSON) {
				const failed = { status, body: response.body, headers: response.headers, message: '' };
				if (!looksLikeHtml(response.body, headerValue(response.headers, 'content-type'))) {
					// JSON cut off or garbled on the way: a read may be asked again; a write may have been applied.
					throw new AttemptFailure(unreadableAnswer(spec, status, `is not valid JSON: ${clip(bodyText(response.body))}`), true);
				}
				// A login or portal page in place of SCIM: the host is wrong, and asking again changes nothing.
				throw new AttemptFailure(requestError(spec, failed, 'html'), false);
			}
			if (isEmptyBody(response.body) && (spec.method === 'GET' || spec.method === 'POST')) {
				// A read or a create always answers with a resource; taking "nothing" for one would lose it silently.
				throw new AttemptFailure(unreadableAnswer(spec, status, 'has an empty body'), true);
			}
			if (isErrorBody(body)) {
				// Some proxies answer 200 with an error document; believing it succeeded would lose the write.
				throw new AttemptFailure(requestError(spec, { status: errorStatus(body) ?? 500, body, message: '' }), false);
			}
			return body as T;
		}
		throw this.failure(spec, { status, body: body === NOT_JSON ? response.body : body, headers: response.headers, message: '' });
	}

	private noteUsage(headers: unknown) {
		const usage = parseLimitInfo(headerValue(headers, 'sforce-limit-info'));
		if (usage) this.usage = usage;
	}

	private failure(spec: RequestSpec, failed: FailedResponse): AttemptFailure {
		if (failed.headers) this.noteUsage(failed.headers);
		const context: FailureContext = { options: this.options, halt: (error) => (this.halted = error) };
		return attemptFailure(context, spec, failed);
	}

	/**
	 * A GET of an endpoint RFC 7644 makes optional (/Me, /Schemas): undefined when the server does not serve it
	 * (400, 404, 405, 501); any other failure is thrown, so that a caller never goes on without what it asked for.
	 */
	async getOptional<T = IDataObject>(path: string): Promise<T | undefined> {
		const outcome = await settle(this.request<T>({ method: 'GET', path, idempotent: true }));
		if (outcome.ok) return outcome.value;
		if (outcome.error instanceof ScimRequestError && NOT_SERVED.has(outcome.error.decoded.status)) return undefined;
		throw outcome.error;
	}

	/**
	 * Reads every page of a list endpoint: 1-based startIndex, at most the dialect's page size, until
	 * totalResults is reached whatever `count` the server honoured, an empty page, or a page seen before.
	 */
	async listAll<T extends IDataObject = IDataObject>(
		path: string,
		query: { filter?: string; attributes?: string; limit?: number; pageSize?: number } = {},
	): Promise<T[]> {
		return await readAllPages<T>(this, path, query);
	}
}
