import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { formatCheck, parseEnvFile, resolveSettings, runCheck, SettingsError, type CheckReport, type CheckSettings } from '../../cli/src/check';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../cli/src/emulator';
import { jwtKeys } from '../support/scimNode';

const ADMIN = 'admin@sfscim-emulator.example';
const dir = mkdtempSync(join(tmpdir(), 'sfscim-check-'));
const keyFile = join(dir, 'server.key');
writeFileSync(keyFile, jwtKeys().privateKey);

const running: Array<{ close(): Promise<void> | void }> = [];
afterEach(async () => {
	for (const r of running.splice(0)) await r.close();
});

async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const emu = await startEmulator({ ...options, oauth: { jwtPublicKey: jwtKeys().publicKey, ...options.oauth } });
	running.push(emu);
	return emu;
}

function clientCredentials(emu: { url: string; connectionInfo?: Emulator['connectionInfo'] }, url = emu.url): CheckSettings {
	const info = (emu as Emulator).connectionInfo();
	return { environment: 'myDomain', myDomainUrl: url, grant: 'client-credentials', clientId: info.clientId, clientSecret: info.clientSecret, timeoutMs: 5000 };
}

function jwt(emu: Emulator, overrides: Partial<CheckSettings> = {}): CheckSettings {
	return { environment: 'myDomain', myDomainUrl: emu.url, grant: 'jwt', clientId: emu.connectionInfo().clientId, username: ADMIN, privateKey: jwtKeys().privateKey, timeoutMs: 5000, ...overrides };
}

const byId = (report: CheckReport) => Object.fromEntries(report.items.map((i) => [i.id, i]));

describe('passes against the emulator', () => {
	test.each([
		['client credentials', (emu: Emulator) => clientCredentials(emu)],
		['JWT bearer', (emu: Emulator) => jwt(emu)],
	])('%s: every item passes', async (_name, settings) => {
		const emu = await emulator();
		const report = await runCheck(settings(emu));
		expect(report.items.map((i) => [i.id, i.status])).toEqual([
			['token', 'pass'], ['scope', 'pass'], ['serviceProviderConfig', 'pass'], ['me', 'pass'], ['users', 'pass'], ['entitlements', 'pass'], ['groups', 'pass'], ['apiUsage', 'pass'],
		]);
		expect(report.ok).toBe(true);
		expect(byId(report).me.detail).toBe(`${ADMIN}, profile System Administrator`);
		expect(byId(report).users.detail).toBe('2 users in the org');
		expect(byId(report).apiUsage.detail).toMatch(/^5 of 300,000 requests used/);
	});
});

/** Each broken setup the emulator can play: the item that fails and the words its fix must contain. */
interface Broken {
	name: string;
	options?: EmulatorOptions;
	settings: (emu: Emulator) => CheckSettings;
	failing: string;
	fix: RegExp;
	prepare?: (emu: Emulator) => void;
}

const broken: Broken[] = [
	{ name: 'a private key that does not match the certificate', settings: (emu) => jwt(emu, { privateKey: otherKey() }), failing: 'token', fix: /private key must match the certificate/ },
	{ name: 'a JWT audience the org does not accept (wrong environment)', settings: (emu) => jwt(emu, { audience: 'https://login.example.invalid' }), failing: 'token', fix: /audience does not match.*Sandbox.*My Domain.*--audience https:\/\/login\.salesforce\.com/ },
	{ name: 'a user who is not pre-authorised for the app', settings: (emu) => jwt(emu, { username: 'jane.doe@sfscim-emulator.example' }), failing: 'token', fix: /not pre-authorised.*Admin approved users are pre-authorized/ },
	{ name: 'a wrong consumer secret', settings: (emu) => ({ ...clientCredentials(emu), clientSecret: 'not-the-secret' }), failing: 'token', fix: /Consumer Secret is wrong/ },
	{ name: 'a wrong consumer key (an app of another org)', settings: (emu) => ({ ...clientCredentials(emu), clientId: '3MVG9someOtherOrgsApp' }), failing: 'token', fix: /does not know this Consumer Key.*Environment/ },
	{ name: 'a token that expires at once', options: { tokenTtlSeconds: 0 }, settings: (emu) => clientCredentials(emu), failing: 'serviceProviderConfig', fix: /session ended at once/ },
	{ name: 'usage near the daily limit', options: { apiLimit: 1000 }, settings: (emu) => clientCredentials(emu), failing: 'apiUsage', fix: /stops before passing 80 %/, prepare: (emu) => void (emu.state.usage.used = 850) },
	{ name: 'a login page instead of the API (wrong host)', options: { faults: [{ kind: 'html', every: 1, path: '/services/scim/v2/ServiceProviderConfigs' }] }, settings: (emu) => clientCredentials(emu), failing: 'serviceProviderConfig', fix: /not serving Salesforce's API.*--my-domain/ },
	{ name: 'the daily limit used up', options: { apiLimit: 1000 }, settings: (emu) => clientCredentials(emu), failing: 'serviceProviderConfig', fix: /24-hour window/, prepare: (emu) => void (emu.state.usage.used = 1000) },
];

describe('fails with the right fix', () => {
	test.each(broken)('$name', async ({ options, settings, failing, fix, prepare }) => {
		const emu = await emulator(options);
		prepare?.(emu);
		const report = await runCheck(settings(emu));
		expect(report.ok).toBe(false);
		const item = byId(report)[failing];
		expect(item.status).toBe('fail');
		expect(item.fix).toMatch(fix);
		expect(formatCheck(report)).toMatch(/^FAILED · \d+ problems? to fix$/m);
	});

	test('an integration user without "Manage Users": 403 on /Users', async () => {
		const emu = await emulator();
		const proxy = await forbidUsers(emu.url);
		const report = await runCheck(clientCredentials(emu, proxy));
		const items = byId(report);
		expect(items.me.status).toBe('pass');
		expect(items.users).toMatchObject({ status: 'fail', fix: expect.stringMatching(/"Manage Users" permission/) });
		expect(items.groups.status).toBe('pass');
		expect(report.ok).toBe(false);
	});

	test('a My Domain nobody answers on', async () => {
		const report = await runCheck({ ...clientCredentials(await emulator()), myDomainUrl: 'http://127.0.0.1:9' });
		expect(byId(report).token).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^cannot reach http:\/\/127\.0\.0\.1:9/), fix: expect.stringMatching(/--my-domain/) });
		expect(report.items.filter((i) => i.status === 'skip').length).toBe(6);
	});
});

