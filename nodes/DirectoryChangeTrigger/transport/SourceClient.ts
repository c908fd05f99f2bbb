import { sleep, type IDataObject, type IHttpRequestOptions, type IPollFunctions } from 'n8n-workflow';

import { redactSecrets } from '../../../scim/error';
import { headerValue } from '../../SalesforceScim/transport/apiUsage';
import { responseOf } from '../../SalesforceScim/transport/responseOf';
import { parseRetryAfter } from '../../SalesforceScim/transport/answer';
import { RETRYABLE_STATUS } from '../../SalesforceScim/transport/failures';
import { settle } from '../../SalesforceScim/transport/settle';

export interface SourceClientOptions {
	credentialType: string;
	/** Attempts per request, the first included. */
	maxAttempts: number;
	/** First back-off delay; doubles per attempt, with jitter. */
	retryDelayMs: number;
	timeoutMs: number;
	/** What the source is called in messages ("Microsoft Graph", "Okta"…). */
	label: string;
}

export interface SourceRequest {
	/** An absolute URL (paging links are absolute) or a path under `baseURL`. */
	url: string;
	baseURL?: string;
	qs?: IDataObject;
	headers?: IDataObject;
	/** Read the body as text (CSV, or JSON parsed by the caller) rather than JSON. */
	text?: boolean;
	/** Follow redirects (a list at a URL may sit behind one); the credential is never sent to another host. */
	followRedirects?: boolean;
}

export interface SourceResponse<T = unknown> {
	status: number;
	body: T;
	headers: Record<string, unknown>;
}

/** A source answered with an error that retrying does not fix (or retries ran out). */
export class SourceRequestError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly body: unknown,
		readonly description: string,
		/** The source's own error code (`syncStateNotFound`, `E0000047`…) when it gave one. */
		readonly code?: string,
	) {
		super(message);
		this.name = 'SourceRequestError';
	}
}

export interface SourceStats {
	requests: number;
	retries: number;
	waitedMs: number;
}

/**
 * The Directory Change Trigger's one way to a source: n8n's httpRequestWithAuthentication, reads only (so every
 * request may be sent again), the package's retry rule (429 and 5xx, network faults; Retry-After first, else
 * exponential back-off with jitter), and Okta's rate-limit headers honoured before the next request rather than
 * after a 429. A failure after the last attempt is thrown: the poll then emits nothing and keeps its cursor.
 */
export class SourceClient {
	readonly stats: SourceStats = { requests: 0, retries: 0, waitedMs: 0 };

	/** Epoch ms before which no request is sent (X-Rate-Limit-Remaining reached 0). */
	private pausedUntil = 0;

	constructor(
		private readonly ctx: IPollFunctions,
		readonly options: SourceClientOptions,
	) {}

	async get<T = unknown>(spec: SourceRequest): Promise<SourceResponse<T>> {
		const maxAttempts = Math.max(1, Math.floor(this.options.maxAttempts));
		for (let attempt = 1; ; attempt++) {
			await this.waitForRateLimit();
			const outcome = await settle(this.send<T>(spec));
			if (outcome.ok) {
				this.noteRateLimit(outcome.value.headers);
				if (outcome.value.status >= 200 && outcome.value.status < 300) return outcome.value;
			}
			const failed = outcome.ok
				? { status: outcome.value.status, body: outcome.value.body, headers: outcome.value.headers, message: '' }
				: responseOf(outcome.error);
			if (failed.headers) this.noteRateLimit(failed.headers);
			const retryable = failed.status === undefined ? Boolean(failed.networkCode) : RETRYABLE_STATUS.has(failed.status);
			if (!retryable || attempt >= maxAttempts) throw this.explain(spec, failed, attempt);
			this.stats.retries++;
			const delay = parseRetryAfter(headerValue(failed.headers, 'retry-after')) ?? this.rateLimitWait() ?? this.backoff(attempt);
			this.stats.waitedMs += delay;
			await sleep(delay);
		}
	}

