import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Issue 15: `npm run test:n8n` stopped on a fresh machine with "no node binary found". npm run exports the
// repository's .npmrc (ignore-scripts=true) as npm_config_ignore_scripts=true, and the harness's nested install
// of node@24 — whose preinstall script puts the binary in place — inherited it. These cases run the harness's
// own install step (scripts/n8n/npm.mjs, used by install.mjs and package.mjs) on a small local package whose
// install scripts leave a file behind, started the way a user starts it: through `npm run` in a project with
// this repository's .npmrc. No registry, no n8n download.
const root = join(__dirname, '..', '..');
const npmModule = pathToFileURL(join(root, 'scripts', 'n8n', 'npm.mjs')).href;

let work: string;
let tarball: string;

/** The environment of this process without what an outer `npm run` (e.g. `npm test`) exported. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) if (!k.toLowerCase().startsWith('npm_')) env[k] = v;
	return { ...env, npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false', ...extra };
}

beforeAll(() => {
	work = mkdtempSync(join(tmpdir(), 'sfscim-nested-npm-'));
	// A package with both kinds of install script node@24 and n8n's native modules use.
	const pkg = join(work, 'probe');
	mkdirSync(pkg);
	const writes = (file: string) => `node -e "require('fs').writeFileSync('${file}', 'ran')"`;
	writeFileSync(
		join(pkg, 'package.json'),
		JSON.stringify({
			name: 'sfscim-script-probe',
			version: '1.0.0',
			scripts: { preinstall: writes('preinstall-ran'), install: writes('install-ran') },
		}),
	);
	execFileSync('npm', ['pack', '--silent', '--ignore-scripts', `--pack-destination=${work}`], {
		cwd: pkg,
		env: cleanEnv(),
	});
	tarball = join(work, 'sfscim-script-probe-1.0.0.tgz');
	expect(existsSync(tarball)).toBe(true);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Runs `npmInstall(dest, [tarball], { scripts })` from a script started by `npm run <flags> probe` in a project
 * holding `npmrc`; returns where the probe package landed in `dest`.
 */
function installThroughNpmRun(name: string, scripts: boolean, { npmrc, runFlags = [] as string[] }: { npmrc: string; runFlags?: string[] }) {
	const outer = join(work, name);
	const dest = join(outer, 'dest');
	mkdirSync(dest, { recursive: true });
	writeFileSync(join(dest, 'package.json'), '{"name":"dest","private":true}\n');
	writeFileSync(
		join(outer, 'driver.mjs'),
		`import { npmInstall } from ${JSON.stringify(npmModule)};\n` +
			`await npmInstall(${JSON.stringify(dest)}, [${JSON.stringify(tarball)}], { scripts: ${scripts}, timeoutMs: 60000 });\n`,
	);
	writeFileSync(join(outer, 'package.json'), JSON.stringify({ name: 'outer', private: true, scripts: { probe: 'node driver.mjs' } }));
	copyFileSync(npmrc, join(outer, '.npmrc'));
	execFileSync('npm', ['run', ...runFlags, 'probe'], { cwd: outer, env: cleanEnv(), encoding: 'utf8' });
	return join(dest, 'node_modules', 'sfscim-script-probe');
}

test('scripts: true runs the install scripts although npm run exports this repository\'s ignore-scripts=true', () => {
	const installed = installThroughNpmRun('scripts-on', true, { npmrc: join(root, '.npmrc') });
	expect(existsSync(join(installed, 'package.json'))).toBe(true);
	expect(existsSync(join(installed, 'preinstall-ran'))).toBe(true);
	expect(existsSync(join(installed, 'install-ran'))).toBe(true);
});

test('scripts: false runs none although the outer project allows scripts', () => {
	const npmrc = join(work, 'scripts-allowed.npmrc');
	writeFileSync(npmrc, 'ignore-scripts=false\n');
	const installed = installThroughNpmRun('scripts-off', false, { npmrc });
	expect(existsSync(join(installed, 'package.json'))).toBe(true);
	expect(existsSync(join(installed, 'preinstall-ran'))).toBe(false);
	expect(existsSync(join(installed, 'install-ran'))).toBe(false);
});

test('flags given to the outer npm run (--dry-run, --global, --prefix) do not reach the nested install', () => {
	const outer = join(work, 'outer-flags');
	const installed = installThroughNpmRun('outer-flags', true, {
		npmrc: join(root, '.npmrc'),
		runFlags: ['--dry-run', '--global', `--prefix=${outer}`],
	});
	// Installed for real, in the folder the harness named, with its scripts; nothing under the global prefix.
	expect(existsSync(join(installed, 'install-ran'))).toBe(true);
	expect(existsSync(join(outer, 'lib'))).toBe(false);
});
