/**
 * Microsoft Graph, as much as the Directory Change Trigger uses: the v2.0 client-credentials token endpoint,
 * `GET /v1.0/users/delta` and `GET /v1.0/groups/delta` with nextLink paging, delta links as cursors, `@removed`
 * for deleted users and removed members, `$select`, and expired delta links (410 syncStateNotFound).
 */
import { randomBytes } from 'node:crypto';

import { bearer, Ids, SourceEmulator, unauthorized, type SourceReply, type SourceRequestInfo } from './server';

export type GraphUser = Record<string, unknown> & { id: string };

interface Change {
	seq: number;
	id: string;
}

interface MemberChange {
	seq: number;
	groupId: string;
	memberId: string;
	added: boolean;
}

export interface EntraEmulatorOptions {
	tenantId?: string;
	clientId?: string;
	clientSecret?: string;
	/** Users per delta page (Graph's default is about 100; small pages exercise paging). */
	pageSize?: number;
}

export class EntraEmulator extends SourceEmulator {
	readonly tenantId: string;
	readonly clientId: string;
	readonly clientSecret: string;
	pageSize: number;
	readonly users = new Map<string, GraphUser>();
	readonly groups = new Map<string, { id: string; displayName: string; members: Set<string> }>();
	private readonly deleted = new Set<string>();
	private readonly changes: Change[] = [];
	private readonly memberChanges: MemberChange[] = [];
	private seq = 0;
	/** Delta tokens at or below this are refused (an expired sync state). */
	private expiredUpTo = -1;
	private readonly tokens = new Set<string>();
	private readonly ids = new Ids((n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`);
	tokenRequests = 0;

	constructor(options: EntraEmulatorOptions = {}) {
		super();
		this.tenantId = options.tenantId ?? 'contoso.onmicrosoft.com';
		this.clientId = options.clientId ?? 'entra-client-id';
		this.clientSecret = options.clientSecret ?? `entra-secret-${randomBytes(6).toString('hex')}`;
		this.pageSize = options.pageSize ?? 100;
	}

	createUser(fields: Partial<GraphUser> & { userPrincipalName: string }): GraphUser {
		const user: GraphUser = { accountEnabled: true, businessPhones: [], ...fields, id: fields.id ?? this.ids.take() };
		this.users.set(user.id, user);
		this.record(user.id);
		return user;
	}

	updateUser(id: string, patch: Record<string, unknown>): GraphUser {
		const user = this.users.get(id);
		if (!user) throw new Error(`no user ${id}`);
		Object.assign(user, patch);
		this.record(id);
		return user;
	}

	deleteUser(id: string) {
		this.users.delete(id);
		this.deleted.add(id);
		this.record(id);
	}

	createGroup(displayName: string): string {
		const id = this.ids.take();
		this.groups.set(id, { id, displayName, members: new Set() });
		return id;
	}

	addMember(groupId: string, memberId: string) {
		this.groups.get(groupId)!.members.add(memberId);
		this.memberChanges.push({ seq: ++this.seq, groupId, memberId, added: true });
	}

	removeMember(groupId: string, memberId: string) {
		this.groups.get(groupId)!.members.delete(memberId);
		this.memberChanges.push({ seq: ++this.seq, groupId, memberId, added: false });
	}

	/** Every delta link handed out so far stops working, as when Graph drops a sync state. */
	expireDeltaLinks() {
		this.expiredUpTo = this.seq;
	}

	private record(id: string) {
		this.changes.push({ seq: ++this.seq, id });
	}

	protected exempt(request: SourceRequestInfo): boolean {
		return request.path.endsWith('/oauth2/v2.0/token');
	}

	protected route(request: SourceRequestInfo): SourceReply {
		if (request.method === 'POST' && request.path === `/${this.tenantId}/oauth2/v2.0/token`) return this.token(request);
		if (request.method !== 'GET') return { status: 405, body: { error: { code: 'MethodNotAllowed', message: request.method } } };
		const token = bearer(request.headers);
		if (!token || !this.tokens.has(token)) return unauthorized('Access token is empty or invalid');
		if (request.path === '/v1.0/users/delta') return this.usersDelta(request);
		if (request.path === '/v1.0/groups/delta') return this.groupsDelta(request);
		return { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: request.path } } };
	}

	private token(request: SourceRequestInfo): SourceReply {
		this.tokenRequests++;
		const body = new URLSearchParams(request.body);
		let clientId = body.get('client_id');
		let clientSecret = body.get('client_secret');
		const basic = request.headers.authorization;
		if (typeof basic === 'string' && basic.startsWith('Basic ')) {
			[clientId, clientSecret] = Buffer.from(basic.slice(6), 'base64').toString('utf8').split(':');
		}
		if (body.get('grant_type') !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
		if (clientId !== this.clientId || clientSecret !== this.clientSecret) {
			return { status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' } };
		}
		const accessToken = randomBytes(16).toString('hex');
		this.tokens.add(accessToken);
		return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, access_token: accessToken } };
	}

	private expired(): SourceReply {
		return {
			status: 410,
			body: { error: { code: 'syncStateNotFound', message: 'The sync state generation is not found. Please do a full sync.' } },
		};
	}

	/** A round reads the changes in (since, upto]; its paging state travels in the skip token. */
	private round(request: SourceRequestInfo): { since: number; upto: number; offset: number } | 'expired' | 'bad' {
		const delta = request.query.get('$deltatoken');
		const skip = request.query.get('$skiptoken');
		if (skip) {
			const parsed = JSON.parse(Buffer.from(skip, 'base64url').toString('utf8')) as { since: number; upto: number; offset: number };
			if (parsed.since >= 0 && parsed.since <= this.expiredUpTo) return 'expired';
			return parsed;
		}
		if (delta !== null) {
			const since = Number(delta);
			if (!Number.isInteger(since)) return 'bad';
			if (since <= this.expiredUpTo) return 'expired';
			return { since, upto: this.seq, offset: 0 };
		}
		return { since: -1, upto: this.seq, offset: 0 };
	}

	private page(request: SourceRequestInfo, resource: string, state: { since: number; upto: number; offset: number }, all: Record<string, unknown>[]): SourceReply {
		const value = all.slice(state.offset, state.offset + this.pageSize);
		const body: Record<string, unknown> = { '@odata.context': `${request.origin}/v1.0/$metadata#${resource}`, value };
		if (state.offset + this.pageSize < all.length) {
			const skip = Buffer.from(JSON.stringify({ ...state, offset: state.offset + this.pageSize })).toString('base64url');
			body['@odata.nextLink'] = `${request.origin}/v1.0/${resource}/delta?$skiptoken=${skip}`;
		} else {
			body['@odata.deltaLink'] = `${request.origin}/v1.0/${resource}/delta?$deltatoken=${state.upto}`;
		}
		return { status: 200, body };
	}

	private usersDelta(request: SourceRequestInfo): SourceReply {
		const state = this.round(request);
		if (state === 'expired') return this.expired();
		if (state === 'bad') return { status: 400, body: { error: { code: 'BadRequest', message: 'Invalid delta token' } } };
		const select = (request.query.get('$select') ?? '').split(',').filter(Boolean);
		const shape = (user: GraphUser) => {
			if (select.length === 0) return { ...user };
			const picked: Record<string, unknown> = { id: user.id };
			for (const name of select) if (name in user) picked[name] = user[name];
			return picked;
		};
		let ids: string[];
		if (state.since < 0) ids = [...this.users.keys()];
		else {
			const touched = new Set<string>();
			for (const change of this.changes) if (change.seq > state.since && change.seq <= state.upto) touched.add(change.id);
			ids = [...touched];
		}
		const all = ids
			.map((id) => {
				const user = this.users.get(id);
				if (user) return shape(user);
				return this.deleted.has(id) ? { id, '@removed': { reason: 'deleted' } } : undefined;
			})
			.filter((entry): entry is Record<string, unknown> => entry !== undefined);
		return this.page(request, 'users', state, all);
	}

	private groupsDelta(request: SourceRequestInfo): SourceReply {
		const state = this.round(request);
		if (state === 'expired') return this.expired();
		if (state === 'bad') return { status: 400, body: { error: { code: 'BadRequest', message: 'Invalid delta token' } } };
		const all: Record<string, unknown>[] = [];
		for (const group of this.groups.values()) {
			let delta: Record<string, unknown>[];
			if (state.since < 0) delta = [...group.members].map((id) => ({ '@odata.type': '#microsoft.graph.user', id }));
			else {
				const last = new Map<string, boolean>();
				for (const change of this.memberChanges) {
					if (change.groupId === group.id && change.seq > state.since && change.seq <= state.upto) last.set(change.memberId, change.added);
				}
				if (last.size === 0) continue;
				delta = [...last].map(([id, added]) => (added ? { '@odata.type': '#microsoft.graph.user', id } : { '@odata.type': '#microsoft.graph.user', id, '@removed': { reason: 'deleted' } }));
			}
			all.push({ id: group.id, displayName: group.displayName, 'members@delta': delta });
		}
		return this.page(request, 'groups', state, all);
	}
}
