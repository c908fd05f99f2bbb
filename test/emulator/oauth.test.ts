/** Salesforce's OAuth flows against the emulator: code + PKCE, refresh, client credentials, JWT bearer, expiry. */
import { createHash, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../cli/src/emulator';
import { http } from './helpers';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const REDIRECT = 'http://localhost:5678/rest/oauth2-credential/callback';

let emu: Emulator;
let now = Date.now();

beforeAll(async () => {
	emu = await startEmulator({
		tokenTtlSeconds: 60,
		now: () => now,
		oauth: {
			jwtPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
			preAuthorizedUsers: ['admin@sfscim-emulator.example'],
		},
	});
});
afterAll(async () => {
	await emu.close();
});

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function jwt(claims: Record<string, unknown>, key = privateKey, alg = 'RS256'): string {
	const head = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
	return `${head}.${createSign('RSA-SHA256').update(head).sign(key).toString('base64url')}`;
}

function form(params: Record<string, string>, headers: Record<string, string> = {}) {
	return http(`${emu.url}/services/oauth2/token`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(params).toString(),
	});
}

async function authorize(extra: Record<string, string> = {}) {
	const q = new URLSearchParams({ response_type: 'code', client_id: emu.connectionInfo().clientId, redirect_uri: REDIRECT, scope: 'api refresh_token', state: 'xyz', ...extra });
	return http(`${emu.url}/services/oauth2/authorize?${q}`);
}

const meWith = (token: string) => http(`${emu.scimUrl}/Me`, { headers: { Authorization: `Bearer ${token}` } });

