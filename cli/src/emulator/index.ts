/**
 * A faithful local Salesforce SCIM 2.0 endpoint: OAuth on /services/oauth2, SCIM v2 on /services/scim/v2 in
 * Salesforce's dialect (see ../shared/salesforce-scim.md), seeded faults, API usage limits, and an admin API
 * for tests. Built on bare node:http so it serves thousands of requests per second.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { performance } from 'node:perf_hooks';
import { ScimError, scimErrorBody } from '../../../scim';
import { ADMIN_PREFIX, handleAdmin } from './admin';
import { handshakeChargeMs, type Emulator, type NetworkStats } from './handle';
import { FaultEngine, type FaultDecision } from './faults';
import { BodyTooLarge, JSON_TYPE, readBody, send, sfErrorReply, type Reply } from './http';
import { OAuthServer } from './oauth';
import { Prng } from './random';
import { RequestLog, type RequestLogEntry } from './requestLog';
import { ScimRoutes } from './scim';
import { defaultSeed } from './seed';
import { EmulatorState } from './state';
import { DEFAULT_BEHAVIOUR, type BehaviourSwitches, type EmulatorOptions, type FaultRule, type OAuthConfig, type SeedData } from './types';

export * from './types';
export { defaultSeed } from './seed';
export { EmulatorState } from './state';
export { FaultEngine, ruleFromJson } from './faults';
export { Prng, IdFactory, salesforceIdSuffix, isSalesforceId, to18 } from './random';
export { RequestLog, type RequestLogEntry } from './requestLog';
export { handshakeChargeMs, type ConnectionInfo, type Emulator, type NetworkStats } from './handle';

export const SCIM_PATH = '/services/scim/v2';
const OAUTH_PATH = '/services/oauth2';
const DEFAULT_LICENSES: Record<string, number> = { Salesforce: 200, 'Salesforce Platform': 100, 'Chatter Free': 5000 };

function defaultOAuth(o: Partial<OAuthConfig> | undefined, adminUser: string | undefined): OAuthConfig {
	return {
		clientId: '3MVG9sfscimEmulatorConsumerKey.LocalOnly0000000000000000000000000000000000000000',
		clientSecret: 'E7F1C0DE5EC2E7000000000000000000000000000000000000000000000000AA',
		redirectUris: ['http://localhost:5678/rest/oauth2-credential/callback', 'http://127.0.0.1:5678/rest/oauth2-credential/callback'],
		preAuthorizedUsers: adminUser ? [adminUser] : [],
		runAsUser: adminUser,
		audiences: ['https://login.salesforce.com', 'https://test.salesforce.com'],
		requirePkce: false,
		requireSecret: true,
		defaultUser: adminUser,
		...o,
	};
}

/** Start an emulator. Listens on 127.0.0.1 and a free port unless told otherwise. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const host = options.host ?? '127.0.0.1';
	const now = options.now ?? (() => Date.now());
	const prng = new Prng(options.randomSeed ?? 1);
	const behaviour: BehaviourSwitches = { ...DEFAULT_BEHAVIOUR, ...options.behaviour };
	const licenses: Record<string, number> =
		typeof options.licenses === 'number' ? { ...DEFAULT_LICENSES, Salesforce: options.licenses } : { ...DEFAULT_LICENSES, ...options.licenses };
	const apiLimit = options.apiLimit ?? 100_000 + 1_000 * (licenses.Salesforce ?? 0);
	const maxBody = options.maxBodyBytes ?? 1024 * 1024;
	const latencyMs = options.latencyMs ?? 0;
	const jitterMs = options.jitterMs ?? 0;
	const hangMs = options.hangMs ?? 30_000;
	const handshakeRttMs = options.handshakeRttMs ?? 0;
	const network: NetworkStats = { connections: 0, tlsHandshakes: 0, tlsResumed: 0, handshakeRoundTrips: 0 };
	// Sockets that have had a request: only a connection's first request pays for its handshakes.
	const servedSockets = new WeakSet<Socket>();
	const seed: SeedData = options.data ?? defaultSeed();

	let url = '';
	const state = new EmulatorState({ behaviour, licenses, apiLimit, now, scimUrl: () => url + SCIM_PATH });
	const load = () => {
		state.clear();
		state.seed(seed);
	};
	load();
	const firstActive = state.userOrder.map((id) => state.users.get(id)!).find((u) => u.attrs.active);
	const oauthConfig = defaultOAuth(options.oauth, firstActive?.attrs.userName);
	const oauth = new OAuthServer(oauthConfig, state, () => options.tokenTtlSeconds ?? 7200, now, () => url);
	const faults = new FaultEngine(prng);
	const initialRules: FaultRule[] = [];
	if (options.faultRate && options.faultRate > 0) initialRules.push({ kind: options.faultKinds ?? ['status500', 'status503', 'reset'], rate: options.faultRate });
	initialRules.push(...(options.faults ?? []));
	faults.set(initialRules);
	const requestLog = new RequestLog(options.requestLogLimit ?? 10_000);
	const scim = new ScimRoutes(state, () => url + SCIM_PATH);

	// Everything that waits (latency, hangs) registers here so close() can release it at once.
	const waiting = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
	const sockets = new Set<Socket>();
	let closed = false;
	const sleep = (ms: number): Promise<void> =>
		new Promise((resolve) => {
			if (ms <= 0 || closed) return resolve();
			const w = {
				timer: setTimeout(() => {
					waiting.delete(w);
					resolve();
				}, ms),
				resolve,
			};
			waiting.add(w);
		});

	const errorReply = (status: number, detail: string, scimType?: string): Reply => {
		const body: Record<string, unknown> = scimErrorBody(status, detail, scimType);
		if (behaviour.errorStatusType === 'number') body.status = status;
		return { status, body };
	};

	const limitHeader = () => ({ 'Sforce-Limit-Info': `api-usage=${state.usage.used}/${state.usage.limit}` });

	const htmlPage = (status: number): Reply => ({
		status,
		contentType: 'text/html;charset=UTF-8',
		body:
			'<!DOCTYPE html><html><head><title>Login | Salesforce</title></head><body>' +
			'<h1>Salesforce</h1><p>Your session has ended or the site is under maintenance. Please log in again.</p>' +
			'<form action="/" method="post"><input name="username"><input name="pw" type="password"></form></body></html>',
	});

	/** Round trips a connection costs before its first request can be sent: TCP, then TLS (1.3: one; 1.2: two, one resumed). */
	const handshakeRoundTrips = (socket: Socket): number => {
		if (!('encrypted' in socket)) return 1;
		const tls = socket as TLSSocket;
		return 1 + (tls.getProtocol() === 'TLSv1.3' || tls.isSessionReused() ? 1 : 2);
	};

	async function route(req: IncomingMessage, res: ServerResponse, entry: ReturnType<RequestLog['start']>, path: string, search: URLSearchParams): Promise<Reply | 'destroyed'> {
		const method = req.method ?? 'GET';
		if (path === ADMIN_PREFIX || path.startsWith(ADMIN_PREFIX + '/')) {
			const raw = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req, 64 * 1024 * 1024);
			let body: unknown;
			if (raw.length > 0) {
				try {
					body = JSON.parse(raw.toString('utf8'));
				} catch {
					return { status: 400, body: { error: 'malformed JSON' }, contentType: 'application/json' };
				}
			}
			try {
				return handleAdmin(emulator, method, path, search, body);
			} catch (err) {
				return { status: 400, body: { error: (err as Error).message }, contentType: 'application/json' };
			}
		}

		let connecting = 0;
		if (!servedSockets.has(req.socket)) {
			servedSockets.add(req.socket);
			if (handshakeRttMs > 0) {
				const trips = handshakeRoundTrips(req.socket);
				network.handshakeRoundTrips += trips;
				connecting = trips * handshakeRttMs;
				handshakeChargeMs.set(req, connecting);
			}
		}
		const delay = connecting + latencyMs + (jitterMs > 0 ? prng.next() * jitterMs : 0);
		if (delay > 0) await sleep(delay);
		if (closed) return 'destroyed';

		const decision: FaultDecision | undefined = faults.decide(method, path);
		if (decision) entry.fault = decision.kind;
		switch (decision?.kind) {
			case 'reset':
				req.socket.destroy();
				return 'destroyed';
			case 'status500':
				return errorReply(500, 'UNKNOWN_EXCEPTION:An unexpected error occurred. Please include this ErrorId if you contact support: 1860233312-48374 (-740188281);');
			case 'status503':
				return { status: 503, body: [{ message: 'Service Unavailable', errorCode: 'SERVER_UNAVAILABLE' }], contentType: JSON_TYPE };
			case 'html':
				return htmlPage(decision.rule.status ?? 200);
			case 'hang':
				await sleep(decision.rule.hangMs ?? hangMs);
				if (closed) return 'destroyed';
				break;
			case 'unauthorized': {
				// The session dies mid-run: this request and every later one with the token get 401.
				const m = /^(?:Bearer|OAuth)\s+(\S+)/i.exec(req.headers.authorization ?? '');
				if (m) oauth.expire(m[1]);
				break;
			}
			default:
				break;
		}

		let raw: Buffer = Buffer.alloc(0);
		if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
			try {
				raw = await readBody(req, maxBody);
			} catch (err) {
				if (err instanceof BodyTooLarge) {
					res.setHeader('Connection', 'close');
					return path.startsWith(SCIM_PATH) ? errorReply(413, `The request body exceeds ${maxBody} bytes`) : sfErrorReply(413, 'REQUEST_TOO_LARGE', `The request body exceeds ${maxBody} bytes`);
				}
				throw err;
			}
		}

		let reply: Reply;
		if (path.startsWith(OAUTH_PATH + '/') || path === OAUTH_PATH) reply = oauthRoute(method, path.slice(OAUTH_PATH.length), search, raw, req);
		else if (path.startsWith('/id/')) reply = method === 'GET' ? oauth.userinfo(req.headers.authorization) : sfErrorReply(405, 'METHOD_NOT_ALLOWED', 'Method not allowed');
		else if (path === SCIM_PATH || path.startsWith(SCIM_PATH + '/')) reply = scimRoute(req, method, path.slice(SCIM_PATH.length), search, raw, entry);
		else reply = sfErrorReply(404, 'NOT_FOUND', 'The requested resource does not exist');

		if (decision?.kind === 'lostResponse') {
			// The write is applied; the client never learns it.
			req.socket.destroy();
			entry.status = reply.status;
			return 'destroyed';
		}
		return reply;
	}

	function oauthRoute(method: string, sub: string, search: URLSearchParams, raw: Buffer, req: IncomingMessage): Reply {
		const form = () => {
			const type = String(req.headers['content-type'] ?? '');
			if (raw.length > 0 && !/application\/x-www-form-urlencoded/i.test(type)) return undefined;
			return new URLSearchParams(raw.toString('utf8'));
		};
		switch (sub) {
			case '/authorize':
				return method === 'GET' ? oauth.authorize(search) : method === 'POST' ? oauth.authorize(form() ?? search) : sfErrorReply(405, 'METHOD_NOT_ALLOWED', 'Method not allowed');
			case '/token': {
				if (method !== 'POST') return sfErrorReply(405, 'METHOD_NOT_ALLOWED', 'Method not allowed');
				const f = form();
				if (!f) return { status: 400, body: { error: 'invalid_request', error_description: 'invalid content type: use application/x-www-form-urlencoded' }, contentType: JSON_TYPE };
				return oauth.token(f, req.headers.authorization);
			}
			case '/revoke': {
				const f = method === 'POST' ? form() : search;
				return oauth.revoke(f?.get('token') ?? search.get('token'));
			}
			case '/userinfo':
				return oauth.userinfo(req.headers.authorization);
			default:
				return sfErrorReply(404, 'NOT_FOUND', 'The requested resource does not exist');
		}
	}

	function scimRoute(req: IncomingMessage, method: string, sub: string, search: URLSearchParams, raw: Buffer, entry: RequestLogEntry): Reply {
		const session = oauth.authenticate(req.headers.authorization);
		if (!session) return sfErrorReply(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
		entry.user = session.user.attrs.userName;
		if (state.usage.used >= state.usage.limit) return sfErrorReply(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
		state.usage.used++;
		let body: unknown;
		if (raw.length > 0) {
			const type = String(req.headers['content-type'] ?? '');
			if (type !== '' && !/^application\/(scim\+)?json\b/i.test(type)) {
				return errorReply(415, `Unsupported Media Type: ${type.slice(0, 80)}; use application/json or application/scim+json`);
			}
			try {
				body = JSON.parse(raw.toString('utf8'));
			} catch {
				return errorReply(400, 'The request body is not valid JSON', 'invalidSyntax');
			}
		}
		try {
			return scim.handle({ method, path: sub, query: search, body, caller: session.user });
		} catch (err) {
			if (err instanceof ScimError) return errorReply(err.status, err.detail, err.scimType);
			throw err;
		}
	}

	async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const t0 = performance.now();
		const rawUrl = req.url ?? '/';
		const q = rawUrl.indexOf('?');
		const path = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
		const search = new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : '');
		const method = req.method ?? 'GET';
		const isAdmin = path === ADMIN_PREFIX || path.startsWith(ADMIN_PREFIX + '/');
		const entry = isAdmin ? undefined : requestLog.start(method, path, search, req.headers.authorization !== undefined);
		let reply: Reply | 'destroyed';
		try {
			reply = await route(req, res, entry ?? ({} as RequestLogEntry), path, search);
		} catch (err) {
			reply = errorReply(500, `UNKNOWN_EXCEPTION:${(err as Error).message};`);
		}
		if (entry) entry.ms = Math.round((performance.now() - t0) * 100) / 100;
		if (reply === 'destroyed') return;
		if (entry) entry.status = reply.status;
		send(res, reply, path.startsWith('/services/') ? limitHeader() : undefined);
	}

	const handler = (req: IncomingMessage, res: ServerResponse) => {
		void onRequest(req, res);
	};
	const server: Server = options.tls
		? (createHttpsServer({ key: options.tls.key, cert: options.tls.cert, keepAliveTimeout: 65_000 }, handler) as unknown as Server)
		: createServer({ keepAliveTimeout: 65_000 }, handler);
	server.on('connection', (socket: Socket) => {
		network.connections++;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('secureConnection', (socket: TLSSocket) => {
		network.tlsHandshakes++;
		if (socket.isSessionReused()) network.tlsResumed++;
	});
	// A client that sends garbage gets a 400 from node; never let it crash the process.
	server.on('clientError', (_err, socket) => {
		if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
		else socket.destroy();
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address() as AddressInfo;
	const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
	url = `${options.tls ? 'https' : 'http'}://${shownHost}:${address.port}`;

	const emulator: Emulator = {
		network,
		url,
		scimUrl: url + SCIM_PATH,
		port: address.port,
		host,
		state,
		oauth,
		faults,
		behaviour,
		requestLog,
		issueToken(o = {}) {
			const name = o.username ?? oauthConfig.runAsUser ?? oauthConfig.defaultUser;
			const user = name ? state.findUser(name) : undefined;
			if (!user) throw new Error(`no such user: ${name ?? '(none configured)'}`);
			return oauth.issue(user, oauthConfig.clientId, 'api', false, o.ttlSeconds).token;
		},
		expireTokens(token) {
			return oauth.expire(token);
		},
		setFaults(rules) {
			faults.set(rules);
		},
		reset() {
			load();
			faults.set(initialRules);
			requestLog.clear();
		},
		connectionInfo() {
			return {
				url,
				loginUrl: url,
				instanceUrl: url,
				scimUrl: url + SCIM_PATH,
				tokenUrl: `${url}${OAUTH_PATH}/token`,
				authorizeUrl: `${url}${OAUTH_PATH}/authorize`,
				clientId: oauthConfig.clientId,
				clientSecret: oauthConfig.clientSecret,
				redirectUris: oauthConfig.redirectUris,
				runAsUser: oauthConfig.runAsUser,
				preAuthorizedUsers: oauthConfig.preAuthorizedUsers,
				adminUrl: url + ADMIN_PREFIX,
			};
		},
		async close() {
			if (closed) return;
			closed = true;
			for (const w of waiting) {
				clearTimeout(w.timer);
				w.resolve();
			}
			waiting.clear();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				for (const s of sockets) s.destroy();
				server.closeAllConnections();
			});
		},
	};
	return emulator;
}
