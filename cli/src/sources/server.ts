/**
 * What every directory-source emulator shares: a bare node:http server on 127.0.0.1, a request log, and the
 * faults the Directory Change Trigger must survive (throttling with Retry-After or Okta's rate-limit headers,
 * 5xx answers). Each source (entra.ts, okta.ts, google.ts, bamboohr.ts, list.ts) adds its own routes and its
 * change API; tests change users through the emulator's methods, as an admin would in the real console.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SourceReply {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export interface SourceRequestInfo {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	body: string;
	/** This server's own origin as the client reached it (paging links are absolute). */
	origin: string;
}

export interface SourceRequestLogEntry {
	method: string;
	path: string;
	query: string;
	status: number;
}

export interface SourceFaults {
	/** The next N requests (token requests excepted) answer 429. */
	throttle?: number;
	/** Retry-After seconds sent with a 429 (0 sends none). Okta sends X-Rate-Limit-Reset instead. */
	retryAfterSeconds?: number;
	/** The next N requests answer 503. */
	serverErrors?: number;
	/** Only requests whose path contains this are affected (e.g. `/users` to fail the second page only). */
	pathContains?: string;
	/** Skip this many matching requests before the faults start (fail page 2, not page 1). */
	after?: number;
}

export type Route = (request: SourceRequestInfo) => SourceReply | Promise<SourceReply>;

/** Monotonic ISO timestamps: two changes in one millisecond still get increasing times. */
export class Clock {
	private last = 0;

	/** Shifts "now" (tests that need time to pass without waiting). */
	offsetMs = 0;

	now(): string {
		const next = Math.max(Date.now() + this.offsetMs, this.last + 1);
		this.last = next;
		return new Date(next).toISOString();
	}
}

export abstract class SourceEmulator {
	readonly log: SourceRequestLogEntry[] = [];
	faults: SourceFaults = {};
	url = '';
	private server?: Server;
	private readonly sockets = new Set<Socket>();
	private matched = 0;

	protected abstract route(request: SourceRequestInfo): Promise<SourceReply> | SourceReply;

	/** How this source answers a throttled request (Okta adds its rate-limit headers). */
	protected throttled(): SourceReply {
		const seconds = this.faults.retryAfterSeconds ?? 1;
		return {
			status: 429,
			body: { error: { code: 'TooManyRequests', message: 'Too many requests (emulated throttling)' } },
			headers: seconds > 0 ? { 'Retry-After': String(seconds) } : {},
		};
	}

	/** Whether a request is exempt from faults (token endpoints). */
	protected exempt(_request: SourceRequestInfo): boolean {
		return false;
	}

	async start(port = 0): Promise<this> {
		this.server = createServer((req, res) => void this.handle(req, res));
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(port, '127.0.0.1', () => resolve());
		});
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	async close(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	count(pathContains: string): number {
		return this.log.filter((entry) => entry.path.includes(pathContains)).length;
	}

	private fault(request: SourceRequestInfo): SourceReply | undefined {
		const faults = this.faults;
		if (this.exempt(request)) return undefined;
		if (faults.pathContains && !request.path.includes(faults.pathContains)) return undefined;
		if (!faults.throttle && !faults.serverErrors) return undefined;
		if ((faults.after ?? 0) > this.matched) {
			this.matched++;
			return undefined;
		}
		if (faults.throttle) {
			faults.throttle--;
			return this.throttled();
		}
		if (faults.serverErrors) {
			faults.serverErrors--;
			return { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'Service unavailable (emulated)' } } };
		}
		return undefined;
	}

	/** Sets faults and restarts the "after" count. */
	setFaults(faults: SourceFaults) {
		this.faults = { ...faults };
		this.matched = 0;
	}

	private async handle(req: IncomingMessage, res: ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const request: SourceRequestInfo = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: url.searchParams,
			headers: req.headers,
			body: Buffer.concat(chunks).toString('utf8'),
			origin: `http://${req.headers.host ?? '127.0.0.1'}`,
		};
		let reply: SourceReply;
		try {
			reply = this.fault(request) ?? (await this.route(request));
		} catch (error) {
			reply = { status: 500, body: { error: { code: 'EmulatorError', message: (error as Error).message } } };
		}
		this.log.push({ method: request.method, path: request.path, query: url.search, status: reply.status });
		const isText = typeof reply.body === 'string';
		const payload = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
		res.writeHead(reply.status, {
			'Content-Type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
			'Content-Length': Buffer.byteLength(payload),
			...reply.headers,
		});
		res.end(payload);
	}
}

export function bearer(headers: IncomingMessage['headers']): string | undefined {
	const value = headers.authorization;
	return typeof value === 'string' && value.startsWith('Bearer ') ? value.slice(7) : undefined;
}

export function unauthorized(message = 'Authentication failed'): SourceReply {
	return { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message } } };
}

export function form(body: string): URLSearchParams {
	return new URLSearchParams(body);
}

/** A small deterministic id factory (no randomness: tests compare ids). */
export class Ids {
	private next = 1;

	constructor(private readonly make: (n: number) => string) {}

	take(): string {
		return this.make(this.next++);
	}
}
