// n8n process control: environment, one-shot CLI commands (import, publish, execute), `n8n start` and
// `n8n worker` as tracked processes, owner setup and login over REST, and the loaded-node-types check.
import fs from 'node:fs';
import path from 'node:path';
import { check, freePort, http, log, run, startProcess, stopProcess, tailFile, waitFor, writeJson } from './lib.mjs';

export const ENCRYPTION_KEY = 'sfscim-n8n-harness-fixed-encryption-key';
export const OWNER = {
	email: 'owner@sfscim.test',
	firstName: 'Harness',
	lastName: 'Owner',
	password: 'Harness-Passw0rd!',
};

/**
 * The environment every n8n process of this harness gets. `db` is { type: 'sqlite' } or
 * { type: 'postgresdb', host, port, database, user, password }; `queue` is { redisHost, redisPort } or undefined.
 */
export function n8nEnv({ install, userFolder, port, brokerPort, db = { type: 'sqlite' }, queue, extra = {} }) {
	const env = {
		PATH: `${path.dirname(install.node.bin)}:${process.env.PATH}`,
		HOME: process.env.HOME,
		LANG: 'C.UTF-8',
		TZ: 'UTC',
		GENERIC_TIMEZONE: 'UTC',
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_PORT: String(port),
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_NO_COLOR: 'true',
		NO_COLOR: '1',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		EXECUTIONS_DATA_PRUNE: 'false',
		N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
		DB_TYPE: db.type,
		...extra,
	};
	if (db.type === 'postgresdb') {
		Object.assign(env, {
			DB_POSTGRESDB_HOST: db.host,
			DB_POSTGRESDB_PORT: String(db.port),
			DB_POSTGRESDB_DATABASE: db.database,
			DB_POSTGRESDB_USER: db.user,
			DB_POSTGRESDB_PASSWORD: db.password ?? '',
		});
	}
	if (queue) {
		Object.assign(env, {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: queue.redisHost,
			QUEUE_BULL_REDIS_PORT: String(queue.redisPort),
			QUEUE_BULL_PREFIX: 'sfscim',
		});
	}
	return env;
}

/** An n8n instance description: the user folder and ports; processes are started with start()/worker(). */
export async function createInstance({ install, name, userFolder, db, queue, logDir }) {
	const port = await freePort();
	const brokerPort = await freePort();
	fs.mkdirSync(userFolder, { recursive: true });
	const instance = {
		name,
		install,
		userFolder,
		port,
		brokerPort,
		db,
		queue,
		logDir,
		baseUrl: `http://127.0.0.1:${port}`,
		env: n8nEnv({ install, userFolder, port, brokerPort, db, queue }),
		main: null,
		workers: [],
		cookie: null,
	};
	return instance;
}

