import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { ScimDialect } from '../../../scim/dialect';

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
