/** `sfscim emulator` from the built CLI: prints its connection values, serves curl-like requests, stops on SIGTERM. */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const command = join(root, 'cli', 'dist', 'cli', 'src', 'commands', 'emulator.js');

// The command runs from the built CLI. Never skipped: when it is not built (jest run without `npm test`), build
// it here, as `npm run build -w cli` does; a build that fails fails this test with the compiler's output.
beforeAll(() => {
	if (existsSync(command)) return;
	// Not incremental: the build info would call a deleted output up to date and emit nothing.
	const tsc = [require.resolve('typescript/bin/tsc'), '-p', join(root, 'cli', 'tsconfig.json'), '--incremental', 'false', '--tsBuildInfoFile', 'null'];
	execFileSync(process.execPath, tsc, { cwd: root, stdio: 'pipe' });
	if (!existsSync(command)) throw new Error(`building the CLI did not produce ${command}`);
}, 300_000);

test('sfscim emulator --port 0 --json --seed FILE', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'sfscim-seed-'));
	const seedFile = join(dir, 'org.json');
	writeFileSync(
		seedFile,
		JSON.stringify({
			profiles: [{ name: 'Standard User' }],
			users: [{ userName: 'Seeded.Admin@Example.org', familyName: 'Admin', profile: 'Standard User' }],
		}),
	);
	const child = spawn(process.execPath, [join(root, 'cli', 'bin', 'run.js'), 'emulator', '--port', '0', '--json', '--licenses', '5', '--seed', seedFile], { stdio: ['ignore', 'pipe', 'pipe'] });
	try {
		let out = '';
		const info = await new Promise<any>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no connection values printed: ${out}`)), 30_000);
			child.stdout.on('data', (d) => {
				out += d;
				try {
					const parsed = JSON.parse(out);
					clearTimeout(timer);
					resolve(parsed);
				} catch {
					// not complete yet
				}
			});
			child.once('exit', (code) => reject(new Error(`exited early (${code}): ${out}`)));
		});
		expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(info.scimUrl).toBe(`${info.url}/services/scim/v2`);
		expect(info.clientId).toBeTruthy();
		expect(info.clientSecret).toBeTruthy();
		const users = await fetch(`${info.scimUrl}/Users`, { headers: { Authorization: `Bearer ${info.accessToken}` } });
		expect(users.status).toBe(200);
		expect(users.headers.get('sforce-limit-info')).toMatch(/^api-usage=1\/105000$/);
		expect(((await users.json()) as any).Resources.map((u: any) => u.userName)).toEqual(['seeded.admin@example.org']);
		const token = await fetch(info.tokenUrl, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'client_credentials', client_id: info.clientId, client_secret: info.clientSecret }).toString(),
		});
		expect(((await token.json()) as any).instance_url).toBe(info.url);
	} finally {
		const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
		rmSync(dir, { recursive: true, force: true });
	}
});
