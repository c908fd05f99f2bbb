/** One request as the IdP sends it: its headers, the bearer token, a timeout like the IdPs' 60 s; the answer read whole. */
import { performance } from 'node:perf_hooks';

import type { Exchange, IdpRequest } from './types';

export interface Target {
	/** SCIM base URL, without a trailing slash. */
	url: string;
	token: string;
	timeoutMs: number;
}

/** `https://h/scim/` → `https://h/scim`; a clear message for what is not an http(s) URL. */
export function normaliseBaseUrl(url: string, flag = '--url'): string {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new Error(`${flag} "${url}" is not a URL: give the SCIM base URL, e.g. https://n8n.example.com/webhook/<id>/<slug>`);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`${flag} must be an http(s) URL, not ${parsed.protocol}`);
	if (/aadOptscim062020/i.test(parsed.search)) throw new Error(`${flag}: leave ?aadOptscim062020 out of the URL; Entra's flag is a dialect here: run \`sfscim idp entra-062020\``);
	if (parsed.search) throw new Error(`${flag} must not carry a query (${parsed.search}): give the SCIM base URL only`);
	return parsed.toString().replace(/\/+$/, '');
}

export function targetOf(request: IdpRequest): string {
	const query = (request.query ?? []).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
	return `${request.path}${query ? `?${query}` : ''}`;
}

export async function send(target: Target, headers: Record<string, string>, request: IdpRequest): Promise<Exchange> {
	const path = targetOf(request);
	const exchange: Exchange = { method: request.method, target: path, status: 0, ms: 0 };
	if (request.body !== undefined) exchange.requestBody = request.body;
	const init: RequestInit = {
		method: request.method,
		headers: { ...headers, Authorization: `Bearer ${target.token}` },
		redirect: 'manual',
		signal: AbortSignal.timeout(target.timeoutMs),
	};
	if (request.body !== undefined) init.body = JSON.stringify(request.body);
	else {
		// Bodiless requests carry no Content-Type, as the IdPs send them.
		const { ['Content-Type']: _dropped, ...rest } = init.headers as Record<string, string>;
		init.headers = rest;
	}
	const started = performance.now();
	let response: Response;
	try {
		response = await fetch(target.url + path, init);
	} catch (err) {
		exchange.ms = performance.now() - started;
		const cause = (err as { cause?: { code?: string; message?: string } }).cause;
		exchange.error = (err as Error).name === 'TimeoutError' ? `no answer within ${target.timeoutMs} ms (the IdP closes the socket)` : (cause?.code ?? cause?.message ?? (err as Error).message);
		return exchange;
	}
	const body = await response.text();
	exchange.ms = performance.now() - started;
	exchange.status = response.status;
	const type = response.headers.get('content-type');
	if (type) exchange.contentType = type;
	const location = response.headers.get('location');
	if (location) exchange.location = location;
	if (body) {
		try {
			exchange.json = JSON.parse(body);
		} catch {
			exchange.text = body.slice(0, 300);
		}
	}
	return exchange;
}
