// Every npm command the real-n8n harness runs goes through here, so that each states its own install policy
// instead of inheriting the one of the command that started it.
//
// Why: `npm run test:n8n` exports the whole effective npm configuration of this repository into the script's
// environment as npm_config_* variables — including `.npmrc`'s `ignore-scripts=true`, any `--silent`, `--prefix`,
// `--workspace`, `--dry-run` or `--global` the user typed, and npm_lifecycle_* / npm_package_* for this package.
// A nested `npm install` in a cache folder reads those variables as its own settings: `node@24` then skipped its
// preinstall script (the step that links the Node binary) and the run stopped with "no node binary found",
// although `bash scripts/test-n8n.sh` (no npm_config_* in the environment) worked.
//
// So the environment keeps only where and how to fetch (the user's cache, registries, proxies, certificates,
// their user and global config files, which the nested npm reads again by itself), and the command line says
// whether install scripts run — a command-line flag beats any environment variable or config file.
import { run } from './lib.mjs';

/** npm settings the user (not this repository) chose and that a nested install must keep: fetching only. */
const KEPT_NPM_CONFIG = new Set([
	'cache',
	'registry',
	'userconfig',
	'globalconfig',
	'cafile',
	'ca',
	'cert',
	'key',
	'strict_ssl',
	'proxy',
	'https_proxy',
	'noproxy',
	'offline',
	'prefer_offline',
	'prefer_online',
	'fetch_retries',
	'fetch_retry_factor',
	'fetch_retry_mintimeout',
	'fetch_retry_maxtimeout',
	'fetch_timeout',
	'maxsockets',
	'local_address',
]);

/** Whether an npm_config_* setting (name after the prefix, lower case) is kept: fetching settings, scoped registries. */
function keptSetting(name) {
	const key = name.replace(/-/g, '_');
	return KEPT_NPM_CONFIG.has(key) || /^@[^:]+:registry$/.test(key);
}

/**
 * The environment for a nested npm command: `base` without what `npm run` exported for the outer command
 * (npm_config_* except fetching settings, npm_lifecycle_*, npm_package_*, npm_command, npm_execpath,
 * npm_node_execpath, INIT_CWD, NODE), then `extra` (explicit settings of this command, e.g. npm_config_nodedir).
 */
export function nestedNpmEnv(extra = {}, base = process.env) {
	const env = {};
	for (const [name, value] of Object.entries(base)) {
		const lower = name.toLowerCase();
		if (lower.startsWith('npm_config_')) {
			if (keptSetting(lower.slice('npm_config_'.length))) env[name] = value;
			continue;
		}
		if (lower.startsWith('npm_') || name === 'INIT_CWD' || name === 'NODE') continue;
		env[name] = value;
	}
	return { ...env, npm_config_update_notifier: 'false', ...extra };
}

/**
 * The arguments of a nested `npm install` whose script policy is stated, never inherited:
 * `scripts: true` runs the packages' install scripts (node@24 links its binary in one), `false` runs none.
 */
export function installArgs(specs, { scripts, extra = [] }) {
	if (typeof scripts !== 'boolean') throw new Error('installArgs: say whether install scripts run (scripts: true|false)');
	return [
		'install',
		...specs,
		scripts ? '--ignore-scripts=false' : '--ignore-scripts=true',
		'--no-audit',
		'--no-fund',
		'--loglevel=error',
		...extra,
	];
}

/** `npm install <specs>` in `cwd` with a stated script policy and a scrubbed environment (see above). */
export function npmInstall(cwd, specs, { scripts, extra = [], env = {}, base, timeoutMs, logFile }) {
	return run('npm', installArgs(specs, { scripts, extra }), {
		cwd,
		env: nestedNpmEnv(env, base),
		timeoutMs,
		logFile,
	});
}

/** Any other nested npm command (`rebuild`, `pack`, `run build`) with the same scrubbed environment. */
export function npm(cwd, args, { env = {}, base, timeoutMs, logFile } = {}) {
	return run('npm', args, { cwd, env: nestedNpmEnv(env, base), timeoutMs, logFile });
}
