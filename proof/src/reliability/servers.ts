/**
 * Tiny 127.0.0.1 servers for answers the emulator does not give: a front that forwards to the emulator unless a
 * case answers itself (malformed JSON, a lying totalResults, a redirect…), a recorder that only notes who called
 * it and with which Authorization header, and a token endpoint that hands out what a case wants.
 * Each is closed by its handle; sockets are destroyed on close so no test waits on keep-alive.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Answer {
	status: number;
	headers?: Record<string, string>;
	/** A string is sent as is; anything else as JSON. */
	body?: unknown;
}

export interface SeenRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	authorization?: string;
	/** Requests with this method and path before this one. */
	seen: number;
	/** The request body, once read (forwarded requests only). */
	body?: string;
}

export interface TestServer {
	url: string;
	requests: SeenRequest[];
	close(): Promise<void>;
}

export interface FrontServer extends TestServer {
	/** Answer a request here instead of forwarding it; undefined forwards. */
	intercept?: (request: SeenRequest) => Answer | undefined;
}

function listen(server: Server): Promise<{ url: string; close: () => Promise<void> }> {
	const sockets = new Set<Socket>();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			resolve({
				url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
				close: async () =>
					await new Promise<void>((done) => {
						server.close(() => done());
						for (const socket of sockets) socket.destroy();
					}),
			});
		});
	});
}

function note(list: SeenRequest[], req: IncomingMessage): SeenRequest {
	const [path, search = ''] = (req.url ?? '/').split('?');
	const method = req.method ?? 'GET';
	const seen = list.filter((r) => r.method === method && r.path === path).length;
	const entry = { method, path, query: new URLSearchParams(search), authorization: req.headers.authorization, seen };
	list.push(entry);
	return entry;
}

function reply(res: ServerResponse, answer: Answer): void {
	const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
	res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
	res.end(body);
}

/** Forwards to `target` (the emulator) unless `intercept` answers. */
export async function startFront(target: string): Promise<FrontServer> {
	const upstreamUrl = new URL(target);
	const front = { requests: [] as SeenRequest[] } as FrontServer;
	const server = createServer((req, res) => {
		const entry = note(front.requests, req);
		const answer = front.intercept?.(entry);
		if (answer) {
			req.resume();
			reply(res, answer);
			return;
		}
		const upstream = httpRequest(
			{ host: upstreamUrl.hostname, port: upstreamUrl.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstreamUrl.host } },
			(answerStream) => {
				res.writeHead(answerStream.statusCode ?? 502, answerStream.headers);
				answerStream.pipe(res);
			},
		);
		upstream.on('error', () => res.destroy());
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => (entry.body = Buffer.concat(chunks).toString('utf8')));
		req.pipe(upstream);
	});
	const { url, close } = await listen(server);
	front.url = url;
	front.close = close;
	return front;
}

/** Answers 200 {} to everything and remembers each request's Authorization header. */
export async function startRecorder(): Promise<TestServer> {
	const recorder = { requests: [] as SeenRequest[] } as TestServer;
	const server = createServer((req, res) => {
		note(recorder.requests, req);
		req.resume();
		reply(res, { status: 200, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] } });
	});
	const { url, close } = await listen(server);
	recorder.url = url;
	recorder.close = close;
	return recorder;
}

/** An OAuth token endpoint (and anything else) answering what `answer` says. */
export async function startScripted(answer: (request: SeenRequest) => Answer): Promise<TestServer> {
	const scripted = { requests: [] as SeenRequest[] } as TestServer;
	const server = createServer((req, res) => {
		const entry = note(scripted.requests, req);
		req.resume();
		reply(res, answer(entry));
	});
	const { url, close } = await listen(server);
	scripted.url = url;
	scripted.close = close;
	return scripted;
}
