/**
 * Each credential type end to end through n8n's engine against the emulator: the JWT really signed and verified,
 * client credentials and authorization code + PKCE really exchanged, expiry mid-run recovered without a failed
 * item, and every refusal explained by naming the setting to change — with no request to the SCIM API after it.
 */
import { generateKeyPairSync } from 'node:crypto';

import { runWorkflow } from '../../cli/src/engine';
import { useEmulator } from '../support/emulator';
import { connectWithPkce, pkceCredential } from '../support/oauthFlow';
import { clientCredentials, jsonOf, jwtCredential, jwtKeys, NODE, scimNode, workflowWith, type AuthKind } from '../support/scimNode';

const emulator = useEmulator({ oauth: { jwtPublicKey: jwtKeys().publicKey, requirePkce: true } });
beforeEach(() => emulator.reset());

const TOKEN = '/services/oauth2/token';
const USERS = '/services/scim/v2/Users';
const getUser = { resource: 'user', operation: 'get', user: { __rl: true, mode: 'userName', value: 'jane.doe@sfscim-emulator.example' }, options: {} };
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ i }));
const scimRequests = () => emulator.requestLog.entries().filter((e) => e.path.startsWith('/services/scim')).length;

async function run(auth: AuthKind, credential: Parameters<typeof runWorkflow>[1] extends infer O ? O extends { credentials?: Array<infer C> } ? C : never : never, count = 1, options = {}) {
	return await runWorkflow(workflowWith(scimNode({ ...getUser, options }, auth), items(count)), { credentials: [credential] });
}

function otherKey() {
	return generateKeyPairSync('rsa', {
		modulusLength: 2048,
		publicKeyEncoding: { type: 'spki', format: 'pem' },
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	}).privateKey;
}

