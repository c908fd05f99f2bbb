import type { IDataObject } from 'n8n-workflow';

/** What an answer's body is when it was meant to be JSON and is not. */
export const NOT_JSON = Symbol('not json');

export function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array) return new TextDecoder('utf-8').decode(body);
	return '';
}

export function clip(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

export function isEmptyBody(body: unknown): boolean {
	if (body === undefined || body === null) return true;
	return (typeof body === 'string' || body instanceof Uint8Array) && bodyText(body).trim() === '';
}

export function looksLikeHtml(body: unknown, contentType: unknown): boolean {
	const text = bodyText(body).trimStart();
	return /html/i.test(String(contentType ?? '')) || /^<(!doctype|html|head|body|\?xml)/i.test(text) || /<html[\s>]/i.test(text.slice(0, 2000));
}

export function parseBody(body: unknown): unknown {
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

export function isErrorBody(body: unknown): boolean {
	if (Array.isArray(body)) return body.length > 0 && typeof (body[0] as IDataObject)?.errorCode === 'string';
	const schemas = (body as IDataObject)?.schemas;
	return Array.isArray(schemas) && (schemas as unknown[]).includes('urn:ietf:params:scim:api:messages:2.0:Error');
}

export function errorStatus(body: unknown): number | undefined {
	const status = Number((body as IDataObject)?.status);
	return Number.isFinite(status) && status >= 400 ? status : undefined;
}

export function parseRetryAfter(value: unknown): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.min(60_000, Math.max(0, seconds * 1000));
	const date = Date.parse(String(value));
	return Number.isFinite(date) ? Math.min(60_000, Math.max(0, date - Date.now())) : undefined;
}
