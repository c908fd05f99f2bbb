/**
 * `sfscim-proof bench` (issue 10): every figure measured in one run, side by side with its baseline, each run in a
 * process of its own against an emulator of its own on 127.0.0.1, through n8n's engine. Timings on a shared
 * machine are noisy, so the figures that matter are ratios of runs made minutes apart in the same session.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { selfSignedCertificate } from '../../../cli/src/emulator/certificate';
import { mixOf } from './data';
import type { RunFigures } from './scenarios';
import { measureTask, type Task, type TaskOutcome, type TaskResults } from './tasks';

export type BenchScale = 'full' | 'quick' | 'smoke';

export interface BenchSizes {
	/** New users provisioned by Create or Update. */
	provisionUsers: number;
	/** New users provisioned over HTTPS at TLS_RTT_MS, handshakes charged (goal 0 of issue 18). */
	tlsUsers: number;
	/** Directory users in the mixed job (20% new, 10% changed, 70% unchanged). */
	mixedUsers: number;
	/** Unchanged users in the zero-latency run (engine overhead, writes per unchanged user). */
	overheadUsers: number;
	overheadRounds: number;
	/** Desired and existing users in the sync benchmark. */
	syncUsers: number;
	mappingItems: number;
	mappingRounds: number;
	emulatorUsers: number;
	emulatorSeconds: number;
}

export const SCALES: Record<BenchScale, BenchSizes> = {
	full: { provisionUsers: 2000, tlsUsers: 2000, mixedUsers: 2000, overheadUsers: 2000, overheadRounds: 2, syncUsers: 100_000, mappingItems: 100_000, mappingRounds: 5, emulatorUsers: 100_000, emulatorSeconds: 5 },
	quick: { provisionUsers: 400, tlsUsers: 200, mixedUsers: 400, overheadUsers: 400, overheadRounds: 2, syncUsers: 10_000, mappingItems: 20_000, mappingRounds: 3, emulatorUsers: 10_000, emulatorSeconds: 2 },
	smoke: { provisionUsers: 20, tlsUsers: 10, mixedUsers: 20, overheadUsers: 20, overheadRounds: 1, syncUsers: 500, mappingItems: 1000, mappingRounds: 1, emulatorUsers: 1000, emulatorSeconds: 0.5 },
};

/** The conditions issue 10 sets. */
export const CONCURRENCY = 10;
export const LATENCY = { meanMs: 50, jitterMs: 10 };
export const SYNC_LATENCY_MS = 100;
/**
 * The HTTPS run (issue 18): a real org's round trip, charged per request and per handshake round trip of every new
 * connection (TCP 1, TLS 1.3 1), so a connection-per-request client pays 3 round trips where a keep-alive one pays 1.
 */
export const TLS_LATENCY = { meanMs: 100, jitterMs: 10, handshakes: true };
/** The HTTP Request node's batching at our politeness: ≤ concurrency ÷ latency requests per second. */
export const POLITE_BATCHING = { batchSize: CONCURRENCY, batchInterval: LATENCY.meanMs };

export interface Goal {
	op: '>=' | '<=' | '=';
	target: number;
}

export interface Figure {
	key: string;
	value: number | null;
	goal?: Goal;
	/** true / false against the goal; null when there is no goal or no value. */
	met: boolean | null;
	/** What it is measured against, in a few words. */
	basis: string;
	/** Why a goal was missed, when the run can tell. */
	why?: string;
}

export interface RunSummary {
	name: string;
	users?: number;
	elapsedMs?: number;
	requests?: number;
	peakInFlight?: number;
	meanInFlight?: number;
	meanLatencyMs?: number;
	clientCpuMsPerRequest?: number;
	clientRunQueueShare?: number;
	peakRssMB: number;
	cpuSeconds: number;
	wallMs: number;
	isolated: boolean;
	detail: unknown;
}

export interface BenchReport {
	generatedAt: string;
	command: string;
	scale: BenchScale;
	sizes: BenchSizes;
	sizesNote: string;
	conditions: { concurrency: number; latencyMs: string; syncLatencyMs: number; politeBatching: typeof POLITE_BATCHING; mix: ReturnType<typeof mixOf> };
	machine: { cpus: number; model: string; node: string; platform: string; totalMemMB: number; loadAverageStart: number[]; loadAverageEnd: number[]; busyWorkers: number };
	figures: Figure[];
	missed: Array<{ key: string; value: number | null; goal: string; why: string }>;
	runs: RunSummary[];
	/** Runs that did not do their job (wrong outcome counts), or failed outright. */
	problems: string[];
	elapsedSeconds: number;
}

