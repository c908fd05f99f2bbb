/**
 * Okta's Users API as the Directory Change Trigger reads it: `GET /api/v1/users?search=lastUpdated gt "…"` with
 * `limit`/`after` paging announced in `Link` headers, SSWS API tokens, and Okta's rate limiting: every answer
 * carries X-Rate-Limit-Limit / -Remaining / -Reset, and a spent window answers 429 (no Retry-After).
 */
import { randomBytes } from 'node:crypto';

import { Clock, Ids, SourceEmulator, type SourceReply, type SourceRequestInfo } from './server';

export type OktaUser = Record<string, unknown> & { id: string; status: string; lastUpdated: string; profile: Record<string, unknown> };

export interface OktaEmulatorOptions {
	apiToken?: string;
	/** Requests per rate-limit window (Okta's /api/v1/users default is 600 a minute). */
	rateLimit?: number;
	windowMs?: number;
}

export class OktaEmulator extends SourceEmulator {
	readonly apiToken: string;
	readonly users = new Map<string, OktaUser>();
	readonly clock = new Clock();
	rateLimit: number;
	windowMs: number;
	private windowStart = Date.now();
	private used = 0;
	private readonly ids = new Ids((n) => `00u${String(n).padStart(17, '0')}`);

	constructor(options: OktaEmulatorOptions = {}) {
		super();
		this.apiToken = options.apiToken ?? `00${randomBytes(10).toString('hex')}`;
		this.rateLimit = options.rateLimit ?? 600;
		this.windowMs = options.windowMs ?? 60_000;
	}

	createUser(profile: Record<string, unknown> & { login: string }, status = 'ACTIVE'): OktaUser {
		const now = this.clock.now();
		const user: OktaUser = {
			id: this.ids.take(),
			status,
			created: now,
			activated: status === 'ACTIVE' ? now : null,
			statusChanged: now,
			lastLogin: null,
			lastUpdated: now,
			passwordChanged: null,
			type: { id: 'oty00000000000000001' },
			profile: { email: profile.login, ...profile },
			_links: {},
		};
		this.users.set(user.id, user);
		return user;
	}

	updateProfile(id: string, patch: Record<string, unknown>): OktaUser {
		const user = this.get(id);
		Object.assign(user.profile, patch);
		user.lastUpdated = this.clock.now();
		return user;
	}

	/** A sign-in: moves lastLogin only (Okta leaves lastUpdated alone), which must not look like a change. */
	signIn(id: string) {
		this.get(id).lastLogin = this.clock.now();
	}

	setStatus(id: string, status: 'ACTIVE' | 'SUSPENDED' | 'DEPROVISIONED' | 'STAGED' | 'PROVISIONED') {
		const user = this.get(id);
		const now = this.clock.now();
		user.status = status;
		user.statusChanged = now;
		user.lastUpdated = now;
	}

	private get(id: string): OktaUser {
		const user = this.users.get(id);
		if (!user) throw new Error(`no user ${id}`);
		return user;
	}

	private rateHeaders(): Record<string, string> {
		const now = Date.now();
		if (now - this.windowStart >= this.windowMs) {
			this.windowStart = now;
			this.used = 0;
		}
		return {
			'X-Rate-Limit-Limit': String(this.rateLimit),
			'X-Rate-Limit-Remaining': String(Math.max(0, this.rateLimit - this.used)),
			'X-Rate-Limit-Reset': String(Math.ceil((this.windowStart + this.windowMs) / 1000)),
		};
	}

	protected throttled(): SourceReply {
		return {
			status: 429,
			body: { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.', errorCauses: [] },
			headers: {
				'X-Rate-Limit-Limit': String(this.rateLimit),
				'X-Rate-Limit-Remaining': '0',
				'X-Rate-Limit-Reset': String(Math.ceil((Date.now() + 1000) / 1000)),
			},
		};
	}

	protected route(request: SourceRequestInfo): SourceReply {
		if (request.headers.authorization !== `SSWS ${this.apiToken}`) {
			return { status: 401, body: { errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorCauses: [] } };
		}
		const headers = this.rateHeaders();
		if (this.used >= this.rateLimit) return { ...this.throttled(), headers: { ...headers, 'X-Rate-Limit-Remaining': '0' } };
		this.used++;
		headers['X-Rate-Limit-Remaining'] = String(Math.max(0, this.rateLimit - this.used));
		if (request.method === 'GET' && request.path === '/api/v1/users/me') {
			return { status: 200, body: [...this.users.values()][0] ?? { id: '00uadmin', status: 'ACTIVE', profile: { login: 'admin@example.com' } }, headers };
		}
		if (request.method === "GET" && request.path === "/api/v1/users") {
			const listed = this.list(request);
			return { ...listed, headers: { ...headers, ...listed.headers } };
		}
		return { status: 404, body: { errorCode: 'E0000022', errorSummary: 'The endpoint does not support the provided HTTP method' }, headers };
	}

	private list(request: SourceRequestInfo): SourceReply {
		const search = request.query.get('search') ?? '';
		const limit = Math.min(200, Number(request.query.get('limit') ?? 200));
		const after = request.query.get('after');
		let users = [...this.users.values()];
		if (search) {
			const match = /^lastUpdated gt "([^"]+)"$/.exec(search.trim());
			if (!match || Number.isNaN(Date.parse(match[1]))) {
				return { status: 400, body: { errorCode: 'E0000031', errorSummary: `Invalid search criteria: ${search}` } };
			}
			const since = Date.parse(match[1]);
			users = users.filter((user) => Date.parse(user.lastUpdated) > since);
		} else {
			// Without a search, Okta lists every status but DEPROVISIONED.
			users = users.filter((user) => user.status !== 'DEPROVISIONED');
		}
		users.sort((a, b) => (a.id < b.id ? -1 : 1));
		if (after) users = users.filter((user) => user.id > after);
		const page = users.slice(0, limit);
		const links = [`<${request.origin}/api/v1/users?${request.query.toString()}>; rel="self"`];
		if (users.length > limit) {
			const next = new URLSearchParams(request.query);
			next.set('after', page[page.length - 1].id);
			next.set('limit', String(limit));
			links.push(`<${request.origin}/api/v1/users?${next.toString()}>; rel="next"`);
		}
		return { status: 200, body: page.map((user) => structuredClone(user)), headers: { Link: links.join(', ') } };
	}
}
