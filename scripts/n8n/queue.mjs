// Queue mode, as large users scale n8n out: PostgreSQL and Redis (Debian's packages, started here on free
// 127.0.0.1 ports with their own data folders), one `n8n start` main and two `n8n worker` processes,
// EXECUTIONS_MODE=queue. One sync workflow (trigger swapped for a Webhook) is started twice at once; the checks
// in test/n8n/cases.mjs (QUEUE.expect) then look at the emulator's final state.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as cases from '../../test/n8n/cases.mjs';
import { check, checkSummary, freePort, http, log, run, startProcess, stopProcess, tailFile, waitFor } from './lib.mjs';
import {
	createInstance,
	importCredentials,
	importWorkflows,
	publishWorkflow,
	rest,
	setupOwnerAndLogin,
	startMain,
	startWorker,
	stopInstance,
} from './n8n.mjs';
import { installIntoUserFolder } from './package.mjs';
import { loadWorkflow, toWebhookTrigger } from './workflows.mjs';

function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
	if (!versions.length) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install -y postgresql)');
	versions.sort((a, b) => Number(b) - Number(a));
	return path.join(root, versions[0], 'bin');
}

/** The account PostgreSQL runs as: `postgres` when we are root (initdb refuses root), else ourselves. */
function postgresAccount() {
	if (process.getuid() !== 0) return {};
	const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
	return { uid, gid };
}

