/**
 * SCIM errors (RFC 7644 §3.12) in both directions: `ScimError` is what our own grammar and PatchOp code throw
 * (the emulator turns it into a response body); `decodeErrorResponse` / `explainError` turn whatever a server
 * answered — a SCIM body, a Salesforce error array, an OAuth error, a login page — into a message a person can act on.
 */
import { isPlainObject } from './attribute';
import { SCHEMA } from './schemas';

export class ScimError extends Error {
	readonly status: number;
	readonly scimType?: string;
	readonly detail: string;

	constructor(status: number, scimType: string | undefined, detail: string) {
		super(detail);
		this.name = 'ScimError';
		this.status = status;
		if (scimType !== undefined) this.scimType = scimType;
		this.detail = detail;
	}

	toJSON(): object {
		return scimErrorBody(this.status, this.detail, this.scimType);
	}
}

/** RFC 7644 §3.12 error body; `status` is a string there. */
export function scimErrorBody(status: number, detail: string, scimType?: string): { schemas: string[]; status: string; scimType?: string; detail: string } {
	const body: { schemas: string[]; status: string; scimType?: string; detail: string } = { schemas: [SCHEMA.error], status: String(status), detail };
	if (scimType !== undefined) body.scimType = scimType;
	return body;
}

export interface DecodedError {
	status: number;
	scimType?: string;
	detail: string;
	errorCode?: string;
	source: 'scim' | 'salesforce' | 'html' | 'empty' | 'text' | 'json';
}

const MAX_DETAIL = 400;

/** Strip anything that looks like a credential before a server's words reach a log or an error item. */
export function redactSecrets(text: string): string {
	return text
		.replace(/\bBearer\s+[^\s"',;]+/gi, 'Bearer [redacted]')
		.replace(/\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]+/g, '[redacted session id]')
		.replace(/\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g, '[redacted token]')
		.replace(/((?:access_token|refresh_token|client_secret|assertion|password|code_verifier)["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi, '$1[redacted]');
}

function clip(text: string): string {
	const flat = redactSecrets(text).replace(/\s+/g, ' ').trim();
	return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL - 1)}…` : flat;
}

function bodyText(body: unknown): string | undefined {
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array || body instanceof ArrayBuffer) return new TextDecoder('utf-8').decode(body);
	return undefined;
}

/** Salesforce error codes are SHOUTING_SNAKE_CASE words; pick one out of a free-text detail. */
function codeIn(text: string): string | undefined {
	return /\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/.exec(text)?.[1];
}

function statusOf(value: unknown, fallback: number): number {
	const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseInt(value, 10) : NaN;
	return Number.isInteger(parsed) && parsed >= 100 && parsed <= 599 ? parsed : fallback;
}

function str(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function decodeErrorResponse(status: number, body: unknown, contentType?: string): DecodedError {
	let parsed: unknown = body;
	const text = bodyText(body);
	if (text !== undefined) {
		const trimmed = text.trim();
		if (trimmed === '') return { status, detail: `HTTP ${status} with an empty body`, source: 'empty' };
		const looksHtml = /html/i.test(contentType ?? '') || /^<(!doctype|html|head|body|\?xml)/i.test(trimmed) || /<html[\s>]/i.test(trimmed.slice(0, 2000));
		if (looksHtml) {
			const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(trimmed)?.[1];
			const shown = title ? ` titled "${clip(title)}"` : '';
			return { status, detail: `the server answered with an HTML page${shown} instead of SCIM JSON — this looks like a wrong host or a login page`, source: 'html' };
		}
		if (/^[[{]/.test(trimmed)) {
			try {
				parsed = JSON.parse(trimmed);
			} catch {
				return { status, detail: clip(trimmed), errorCode: codeIn(trimmed), source: 'text' };
			}
		} else {
			return { status, detail: clip(trimmed), errorCode: codeIn(trimmed), source: 'text' };
		}
	}
	if (parsed === undefined || parsed === null) return { status, detail: `HTTP ${status} with an empty body`, source: 'empty' };
	return decodeJson(status, parsed);
}

function decodeJson(status: number, parsed: unknown): DecodedError {
	// Salesforce REST style: [{ "errorCode": "...", "message": "..." }]
	if (Array.isArray(parsed)) {
		const items = parsed.filter(isPlainObject);
		const withCode = items.filter((item) => str(item.errorCode) ?? str(item.message));
		if (withCode.length > 0) {
			const detail = withCode.map((item) => str(item.message) ?? str(item.errorCode)).join('; ');
			const errorCode = str(withCode[0].errorCode);
			return withOptional({ status, detail: clip(detail), source: 'salesforce' }, errorCode);
		}
		if (parsed.length === 0) return { status, detail: `HTTP ${status} with an empty body`, source: 'empty' };
		return { status, detail: clip(JSON.stringify(parsed)), source: 'json' };
	}
	if (!isPlainObject(parsed)) return { status, detail: clip(String(parsed)), source: 'json' };

	const schemas = Array.isArray(parsed.schemas) ? parsed.schemas.map(String) : [];
	const detail = str(parsed.detail);
	if (schemas.includes(SCHEMA.error) || (detail !== undefined && ('status' in parsed || 'scimType' in parsed))) {
		const decoded: DecodedError = { status: statusOf(parsed.status, status), detail: clip(detail ?? `HTTP ${status}`), source: 'scim' };
		const scimType = str(parsed.scimType);
		if (scimType !== undefined) decoded.scimType = scimType;
		return withOptional(decoded, str(parsed.errorCode) ?? codeIn(decoded.detail));
	}
	// SCIM 1.1 (Salesforce /services/scim/v1): { "Errors": [{ "description", "code" }] }
	if (Array.isArray(parsed.Errors) && parsed.Errors.length > 0 && isPlainObject(parsed.Errors[0])) {
		const first = parsed.Errors[0] as Record<string, unknown>;
		const description = str(first.description) ?? `HTTP ${status}`;
		return withOptional({ status: statusOf(first.code, status), detail: clip(description), source: 'scim' }, codeIn(description));
	}
	// OAuth token endpoint: { "error": "invalid_grant", "error_description": "expired access/refresh token" }
	if (str(parsed.error) !== undefined && typeof parsed.error === 'string') {
		const description = str(parsed.error_description) ?? parsed.error;
		return { status, detail: clip(description), errorCode: parsed.error, source: 'salesforce' };
	}
	if (str(parsed.errorCode) !== undefined || str(parsed.message) !== undefined) {
		const message = str(parsed.message) ?? String(parsed.errorCode);
		return withOptional({ status, detail: clip(message), source: 'salesforce' }, str(parsed.errorCode) ?? codeIn(message));
	}
	return { status, detail: clip(JSON.stringify(parsed)), source: 'json' };
}

function withOptional(decoded: DecodedError, errorCode: string | undefined): DecodedError {
	if (errorCode !== undefined) decoded.errorCode = errorCode;
	return decoded;
}
