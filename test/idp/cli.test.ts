/** `sfscim idp` from the built CLI: flags checked before anything is sent, exit codes, JSON, no token in output. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { makePeople, runSequence, SEQUENCES } from '../../cli/src/idp';
import { IdpSettingsError, parseUserAttributes, resolveIdpName, resolveIdpSettings, resolveLoadNumbers } from '../../cli/src/idp/settings';
import { closeAll, emulator, scimmy } from './helpers';

const root = join(__dirname, '..', '..');
const built = existsSync(join(root, 'cli', 'dist', 'cli', 'src', 'commands', 'idp.js'));
const run = promisify(execFile);

afterEach(closeAll);

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
	try {
		const { stdout, stderr } = await run(process.execPath, [join(root, 'cli', 'bin', 'run.js'), 'idp', ...args], { env: { ...process.env, ...env }, timeout: 60_000 });
		return { code: 0, stdout, stderr };
	} catch (err) {
		const e = err as { code: number; stdout: string; stderr: string };
		return { code: e.code, stdout: e.stdout, stderr: e.stderr };
	}
}

describe('settings are checked before anything is sent', () => {
	const ok = { url: 'https://n8n.example.com/webhook/abc/acme/', token: 't0ken' };
	test.each([
		[{ token: 't' }, /--url is required/],
		[{ url: 'https://x.example.com' }, /--token is required/],
		[{ ...ok, url: 'not a url' }, /is not a URL/],
		[{ ...ok, url: 'ftp://x.example.com' }, /http\(s\)/],
		[{ ...ok, url: 'https://x.example.com/scim?aadOptscim062020' }, /run `sfscim idp entra-062020`/],
		[{ ...ok, url: 'https://x.example.com/scim?x=1' }, /must not carry a query/],
		[{ ...ok, prefix: 'has space' }, /--prefix "has space" must be/],
		[{ ...ok, domain: 'nodot' }, /not a mail domain/],
		[{ ...ok, 'verify-url': 'https://v.example.com' }, /needs --verify-token/],
		[{ ...ok, 'verify-token': 'x' }, /without --verify-url/],
		[{ ...ok, 'user-attributes': '[1]' }, /must be a JSON object/],
		[{ ...ok, 'user-attributes': '{"userName":"x"}' }, /must not set userName/],
		[{ ...ok, 'user-attributes': '@/nonexistent/file.json' }, /cannot read/],
	])('%j', (flags, message) => {
		expect(() => resolveIdpSettings(flags)).toThrow(IdpSettingsError);
		expect(() => resolveIdpSettings(flags)).toThrow(message);
	});

	test('good flags: the trailing slash goes, a random suffix, the attributes parsed', () => {
		const s = resolveIdpSettings({ ...ok, 'user-attributes': '{"timezone":"Europe/Paris"}' });
		expect(s.target.url).toBe('https://n8n.example.com/webhook/abc/acme');
		expect(s.suffix).toMatch(/^[0-9a-f]{6}$/);
		expect(s.userAttributes).toEqual({ timezone: 'Europe/Paris' });
		expect(parseUserAttributes(undefined)).toEqual({});
		expect(() => resolveIdpName('onelogin', '--idp')).toThrow(/must be one of okta, entra, entra-062020/);
		expect(() => resolveLoadNumbers({ users: 0 })).toThrow(/--users/);
		expect(() => resolveLoadNumbers({ concurrency: 5000 })).toThrow(/--concurrency/);
	});
});

test('nobody answering, or a refused token, stops the run after the first request instead of failing every step', async () => {
	const peer = await scimmy();
	const refused = await runSequence({ sequence: SEQUENCES.entra, target: { url: peer.url, token: 'wrong', timeoutMs: 5000 }, people: makePeople('entra', 'tk1', 'example.com') });
	expect(refused.summary).toMatchObject({ failed: 1, requests: 1 });
	expect(refused.steps[1].skipped).toMatch(/token was refused \(401\)/);
	await peer.close();
	const gone = await runSequence({ sequence: SEQUENCES.okta, target: { url: peer.url, token: peer.token, timeoutMs: 5000 }, people: makePeople('okta', 'tk2', 'example.com') });
	expect(gone.summary).toMatchObject({ failed: 1, requests: 1 });
	expect(gone.steps[1].skipped).toMatch(/did not answer \(ECONNREFUSED\)/);
});

(built ? describe : describe.skip)('the built CLI', () => {
	test('okta against SCIMMY: exit 0, JSON report, the token (from the environment) nowhere in the output', async () => {
		const peer = await scimmy();
		const r = await cli(['okta', '--url', peer.url, '--prefix', 'cli1', '--json'], { SFSCIM_IDP_TOKEN: peer.token });
		expect(r.code).toBe(0);
		const report = JSON.parse(r.stdout);
		expect(report).toMatchObject({ idp: 'okta', ok: true, suffix: 'cli1', summary: { failed: 0 } });
		expect(r.stdout + r.stderr).not.toContain(peer.token);
	});

	test('entra against the emulator as shipped: exit 1 and a text report naming the steps Entra would reject', async () => {
		const emu = await emulator();
		const token = emu.issueToken();
		const r = await cli(['entra', '--url', emu.scimUrl, '--token', token, '--prefix', 'cli2']);
		expect(r.code).toBe(1);
		expect(r.stdout).toMatch(/^sfscim idp entra → http:\/\/127\.0\.0\.1:\d+\/services\/scim\/v2 · run cli2/);
		expect(r.stdout).toMatch(/✓ test-connection/);
		// No profile is mapped: Salesforce refuses the user (REQUIRED_FIELD_MISSING), and the rest is skipped.
		expect(r.stdout).toMatch(/✗ user\.create[\s\S]*user_must_have_one_entitlement/);
		expect(r.stdout).toMatch(/FAILED · entra would not accept/);
		expect(r.stdout + r.stderr).not.toContain(token);
	});

	test('load: 30 users, JSON with the histogram and read-back counts; a bad flag exits 2 before sending', async () => {
		const emu = await emulator({ behaviour: { errorStatusType: 'string' } });
		const token = emu.issueToken();
		const profile = JSON.stringify({ entitlements: [{ value: emu.state.findProfile('Standard User')!.id }], locale: 'en_US' });
		const r = await cli(['load', '--url', emu.scimUrl, '--token', token, '--users', '30', '--concurrency', '10', '--user-attributes', profile, '--prefix', 'cli3', '--json']);
		expect(r.code).toBe(0);
		const report = JSON.parse(r.stdout);
		expect(report.phases[0]).toMatchObject({ name: 'create', requests: 30, statuses: { 201: 30 } });
		expect(report.readBack[0]).toMatchObject({ found: 30, lost: 0, duplicates: 0 });
		const before = emu.requestLog.count('POST', '/services/scim/v2/Users');
		const bad = await cli(['load', '--url', emu.scimUrl, '--token', token, '--users', '-3']);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toMatch(/--users must be a whole number/);
		expect(emu.requestLog.count('POST', '/services/scim/v2/Users')).toBe(before);
	});
});
