/**
 * Salesforce's OAuth 2.0 endpoints as a connected app sees them: authorize (auto-approved), token (authorization
 * code with PKCE, refresh token, client credentials, JWT bearer), userinfo and revoke, with Salesforce's response
 * and error shapes (`{"error": "invalid_grant", "error_description": "…"}`, no `expires_in`).
 */
import { createHash, createHmac, createPublicKey, randomBytes, timingSafeEqual, verify, X509Certificate, type KeyObject } from 'node:crypto';
import type { EmulatorState, UserRecord } from './state';
import { JSON_TYPE, type Reply } from './http';
import type { OAuthConfig } from './types';

export interface AccessToken {
	userId: string;
	clientId: string;
	scope: string;
	issuedAt: number;
	expiresAt: number;
	refreshToken?: string;
}

interface RefreshToken {
	userId: string;
	clientId: string;
	scope: string;
}

interface AuthCode {
	clientId: string;
	redirectUri: string;
	userId: string;
	scope: string;
	challenge?: string;
	expiresAt: number;
}

/** Authorization codes live 15 minutes at Salesforce. */
const CODE_TTL_MS = 15 * 60 * 1000;
/** A JWT's exp may be at most this far ahead (Salesforce: 3 minutes, plus some clock skew). */
const JWT_MAX_AHEAD_S = 5 * 60;

function oauthError(error: string, description: string, status = 400): Reply {
	return { status, body: { error, error_description: description }, contentType: JSON_TYPE };
}

function b64url(buf: Buffer): string {
	return buf.toString('base64url');
}

