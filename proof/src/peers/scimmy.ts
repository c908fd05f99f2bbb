/**
 * An independent RFC 7643/7644 SCIM server for tests: SCIMMY + scimmy-routers on express 4, with in-memory Users
 * and Groups. Nobody on this project wrote its SCIM grammar, so the client's standard dialect is proven against
 * someone else's reading of the RFCs. The handlers below only store data and close SCIMMY's known gaps
 * (see ../shared/test-peers.md):
 *  - `Filter.match` compares strings case-sensitively, while RFC 7643 makes userName caseExact=false: userName is
 *    matched on lowercased copies;
 *  - uniqueness, ids, created/lastModified and versions are the handler's job: 409 uniqueness on a userName
 *    (or group displayName) clash, UUID ids, a version counter;
 *  - an extension attribute in a filter (`urn:…:User:department eq "x"`) never matches: it is nested under its URN;
 *  - express 5 would lose the routers' numeric paging cast: express 4 is pinned, and the query is copied to a plain
 *    object first anyway.
 * SCIMMY's resource declarations are process-wide; each peer passes its own store through the request context, so
 * several peers can run in one process (resource locations follow the latest request's base URL).
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// scimmy ships CommonJS builds; express has no type package installed here, so these stay loosely typed.
const routers = require('scimmy-routers') as { SCIMMY: any; default: new (scheme: unknown) => any };
const express = require('express') as any;
const SCIMMY = routers.SCIMMY;
const SCIMMYRouters = routers.default;

type Json = Record<string, any>;

const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

interface Store {
	users: Map<string, Json>;
	groups: Map<string, Json>;
	seq: number;
}

export interface ScimmyPeerOptions {
	/** Bearer token the peer accepts (default "scimmy-test-token"). */
	token?: string;
	port?: number;
	/** Mount point of the SCIM endpoints (default "/scim/v2"). */
	basePath?: string;
}

export interface ScimmyPeer {
	/** SCIM base URL, e.g. http://127.0.0.1:PORT/scim/v2 */
	url: string;
	token: string;
	/** Empty the store (users and groups). */
	reset(): void;
	/** Requests served, per "METHOD /path" (ids as {id}). */
	counts: Map<string, number>;
	close(): Promise<void>;
}

const CONTEXT = Symbol('sfscim-store');

function storeOf(ctx: unknown): Store {
	const store = (ctx as Json | undefined)?.[CONTEXT as any] as Store | undefined;
	if (!store) throw new SCIMMY.Types.Error(500, null, 'no store in request context');
	return store;
}

function plain<T>(value: T): T {
	return JSON.parse(JSON.stringify(value));
}

/**
 * A copy of SCIMMY's parsed filter, fixed for matching:
 *  - string values of `userName` comparisons are lowercased, to run against records whose userName is lowercased
 *    (case-insensitive matching, as RFC 7643 requires);
 *  - an attribute named with its extension URN (`urn:…:enterprise:2.0:User:department`) stays one key in SCIMMY's
 *    filter, which then never matches the nested object the resource holds: nest it under the URN.
 */
function normaliseFilter(filter: any, lowerUserName: boolean): any {
	const walk = (node: any, key?: string): any => {
		if (Array.isArray(node)) {
			if (lowerUserName && key && key.toLowerCase() === 'username' && node.length >= 2 && typeof node[0] === 'string') {
				return node.map((v: unknown, i: number) => (i > 0 && typeof v === 'string' && i === node.length - 1 ? v.toLowerCase() : v));
			}
			return node.map((n: any) => walk(n, key));
		}
		if (node && typeof node === 'object') {
			const out: Json = {};
			for (const [k, v] of Object.entries(node)) {
				const colon = k.lastIndexOf(':');
				if (/^urn:/i.test(k) && colon > 0 && !/:user$/i.test(k) && !/:group$/i.test(k)) {
					const urn = k.slice(0, colon);
					const [attr, sub] = k.slice(colon + 1).split('.');
					const inner = sub ? { [attr]: { [sub]: walk(v, sub) } } : { [attr]: walk(v, attr) };
					out[urn] = { ...(out[urn] ?? {}), ...inner };
				} else out[k] = walk(v, k);
			}
			return out;
		}
		return node;
	};
	return new SCIMMY.Types.Filter(walk(plain([...filter])));
}

function select(records: Json[], resource: any, lowerUserName: boolean): Json[] {
	if (!resource.filter) return records;
	const byId = new Map(records.map((r) => [r.id, r]));
	// SCIMMY's match dives into a complex attribute without checking it is there: give absent extensions an empty object.
	const candidates = lowerUserName
		? records.map((r) => ({ [ENTERPRISE_URN]: {}, ...r, userName: typeof r.userName === 'string' ? r.userName.toLowerCase() : r.userName }))
		: records;
	return normaliseFilter(resource.filter, lowerUserName)
		.match(candidates)
		.map((r: Json) => byId.get(r.id)!);
}

function touch(record: Json, previous: Json | undefined, store: Store): Json {
	const now = new Date().toISOString();
	const version = (previous?.meta?.version ? Number(String(previous.meta.version).replace(/\D/g, '')) : 0) + 1;
	record.meta = { created: previous?.meta?.created ?? now, lastModified: now, version: `W/"${version}"` };
	store.seq++;
	return record;
}