export interface BenchOptions {
	scale?: BenchScale;
	/** Run each task in a child process (default: when the compiled CLI is there). */
	isolate?: boolean;
	/** Progress lines. */
	log?: (line: string) => void;
	/** The command line to record in the report. */
	command?: string;
	/** Busy processes to run meanwhile (one spinning loop each), so a loaded machine is reproducible. */
	load?: number;
}

/** `n` processes that each spin on a CPU until stopped (by their handle): the bench's own, reproducible load. */
function startLoad(n: number): ChildProcess[] {
	return Array.from({ length: Math.max(0, Math.floor(n)) }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

async function stopLoad(workers: ChildProcess[]): Promise<void> {
	await Promise.all(
		workers.map(
			(worker) =>
				new Promise<void>((resolve) => {
					if (worker.exitCode !== null || worker.signalCode !== null) return resolve();
					worker.once('exit', () => resolve());
					worker.kill('SIGKILL');
				}),
		),
	);
}

function taskScript(): string | undefined {
	if (__filename.endsWith('.js')) return join(__dirname, 'tasks.js');
	// From the TypeScript source (tests): proof/src/bench → proof/dist/proof/src/bench.
	const compiled = join(__dirname, '..', '..', 'dist', 'proof', 'src', 'bench', 'tasks.js');
	return existsSync(compiled) ? compiled : undefined;
}

const TASK_TIMEOUT_MS = 20 * 60 * 1000;

function runIsolated(script: string, task: Task, env: NodeJS.ProcessEnv): Promise<TaskOutcome> {
	return new Promise((resolve, reject) => {
		const child = fork(script, [JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: [], env });
		let output = '';
		const keep = (chunk: Buffer) => {
			output = (output + chunk.toString('utf8')).slice(-4000);
		};
		child.stdout?.on('data', keep);
		child.stderr?.on('data', keep);
		let answer: { ok: boolean; outcome?: TaskOutcome; error?: string } | undefined;
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
		}, TASK_TIMEOUT_MS);
		child.on('message', (message) => {
			answer = message as typeof answer;
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			if (answer?.ok && answer.outcome) resolve(answer.outcome);
			else if (answer && !answer.ok) reject(new Error(answer.error));
			else reject(new Error(`the ${task.kind} task ended (${signal ?? `exit ${code}`}) without an answer${output ? `:\n${output}` : ''}`));
		});
	});
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

function check(value: number | null, goal?: Goal): boolean | null {
	if (!goal || value === null || !Number.isFinite(value)) return null;
	if (goal.op === '>=') return value >= goal.target;
	if (goal.op === '<=') return value <= goal.target;
	return value === goal.target;
}

export function goalText(goal?: Goal): string {
	if (!goal) return '';
	return `${goal.op === '>=' ? '≥' : goal.op === '<=' ? '≤' : '='} ${goal.target.toLocaleString('en-US')}`;
}

function sumCounts(counts: Record<string, number>, test: (key: string) => boolean): number {
	return Object.entries(counts).filter(([key]) => test(key)).reduce((sum, [, n]) => sum + n, 0);
}

const perSecond = (run: RunFigures) => run.requests / (run.elapsedMs / 1000);
const pct = (share: number | undefined) => (share === undefined ? '?' : `${Math.round(share * 100)}%`);

function sizesNote(scale: BenchScale, sizes: BenchSizes): string {
	const f = (n: number) => n.toLocaleString('en-US');
	const text = (s: BenchSizes) =>
		`provision ${f(s.provisionUsers)} new users; mixed job ${f(s.mixedUsers)} users; zero-latency run ${f(s.overheadUsers)} users; ` +
		`sync ${f(s.syncUsers)} desired vs ${f(s.syncUsers)} existing; mapping ${f(s.mappingItems)} items; emulator ${f(s.emulatorUsers)} users for ${s.emulatorSeconds} s`;
	if (scale === 'full') return `Full size (issue 10): ${text(sizes)}.`;
	return `${scale === 'quick' ? 'Quick' : 'Smoke'} mode, smaller than issue 10 asks: ${text(sizes)}. The sync100k.* figures come from ${f(sizes.syncUsers)} users, not 100,000. Full size: ${text(SCALES.full)}.`;
}

/** Runs every task, computes the figures, and says which goals were missed. */
export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
	const scale = options.scale ?? 'quick';
	const sizes = SCALES[scale];
	const log = options.log ?? (() => undefined);
	const script = options.isolate === false ? undefined : taskScript();
	if (options.isolate === true && !script) throw new Error('The compiled CLI is missing: run `npm run build` first');
	// n8n's engine writes <folder>/.n8n/config: a folder of our own, removed at the end, inherited by the tasks.
	const userFolder = process.env.N8N_USER_FOLDER ? undefined : mkdtempSync(join(tmpdir(), 'sfscim-bench-'));
	if (userFolder) process.env.N8N_USER_FOLDER = userFolder;
	const started = performance.now();
	const loadAverageStart = loadavg().map((n) => round(n));
	const mix = mixOf(sizes.mixedUsers);
	// HTTPS: a certificate made now, trusted by the task processes as a CA (NODE_EXTRA_CA_CERTS is read at start-up),
	// so n8n's request path verifies it as it would Salesforce's; nothing is switched off for the bench.
	const tls = selfSignedCertificate();
	const caFolder = mkdtempSync(join(tmpdir(), 'sfscim-bench-ca-'));
	const caFile = join(caFolder, 'emulator-ca.pem');
	writeFileSync(caFile, tls.cert);
	const taskEnv = { ...process.env, NODE_EXTRA_CA_CERTS: caFile };
	const busy = startLoad(options.load ?? 0);

	const tasks: Array<{ name: string; users?: number; task: Task }> = [
		{ name: 'mapping', task: { kind: 'mapping', items: sizes.mappingItems, rounds: sizes.mappingRounds } },
		{ name: 'emulator', users: sizes.emulatorUsers, task: { kind: 'emulator', users: sizes.emulatorUsers, seconds: sizes.emulatorSeconds, concurrency: 32 } },
		{ name: 'provision', users: sizes.provisionUsers, task: { kind: 'provision', users: sizes.provisionUsers, concurrency: CONCURRENCY, latency: LATENCY } },
		{ name: 'provisionTls', users: sizes.tlsUsers, task: { kind: 'provisionTls', users: sizes.tlsUsers, concurrency: CONCURRENCY, latency: TLS_LATENCY, tls } },
		{ name: 'engineOverhead', users: sizes.overheadUsers, task: { kind: 'engineOverhead', users: sizes.overheadUsers, concurrency: CONCURRENCY, rounds: sizes.overheadRounds } },
		// The two runs the headline ratios compare, one right after the other.
		{ name: 'httpNodePolite', users: sizes.mixedUsers, task: { kind: 'httpNodeMixed', users: sizes.mixedUsers, latency: LATENCY, batching: POLITE_BATCHING } },
		{ name: 'oursSync', users: sizes.mixedUsers, task: { kind: 'oursMixed', users: sizes.mixedUsers, concurrency: CONCURRENCY, latency: LATENCY, operation: 'sync' } },
		{ name: 'oursUpsert', users: sizes.mixedUsers, task: { kind: 'oursMixed', users: sizes.mixedUsers, concurrency: CONCURRENCY, latency: LATENCY, operation: 'upsert' } },
		{ name: 'httpNodeDefault', users: sizes.mixedUsers, task: { kind: 'httpNodeMixed', users: sizes.mixedUsers, latency: LATENCY } },
		{ name: 'sync', users: sizes.syncUsers, task: { kind: 'sync', users: sizes.syncUsers, latencyMs: SYNC_LATENCY_MS, concurrency: CONCURRENCY } },
	];

	const outcomes = new Map<string, TaskOutcome>();
	const problems: string[] = [];
	for (const { name, users, task } of tasks) {
		const t0 = performance.now();
		log(`  ${name}${users ? ` (${users.toLocaleString('en-US')} users)` : ''}…`);
		try {
			outcomes.set(name, script ? await runIsolated(script, task, taskEnv) : await measureTask(task, false));
			log(`  ${name} done in ${round((performance.now() - t0) / 1000, 1)} s`);
		} catch (error) {
			const message = `${name} failed: ${(error as Error).message}`;
			problems.push(message);
			log(`  ${message}`);
		}
	}

	const loadAverageEnd = loadavg().map((n) => round(n));
	await stopLoad(busy);
	rmSync(caFolder, { recursive: true, force: true });
	if (userFolder) {
		delete process.env.N8N_USER_FOLDER;
		rmSync(userFolder, { recursive: true, force: true });
	}

	const get = <K extends keyof TaskResults>(name: string) => outcomes.get(name)?.result as TaskResults[K] | undefined;
	const provision = get<'provision'>('provision');
	const overTls = get<'provisionTls'>('provisionTls');
	const overhead = get<'engineOverhead'>('engineOverhead');
	const polite = get<'httpNodeMixed'>('httpNodePolite');
	const byDefault = get<'httpNodeMixed'>('httpNodeDefault');
	const oursSync = get<'oursMixed'>('oursSync');
	const oursUpsert = get<'oursMixed'>('oursUpsert');
	const sync = get<'sync'>('sync');
	const mapping = get<'mapping'>('mapping');
	const emulator = get<'emulator'>('emulator');

	// What each run had to do, so that a fast run which did not do its job cannot pass for a good figure.
	const expect = (name: string, got: Record<string, number> | undefined, want: Record<string, number>) => {
		if (!got) return;
		for (const [key, n] of Object.entries(want)) if ((got[key] ?? 0) !== n) problems.push(`${name}: expected ${n} ${key}, got ${got[key] ?? 0}`);
	};
	expect('provision (node)', provision?.node.outcomes, { created: sizes.provisionUsers });
	expect('provision (bare client)', provision?.raw.outcomes, { created: sizes.provisionUsers });
	expect('provisionTls (node)', overTls?.node.outcomes, { created: sizes.tlsUsers });
	expect('provisionTls (keep-alive client)', overTls?.keepAlive.outcomes, { created: sizes.tlsUsers });
	expect('provisionTls (connection-per-request client)', overTls?.perRequest.outcomes, { created: sizes.tlsUsers });
	expect('oursSync', oursSync?.outcomes, { created: mix.new, updated: mix.changed });
	expect('oursUpsert', oursUpsert?.outcomes, { created: mix.new, updated: mix.changed, unchanged: mix.unchanged });
	for (const [name, run] of [['httpNodePolite', polite], ['httpNodeDefault', byDefault]] as const) {
		expect(name, run?.outcomes, { 'Create User': mix.new, 'Update User': mix.changed + mix.unchanged });
	}
	if (sync?.endToEnd?.failed) problems.push(`sync: ${sync.endToEnd.failed} actions failed`);

	const idealRate = CONCURRENCY / (LATENCY.meanMs / 1000);
	const figures: Figure[] = [];
	const add = (key: string, value: number | null | undefined, basis: string, goal?: Goal) => {
		const v = value === undefined || value === null || !Number.isFinite(value) ? null : value;
		figures.push({ key, value: v, goal, met: check(v, goal), basis });
	};
	const load = `load average ${loadAverageStart[0]} on ${cpus().length} CPUs`;

	// Provisioning.
	const node = provision?.node;
	const raw = provision?.raw;
	add('provision.limitRatio', node ? round(perSecond(node) / idealRate, 3) : null, `req/s ÷ (${CONCURRENCY} ÷ ${LATENCY.meanMs} ms)`, { op: '>=', target: 0.9 });
	add('provision.limitRatioServedLatency', node?.meanLatencyMs ? round(perSecond(node) / (CONCURRENCY / (node.meanLatencyMs / 1000)), 3) : null, `same, ÷ latency as served (${node?.meanLatencyMs ?? '?'} ms)`);
	add('provision.rawClientLimitRatio', raw ? round(perSecond(raw) / idealRate, 3) : null, 'bare keep-alive node:http client, same job, same run');
	add('provision.rateVsRawClient', node && raw ? round(perSecond(node) / perSecond(raw), 3) : null, `node ${node ? Math.round(perSecond(node)) : '?'} req/s ÷ bare client ${raw ? Math.round(perSecond(raw)) : '?'} req/s`, { op: '>=', target: 0.95 });
	add(
		'provision.requestsPerNewUser',
		node ? round(sumCounts(node.counts, (k) => /^(GET|POST) \/services\/scim\/v2\/Users$/.test(k)) / sizes.provisionUsers, 3) : null,
		`/Users requests per user; once per run: ${node ? node.requests - sumCounts(node.counts, (k) => /^(GET|POST) \/services\/scim\/v2\/Users$/.test(k)) : '?'} (token, profile)`,
		{ op: '<=', target: 2 },
	);
	// Over HTTPS at a real org's round trip, handshakes charged (issue 18).
	const rtt = TLS_LATENCY.meanMs;
	const keepAliveBound = CONCURRENCY / (rtt / 1000);
	const perRequestBound = CONCURRENCY / ((3 * rtt) / 1000);
	const tlsNode = overTls?.node;
	const tlsKeep = overTls?.keepAlive;
	const tlsEach = overTls?.perRequest;
	const perReq = (run: RunFigures | undefined, n: number | undefined) => (run && n !== undefined && run.requests > 0 ? round(n / run.requests, 3) : null);
	add('tls100.keepAliveBound', round(keepAliveBound, 1), `req/s: ${CONCURRENCY} in flight ÷ ${rtt} ms, one round trip per request`);
	add('tls100.perRequestBound', round(perRequestBound, 1), `req/s: ${CONCURRENCY} in flight ÷ 3 × ${rtt} ms (TCP + TLS 1.3 + request) per request`);
	add('tls100.keepAliveClientRate', tlsKeep ? round(perSecond(tlsKeep), 1) : null, `bare keep-alive HTTPS client, ${tlsKeep?.network.connections ?? '?'} connections, ${tlsKeep?.network.handshakeRoundTrips ?? '?'} handshake round trips`);
	add('tls100.perRequestClientRate', tlsEach ? round(perSecond(tlsEach), 1) : null, `bare client, new connection per request: ${tlsEach?.network.connections ?? '?'} connections, ${tlsEach?.network.handshakeRoundTrips ?? '?'} handshake round trips`);
	add('tls100.nodeRate', tlsNode ? round(perSecond(tlsNode), 1) : null, `the node through n8n: ${tlsNode?.network.connections ?? '?'} connections, ${tlsNode?.network.tlsHandshakes ?? '?'} TLS handshakes, ${tlsNode?.network.handshakeRoundTrips ?? '?'} handshake round trips for ${tlsNode?.requests ?? '?'} requests`);
	add('tls100.rateVsKeepAliveClient', tlsNode && tlsKeep ? round(perSecond(tlsNode) / perSecond(tlsKeep), 3) : null, 'node req/s ÷ bare keep-alive client req/s, same run', { op: '>=', target: 0.9 });
	add('tls100.rateVsPerRequestClient', tlsNode && tlsEach ? round(perSecond(tlsNode) / perSecond(tlsEach), 3) : null, 'node req/s ÷ connection-per-request client req/s');
	add('tls100.connectionsPerRequest', perReq(tlsNode, tlsNode?.network.connections), `node; bare keep-alive client: ${perReq(tlsKeep, tlsKeep?.network.connections) ?? '?'}`);
	add('tls100.handshakeRoundTripsPerRequest', perReq(tlsNode, tlsNode?.network.handshakeRoundTrips), `node; keep-alive client ${perReq(tlsKeep, tlsKeep?.network.handshakeRoundTrips) ?? '?'}, per-request client ${perReq(tlsEach, tlsEach?.network.handshakeRoundTrips) ?? '?'}`);
	add('tls100.nodePeakInFlight', tlsNode?.peakInFlight, `at the server (connected), concurrency ${CONCURRENCY}; mean ${tlsNode?.meanInFlight ?? '?'}; open, handshakes included: ${tlsNode?.peakOpen ?? '?'} (keep-alive client: peak ${tlsKeep?.peakInFlight ?? '?'}, mean ${tlsKeep?.meanInFlight ?? '?'})`);
	add('tls100.cpuVsKeepAliveClient', tlsNode && tlsKeep && tlsKeep.clientCpuMsPerRequest > 0 ? round(tlsNode.clientCpuMsPerRequest / tlsKeep.clientCpuMsPerRequest, 2) : null, `CPU ms per request: node ${tlsNode?.clientCpuMsPerRequest ?? '?'}, keep-alive client ${tlsKeep?.clientCpuMsPerRequest ?? '?'}, per-request client ${tlsEach?.clientCpuMsPerRequest ?? '?'}`);
	add('provision.cpuVsRawClient', node && raw && raw.clientCpuMsPerRequest > 0 ? round(node.clientCpuMsPerRequest / raw.clientCpuMsPerRequest, 2) : null, `CPU ms per request: node ${node?.clientCpuMsPerRequest ?? '?'}, bare keep-alive client ${raw?.clientCpuMsPerRequest ?? '?'} (HTTP)`, { op: '<=', target: 1.5 });
	add('update.writesPerUnchangedUser', overhead?.writesPerUnchangedUser, 'Create or Update, every user unchanged', { op: '=', target: 0 });
	add('engine.overheadMsPerItem', overhead?.overheadMsPerItem, `(node ${overhead?.nodeMs ?? '?'} ms − bare client ${overhead?.rawMs ?? '?'} ms) ÷ items, 0 latency`);

	// Against the HTTP Request node.
	add('vsHttpNode.requestRatio', oursSync && polite ? round(oursSync.requests / polite.requests, 3) : null, `Sync ${oursSync?.requests ?? '?'} ÷ HTTP Request node ${polite?.requests ?? '?'}`, { op: '<=', target: 0.2 });
	add('vsHttpNode.timeRatio', oursSync && polite ? round(oursSync.elapsedMs / polite.elapsedMs, 3) : null, `Sync ${oursSync?.elapsedMs ?? '?'} ms ÷ polite HTTP Request ${polite?.elapsedMs ?? '?'} ms`, { op: '<=', target: 0.25 });
	add('vsHttpNode.peakInFlight', oursSync?.peakInFlight, `Sync, concurrency ${CONCURRENCY}`, { op: '<=', target: CONCURRENCY });
	add('vsHttpNode.upsertRequestRatio', oursUpsert && polite ? round(oursUpsert.requests / polite.requests, 3) : null, `Create or Update ${oursUpsert?.requests ?? '?'} ÷ ${polite?.requests ?? '?'}`);
	add('vsHttpNode.upsertTimeRatio', oursUpsert && polite ? round(oursUpsert.elapsedMs / polite.elapsedMs, 3) : null, `Create or Update ${oursUpsert?.elapsedMs ?? '?'} ms ÷ ${polite?.elapsedMs ?? '?'} ms`);
	add('vsHttpNode.upsertPeakInFlight', oursUpsert?.peakInFlight, `Create or Update, concurrency ${CONCURRENCY}`, { op: '<=', target: CONCURRENCY });
	add('vsHttpNode.timeRatioVsDefault', oursSync && byDefault ? round(oursSync.elapsedMs / byDefault.elapsedMs, 3) : null, `Sync ÷ HTTP Request node without batching ${byDefault?.elapsedMs ?? '?'} ms`);
	add('httpNode.peakInFlight', byDefault?.peakInFlight, `HTTP Request node, no batching (n8n's default), ${byDefault?.elapsedMs ?? '?'} ms`);
	add('httpNode.politePeakInFlight', polite?.peakInFlight, `batching ${POLITE_BATCHING.batchSize} per ${POLITE_BATCHING.batchInterval} ms`);

	// Sync at scale (benchSync).
	add('sync100k.planCpuSeconds', sync ? round(sync.planning.cpuSeconds, 3) : null, `planSync, ${sync?.users.toLocaleString('en-US') ?? '?'} vs ${sync?.users.toLocaleString('en-US') ?? '?'}`, { op: '<=', target: 5 });
	add(
		'sync100k.peakRssMB',
		sync?.peakRssMb,
		sync?.emulatorPeakRssMb !== undefined ? `n8n side (engine, node, planner); the emulator: ${sync.emulatorPeakRssMb} MB` : 'the sync benchmark process',
		{ op: '<=', target: 600 },
	);
	add('sync100k.requestOverhead', sync?.endToEnd?.overhead, `requests ${sync?.endToEnd?.requests ?? '?'} − pages ${sync?.endToEnd?.pages ?? '?'} − actions ${sync?.endToEnd?.actions ?? '?'}`, { op: '<=', target: 5 });
	add('sync100k.latencyRatio', sync?.endToEnd?.ratio === null || sync?.endToEnd?.ratio === undefined ? null : round(sync.endToEnd.ratio, 3), `elapsed ÷ (requests × ${SYNC_LATENCY_MS} ms ÷ ${CONCURRENCY})`, { op: '<=', target: 1.2 });

	// Mapping and the emulator.
	add('mapping.itemsPerSec', mapping?.mappingItemsPerSecond, `12-row mapping, ${mapping?.items.toLocaleString('en-US') ?? '?'} items`, { op: '>=', target: 200_000 });
	add('mapping.ratioToHandwritten', mapping?.ratio, `hand-written ${mapping?.handWrittenItemsPerSecond?.toLocaleString('en-US') ?? '?'} items/s`, { op: '<=', target: 3 });
	add('emulator.requestsPerSec', emulator?.requestsPerSecond, `0 latency, ${emulator?.concurrency ?? '?'} in flight, ${emulator?.mode ?? '?'}`, { op: '>=', target: 5000 });
	add('emulator.requestsPerCpuSecond', emulator?.requestsPerCpuSecond, 'requests per CPU second of the emulator');

	// Why goals were missed, as far as this run can tell.
	const why: Record<string, () => string> = {
		'provision.limitRatio': () => {
			const rawRatio = raw ? round(perSecond(raw) / idealRate, 3) : undefined;
			const share = node && raw ? Math.round((perSecond(node) / perSecond(raw)) * 100) : undefined;
			const neededShare = node ? Math.round(((node.clientCpuMsPerRequest * idealRate) / 1000) * 100) : undefined;
			return (
				`a bare keep-alive HTTP client doing the same job in the same run reached ${rawRatio ?? '?'}, the node ${share ?? '?'}% of its rate. ` +
				`The node's side spent ${node?.clientCpuMsPerRequest ?? '?'} ms of CPU per request (bare client: ${raw?.clientCpuMsPerRequest ?? '?'} ms), so ${idealRate} req/s needs ` +
				`${neededShare ?? '?'}% of a CPU; it got ${node ? Math.round(node.clientCpuShare * 100) : '?'}%, and its thread waited for a CPU ${pct(node?.clientRunQueueShare)} of the run (${load}). ` +
				`Most of that CPU is n8n's request path, which the HTTP Request node pays too (${polite?.clientCpuMsPerRequest ?? '?'} ms per request in its run): axios and a new HTTP ` +
				`agent per request, so every request opens a TCP connection (${node?.connections ?? '?'} connections for ${node?.requests ?? '?'} requests), plus the credential resolved on every call. ` +
				`Latency as served averaged ${node?.meanLatencyMs ?? '?'} ms (configured ${LATENCY.meanMs}). What it would take: a CPU the client does not share ` +
				`(the bare client shows this machine's ceiling), or fewer CPU ms per request`
			);
		},
		'sync100k.latencyRatio': () => {
			const e2e = sync?.endToEnd;
			if (!e2e) return 'no end-to-end sync run';
			const gap = round(e2e.elapsedSeconds - e2e.idealSeconds, 1);
			return (
				`elapsed ${round(e2e.elapsedSeconds, 1)} s against ${round(e2e.idealSeconds, 1)} s allowed; the ${e2e.pages} list pages are already read ` +
				`concurrently once the first page gives totalResults, so the ${gap} s gap is the time between the phases with no request in flight: ` +
				`parsing 100,000 users, resolving references and planning (CPU). Overlapping planning with the read, or projecting users while pages ` +
				`arrive, would close part of it`
			);
		},
		'emulator.requestsPerSec': () => `${emulator?.requestsPerCpuSecond ?? '?'} requests per CPU second: the emulator is fast enough, the shared machine (${load}) did not give it a whole CPU`,
		'vsHttpNode.timeRatio': () =>
			`Sync waited for a CPU ${pct(oursSync?.clientRunQueueShare)} of its run and spent ${oursSync?.clientCpuMsPerRequest ?? '?'} ms CPU per request (the HTTP Request node ${polite?.clientCpuMsPerRequest ?? '?'} ms, waiting ${pct(polite?.clientRunQueueShare)}); ` +
			`the polite run's pace is mostly its batching sleeps, which a busy machine does not slow, while Sync's is CPU (${load}). The request ratio does not depend on the machine`,
		'mapping.itemsPerSec': () => `single-threaded CPU work on a shared machine (${load}); ratioToHandwritten is the machine-independent figure`,
	};
	for (const figure of figures) if (figure.met === false) figure.why = why[figure.key]?.() ?? `missed on this run (${load})`;

	const runs: RunSummary[] = [];
	for (const { name, users } of tasks) {
		const outcome = outcomes.get(name);
		if (!outcome) continue;
		const base = { name, users, peakRssMB: outcome.peakRssMB, cpuSeconds: outcome.cpuSeconds, wallMs: outcome.wallMs, isolated: outcome.isolated, detail: outcome.result };
		const figuresOf = (run?: RunFigures) =>
			run
				? { elapsedMs: run.elapsedMs, requests: run.requests, peakInFlight: run.peakInFlight, meanInFlight: run.meanInFlight, meanLatencyMs: run.meanLatencyMs, clientCpuMsPerRequest: run.clientCpuMsPerRequest, clientRunQueueShare: run.clientRunQueueShare }
				: {};
		if (name === 'provision') {
			runs.push({ ...base, name: 'provision (node)', ...figuresOf(provision?.node) });
			runs.push({ ...base, name: 'provision (bare client)', ...figuresOf(provision?.raw), detail: undefined });
		} else if (name === 'provisionTls') {
			runs.push({ ...base, name: 'HTTPS 100 ms (node)', ...figuresOf(overTls?.node) });
			runs.push({ ...base, name: 'HTTPS 100 ms (keep-alive client)', ...figuresOf(overTls?.keepAlive), detail: undefined });
			runs.push({ ...base, name: 'HTTPS 100 ms (conn. per request)', ...figuresOf(overTls?.perRequest), detail: undefined });
		} else if (name === 'engineOverhead') runs.push({ ...base, ...figuresOf(overhead?.node) });
		else if (name === 'sync') runs.push({ ...base, elapsedMs: sync?.endToEnd ? Math.round(sync.endToEnd.elapsedSeconds * 1000) : undefined, requests: sync?.endToEnd?.requests });
		else if (name === 'mapping' || name === 'emulator') runs.push({ ...base, elapsedMs: name === 'emulator' ? Math.round((emulator?.seconds ?? 0) * 1000) : undefined, requests: emulator && name === 'emulator' ? emulator.requests : undefined });
		else runs.push({ ...base, ...figuresOf(outcome.result as RunFigures) });
	}

	return {
		generatedAt: new Date().toISOString(),
		command: options.command ?? `npm run bench${scale === 'quick' ? ' -- --quick' : ''}`,
		scale,
		sizes,
		sizesNote: sizesNote(scale, sizes),
		conditions: { concurrency: CONCURRENCY, latencyMs: `${LATENCY.meanMs} ± ${LATENCY.jitterMs}`, syncLatencyMs: SYNC_LATENCY_MS, politeBatching: POLITE_BATCHING, mix },
		machine: {
			cpus: cpus().length,
			model: cpus()[0]?.model ?? 'unknown',
			node: process.version,
			platform: `${process.platform} ${process.arch}`,
			totalMemMB: Math.round(totalmem() / 1048576),
			loadAverageStart,
			loadAverageEnd,
			busyWorkers: options.load ?? 0,
		},
		figures,
		missed: figures.filter((f) => f.met === false).map((f) => ({ key: f.key, value: f.value, goal: goalText(f.goal), why: f.why ?? '' })),
		runs,
		problems,
		elapsedSeconds: round((performance.now() - started) / 1000, 1),
	};
}