export async function startPostgres({ logDir }) {
	const bin = postgresBinDir();
	const account = postgresAccount();
	// Its own folder (not under the 0700 temp folder, which the postgres account could not enter).
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfscim-pg-'));
	const data = path.join(dir, 'data');
	if (account.uid !== undefined) fs.chownSync(dir, account.uid, account.gid);
	const port = await freePort();
	const logFile = path.join(logDir, 'postgres.log');
	const asAccount = { env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' }, ...account };
	await runAs(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8'], {
		...asAccount,
		logFile,
		timeoutMs: 120_000,
	});
	const handle = startProcess(
		'postgres',
		path.join(bin, 'postgres'),
		[
			'-D', data,
			'-p', String(port),
			'-k', dir,
			'-c', 'listen_addresses=127.0.0.1',
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=100',
		],
		{ ...asAccount, logFile, cwd: dir },
	);
	await waitFor(
		async () => {
			if (!handle.isRunning()) throw new Error('postgres exited');
			const r = await run(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { allowFailure: true, timeoutMs: 5000 });
			return r.code === 0;
		},
		{ timeoutMs: 60_000, message: `PostgreSQL on 127.0.0.1:${port}`, onTimeout: () => tailFile(logFile, 30) },
	);
	await run(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'n8n'], { timeoutMs: 30_000 });
	log(`PostgreSQL ready on 127.0.0.1:${port} (data ${data})`);
	return {
		handle,
		dir,
		db: { type: 'postgresdb', host: '127.0.0.1', port, database: 'n8n', user: 'postgres', password: '' },
		async stop() {
			await stopProcess(handle, { graceMs: 15_000 });
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

function runAs(command, args, { uid, gid, env, logFile, timeoutMs }) {
	// lib.run has no uid option; initdb is short, so a plain synchronous spawn with a timeout is enough.
	const out = execFileSync(command, args, { uid, gid, env, timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
	fs.appendFileSync(logFile, out);
}

function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
		socket.setTimeout(2000, () => {
			socket.destroy();
			resolve(false);
		});
		socket.on('data', (d) => {
			socket.destroy();
			resolve(d.toString().startsWith('+PONG'));
		});
		socket.on('error', () => resolve(false));
	});
}

export async function startRedis({ logDir, tmpRoot }) {
	const port = await freePort();
	const dir = path.join(tmpRoot, 'redis');
	fs.mkdirSync(dir, { recursive: true });
	const handle = startProcess(
		'redis-server',
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
		{ logFile: path.join(logDir, 'redis.log'), cwd: dir },
	);
	await waitFor(
		async () => {
			if (!handle.isRunning()) throw new Error('redis-server exited');
			return redisPing(port);
		},
		{ timeoutMs: 30_000, message: `Redis on 127.0.0.1:${port}`, onTimeout: () => tailFile(path.join(logDir, 'redis.log'), 20) },
	);
	log(`Redis ready on 127.0.0.1:${port}`);
	return { handle, port, stop: () => stopProcess(handle) };
}

/** Waits until `count` executions of the workflow have finished; returns them. */
async function waitForExecutions(instance, workflowId, count, timeoutMs) {
	let last = [];
	await waitFor(
		async () => {
			const filter = encodeURIComponent(JSON.stringify({ workflowId }));
			const r = await rest(instance, 'GET', `/rest/executions?filter=${filter}&limit=50`);
			if (r.status !== 200) throw new Error(`/rest/executions answered ${r.status}`);
			last = r.json?.data?.results ?? [];
			const done = last.filter((e) => e.finished || ['success', 'error', 'crashed', 'canceled'].includes(e.status));
			return done.length >= count && done.every((e) => e.status !== 'running');
		},
		{
			timeoutMs,
			intervalMs: 1000,
			message: `${count} finished executions of workflow ${workflowId}`,
			onTimeout: () => JSON.stringify(last.map((e) => ({ id: e.id, status: e.status })), null, 2),
		},
	);
	return last;
}

/**
 * Everything before the runs: PostgreSQL, Redis, the tarball in a second user folder, credentials and the
 * workflow imported (active, its trigger swapped for a Webhook). Runs while the headless executions run.
 */
export async function prepareQueueMode(ctx) {
	const { install, tarball, emulator, logDir, tmpRoot, credentials, credentialsByType } = ctx;
	const files = [...cases.QUEUE.workflowCandidates, cases.QUEUE.baseline];
	const relPath = files.find((f) => fs.existsSync(path.join(ctx.repoRoot, f)));
	if (relPath === cases.QUEUE.baseline) log(`no sync example yet (${cases.QUEUE.workflowCandidates.join(', ')}); queue mode runs ${relPath}`);

	const [pg, redis] = await Promise.all([startPostgres({ logDir }), startRedis({ logDir, tmpRoot })]);
	ctx.cleanupExtra.push(() => pg.stop(), () => redis.stop());

	const userFolder = path.join(tmpRoot, 'n8n-queue');
	await installIntoUserFolder(tarball, userFolder, { logDir });
	const instance = await createInstance({
		install,
		name: 'queue',
		userFolder,
		db: pg.db,
		queue: { redisHost: '127.0.0.1', redisPort: redis.port },
		logDir,
	});
	ctx.cleanupExtra.push(() => stopInstance(instance));

	const webhookPath = `sfscim-queue-${Date.now()}`;
	const wf = toWebhookTrigger(loadWorkflow(relPath, { emulatorUrl: emulator.url, credentialsByType, idSuffix: 'q' }), webhookPath);
	if (relPath !== cases.QUEUE.baseline && cases.QUEUE.prepare) cases.QUEUE.prepare(wf);
	if (credentials.length) await importCredentials(instance, credentials);
	await importWorkflows(instance, [wf]);
	// (import:workflow --activeState=fromJson does not publish in 2.41: 0 published workflows at start.)
	await publishWorkflow(instance, wf.id);
	log(`(queue mode) imported and published ${relPath} as ${wf.id}, webhook /webhook/${webhookPath}`);
	return { pg, redis, instance, wf, webhookPath, relPath };
}

/** The error of a finished execution, read over REST (execution data is stored in n8n's "flatted" format). */
async function executionError(instance, id) {
	const r = await rest(instance, 'GET', `/rest/executions/${id}`);
	const raw = r.json?.data?.data;
	if (typeof raw !== 'string') return `(no execution data: ${r.status})`;
	try {
		const require = createRequire(path.join(instance.install.n8n.dir, 'package.json'));
		const data = require('flatted').parse(raw);
		const error = data?.resultData?.error;
		const node = data?.resultData?.lastNodeExecuted;
		return `${node ? `node "${node}": ` : ''}${error?.message ?? '(no message)'}${error?.description ? ` — ${error.description}` : ''}`;
	} catch (e) {
		return `(unreadable execution data: ${e.message})`;
	}
}

export async function runQueueMode(ctx, prepared) {
	const { emulator } = ctx;
	const { pg, redis, instance, wf, webhookPath, relPath } = prepared;

	// The database is migrated already (by the imports), so main and workers can boot side by side.
	await Promise.all([startMain(instance), startWorker(instance, 1), startWorker(instance, 2)]);
	await setupOwnerAndLogin(instance);
	check(true, 'queue mode: main and two workers are up on PostgreSQL + Redis');

	const before = await emulator.state();
	const url = `${instance.baseUrl}/webhook/${webhookPath}`;
	const runs = cases.QUEUE.concurrentRuns;
	// Production webhooks are registered when the main activates the workflow: until then a GET answers "not
	// registered"; once the POST webhook exists, a GET answers "...Did you mean to make a POST request?".
	await waitFor(
		async () => {
			const r = await http(url, { timeoutMs: 5000 });
			return r.status !== 404 || /did you mean/i.test(r.text);
		},
		{ timeoutMs: 60_000, intervalMs: 500, message: `the production webhook ${url}` },
	);
	const started = Date.now();
	const responses = await Promise.all(
		Array.from({ length: runs }, (_, i) => http(url, { method: 'POST', body: { run: i + 1 }, timeoutMs: 60_000 })),
	);
	check(
		responses.every((r) => r.status === 200),
		`${runs} webhook calls started at once were accepted (${responses.map((r) => r.status).join(', ')})`,
		{ details: responses.map((r) => r.text.slice(0, 300)) },
	);
	const executions = await waitForExecutions(instance, wf.id, runs, 180_000);
	log(`  ${runs} executions finished ${((Date.now() - started) / 1000).toFixed(1)} s after the calls`);
	const statuses = executions.map((e) => e.status);
	const failedBefore = checkSummary().failed;
	const errors = [];
	for (const e of executions.filter((x) => x.status !== 'success')) errors.push(`execution ${e.id}: ${await executionError(instance, e.id)}`);
	// Soft: the state checks below still run and tell whether the org converged anyway.
	check(
		executions.length >= runs && errors.length === 0,
		`all ${runs} concurrent executions succeeded (${statuses.join(', ')})`,
		{ details: errors.join('\n'), soft: true },
	);
	const workerLogs = instance.workers.map((w) => fs.readFileSync(w.logFile, 'utf8'));
	const byWorker = executions.map((e) => workerLogs.findIndex((text) => text.includes(`Worker finished execution ${e.id} `)));
	check(
		byWorker.every((w) => w >= 0),
		`every execution ran on a worker (execution → worker: ${executions.map((e, i) => `${e.id}→${byWorker[i] + 1}`).join(', ')})`,
		{ details: workerLogs.map((t) => t.split('\n').filter((l) => l.includes('execution')).slice(-10).join('\n')) },
	);
	await cases.QUEUE.expect({ emulator, check, before, executions, relPath, memory: ctx.memory, baseline: relPath === cases.QUEUE.baseline });
	const failed = checkSummary().failed - failedBefore;
	if (failed > 0) throw new Error(`${failed} queue-mode check(s) failed (see ✗ above)`);

	await stopInstance(instance);
	await Promise.all([pg.stop(), redis.stop()]);
}
