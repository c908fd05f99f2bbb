import type { DecodedError } from '../../../scim/error';
import { explainError } from '../../../scim/errorExplain';

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

/** One failed attempt and whether sending it again may help; request() decides what to do with it. */
export class AttemptFailure extends Error {
	constructor(
		readonly error: ScimRequestError,
		readonly retryable: boolean,
		readonly retryAfterMs?: number,
	) {
		super(error.message);
	}
}
