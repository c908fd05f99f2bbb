/** Small HTTP helpers over node:http: the emulator stays on the bare module so it is fast. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Reply {
	status: number;
	/** An object or array is sent as JSON; a string as is. */
	body?: unknown;
	contentType?: string;
	headers?: Record<string, string>;
}

export const SCIM_JSON = 'application/scim+json;charset=UTF-8';
export const JSON_TYPE = 'application/json;charset=UTF-8';

/** Salesforce's REST error shape: an array of {message, errorCode}. */
export function sfErrorReply(status: number, errorCode: string, message: string): Reply {
	return { status, body: [{ message, errorCode }], contentType: JSON_TYPE };
}

export function send(res: ServerResponse, reply: Reply, extraHeaders?: Record<string, string>): void {
	if (res.writableEnded || res.destroyed) return;
	let payload: string | undefined;
	let type = reply.contentType;
	if (reply.body !== undefined) {
		if (typeof reply.body === 'string') {
			payload = reply.body;
			type ??= 'text/plain;charset=UTF-8';
		} else {
			payload = JSON.stringify(reply.body);
			type ??= SCIM_JSON;
		}
	}
	const headers: Record<string, string | number> = { ...extraHeaders, ...reply.headers };
	if (payload !== undefined) {
		headers['Content-Type'] = type!;
		headers['Content-Length'] = Buffer.byteLength(payload);
	} else {
		headers['Content-Length'] = 0;
	}
	res.writeHead(reply.status, headers);
	res.end(payload);
}

export class BodyTooLarge extends Error {}

/** Read the request body, refusing more than `max` bytes (the rest is not read; the connection is closed after). */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const declared = Number(req.headers['content-length']);
		if (Number.isFinite(declared) && declared > max) {
			reject(new BodyTooLarge());
			return;
		}
		const chunks: Buffer[] = [];
		let size = 0;
		let failed = false;
		req.on('data', (chunk: Buffer) => {
			if (failed) return;
			size += chunk.length;
			if (size > max) {
				failed = true;
				reject(new BodyTooLarge());
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => {
			if (!failed) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
		});
		req.on('error', (err) => {
			if (!failed) {
				failed = true;
				reject(err);
			}
		});
	});
}

/** Replace Salesforce ids (15/18 characters with a digit) in a path with {id}, for per-route counts. */
export function routeKey(method: string, path: string): string {
	return `${method} ${path.replace(/\/[0-9A-Za-z]{15}(?:[0-9A-Za-z]{3})?(?=\/|$)/g, (seg) => (/\d/.test(seg) ? '/{id}' : seg))}`;
}

const SECRET_PARAMS = /^(token|access_token|refresh_token|code|client_secret|assertion|code_verifier|password)$/i;

/** A query string safe for the request log: secret-bearing parameters are replaced. */
export function redactQuery(search: URLSearchParams): string {
	const parts: string[] = [];
	for (const [k, v] of search) parts.push(`${k}=${SECRET_PARAMS.test(k) ? '[redacted]' : v}`);
	return parts.join('&');
}