/** Runs `n8n <args>` to completion (import, publish, execute...). */
export async function cli(instance, args, { timeoutMs = 180_000, allowFailure = false } = {}) {
	const logFile = path.join(instance.logDir, `${instance.name}-cli.log`);
	fs.mkdirSync(instance.logDir, { recursive: true });
	fs.appendFileSync(logFile, `\n$ n8n ${args.join(' ')}\n`);
	// CLI commands that need a task runner get their own broker port, so they never collide with a server.
	const env = { ...instance.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
	return run(instance.install.node.bin, [instance.install.n8n.bin, ...args], {
		env,
		cwd: instance.userFolder,
		timeoutMs,
		logFile,
		allowFailure,
	});
}

export async function importCredentials(instance, credentials) {
	const file = path.join(instance.userFolder, 'import', 'credentials.json');
	writeJson(file, credentials);
	await cli(instance, ['import:credentials', `--input=${file}`]);
}

/** `activeState: 'fromJson'` (queue mode only) activates the workflows whose JSON says `active: true`. */
export async function importWorkflows(instance, workflows, { activeState } = {}) {
	const dir = path.join(instance.userFolder, 'import', 'workflows');
	fs.rmSync(dir, { recursive: true, force: true });
	for (const wf of workflows) writeJson(path.join(dir, `${wf.id}.json`), wf);
	const extra = activeState ? [`--activeState=${activeState}`] : [];
	await cli(instance, ['import:workflow', '--separate', `--input=${dir}`, ...extra]);
}

export async function publishWorkflow(instance, id) {
	await cli(instance, ['publish:workflow', `--id=${id}`]);
}

/**
 * Extracts the run JSON that `n8n execute --rawOutput` prints among its log lines: the last top-level JSON
 * object in the output that has `data.resultData`.
 */
export function parseExecuteOutput(text) {
	const lines = text.split('\n');
	for (let start = lines.length - 1; start >= 0; start -= 1) {
		if (!lines[start].startsWith('{')) continue;
		for (let end = lines.length; end > start; end -= 1) {
			if (!lines[end - 1].startsWith('}')) continue;
			try {
				const value = JSON.parse(lines.slice(start, end).join('\n'));
				if (value && value.data && value.data.resultData) return value;
			} catch {
				// not this slice
			}
		}
	}
	return null;
}

/**
 * `n8n execute --id=<id> --rawOutput`; returns { run, error, lastNode, output } where `output` maps node names to
 * their first run's main output items (json only). `n8n execute` can exit 0 on failure: the parsed run decides.
 */
export async function executeWorkflow(instance, id, { timeoutMs = 180_000 } = {}) {
	const result = await cli(instance, ['execute', `--id=${id}`, '--rawOutput'], { timeoutMs, allowFailure: true });
	const runJson = parseExecuteOutput(result.stdout) ?? parseExecuteOutput(result.stdout + result.stderr);
	const output = {};
	let error = null;
	if (runJson) {
		const runData = runJson.data.resultData.runData ?? {};
		for (const [nodeName, runs] of Object.entries(runData)) {
			const first = runs[runs.length - 1];
			output[nodeName] = (first?.data?.main ?? []).map((items) => (items ?? []).map((i) => i.json));
			if (first?.error && !error) error = { node: nodeName, ...first.error };
		}
		if (runJson.data.resultData.error) error = { ...runJson.data.resultData.error, ...(error ?? {}) };
	} else {
		error = { message: `no run JSON in the output of n8n execute (exit ${result.code})` };
	}
	return {
		run: runJson,
		error,
		lastNode: runJson?.data?.resultData?.lastNodeExecuted,
		output,
		status: runJson?.status,
		code: result.code,
		log: result.stdout + result.stderr,
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Long-running processes.

const READY_LINE = 'Editor is now accessible';

function logHas(file, text) {
	try {
		return fs.readFileSync(file, 'utf8').includes(text);
	} catch {
		return false;
	}
}

/** `n8n start`; resolves when the "Editor is now accessible" line is logged. */
export async function startMain(instance, { timeoutMs = 150_000 } = {}) {
	const logFile = path.join(instance.logDir, `${instance.name}-main.log`);
	fs.rmSync(logFile, { force: true });
	const handle = startProcess(`n8n start (${instance.name})`, instance.install.node.bin, [instance.install.n8n.bin, 'start'], {
		env: instance.env,
		cwd: instance.userFolder,
		logFile,
	});
	instance.main = handle;
	const started = Date.now();
	await waitFor(
		() => {
			if (!handle.isRunning()) throw Object.assign(new Error('n8n start exited'), { fatal: true });
			return logHas(logFile, READY_LINE);
		},
		{
			timeoutMs,
			intervalMs: 300,
			message: `"${READY_LINE}" from n8n start`,
			onTimeout: () => `--- n8n log tail (${logFile}) ---\n${tailFile(logFile, 80)}`,
		},
	).catch((error) => {
		if (!handle.isRunning()) {
			throw new Error(`n8n start exited before it was ready\n--- n8n log tail (${logFile}) ---\n${tailFile(logFile, 80)}`);
		}
		throw error;
	});
	log(`n8n (${instance.name}) ready at ${instance.baseUrl} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return handle;
}

/** `n8n worker`; resolves when the worker logs that it is ready. */
export async function startWorker(instance, index, { concurrency = 5, timeoutMs = 150_000 } = {}) {
	const logFile = path.join(instance.logDir, `${instance.name}-worker${index}.log`);
	fs.rmSync(logFile, { force: true });
	const env = {
		...instance.env,
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
		N8N_PORT: String(await freePort()),
	};
	const handle = startProcess(
		`n8n worker ${index} (${instance.name})`,
		instance.install.node.bin,
		[instance.install.n8n.bin, 'worker', `--concurrency=${concurrency}`],
		{ env, cwd: instance.userFolder, logFile },
	);
	instance.workers.push(handle);
	await waitFor(
		() => {
			if (!handle.isRunning()) throw new Error('worker exited');
			return logHas(logFile, 'n8n worker is now ready');
		},
		{
			timeoutMs,
			intervalMs: 300,
			message: `n8n worker ${index} to be ready`,
			onTimeout: () => `--- worker log tail (${logFile}) ---\n${tailFile(logFile, 60)}`,
		},
	).catch((error) => {
		throw new Error(`${error.message}\n--- worker log tail (${logFile}) ---\n${tailFile(logFile, 60)}`);
	});
	return handle;
}

export async function stopInstance(instance) {
	for (const w of instance.workers) await stopProcess(w);
	instance.workers = [];
	if (instance.main) await stopProcess(instance.main, { graceMs: 15_000 });
	instance.main = null;
}

export function mainLogTail(instance, lines = 80) {
	const logFile = path.join(instance.logDir, `${instance.name}-main.log`);
	return `--- n8n log tail (${logFile}) ---\n${tailFile(logFile, lines)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// REST.

function cookieFrom(response) {
	const raw = response.headers.getSetCookie?.() ?? [];
	const auth = raw.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
	return auth ?? null;
}

export async function rest(instance, method, route, body, { headers = {}, timeoutMs = 20_000 } = {}) {
	const h = { ...headers, 'browser-id': 'sfscim-harness' };
	if (instance.cookie) h.cookie = instance.cookie;
	return http(`${instance.baseUrl}${route}`, { method, body, headers: h, timeoutMs });
}

/** Creates the owner account (first run) and logs in; keeps the auth cookie on the instance. */
export async function setupOwnerAndLogin(instance) {
	const setup = await rest(instance, 'POST', '/rest/owner/setup', OWNER);
	if (setup.status === 200) {
		instance.cookie = cookieFrom(setup);
		log('owner account created');
	} else {
		log(`owner setup answered ${setup.status} (already set up?); logging in`);
	}
	const login = await rest(instance, 'POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
	if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text.slice(0, 300)}`);
	instance.cookie = cookieFrom(login) ?? instance.cookie;
	if (!instance.cookie) throw new Error('login answered 200 but set no n8n-auth cookie');
	return instance.cookie;
}

/** The node and credential types n8n serves to the editor (needs a logged-in cookie). */
export async function loadedTypes(instance) {
	const nodes = await rest(instance, 'GET', '/types/nodes.json');
	const credentials = await rest(instance, 'GET', '/types/credentials.json');
	if (nodes.status !== 200 || !Array.isArray(nodes.json)) throw new Error(`/types/nodes.json answered ${nodes.status}`);
	if (credentials.status !== 200 || !Array.isArray(credentials.json)) {
		throw new Error(`/types/credentials.json answered ${credentials.status}`);
	}
	return { nodes: nodes.json, credentials: credentials.json };
}

/**
 * Checks that n8n lists every expected node and credential type; on failure prints the n8n log tail and the
 * package's lines from it, so a package that does not load fails loudly.
 */
export async function checkPackageLoaded(instance, { packageName, nodeTypes, credentialTypes }) {
	const types = await loadedTypes(instance);
	const nodeNames = new Set(types.nodes.map((n) => n.name));
	const credNames = new Set(types.credentials.map((c) => c.name));
	const ours = [...nodeNames].filter((n) => n.startsWith(`${packageName}.`));
	log(`n8n lists ${nodeNames.size} node types (${ours.length} from ${packageName}: ${ours.join(', ') || 'none'})`);
	const missingNodes = nodeTypes.filter((t) => !nodeNames.has(t));
	const missingCreds = credentialTypes.filter((t) => !credNames.has(t));
	const details = () => {
		const logFile = path.join(instance.logDir, `${instance.name}-main.log`);
		const lines = fs
			.readFileSync(logFile, 'utf8')
			.split('\n')
			.filter((l) => /salesforce|scim|community|package|error|fail/i.test(l))
			.slice(-30)
			.join('\n');
		return `--- n8n log lines about packages/errors ---\n${lines}\n${mainLogTail(instance, 60)}`;
	};
	check(missingNodes.length === 0, `n8n loaded node types ${nodeTypes.join(', ')}`, {
		details: missingNodes.length ? `missing: ${missingNodes.join(', ')}\n${details()}` : undefined,
	});
	check(missingCreds.length === 0, `n8n loaded credential types ${credentialTypes.join(', ') || '(none expected)'}`, {
		details: missingCreds.length ? `missing: ${missingCreds.join(', ')}\n${details()}` : undefined,
	});
	return types;
}
