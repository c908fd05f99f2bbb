/**
 * A test-only HTTP front for a running emulator: forwards every request unchanged, unless `intercept` answers it
 * itself. Lets a test show what the emulator does not (a Retry-After header, a redirect to another host, a list
 * that ignores startIndex) while tokens and everything else stay real. Requests are counted per "METHOD path".
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Intercepted {
	status: number;
	headers?: Record<string, string>;
	body?: unknown;
}

export interface FrontRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	/** How many requests with this method and path came before this one (0 for the first). */
	seen: number;
}

export interface FrontProxy {
	url: string;
	/** Requests by "METHOD path" (query excluded). */
	counts: Map<string, number>;
	/** Authorization headers seen per path, to prove where a token did (not) go. */
	authorizations: Array<{ path: string; authorization?: string }>;
	intercept?: (request: FrontRequest) => Intercepted | undefined | Promise<Intercepted | undefined>;
	/** Latency added before forwarding, so that concurrent requests overlap measurably. */
	delayMs: number;
	/** Requests received and not yet answered, now and at most. */
	inFlight: number;
	peakInFlight: number;
	close(): Promise<void>;
}

export async function startFrontProxy(targetUrl: string): Promise<FrontProxy> {
	const target = new URL(targetUrl);
	const sockets = new Set<Socket>();
	const proxy: FrontProxy = {
		url: '',
		counts: new Map(),
		authorizations: [],
		delayMs: 0,
		inFlight: 0,
		peakInFlight: 0,
		close: async () =>
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				for (const socket of sockets) socket.destroy();
			}),
	};
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		proxy.inFlight++;
		proxy.peakInFlight = Math.max(proxy.peakInFlight, proxy.inFlight);
		res.on('close', () => proxy.inFlight--);
		void (async () => {
			if (proxy.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, proxy.delayMs));
			const [path, search = ''] = (req.url ?? '/').split('?');
			const key = `${req.method} ${path}`;
			const seen = proxy.counts.get(key) ?? 0;
			proxy.counts.set(key, seen + 1);
			proxy.authorizations.push({ path, authorization: req.headers.authorization });
			const answer = await proxy.intercept?.({ method: req.method ?? 'GET', path, query: new URLSearchParams(search), headers: req.headers, seen });
			if (answer) {
				req.resume();
				const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
				res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
				res.end(body);
				return;
			}
			const upstream = httpRequest(
				{ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
				(reply) => {
					res.writeHead(reply.statusCode ?? 502, reply.headers);
					reply.pipe(res);
				},
			);
			upstream.on('error', () => res.destroy());
			req.pipe(upstream);
		})();
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return proxy;
}
