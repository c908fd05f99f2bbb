/**
 * One benchmark task, run in a process of its own (`node tasks.js '<task JSON>'`, answering over IPC) so that the
 * peak RSS it reports is its own, and no run inherits another's heap or JIT state.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { benchEmulator as benchEmulatorThroughput, type BenchResult as EmulatorBenchResult } from './emulator';
import { benchMapping, type MappingBenchResult } from './mapping';
import {
	engineOverheadRun,
	httpNodeMixedRun,
	oursMixedRun,
	provisionRun,
	rawProvisionRun,
	type LatencySetting,
	type OverheadFigures,
	type RunFigures,
	type TlsSetup,
} from './scenarios';
import type { SyncBenchResult } from './sync';
import type { Batching } from './workflows';

/** benchSync's options and result, as far as this benchmark reads them (proof/src/bench/sync.ts). */
export interface SyncBenchOptionsLike {
	users?: number;
	latencyMs?: number;
	concurrency?: number;
}
/** What a sync bench reports (it runs in a child process; only its shape is shared). */
export type SyncBenchResultLike = Omit<SyncBenchResult, 'planning'> & { planning: Omit<SyncBenchResult['planning'], 'peakRssMb'> };

export type Task =
	| { kind: 'provision'; users: number; concurrency: number; latency: LatencySetting; tls?: TlsSetup }
	| { kind: 'provisionTls'; users: number; concurrency: number; latency: LatencySetting; tls: TlsSetup }
	| { kind: 'oursMixed'; users: number; concurrency: number; latency: LatencySetting; operation: 'sync' | 'upsert' }
	| { kind: 'httpNodeMixed'; users: number; latency: LatencySetting; batching?: Batching }
	| { kind: 'engineOverhead'; users: number; concurrency: number; rounds: number }
	| { kind: 'sync'; users: number; latencyMs: number; concurrency: number }
	| { kind: 'mapping'; items: number; rounds: number }
	| { kind: 'emulator'; users: number; seconds: number; concurrency: number };

export interface TaskResults {
	provision: { node: RunFigures; raw: RunFigures };
	/** Over HTTPS with handshakes charged: the keep-alive and the connection-per-request bounds, and the node. */
	provisionTls: { keepAlive: RunFigures; perRequest: RunFigures; node: RunFigures };
	oursMixed: RunFigures;
	httpNodeMixed: RunFigures;
	engineOverhead: OverheadFigures;
	sync: SyncBenchResultLike;
	mapping: MappingBenchResult;
	emulator: EmulatorBenchResult;
}

export interface TaskOutcome<T = unknown> {
	result: T;
	/** Peak resident memory of the process that ran the task, MB. */
	peakRssMB: number;
	cpuSeconds: number;
	wallMs: number;
	/** False when the task ran inside the orchestrator's process (its peak RSS is then the whole process's). */
	isolated: boolean;
}

function loadBenchSync(): (options: SyncBenchOptionsLike) => Promise<SyncBenchResultLike> {
	// Resolved at run time: the sync benchmark's own module, called as it is.
	const mod = require('./sync') as { benchSync?: (options: SyncBenchOptionsLike) => Promise<SyncBenchResultLike> };
	if (typeof mod.benchSync !== 'function') throw new Error('proof/src/bench/sync.ts does not export benchSync');
	return mod.benchSync;
}

export async function performTask(task: Task): Promise<unknown> {
	switch (task.kind) {
		case 'provision': {
			// Warm-up inside provisionRun; the bare client goes first, then the node, one right after the other.
			const raw = await rawProvisionRun(task);
			const node = await provisionRun(task);
			return { node, raw };
		}
		case 'provisionTls': {
			// The two bare clients bracket what is physically possible; then the node, right after them.
			const keepAlive = await rawProvisionRun({ ...task, keepAlive: true });
			const perRequest = await rawProvisionRun({ ...task, keepAlive: false });
			const node = await provisionRun(task);
			return { keepAlive, perRequest, node };
		}
		case 'oursMixed':
			return oursMixedRun(task);
		case 'httpNodeMixed':
			return httpNodeMixedRun(task);
		case 'engineOverhead':
			return engineOverheadRun(task);
		case 'sync': {
			// benchSync times its first workflow run: warm n8n's engine up first, as a running n8n instance is.
			// Best effort: if the warm-up fails, benchSync's own run says why.
			await oursMixedRun({ users: 20, concurrency: task.concurrency, operation: 'sync', warmup: false }).catch(() => undefined);
			return loadBenchSync()({ users: task.users, latencyMs: task.latencyMs, concurrency: task.concurrency });
		}
		case 'mapping':
			return benchMapping({ items: task.items, rounds: task.rounds });
		case 'emulator':
			return benchEmulatorThroughput({ users: task.users, seconds: task.seconds, concurrency: task.concurrency });
		default:
			throw new Error(`unknown bench task ${JSON.stringify(task)}`);
	}
}

export async function measureTask(task: Task, isolated: boolean): Promise<TaskOutcome> {
	const cpu = process.cpuUsage();
	const t0 = performance.now();
	const result = await performTask(task);
	const used = process.cpuUsage(cpu);
	return {
		result,
		peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
		cpuSeconds: Math.round(((used.user + used.system) / 1e6) * 100) / 100,
		wallMs: Math.round(performance.now() - t0),
		isolated,
	};
}

if (require.main === module && process.send) {
	process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'sfscim-bench-'));
	const send = (message: unknown) => process.send!(message, () => process.exit(0));
	measureTask(JSON.parse(process.argv[2]) as Task, true).then(
		(outcome) => send({ ok: true, outcome }),
		(error: unknown) => send({ ok: false, error: (error as Error)?.stack ?? String(error) }),
	);
}