let declared = false;

/** Declare the resource handlers once per process; they find their data through the request context. */
function declare(): void {
	if (declared) return;
	declared = true;
	SCIMMY.Config.set({
		patch: { supported: true },
		filter: { supported: true, maxResults: 200 },
		sort: { supported: true },
		bulk: { supported: false },
		changePassword: { supported: false },
		etag: { supported: false },
	});

	SCIMMY.Resources.declare(
		SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false)
			.ingress((resource: any, instance: any, ctx: unknown) => {
				const store = storeOf(ctx);
				const data = plain(instance) as Json;
				delete data.schemas;
				delete data.meta;
				const userName = String(data.userName ?? '').toLowerCase();
				for (const u of store.users.values()) {
					if (u.id !== resource.id && String(u.userName).toLowerCase() === userName) {
						throw new SCIMMY.Types.Error(409, 'uniqueness', `userName ${data.userName} is already taken`);
					}
				}
				let previous: Json | undefined;
				if (resource.id) {
					previous = store.users.get(resource.id);
					if (!previous) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
				}
				const record = touch({ ...data, id: resource.id ?? randomUUID() }, previous, store);
				store.users.set(record.id, record);
				return plain(record);
			})
			.egress((resource: any, ctx: unknown) => {
				const store = storeOf(ctx);
				if (resource.id) {
					const u = store.users.get(resource.id);
					if (!u) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
					return plain(u);
				}
				return plain(select([...store.users.values()], resource, true));
			})
			.degress((resource: any, ctx: unknown) => {
				const store = storeOf(ctx);
				if (!store.users.delete(resource.id)) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
				for (const g of store.groups.values()) g.members = (g.members ?? []).filter((m: Json) => m.value !== resource.id);
			}),
	);

	SCIMMY.Resources.declare(
		SCIMMY.Resources.Group.ingress((resource: any, instance: any, ctx: unknown) => {
			const store = storeOf(ctx);
			const data = plain(instance) as Json;
			delete data.schemas;
			delete data.meta;
			for (const g of store.groups.values()) {
				if (g.id !== resource.id && String(g.displayName).toLowerCase() === String(data.displayName ?? '').toLowerCase()) {
					throw new SCIMMY.Types.Error(409, 'uniqueness', `displayName ${data.displayName} is already taken`);
				}
			}
			const members: Json[] = [];
			for (const m of data.members ?? []) {
				const u = store.users.get(m.value);
				if (!u) throw new SCIMMY.Types.Error(400, 'invalidValue', `member ${m.value} does not exist`);
				members.push({ value: m.value, display: u.displayName ?? u.userName, type: 'User' });
			}
			let previous: Json | undefined;
			if (resource.id) {
				previous = store.groups.get(resource.id);
				if (!previous) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
			}
			const record = touch({ ...data, members, id: resource.id ?? randomUUID() }, previous, store);
			store.groups.set(record.id, record);
			return plain(record);
		})
			.egress((resource: any, ctx: unknown) => {
				const store = storeOf(ctx);
				if (resource.id) {
					const g = store.groups.get(resource.id);
					if (!g) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
					return plain(g);
				}
				return plain(select([...store.groups.values()], resource, false));
			})
			.degress((resource: any, ctx: unknown) => {
				const store = storeOf(ctx);
				if (!store.groups.delete(resource.id)) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
			}),
	);
}

/** Start a SCIMMY peer on 127.0.0.1. */
export async function startScimmyPeer(options: ScimmyPeerOptions = {}): Promise<ScimmyPeer> {
	declare();
	const token = options.token ?? 'scimmy-test-token';
	const basePath = options.basePath ?? '/scim/v2';
	const store: Store = { users: new Map(), groups: new Map(), seq: 0 };
	const counts = new Map<string, number>();
	const app = express();
	app.disable('x-powered-by');
	// Paging must survive whatever express does with req.query: hand the routers a plain, writable copy.
	app.use((req: any, _res: unknown, next: () => void) => {
		const copy = { ...req.query };
		Object.defineProperty(req, 'query', { value: copy, writable: true, configurable: true, enumerable: true });
		const key = `${req.method} ${String(req.path).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}')}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
		next();
	});
	app.use(
		basePath,
		new SCIMMYRouters({
			type: 'bearer',
			docUri: 'https://datatracker.ietf.org/doc/html/rfc6750',
			handler: (req: any) => {
				const header = String(req.headers.authorization ?? '');
				if (header !== `Bearer ${token}`) throw new Error('Authorization failure');
				// The /Me endpoint looks this id up among the users; no user stands for the token itself.
				return undefined;
			},
			context: () => ({ [CONTEXT]: store }),
			baseUri: (req: any) => `http://${req.headers.host}`,
		}),
	);
	app.use((_req: unknown, res: any) => {
		res.status(404).type('application/scim+json').send({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'Not found' });
	});

	const server: Server = await new Promise((resolve, reject) => {
		const s = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(s));
		s.once('error', reject);
	});
	const sockets = new Set<Socket>();
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}${basePath}`,
		token,
		counts,
		reset() {
			store.users.clear();
			store.groups.clear();
			counts.clear();
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				for (const s of sockets) s.destroy();
			}),
	};
}