describe('settings', () => {
	test('an environment file, flags winning, prefixes, quotes, an inline key', () => {
		const file = join(dir, 'org.env');
		writeFileSync(file, ['# the emulator', 'SFSCIM_ENVIRONMENT=mydomain', 'MY_DOMAIN=http://127.0.0.1:8787', 'export CLIENT_ID="from-file"', "CLIENT_SECRET='s3cr3t'", ''].join('\n'));
		const settings = resolveSettings({ 'client-id': 'from-flag' }, file);
		expect(settings).toMatchObject({ environment: 'myDomain', myDomainUrl: 'http://127.0.0.1:8787', grant: 'client-credentials', clientId: 'from-flag', clientSecret: 's3cr3t' });
		expect(parseEnvFile('PRIVATE_KEY=-----BEGIN PRIVATE KEY-----\\nAAA\\n-----END PRIVATE KEY-----\nGRANT=jwt').privateKey).toMatch(/^-----BEGIN/);
	});

	test.each([
		[{ 'client-id': 'x', grant: 'client-credentials', 'client-secret': 's' }, /client credentials flow runs against your My Domain/],
		[{ 'client-id': 'x', environment: 'mydomain', 'my-domain': 'http://salesforce.example.com', 'client-secret': 's' }, /must use https/],
		[{ 'client-id': 'x', grant: 'jwt', environment: 'sandbox' }, /--username/],
		[{ grant: 'jwt' }, /--client-id/],
		[{ 'client-id': 'x', grant: 'jwt', environment: 'sandbox', username: 'u@example.com', 'private-key-file': join(dir, 'missing.key') }, /cannot read the private key file .*ENOENT/],
	])('%j is refused before any request', (flags, message) => {
		expect(() => resolveSettings(flags)).toThrow(SettingsError);
		expect(() => resolveSettings(flags)).toThrow(message);
	});
});

describe('the command', () => {
	const run = promisify(execFile);
	const bin = join(__dirname, '..', '..', 'cli', 'bin', 'run.js');

	test('--json: passes against the emulator, exit 0, no secret in the output', async () => {
		const emu = await emulator();
		const info = emu.connectionInfo();
		const env = join(dir, 'emulator.env');
		writeFileSync(env, `ENVIRONMENT=mydomain\nMY_DOMAIN=${emu.url}\nCLIENT_ID=${info.clientId}\nCLIENT_SECRET=${info.clientSecret}\n`);
		const { stdout } = await run(process.execPath, [bin, 'check', '--env-file', env, '--json']);
		expect(JSON.parse(stdout)).toMatchObject({ ok: true, settings: { grant: 'client-credentials' } });
		expect(stdout).not.toContain(info.clientSecret);
		expect(stdout).not.toContain(info.clientId);
	});

	test('a refused JWT: checklist with the fix, exit 1, the key never printed', async () => {
		const emu = await emulator();
		const args = [bin, 'check', '--environment', 'mydomain', '--my-domain', emu.url, '--grant', 'jwt', '--client-id', emu.connectionInfo().clientId, '--username', 'jane.doe@sfscim-emulator.example', '--private-key-file', keyFile];
		const failure = await run(process.execPath, args).catch((error: { code: number; stdout: string }) => error);
		expect((failure as { code: number }).code).toBe(1);
		expect(failure.stdout).toMatch(/✗ Access token .*\n.*→ The user is not pre-authorised/);
		expect(failure.stdout).not.toMatch(/PRIVATE KEY|MII/);
	});
});

function otherKey(): string {
	return generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
}

/**
 * The emulator does not model user permissions, so a front answers /Users the way Salesforce answers an
 * integration user whose profile lacks "Manage Users"; everything else goes through.
 */
async function forbidUsers(target: string): Promise<string> {
	const server: Server = createServer((req, res) => {
		if (req.url?.startsWith('/services/scim/v2/Users')) {
			res.writeHead(403, { 'content-type': 'application/json', 'sforce-limit-info': 'api-usage=3/300000' });
			res.end(JSON.stringify([{ message: 'Insufficient access rights on cross-reference id', errorCode: 'INSUFFICIENT_ACCESS' }]));
			return;
		}
		const upstream = new URL(target);
		const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, async (answer) => {
			const chunks: Buffer[] = [];
			for await (const chunk of answer) chunks.push(chunk as Buffer);
			// The token answer names the instance: keep the client talking to this front.
			const body = Buffer.concat(chunks).toString('utf8').split(target).join(front);
			const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) };
			res.writeHead(answer.statusCode ?? 502, headers);
			res.end(body);
		});
		req.pipe(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	running.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
	const front = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return front;
}