describe('JWT bearer', () => {
	test('signs RS256 with the private key; the emulator verifies it with the certificate key; one mint serves every item', async () => {
		const result = await run('jwt', jwtCredential(emulator), 5);
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toHaveLength(5);
		expect(jsonOf(result)[0]).toMatchObject({ userName: 'jane.doe@sfscim-emulator.example' });
		expect(emulator.requestLog.count('POST', TOKEN)).toBe(1);
		expect(result.credentialEvents.filter((e) => e.kind === 'preAuthentication')).toHaveLength(1);
		const stored = result.credentialStore.get('cred-jwt')!.data;
		expect(stored.instanceUrl).toBe(emulator.url);
		expect(String(stored.accessToken)).not.toBe('');
	});

	test('a key pasted on one line (no line breaks) still signs', async () => {
		const oneLine = jwtKeys().privateKey.replace(/\n/g, ' ');
		const result = await run('jwt', jwtCredential(emulator, { privateKey: oneLine }));
		expect(result.error).toBeUndefined();
	});

	test('a private key that does not match the certificate: the error names the private key, one token request, nothing sent to SCIM', async () => {
		const result = await run('jwt', jwtCredential(emulator, { privateKey: otherKey() }), 3);
		expect(result.error?.message).toMatch(/could not verify the JWT\. The private key must match the certificate uploaded to the connected app/);
		expect(result.error?.description).toMatch(/nothing was sent to Salesforce's SCIM API/);
		expect(emulator.requestLog.count('POST', TOKEN)).toBe(1);
		expect(scimRequests()).toBe(0);
	});

	test('text that is not a PEM key is refused before any request', async () => {
		const before = emulator.requestLog.total;
		const result = await run('jwt', jwtCredential(emulator, { privateKey: 'paste your key here' }));
		expect(result.error?.message).toMatch(/The private key is not in PEM format/);
		expect(emulator.requestLog.total).toBe(before);
	});

	test('a certificate pasted instead of the key says so', async () => {
		const cert = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----';
		const result = await run('jwt', jwtCredential(emulator, { privateKey: cert }));
		expect(result.error?.message).toMatch(/This is a certificate, not a private key/);
	});

	test('an unknown consumer key names the Consumer Key setting', async () => {
		const result = await run('jwt', jwtCredential(emulator, { clientId: '3MVG9unknownConsumerKey' }));
		expect(result.error?.message).toMatch(/Salesforce does not know this Consumer Key/);
		expect(scimRequests()).toBe(0);
	});

	test('a user who is not pre-authorised for the app says what to change in Salesforce', async () => {
		const result = await run('jwt', jwtCredential(emulator, { username: 'jane.doe@sfscim-emulator.example' }));
		expect(result.error?.message).toMatch(/The user is not pre-authorised for this connected app.*Permitted Users/);
		expect(scimRequests()).toBe(0);
	});

	test('a JWT for the wrong login host (audience) names Environment / My Domain', async () => {
		// localhost and 127.0.0.1 reach the same emulator, but the audience is not the one the org expects.
		const result = await run('jwt', jwtCredential(emulator, { myDomainUrl: emulator.url.replace('127.0.0.1', 'localhost') }));
		expect(result.error?.message).toMatch(/The JWT audience does not match this org's login host\. Set Environment to Sandbox.*My Domain/);
	});

	test('a session that dies mid-run (401) is re-minted and no item fails', async () => {
		emulator.setFaults([{ kind: 'unauthorized', nth: 3, path: USERS }]);
		const result = await run('jwt', jwtCredential(emulator), 6, { concurrency: 1 });
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toHaveLength(6);
		expect(jsonOf(result).every((u) => u.userName === 'jane.doe@sfscim-emulator.example')).toBe(true);
		expect(emulator.requestLog.entries().filter((e) => e.status === 401)).toHaveLength(1);
		expect(result.credentialEvents.filter((e) => e.kind === 'preAuthentication')).toHaveLength(2);
		expect(emulator.requestLog.count('POST', TOKEN)).toBe(2);
	});

	test('an http URL to a non-loopback host is refused: tokens travel over https only', async () => {
		const before = emulator.requestLog.total;
		const result = await run('jwt', jwtCredential(emulator, { myDomainUrl: 'http://example.my.salesforce.com' }));
		expect(result.error?.message).toMatch(/My Domain URL must use https:\/\//);
		expect(emulator.requestLog.total).toBe(before);
	});
});

describe('OAuth2 client credentials', () => {
	test('gets one token for all items even with several requests in flight, and calls the returned instance', async () => {
		const result = await run('oAuth2', clientCredentials(emulator), 8, { concurrency: 5 });
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toHaveLength(8);
		expect(emulator.requestLog.count('POST', TOKEN)).toBe(1);
		const token = result.credentialStore.get('cred-oauth2')!.data.oauthTokenData as Record<string, string>;
		expect(token.instance_url).toBe(emulator.url);
		expect(token.refresh_token).toBeUndefined();
	});

	test('a session that dies mid-run (401): n8n gets a new token and no item fails', async () => {
		emulator.setFaults([{ kind: 'unauthorized', nth: 3, path: USERS }]);
		const result = await run('oAuth2', clientCredentials(emulator), 6, { concurrency: 1 });
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toHaveLength(6);
		expect(emulator.requestLog.entries().filter((e) => e.status === 401)).toHaveLength(1);
		expect(emulator.requestLog.count('POST', TOKEN)).toBe(2);
		expect(result.credentialEvents.filter((e) => e.kind === 'oauthTokenData')).toHaveLength(2);
	});

	test('without My Domain: a clear error naming the setting, and no request at all', async () => {
		const before = emulator.requestLog.total;
		const result = await run('oAuth2', clientCredentials(emulator, { environment: 'production' }), 3);
		expect(result.error?.message).toBe(
			'Client Credentials needs your org’s My Domain URL: in the credential set Environment to “My Domain” and enter https://yourcompany.my.salesforce.com',
		);
		expect(emulator.requestLog.total).toBe(before);
	});

	test('a wrong consumer secret names the Consumer Secret; one token request for all items', async () => {
		const result = await run('oAuth2', clientCredentials(emulator, { clientSecret: 'not-the-secret' }), 4);
		expect(result.error?.message).toMatch(/^The Consumer Secret is wrong.*Client Credentials Flow/);
		expect(result.error?.description).toMatch(/nothing was sent to Salesforce's SCIM API/);
		expect(emulator.requestLog.count('POST', TOKEN)).toBe(1);
		expect(scimRequests()).toBe(0);
	});
});

describe('OAuth2 authorization code with PKCE, then refresh', () => {
	test('the connected credential works; tokens expired mid-run are refreshed by n8n and no item fails', async () => {
		const tokenData = await connectWithPkce(emulator);
		expect(tokenData.refresh_token).toEqual(expect.any(String));
		// Hold the third SCIM call long enough to expire every session while the run is under way.
		emulator.setFaults([{ kind: 'hang', nth: 3, hangMs: 150, path: USERS }]);
		const running = run('oAuth2', pkceCredential(emulator, tokenData), 10, { concurrency: 2 });
		for (let i = 0; i < 200 && emulator.requestLog.count('GET', USERS) < 3; i++) await new Promise((r) => setTimeout(r, 5));
		expect(emulator.expireTokens()).toBeGreaterThan(0);
		const result = await running;

		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toHaveLength(10);
		expect(jsonOf(result).every((u) => u.userName === 'jane.doe@sfscim-emulator.example')).toBe(true);
		expect(result.outputs[NODE][0].map((i) => i.pairedItem)).toEqual(items(10).map((_, i) => ({ item: i })));
		expect(emulator.requestLog.entries().filter((e) => e.status === 401).length).toBeGreaterThan(0);
		expect(result.credentialEvents.filter((e) => e.kind === 'oauthTokenData').length).toBeGreaterThanOrEqual(1);
		const stored = result.credentialStore.get('cred-oauth2')!.data.oauthTokenData as Record<string, string>;
		expect(stored.access_token).not.toBe(tokenData.access_token);
		// Salesforce does not rotate refresh tokens: the one from "Connect" must survive the refresh.
		expect(stored.refresh_token).toBe(tokenData.refresh_token);

		// And it keeps working on the next run after the next expiry.
		emulator.expireTokens();
		const next = await runWorkflow(workflowWith(scimNode(getUser)), { credentials: [result.credentialStore.get('cred-oauth2')!] });
		expect(next.error).toBeUndefined();
		expect(jsonOf(next)).toHaveLength(1);
	});

	test('token data without instance_url: the Instance URL override is used; with neither, a clear error and no request', async () => {
		const { instance_url: _dropped, ...tokenData } = await connectWithPkce(emulator);
		const withOverride = await run('oAuth2', pkceCredential(emulator, tokenData, { environment: 'production', instanceUrl: emulator.url }));
		expect(withOverride.error).toBeUndefined();
		expect(jsonOf(withOverride)).toHaveLength(1);

		const before = emulator.requestLog.total;
		const without = await run('oAuth2', pkceCredential(emulator, tokenData, { environment: 'production', instanceUrl: '' }));
		expect(without.error?.message).toBe('The credential has no instance URL yet. Open the credential and click “Connect my account”, or fill in Instance URL');
		expect(emulator.requestLog.total).toBe(before);
	});

	test('an instance_url over plain http to a non-loopback host is refused: the token is not sent', async () => {
		const tokenData = await connectWithPkce(emulator);
		const before = emulator.requestLog.total;
		const result = await run('oAuth2', pkceCredential(emulator, { ...tokenData, instance_url: 'http://evil.example.com' }));
		expect(result.error?.message).toMatch(/The instance_url in the OAuth token must use https:\/\//);
		expect(emulator.requestLog.total).toBe(before);
	});

	test('a revoked refresh token asks to reconnect', async () => {
		const tokenData = await connectWithPkce(emulator);
		emulator.oauth.revoke(String(tokenData.refresh_token));
		emulator.expireTokens();
		const result = await run('oAuth2', pkceCredential(emulator, tokenData), 3);
		expect(result.error?.message).toMatch(/needs to be reconnected/);
		expect(result.error?.description).toMatch(/Connect my account/);
		expect(emulator.requestLog.entries().filter((e) => e.path === USERS).length).toBeLessThanOrEqual(1);
	});
});