describe('authorization code with PKCE', () => {
	test('authorize redirects with a code and the state; token answers Salesforce’s shape; SCIM works', async () => {
		const verifier = randomBytes(32).toString('base64url');
		const challenge = createHash('sha256').update(verifier).digest('base64url');
		const a = await authorize({ code_challenge: challenge, code_challenge_method: 'S256' });
		expect(a.status).toBe(302);
		const loc = new URL(a.headers.get('location')!);
		expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
		expect(loc.searchParams.get('state')).toBe('xyz');
		const code = loc.searchParams.get('code')!;
		const { clientId, clientSecret } = emu.connectionInfo();
		const t = await form({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId, client_secret: clientSecret, code_verifier: verifier });
		expect(t.status).toBe(200);
		expect(Object.keys(t.json).sort()).toEqual(['access_token', 'id', 'instance_url', 'issued_at', 'refresh_token', 'scope', 'signature', 'token_type']);
		expect(t.json.expires_in).toBeUndefined();
		expect(t.json.instance_url).toBe(emu.url);
		expect(t.json.token_type).toBe('Bearer');
		expect(t.json.id).toMatch(new RegExp(`^${emu.url}/id/00D[0-9A-Za-z]{15}/005[0-9A-Za-z]{15}$`));
		const sig = require('node:crypto').createHmac('sha256', clientSecret).update(t.json.id + t.json.issued_at).digest('base64');
		expect(t.json.signature).toBe(sig);
		expect((await meWith(t.json.access_token)).json.userName).toBe('admin@sfscim-emulator.example');
		// The code is single-use.
		const again = await form({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId, client_secret: clientSecret, code_verifier: verifier });
		expect(again.json).toEqual({ error: 'invalid_grant', error_description: 'invalid authorization code' });

		// refresh_token grant: a new access token, no new refresh token.
		const r = await form({ grant_type: 'refresh_token', refresh_token: t.json.refresh_token, client_id: clientId, client_secret: clientSecret });
		expect(r.status).toBe(200);
		expect(r.json.refresh_token).toBeUndefined();
		expect(r.json.access_token).not.toBe(t.json.access_token);

		// userinfo, then revoke the refresh token: its access tokens die too.
		const ui = await http(`${emu.url}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${r.json.access_token}` } });
		expect(ui.json).toMatchObject({ preferred_username: 'admin@sfscim-emulator.example', organization_id: emu.state.orgId });
		const rv = await http(`${emu.url}/services/oauth2/revoke`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(t.json.refresh_token)}` });
		expect(rv.status).toBe(200);
		expect((await meWith(t.json.access_token)).status).toBe(401);
		const dead = await form({ grant_type: 'refresh_token', refresh_token: t.json.refresh_token, client_id: clientId, client_secret: clientSecret });
		expect(dead.json).toEqual({ error: 'invalid_grant', error_description: 'expired access/refresh token' });
		const ui2 = await http(`${emu.url}/services/oauth2/userinfo`, { headers: { Authorization: 'Bearer nope' } });
		expect(ui2.status).toBe(403);
	});

	test('a wrong PKCE verifier, an expired code, a wrong secret, an unknown client', async () => {
		const challenge = createHash('sha256').update('right-verifier-right-verifier-right-verifier').digest('base64url');
		const { clientId, clientSecret } = emu.connectionInfo();
		let code = new URL((await authorize({ code_challenge: challenge, code_challenge_method: 'S256' })).headers.get('location')!).searchParams.get('code')!;
		const bad = await form({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId, client_secret: clientSecret, code_verifier: 'wrong-verifier-wrong-verifier-wrong-verifier' });
		expect(bad.json).toEqual({ error: 'invalid_grant', error_description: 'invalid code verifier' });

		code = new URL((await authorize()).headers.get('location')!).searchParams.get('code')!;
		now += 16 * 60 * 1000;
		const expired = await form({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId, client_secret: clientSecret });
		now = Date.now();
		expect(expired.json).toEqual({ error: 'invalid_grant', error_description: 'expired authorization code' });

		code = new URL((await authorize()).headers.get('location')!).searchParams.get('code')!;
		const secret = await form({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId, client_secret: 'nope' });
		expect(secret.json).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
		const unknown = await authorize({ client_id: 'someone-else' });
		expect(unknown.status).toBe(400);
		expect(unknown.json).toEqual({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
		const mismatch = await authorize({ redirect_uri: 'http://evil.example/cb' });
		expect(mismatch.json.error).toBe('redirect_uri_mismatch');
		expect((await form({ grant_type: 'password', username: 'x', password: 'y' })).json.error).toBe('unsupported_grant_type');
	});
});

describe('client credentials', () => {
	test('runs as the configured user, Basic or form auth, no refresh token', async () => {
		const { clientId, clientSecret } = emu.connectionInfo();
		const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
		const t = await form({ grant_type: 'client_credentials' }, { Authorization: `Basic ${basic}` });
		expect(t.status).toBe(200);
		expect(t.json.refresh_token).toBeUndefined();
		expect((await meWith(t.json.access_token)).json.userName).toBe('admin@sfscim-emulator.example');
		const f = await form({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong' });
		expect(f.json).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
	});

	test('without a run-as user the flow is not enabled', async () => {
		const other = await startEmulator({ oauth: { runAsUser: undefined } });
		try {
			const { clientId, clientSecret } = other.connectionInfo();
			const r = await http(`${other.url}/services/oauth2/token`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
			});
			expect(r.json).toEqual({ error: 'invalid_grant', error_description: 'no client credentials user enabled' });
		} finally {
			await other.close();
		}
	});
});

describe('JWT bearer', () => {
	const claims = () => ({ iss: emu.connectionInfo().clientId, sub: 'admin@sfscim-emulator.example', aud: emu.url, exp: Math.floor(now / 1000) + 120 });
	const grant = (assertion: string) => form({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });

	test('a valid assertion gets a token (no refresh token), usable on SCIM', async () => {
		const t = await grant(jwt(claims()));
		expect(t.status).toBe(200);
		expect(t.json.refresh_token).toBeUndefined();
		expect(t.json.instance_url).toBe(emu.url);
		expect((await meWith(t.json.access_token)).status).toBe(200);
		// login.salesforce.com is an accepted audience too (a JWT built for production).
		expect((await grant(jwt({ ...claims(), aud: 'https://login.salesforce.com' }))).status).toBe(200);
	});

	test('Salesforce’s errors for each bad claim', async () => {
		const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
		expect((await grant(jwt(claims(), other))).json).toEqual({ error: 'invalid_grant', error_description: 'invalid assertion' });
		expect((await grant(jwt({ ...claims(), iss: 'wrong' }))).json).toEqual({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
		expect((await grant(jwt({ ...claims(), aud: 'https://example.com' }))).json).toEqual({ error: 'invalid_grant', error_description: 'audience is invalid' });
		expect((await grant(jwt({ ...claims(), sub: 'jane.doe@sfscim-emulator.example' }))).json).toEqual({ error: 'invalid_grant', error_description: "user hasn't approved this consumer" });
		expect((await grant(jwt({ ...claims(), exp: Math.floor(now / 1000) - 10 }))).json).toEqual({ error: 'invalid_grant', error_description: 'expired authorization code' });
		expect((await grant(jwt({ ...claims(), exp: Math.floor(now / 1000) + 3600 }))).json.error).toBe('invalid_grant');
		expect((await grant('not.a.jwt')).json).toEqual({ error: 'invalid_grant', error_description: 'invalid assertion' });
	});

	test('a certificate (PEM) configured on the app verifies the signature', async () => {
		let dir: string | undefined;
		try {
			dir = mkdtempSync(join(tmpdir(), 'sfscim-cert-'));
			execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', '/CN=sfscim-test', '-days', '2'], { stdio: 'ignore' });
		} catch {
			return; // no openssl on this machine: the public-key path above covers the verification
		}
		const other = await startEmulator({ oauth: { jwtCertificate: readFileSync(join(dir, 'c.pem'), 'utf8') } });
		try {
			const key = readFileSync(join(dir, 'k.pem'), 'utf8');
			const c = { iss: other.connectionInfo().clientId, sub: 'admin@sfscim-emulator.example', aud: other.url, exp: Math.floor(Date.now() / 1000) + 120 };
			const r = await http(`${other.url}/services/oauth2/token`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt(c, require('node:crypto').createPrivateKey(key)) }).toString(),
			});
			expect(r.status).toBe(200);
		} finally {
			await other.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('session expiry', () => {
	test('after tokenTtlSeconds SCIM answers Salesforce’s 401 INVALID_SESSION_ID', async () => {
		const token = emu.issueToken();
		expect((await meWith(token)).status).toBe(200);
		now += 61 * 1000;
		try {
			const r = await meWith(token);
			expect(r.status).toBe(401);
			expect(r.json).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
		} finally {
			now = Date.now();
		}
		expect((await http(`${emu.scimUrl}/Users`)).status).toBe(401);
		expect((await http(`${emu.scimUrl}/Users`, { headers: { Authorization: 'Bearer 00Dfake!token' } })).json[0].errorCode).toBe('INVALID_SESSION_ID');
	});

	test('expiring tokens through the admin API', async () => {
		const token = emu.issueToken();
		const r = await http(`${emu.url}/__admin/tokens/expire`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) });
		expect(r.json).toEqual({ expired: 1 });
		expect((await meWith(token)).status).toBe(401);
		const minted = await http(`${emu.url}/__admin/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'jane.doe@sfscim-emulator.example' }) });
		expect(minted.status).toBe(201);
		expect((await meWith(minted.json.access_token)).json.userName).toBe('jane.doe@sfscim-emulator.example');
	});
});