function pad(text: string, width: number, right = false): string {
	return right ? text.padStart(width) : text.padEnd(width);
}

function formatValue(value: number | null): string {
	if (value === null) return 'n/a';
	if (Number.isInteger(value)) return value.toLocaleString('en-US');
	return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : String(value);
}

/** The report as text: machine line, figures with goal and met columns, runs with their memory. */
export function formatReport(report: BenchReport): string {
	const m = report.machine;
	const lines: string[] = [];
	lines.push(`Machine: ${m.cpus} CPUs (${m.model}), Node ${m.node}, ${m.platform}, ${m.totalMemMB.toLocaleString('en-US')} MB; load average ${m.loadAverageStart.join(' / ')} at start, ${m.loadAverageEnd.join(' / ')} at end${m.busyWorkers ? `; ${m.busyWorkers} busy workers of the bench's own meanwhile (--load)` : ''}`);
	lines.push(`Command: ${report.command} (${report.scale}); ${report.sizesNote}`);
	lines.push(`Conditions: concurrency ${report.conditions.concurrency}, latency ${report.conditions.latencyMs} ms (sync: ${report.conditions.syncLatencyMs} ms), mixed job ${report.conditions.mix.new} new / ${report.conditions.mix.changed} changed / ${report.conditions.mix.unchanged} unchanged, polite batching ${report.conditions.politeBatching.batchSize} per ${report.conditions.politeBatching.batchInterval} ms`);
	lines.push(`HTTPS run: ${TLS_LATENCY.meanMs} ± ${TLS_LATENCY.jitterMs} ms per request round trip, plus ${TLS_LATENCY.meanMs} ms per handshake round trip of each new connection (TCP 1, TLS 1.3 1), self-signed certificate trusted as a CA (NODE_EXTRA_CA_CERTS)`);
	lines.push('');
	const rows = report.figures.map((f) => [f.key, formatValue(f.value), goalText(f.goal), f.met === null ? '' : f.met ? 'yes' : 'NO', f.basis]);
	const head = ['Figure', 'Value', 'Goal', 'Met', 'Measured against'];
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, widths[i], i === 1)).join(' | ')} |`;
	lines.push(line(head));
	lines.push(`|${widths.map((w, i) => (i === 1 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
	for (const row of rows) lines.push(line(row));
	lines.push('');
	const runHead = ['Run', 'Users', 'Elapsed s', 'Requests', 'Peak in flight', 'Mean in flight', 'Served ms', 'Client CPU ms/req', 'Waiting for CPU', 'Peak RSS MB'];
	const runRows = report.runs.map((r) => [
		r.name,
		r.users?.toLocaleString('en-US') ?? '',
		r.elapsedMs === undefined ? '' : (r.elapsedMs / 1000).toFixed(2),
		r.requests?.toLocaleString('en-US') ?? '',
		r.peakInFlight?.toLocaleString('en-US') ?? '',
		r.meanInFlight === undefined ? '' : String(r.meanInFlight),
		r.meanLatencyMs === undefined ? '' : String(r.meanLatencyMs),
		r.clientCpuMsPerRequest === undefined ? '' : String(r.clientCpuMsPerRequest),
		r.clientRunQueueShare === undefined ? '' : pct(r.clientRunQueueShare),
		`${r.peakRssMB}${r.isolated ? '' : '*'}`,
	]);
	const runWidths = runHead.map((h, i) => Math.max(h.length, ...runRows.map((r) => r[i].length)));
	const runLine = (cells: string[]) => `| ${cells.map((c, i) => pad(c, runWidths[i], i > 0)).join(' | ')} |`;
	lines.push(runLine(runHead));
	lines.push(`|${runWidths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
	for (const row of runRows) lines.push(runLine(row));
	lines.push(
		'Served ms: mean time a request spent at the emulator. Client CPU ms/req: CPU of the run\'s process (n8n engine and node, or the bare client) per request; ' +
			'the emulator runs in a process of its own. Waiting for CPU: share of the run the client\'s main thread was ready but not running (Linux run queue).',
	);
	if (report.runs.some((r) => !r.isolated)) lines.push('* ran inside the bench process: peak RSS of the whole process');
	lines.push('');
	if (report.missed.length === 0) lines.push('Every goal met.');
	else {
		lines.push(`Goals missed (${report.missed.length}):`);
		for (const miss of report.missed) lines.push(`  - ${miss.key} = ${formatValue(miss.value)} (goal ${miss.goal}): ${miss.why}`);
	}
	if (report.problems.length) {
		lines.push('');
		lines.push('Problems:');
		for (const problem of report.problems) lines.push(`  - ${problem.split('\n')[0]}`);
	}
	lines.push('');
	lines.push(`Bench took ${report.elapsedSeconds} s.`);
	return lines.join('\n');
}

export function writeReport(report: BenchReport, file: string): void {
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
