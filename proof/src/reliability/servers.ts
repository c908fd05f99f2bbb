/**
 * Tiny 127.0.0.1 servers for answers the emulator does not give: a recorder that only notes who called it and with
 * which Authorization header, and a token endpoint that hands out what a case wants. (The front that forwards to
 * the emulator unless a case answers itself is the shared one, ../fixtures/frontProxy.ts.)
 * Each is closed by its handle; sockets are destroyed on close so no test waits on keep-alive.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
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
}

export interface TestServer {
	url: string;
	requests: SeenRequest[];
	close(): Promise<void>;
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
