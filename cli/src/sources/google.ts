/**
 * Google Workspace as the Directory Change Trigger reads it: the service-account token endpoint (an RS256 JWT
 * assertion, verified against the key pair this emulator made) and the Admin SDK Directory `users.list`
 * (`customer` or `domain`, `maxResults`, `pageToken`). Directory has no changed-since filter: that is the point.
 */
import { createPublicKey, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';

import { bearer, Clock, Ids, SourceEmulator, unauthorized, type SourceReply, type SourceRequestInfo } from './server';

export type GoogleUser = Record<string, unknown> & { id: string; primaryEmail: string };

export interface GoogleEmulatorOptions {
	domain?: string;
	adminEmail?: string;
	pageSize?: number;
}

export class GoogleEmulator extends SourceEmulator {
	readonly domain: string;
	readonly adminEmail: string;
	readonly clientEmail = 'n8n-directory@emulated-project.iam.gserviceaccount.com';
	readonly privateKey: string;
	private readonly publicKey: string;
	readonly users = new Map<string, GoogleUser>();
	readonly clock = new Clock();
	pageSize: number;
	tokenRequests = 0;
	private readonly tokens = new Set<string>();
	private readonly ids = new Ids((n) => `1${String(n).padStart(20, '0')}`);

	constructor(options: GoogleEmulatorOptions = {}) {
		super();
		this.domain = options.domain ?? 'example.com';
		this.adminEmail = options.adminEmail ?? `admin@${this.domain}`;
		this.pageSize = options.pageSize ?? 500;
		const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
		this.privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		this.publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
	}

	createUser(fields: Partial<GoogleUser> & { primaryEmail: string }): GoogleUser {
		const user: GoogleUser = {
			kind: 'admin#directory#user',
			etag: `"${randomBytes(4).toString('hex')}"`,
			suspended: false,
			archived: false,
			orgUnitPath: '/',
			creationTime: this.clock.now(),
			lastLoginTime: '1970-01-01T00:00:00.000Z',
			emails: [{ address: fields.primaryEmail, primary: true }],
			...fields,
			id: fields.id ?? this.ids.take(),
		};
		this.users.set(user.id, user);
		return user;
	}

	updateUser(id: string, patch: Record<string, unknown>): GoogleUser {
		const user = this.users.get(id);
		if (!user) throw new Error(`no user ${id}`);
		Object.assign(user, patch, { etag: `"${randomBytes(4).toString('hex')}"` });
		return user;
	}

	/** A sign-in moves lastLoginTime and the etag: not a change of the person. */
	signIn(id: string) {
		const user = this.users.get(id)!;
		user.lastLoginTime = this.clock.now();
		user.etag = `"${randomBytes(4).toString('hex')}"`;
	}

	deleteUser(id: string) {
		this.users.delete(id);
	}

	protected exempt(request: SourceRequestInfo): boolean {
		return request.path === '/token';
	}

	protected route(request: SourceRequestInfo): SourceReply {
		if (request.method === 'POST' && request.path === '/token') return this.token(request);
		const token = bearer(request.headers);
		if (!token || !this.tokens.has(token)) return unauthorized('Request had invalid authentication credentials.');
		if (request.method === 'GET' && request.path === '/admin/directory/v1/users') return this.list(request);
		return { status: 404, body: { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } } };
	}

	private token(request: SourceRequestInfo): SourceReply {
		this.tokenRequests++;
		const body = new URLSearchParams(request.body);
		const refuse = (description: string) => ({ status: 400, body: { error: 'invalid_grant', error_description: description } });
		if (body.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return { status: 400, body: { error: 'unsupported_grant_type' } };
		const parts = String(body.get('assertion') ?? '').split('.');
		if (parts.length !== 3) return refuse('Invalid JWT');
		const verifier = createVerify('RSA-SHA256');
		verifier.update(`${parts[0]}.${parts[1]}`);
		if (!verifier.verify(createPublicKey(this.publicKey), Buffer.from(parts[2], 'base64url'))) return refuse('Invalid JWT Signature.');
		const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
		if (claims.iss !== this.clientEmail) return refuse('Invalid issuer');
		if (claims.sub !== this.adminEmail) return { status: 401, body: { error: 'unauthorized_client', error_description: 'Client is unauthorized to retrieve access tokens using this method.' } };
		if (!String(claims.scope ?? '').includes('admin.directory.user.readonly')) return refuse('Invalid scope');
		const accessToken = `ya29.${randomBytes(16).toString('hex')}`;
		this.tokens.add(accessToken);
		return { status: 200, body: { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' } };
	}

	private list(request: SourceRequestInfo): SourceReply {
		const customer = request.query.get('customer');
		const domain = request.query.get('domain');
		if (!customer && !domain) return { status: 400, body: { error: { code: 400, message: 'Bad Request', status: 'INVALID_ARGUMENT' } } };
		const size = Math.min(500, Number(request.query.get('maxResults') ?? 100), this.pageSize);
		const offset = Number(request.query.get('pageToken') ? Buffer.from(request.query.get('pageToken')!, 'base64url').toString() : 0);
		let users = [...this.users.values()].sort((a, b) => (a.primaryEmail < b.primaryEmail ? -1 : 1));
		if (domain) users = users.filter((user) => user.primaryEmail.endsWith(`@${domain}`));
		const page = users.slice(offset, offset + size);
		const body: Record<string, unknown> = { kind: 'admin#directory#users', etag: '"list"', users: page.map((user) => structuredClone(user)) };
		if (offset + size < users.length) body.nextPageToken = Buffer.from(String(offset + size)).toString('base64url');
		return { status: 200, body };
	}
}