function safeEqual(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

export class OAuthServer {
	readonly accessTokens = new Map<string, AccessToken>();
	readonly refreshTokens = new Map<string, RefreshToken>();
	readonly codes = new Map<string, AuthCode>();
	private jwtKey?: KeyObject;

	constructor(
		readonly config: OAuthConfig,
		private readonly state: EmulatorState,
		private readonly ttlSeconds: () => number,
		private readonly now: () => number,
		private readonly baseUrl: () => string,
	) {
		this.loadKey();
	}

	loadKey(): void {
		this.jwtKey = undefined;
		if (this.config.jwtCertificate) this.jwtKey = new X509Certificate(this.config.jwtCertificate).publicKey;
		else if (this.config.jwtPublicKey) this.jwtKey = createPublicKey(this.config.jwtPublicKey);
	}

	/** A Salesforce-looking session id: org id, '!', opaque text. */
	private newAccessToken(): string {
		return `${this.state.orgId.slice(0, 15)}!${b64url(randomBytes(48))}`;
	}

	issue(user: UserRecord, clientId: string, scope: string, withRefresh: boolean, ttlSeconds?: number): { token: string; refresh?: string; record: AccessToken } {
		const now = this.now();
		const token = this.newAccessToken();
		const record: AccessToken = { userId: user.id, clientId, scope, issuedAt: now, expiresAt: now + (ttlSeconds ?? this.ttlSeconds()) * 1000 };
		let refresh: string | undefined;
		if (withRefresh) {
			refresh = `5Aep861${b64url(randomBytes(40))}`;
			this.refreshTokens.set(refresh, { userId: user.id, clientId, scope });
			record.refreshToken = refresh;
		}
		this.accessTokens.set(token, record);
		return { token, refresh, record };
	}

	/** The session behind an Authorization header, or undefined when missing, unknown or expired. */
	authenticate(header: string | undefined): { token: string; record: AccessToken; user: UserRecord } | undefined {
		if (!header) return undefined;
		const m = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header);
		if (!m) return undefined;
		const record = this.accessTokens.get(m[1]);
		if (!record) return undefined;
		if (record.expiresAt <= this.now()) {
			this.accessTokens.delete(m[1]);
			return undefined;
		}
		const user = this.state.users.get(record.userId);
		// A deactivated user's sessions end with the deactivation.
		if (!user || !user.attrs.active) return undefined;
		return { token: m[1], record, user };
	}

	/** Make one token (or all) expire now. Returns how many. */
	expire(token?: string): number {
		if (token !== undefined) return this.accessTokens.delete(token) ? 1 : 0;
		const n = this.accessTokens.size;
		this.accessTokens.clear();
		return n;
	}

	private identityUrl(user: UserRecord): string {
		return `${this.baseUrl()}/id/${this.state.orgId}/${user.id}`;
	}

	private tokenResponse(user: UserRecord, clientId: string, scope: string, withRefresh: boolean): Reply {
		const { token, refresh, record } = this.issue(user, clientId, scope, withRefresh);
		const id = this.identityUrl(user);
		const issuedAt = String(record.issuedAt);
		// Salesforce signs id + issued_at with the consumer secret so a client can check the response's origin.
		const signature = createHmac('sha256', this.config.clientSecret).update(id + issuedAt).digest('base64');
		const body: Record<string, string> = { access_token: token };
		if (refresh) body.refresh_token = refresh;
		Object.assign(body, { signature, scope, instance_url: this.baseUrl(), id, token_type: 'Bearer', issued_at: issuedAt });
		return { status: 200, body, contentType: JSON_TYPE };
	}

	private scopeOf(requested: string | null): string {
		return (requested ?? 'api refresh_token').trim().replace(/\s+/g, ' ') || 'api';
	}

	private wantsRefresh(scope: string): boolean {
		return /\b(refresh_token|offline_access)\b/.test(scope);
	}

	/** GET /services/oauth2/authorize: approves at once and redirects back with a code. */
	authorize(query: URLSearchParams): Reply {
		const clientId = query.get('client_id');
		if (!clientId || clientId !== this.config.clientId) return oauthError('invalid_client_id', 'client identifier invalid');
		const redirectUri = query.get('redirect_uri') ?? '';
		if (!this.config.redirectUris.includes('*') && !this.config.redirectUris.includes(redirectUri)) {
			return oauthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
		}
		let target: URL;
		try {
			target = new URL(redirectUri);
		} catch {
			return oauthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
		}
		const back = (params: Record<string, string>): Reply => {
			const state = query.get('state');
			for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
			if (state !== null) target.searchParams.set('state', state);
			return { status: 302, headers: { Location: target.toString() }, body: '' };
		};
		if (query.get('response_type') !== 'code') return back({ error: 'unsupported_response_type', error_description: 'response type not supported' });
		const challenge = query.get('code_challenge') ?? undefined;
		const method = query.get('code_challenge_method');
		if (challenge === undefined && this.config.requirePkce) return back({ error: 'invalid_request', error_description: 'missing required code challenge' });
		if (challenge !== undefined && method !== null && method !== 'S256') return back({ error: 'invalid_request', error_description: 'invalid code challenge method' });
		const hint = query.get('login_hint');
		const user = (hint && this.state.findUser(hint)) || (this.config.defaultUser ? this.state.findUser(this.config.defaultUser) : undefined);
		if (!user || !user.attrs.active) return back({ error: 'access_denied', error_description: 'end-user denied authorization' });
		const code = `aPrx${b64url(randomBytes(32))}`;
		this.codes.set(code, { clientId, redirectUri, userId: user.id, scope: this.scopeOf(query.get('scope')), challenge, expiresAt: this.now() + CODE_TTL_MS });
		return back({ code });
	}

	/** Client authentication: HTTP Basic or client_id / client_secret in the form. */
	private client(form: URLSearchParams, authorization: string | undefined): { id?: string; secret?: string } {
		const basic = authorization && /^Basic\s+(\S+)$/i.exec(authorization);
		if (basic) {
			const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
			const i = decoded.indexOf(':');
			if (i >= 0) return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
		}
		return { id: form.get('client_id') ?? undefined, secret: form.get('client_secret') ?? undefined };
	}

	/** POST /services/oauth2/token */
	token(form: URLSearchParams, authorization: string | undefined): Reply {
		const grant = form.get('grant_type');
		const client = this.client(form, authorization);
		switch (grant) {
			case 'authorization_code':
				return this.grantCode(form, client);
			case 'refresh_token':
				return this.grantRefresh(form, client);
			case 'client_credentials':
				return this.grantClientCredentials(client);
			case 'urn:ietf:params:oauth:grant-type:jwt-bearer':
				return this.grantJwt(form);
			default:
				return oauthError('unsupported_grant_type', 'grant type not supported');
		}
	}

	private checkClient(client: { id?: string; secret?: string }, secretRequired: boolean): Reply | undefined {
		if (!client.id || client.id !== this.config.clientId) return oauthError('invalid_client_id', 'client identifier invalid');
		if (client.secret === undefined) {
			if (secretRequired) return oauthError('invalid_client', 'invalid client credentials');
			return undefined;
		}
		if (!safeEqual(client.secret, this.config.clientSecret)) return oauthError('invalid_client', 'invalid client credentials');
		return undefined;
	}

	private grantCode(form: URLSearchParams, client: { id?: string; secret?: string }): Reply {
		const code = form.get('code') ?? '';
		const entry = this.codes.get(code);
		const bad = this.checkClient(client, this.config.requireSecret && !entry?.challenge);
		if (bad) return bad;
		if (!entry || entry.clientId !== client.id) return oauthError('invalid_grant', 'invalid authorization code');
		// Single use, whatever happens next.
		this.codes.delete(code);
		if (entry.expiresAt <= this.now()) return oauthError('invalid_grant', 'expired authorization code');
		if ((form.get('redirect_uri') ?? '') !== entry.redirectUri) return oauthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
		if (entry.challenge !== undefined) {
			const verifier = form.get('code_verifier');
			if (!verifier) return oauthError('invalid_grant', 'invalid code verifier');
			const computed = b64url(createHash('sha256').update(verifier).digest());
			if (!safeEqual(computed, entry.challenge)) return oauthError('invalid_grant', 'invalid code verifier');
		} else if (form.get('code_verifier')) {
			return oauthError('invalid_grant', 'invalid code verifier');
		}
		const user = this.state.users.get(entry.userId);
		if (!user || !user.attrs.active) return oauthError('invalid_grant', 'inactive user');
		return this.tokenResponse(user, entry.clientId, entry.scope, this.wantsRefresh(entry.scope));
	}

	private grantRefresh(form: URLSearchParams, client: { id?: string; secret?: string }): Reply {
		const bad = this.checkClient(client, this.config.requireSecret);
		if (bad) return bad;
		const entry = this.refreshTokens.get(form.get('refresh_token') ?? '');
		if (!entry || entry.clientId !== client.id) return oauthError('invalid_grant', 'expired access/refresh token');
		const user = this.state.users.get(entry.userId);
		if (!user || !user.attrs.active) return oauthError('invalid_grant', 'inactive user');
		// Salesforce does not rotate refresh tokens: the answer carries no new one.
		return this.tokenResponse(user, entry.clientId, entry.scope, false);
	}

	private grantClientCredentials(client: { id?: string; secret?: string }): Reply {
		const bad = this.checkClient(client, true);
		if (bad) return bad;
		if (!this.config.runAsUser) return oauthError('invalid_grant', 'no client credentials user enabled');
		const user = this.state.findUser(this.config.runAsUser);
		if (!user || !user.attrs.active) return oauthError('invalid_grant', 'no client credentials user enabled');
		return this.tokenResponse(user, this.config.clientId, 'api', false);
	}

	private grantJwt(form: URLSearchParams): Reply {
		const assertion = form.get('assertion') ?? '';
		const parts = assertion.split('.');
		if (parts.length !== 3) return oauthError('invalid_grant', 'invalid assertion');
		let header: Record<string, unknown>;
		let claims: Record<string, unknown>;
		try {
			header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
			claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		} catch {
			return oauthError('invalid_grant', 'invalid assertion');
		}
		if (header.alg !== 'RS256') return oauthError('invalid_grant', 'invalid assertion');
		if (claims.iss !== this.config.clientId) return oauthError('invalid_client_id', 'client identifier invalid');
		if (!this.jwtKey) return oauthError('invalid_grant', 'invalid assertion');
		const signed = verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), this.jwtKey, Buffer.from(parts[2], 'base64url'));
		if (!signed) return oauthError('invalid_grant', 'invalid assertion');
		const base = this.baseUrl();
		const audiences = [base, `${base}/`, ...this.config.audiences];
		const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
		if (!aud.some((a) => typeof a === 'string' && audiences.includes(a))) return oauthError('invalid_grant', 'audience is invalid');
		const nowS = this.now() / 1000;
		if (typeof claims.exp !== 'number') return oauthError('invalid_grant', 'invalid assertion');
		if (claims.exp <= nowS) return oauthError('invalid_grant', 'expired authorization code');
		if (claims.exp > nowS + JWT_MAX_AHEAD_S) return oauthError('invalid_grant', 'invalid assertion');
		const sub = typeof claims.sub === 'string' ? claims.sub : '';
		const user = this.state.findUser(sub);
		const approved = this.config.preAuthorizedUsers.some((u) => u.toLowerCase() === sub.toLowerCase());
		if (!user || !approved) return oauthError('invalid_grant', "user hasn't approved this consumer");
		if (!user.attrs.active) return oauthError('invalid_grant', 'inactive user');
		return this.tokenResponse(user, this.config.clientId, 'api', false);
	}

	/** POST (or GET) /services/oauth2/revoke: revoking a refresh token ends its access tokens too. */
	revoke(token: string | null): Reply {
		if (!token) return oauthError('unsupported_token_type', 'this token type is not supported');
		if (this.accessTokens.delete(token)) return { status: 200 };
		if (this.refreshTokens.delete(token)) {
			for (const [t, rec] of this.accessTokens) if (rec.refreshToken === token) this.accessTokens.delete(t);
			return { status: 200 };
		}
		// Salesforce answers an unknown token this way too.
		return oauthError('unsupported_token_type', 'this token type is not supported');
	}

	/** GET /services/oauth2/userinfo and the identity URL. */
	userinfo(authorization: string | undefined): Reply {
		const session = this.authenticate(authorization);
		if (!session) return { status: 403, body: 'Bad_OAuth_Token', contentType: 'text/plain;charset=UTF-8' };
		const u = session.user;
		const base = this.baseUrl();
		return {
			status: 200,
			contentType: JSON_TYPE,
			body: {
				sub: this.identityUrl(u),
				user_id: u.id,
				organization_id: this.state.orgId,
				preferred_username: u.attrs.userName,
				nickname: u.attrs.nickName,
				name: [u.attrs.name.givenName, u.attrs.name.familyName].filter(Boolean).join(' '),
				email: u.attrs.email,
				email_verified: true,
				given_name: u.attrs.name.givenName ?? '',
				family_name: u.attrs.name.familyName,
				zoneinfo: u.attrs.timezone,
				locale: u.attrs.locale,
				language: u.attrs.preferredLanguage,
				active: u.attrs.active,
				user_type: 'STANDARD',
				urls: {
					rest: `${base}/services/data/v62.0/`,
					scim: `${base}/services/scim/v2/`,
					profile: `${base}/${u.id}`,
				},
				updated_at: new Date(u.lastModified).toISOString(),
			},
		};
	}
}