	private async send<T>(spec: SourceRequest): Promise<SourceResponse<T>> {
		const options: IHttpRequestOptions = {
			method: 'GET',
			url: spec.url,
			qs: spec.qs,
			headers: { Accept: spec.text ? 'text/csv, application/json, text/plain, */*' : 'application/json', ...(spec.headers ?? {}) },
			json: !spec.text,
			returnFullResponse: true,
			// 401 stays an error: that is what makes n8n refresh an OAuth2 token.
			ignoreHttpStatusErrors: { ignore: true, except: [401] },
			disableFollowRedirect: spec.followRedirects !== true,
			sendCredentialsOnCrossOriginRedirect: false,
			timeout: this.options.timeoutMs,
		};
		if (spec.text) options.encoding = 'text';
		if (spec.baseURL) options.baseURL = spec.baseURL;
		this.stats.requests++;
		const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, this.options.credentialType, options)) as {
			statusCode: number;
			body: unknown;
			headers: Record<string, unknown>;
		};
		return { status: response.statusCode, body: response.body as T, headers: response.headers ?? {} };
	}

	private backoff(attempt: number): number {
		const base = this.options.retryDelayMs * 2 ** (attempt - 1);
		return Math.min(30_000, base / 2 + Math.random() * base);
	}

	/** Okta: `X-Rate-Limit-Remaining: 0` means the next request would be refused until `X-Rate-Limit-Reset`. */
	private noteRateLimit(headers: unknown) {
		const remaining = Number(headerValue(headers, 'x-rate-limit-remaining'));
		const reset = Number(headerValue(headers, 'x-rate-limit-reset'));
		if (Number.isFinite(remaining) && remaining <= 0 && Number.isFinite(reset) && reset > 0) {
			this.pausedUntil = Math.max(this.pausedUntil, reset * 1000);
		}
	}

	private rateLimitWait(): number | undefined {
		const wait = this.pausedUntil - Date.now();
		return wait > 0 ? Math.min(60_000, wait) : undefined;
	}

	private async waitForRateLimit() {
		const wait = this.rateLimitWait();
		if (wait === undefined) return;
		this.stats.waitedMs += wait;
		await sleep(wait);
	}

	private explain(spec: SourceRequest, failed: ReturnType<typeof responseOf>, attempts: number): SourceRequestError {
		const where = `${this.options.label} (GET ${pathOf(spec)})`;
		if (failed.status === undefined) {
			const detail = failed.networkCode ?? redactSecrets(failed.message);
			return new SourceRequestError(
				failed.networkCode ? `No answer from ${where}: ${detail}` : `${where} could not be called: ${detail}`,
				0,
				undefined,
				failed.networkCode
					? `Tried ${attempts} time(s). Check the URL in the credential and the network. The trigger keeps its place and reads the same changes on the next poll.`
					: 'n8n could not authenticate the request with this credential. Open the credential, fix it and click Test; the trigger keeps its place.',
			);
		}
		const body = parseMaybeJson(failed.body);
		const { code, message } = sourceErrorOf(body);
		const retried = RETRYABLE_STATUS.has(failed.status) ? ` after ${attempts} attempt(s)` : '';
		return new SourceRequestError(
			`${where} answered HTTP ${failed.status}${retried}${message ? `: ${redactSecrets(message)}` : ''}`,
			failed.status,
			body,
			failed.status === 401 || failed.status === 403
				? 'The credential was refused or lacks a permission the trigger needs (see the README for each source). Nothing was emitted; the trigger keeps its place.'
				: RETRYABLE_STATUS.has(failed.status)
					? `The source is throttling or failing; the request was retried with back-off up to Max Attempts. Nothing was emitted and the trigger keeps its place: the next poll reads the same changes.`
					: 'Nothing was emitted; the trigger keeps its place.',
			code,
		);
	}
}

function pathOf(spec: SourceRequest): string {
	try {
		return new URL(spec.url, spec.baseURL ?? 'http://x').pathname;
	} catch {
		return spec.url;
	}
}

function parseMaybeJson(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return body;
	}
}

/** Graph `{error:{code,message}}`, Okta `{errorCode, errorSummary}`, Google `{error:{status,message}}`. */
function sourceErrorOf(body: unknown): { code?: string; message?: string } {
	if (!body || typeof body !== 'object') return { message: typeof body === 'string' ? body.slice(0, 200) : undefined };
	const record = body as IDataObject;
	const error = record.error as IDataObject | string | undefined;
	if (error && typeof error === 'object') {
		return { code: String(error.code ?? error.status ?? ''), message: typeof error.message === 'string' ? error.message : undefined };
	}
	if (typeof record.errorCode === 'string') return { code: record.errorCode, message: String(record.errorSummary ?? '') };
	if (typeof error === 'string') return { code: error, message: typeof record.error_description === 'string' ? record.error_description : undefined };
	return {};
}
