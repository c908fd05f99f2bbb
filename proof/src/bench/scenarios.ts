/**
 * One benchmark run each: an emulator of its own (host.ts: its own process, on 127.0.0.1), a workflow through
 * n8n's engine or a bare HTTP client, and what the emulator saw: requests by route, requests in flight, time.
 * Every run closes its emulator by its handle. The orchestrator (index.ts) runs each task in a process of its own
 * so that its peak RSS is its own.
 */
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import type { IDataObject } from 'n8n-workflow';

import type { NetworkStats } from '../../../cli/src/emulator';
import { runWorkflow, type WorkflowFile } from '../../../cli/src/engine';
import { mixOf, type Mix } from './data';
import { openEmulator, type EmulatorHandle, type HostSetup, type LatencySetting, type Snapshot } from './host';
import { benchCredential, httpNodeWorkflow, scimWorkflow, SCIM_NODE, type Batching } from './workflows';

export type { LatencySetting } from './host';

/** The emulator's key and certificate for an HTTPS run; the run's process must trust the certificate (NODE_EXTRA_CA_CERTS). */
export interface TlsSetup {
	key: string;
	cert: string;
}

/** What the emulator saw during one measured run. */
export interface RunFigures {
	elapsedMs: number;
	/** Every request that reached the emulator (OAuth included). */
	requests: number;
	/** Requests under /services/scim/v2. */
	scimRequests: number;
	/** Per route ("GET /services/scim/v2/Users"), as the emulator's request log counts them. */
	counts: Record<string, number>;
	peakInFlight: number;
	/** Most requests open at the emulator at once, those in their handshakes included. */
	peakOpen: number;
	meanInFlight: number;
	/** Mean time a request spent at the emulator (configured latency plus the machine's lateness), ms. */
	meanLatencyMs: number;
	/** TCP connections the requests came on. */
	connections: number;
	/** What the emulator's listener counted meanwhile: connections accepted, TLS handshakes, handshake round trips charged. */
	network: NetworkStats;
	/** CPU the client side (this process: engine, node, or bare client) spent per request, ms. */
	clientCpuMsPerRequest: number;
	/** Share of one CPU the client side got during the run (CPU time ÷ elapsed). */
	clientCpuShare: number;
	/**
	 * Share of the run the client's main thread was ready to run but waiting for a CPU (Linux schedstat):
	 * near 0 on an idle machine; high means the machine, not the client, set the pace.
	 */
	clientRunQueueShare?: number;
	/** Outcomes of the workflow's items (action / outcome field histogram), to check the run did its job. */
	outcomes: Record<string, number>;
	/** Whether the emulator ran in a process of its own. */
	separateEmulator: boolean;
}

const SCIM_PREFIX = '/services/scim/v2';

function diffCounts(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
	const out: Record<string, number> = {};
	for (const [key, value] of Object.entries(after)) {
		const delta = value - (before[key] ?? 0);
		if (delta > 0) out[key] = delta;
	}
	return out;
}

function histogram(items: Array<{ json: IDataObject }>, fields: string[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const { json } of items) {
		const key = fields.map((f) => json[f]).find((v) => typeof v === 'string') as string | undefined;
		if (key) out[key] = (out[key] ?? 0) + 1;
	}
	return out;
}

type Outputs = Record<string, Array<Array<{ json: IDataObject }>>>;

/** Nanoseconds this thread has waited on a run queue (Linux), or undefined elsewhere. */
function runQueueWaitNs(): number | undefined {
	try {
		const fields = readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/);
		const wait = Number(fields[1]);
		return Number.isFinite(wait) ? wait : undefined;
	} catch {
		return undefined;
	}
}

/** Times `work` and reads what the emulator saw meanwhile. */
async function measured(emulator: EmulatorHandle, work: () => Promise<Record<string, number>>): Promise<RunFigures> {
	const before: Snapshot = await emulator.snapshot();
	await emulator.resetMeter();
	const cpu = process.cpuUsage();
	const waited = runQueueWaitNs();
	const t0 = performance.now();
	const outcomes = await work();
	const elapsedMs = performance.now() - t0;
	const used = process.cpuUsage(cpu);
	const waitedAfter = runQueueWaitNs();
	const cpuMs = (used.user + used.system) / 1000;
	const inFlight = await emulator.figures();
	const after = await emulator.snapshot();
	const counts = diffCounts(before.counts, after.counts);
	const scimRequests = Object.entries(counts)
		.filter(([key]) => key.split(' ')[1]?.startsWith(SCIM_PREFIX))
		.reduce((sum, [, n]) => sum + n, 0);
	return {
		elapsedMs: Math.round(elapsedMs),
		requests: after.total - before.total,
		scimRequests,
		counts,
		peakInFlight: inFlight.peak,
		peakOpen: inFlight.peakOpen,
		meanInFlight: inFlight.mean,
		meanLatencyMs: inFlight.meanServedMs,
		connections: inFlight.connections,
		network: {
			connections: after.network.connections - before.network.connections,
			tlsHandshakes: after.network.tlsHandshakes - before.network.tlsHandshakes,
			tlsResumed: after.network.tlsResumed - before.network.tlsResumed,
			handshakeRoundTrips: after.network.handshakeRoundTrips - before.network.handshakeRoundTrips,
		},
		clientCpuMsPerRequest: after.total > before.total ? Math.round((cpuMs / (after.total - before.total)) * 1000) / 1000 : 0,
		clientCpuShare: Math.round((cpuMs / elapsedMs) * 1000) / 1000,
		...(waited !== undefined && waitedAfter !== undefined ? { clientRunQueueShare: Math.round(((waitedAfter - waited) / 1e6 / elapsedMs) * 1000) / 1000 } : {}),
		outcomes,
		separateEmulator: emulator.separate,
	};
}

/** Runs a workflow against the emulator and measures it; a workflow error fails the run. */
function measureWorkflow(emulator: EmulatorHandle, file: WorkflowFile, outcomesOf: (outputs: Outputs) => Record<string, number>): Promise<RunFigures> {
	return measured(emulator, async () => {
		const result = await runWorkflow(file, { credentials: [benchCredential(emulator)] });
		if (result.error) {
			throw new Error(`the workflow failed in "${result.error.node}": ${result.error.message}${result.error.description ? ` (${result.error.description})` : ''}`);
		}
		return outcomesOf(result.outputs as never);
	});
}

async function withEmulator<T>(setup: HostSetup, run: (emulator: EmulatorHandle) => Promise<T>): Promise<T> {
	const emulator = await openEmulator(setup);
	try {
		return await run(emulator);
	} finally {
		await emulator.close();
	}
}

const scimOutcomes = (outputs: Outputs) => histogram(outputs[SCIM_NODE]?.[0] ?? [], ['outcome', 'action']);

/**
 * Runs the same scenario once on a few users, on an emulator of its own, before the measured run: n8n loads
 * node classes and V8 compiles on first use, which a long-running n8n instance has long done.
 */
export const WARMUP_USERS = 20;

async function warmedUp<T extends { users: number; warmup?: boolean; mix?: Mix }, R>(spec: T, run: (spec: T) => Promise<R>): Promise<R> {
	if (spec.warmup !== false) await run({ ...spec, users: Math.min(WARMUP_USERS, spec.users), warmup: false, mix: undefined });
	return run({ ...spec, warmup: false });
}

/** Create or Update of `users` people none of whom exists yet. */
export async function provisionRun(spec: { users: number; concurrency: number; latency: LatencySetting; tls?: TlsSetup; warmup?: boolean }): Promise<RunFigures> {
	if (spec.warmup !== false) return warmedUp(spec, provisionRun);
	return withEmulator({ latency: spec.latency, tls: spec.tls, directory: { kind: 'new', users: spec.users } }, async (emulator) => {
		const file = scimWorkflow({ operation: 'upsert', matchBy: 'userName', options: { concurrency: spec.concurrency } }, emulator.items);
		return measureWorkflow(emulator, file, scimOutcomes);
	});
}

/** The mixed job through this package's node: User → Sync (applied) or Create or Update. */
export async function oursMixedRun(spec: { users: number; concurrency: number; latency?: LatencySetting; operation: 'sync' | 'upsert'; mix?: Mix; warmup?: boolean }): Promise<RunFigures> {
	if (spec.warmup !== false) return warmedUp(spec, oursMixedRun);
	return withEmulator({ latency: spec.latency, directory: { kind: 'mixed', mix: spec.mix ?? mixOf(spec.users) } }, async (emulator) => {
		const parameters: IDataObject =
			spec.operation === 'sync'
				? { operation: 'sync', dryRun: false, matchBy: 'userName', scope: 'all', options: { concurrency: spec.concurrency } }
				: { operation: 'upsert', matchBy: 'userName', options: { concurrency: spec.concurrency } };
		return measureWorkflow(emulator, scimWorkflow(parameters, emulator.items), scimOutcomes);
	});
}

/** The mixed job the way it is wired with n8n's HTTP Request and IF nodes; batching off (n8n's default) or set. */
export async function httpNodeMixedRun(spec: { users: number; latency: LatencySetting; batching?: Batching; mix?: Mix; warmup?: boolean }): Promise<RunFigures> {
	if (spec.warmup !== false) return warmedUp(spec, httpNodeMixedRun);
	return withEmulator({ latency: spec.latency, directory: { kind: 'mixed', mix: spec.mix ?? mixOf(spec.users) } }, async (emulator) => {
		const file = httpNodeWorkflow(emulator.scimUrl, emulator.token, emulator.items, spec.batching);
		return measureWorkflow(emulator, file, (outputs) => {
			const out: Record<string, number> = {};
			for (const [name, runs] of Object.entries(outputs)) {
				if (name.startsWith('Create') || name.startsWith('Update')) out[name] = runs[0]?.length ?? 0;
			}
			return out;
		});
	});
}

export interface OverheadFigures {
	users: number;
	/** Best node run (ms) and best raw-client run (ms) over the rounds. */
	nodeMs: number;
	rawMs: number;
	/** (node − raw) ÷ users: what n8n's engine and the node add per item over the bare HTTP requests. */
	overheadMsPerItem: number;
	/** Writes (POST, PATCH, PUT, DELETE) per unchanged user in the node runs. */
	writesPerUnchangedUser: number;
	node: RunFigures;
}

const WRITE = /^(POST|PATCH|PUT|DELETE) \/services\/scim\//;

/**
 * Create or Update over users who all exist unchanged, at zero latency: the node's own cost per item, against
 * a bare keep-alive HTTP client making the same lookups at the same concurrency in the same process.
 */
export async function engineOverheadRun(spec: { users: number; concurrency: number; rounds: number }): Promise<OverheadFigures> {
	return withEmulator({ directory: { kind: 'mixed', mix: { new: 0, changed: 0, unchanged: spec.users } } }, async (emulator) => {
		const items = emulator.items;
		const parameters = { operation: 'upsert', matchBy: 'userName', options: { concurrency: spec.concurrency } };
		const client = new RawClient(emulator, spec.concurrency);
		const raw = async (list: IDataObject[]) => {
			const t0 = performance.now();
			await client.each(list, async (user) => {
				const found = await client.lookup(String(user.userName));
				if (found.totalResults !== 1) throw new Error(`raw lookup of ${String(user.userName)} found ${found.totalResults}`);
			});
			return performance.now() - t0;
		};
		try {
			// Warm both sides (module loading, JIT, connections) before anything is timed.
			await measureWorkflow(emulator, scimWorkflow(parameters, items.slice(0, Math.min(50, items.length))), scimOutcomes);
			await raw(items.slice(0, 50));
			let rawMs = Infinity;
			let best: RunFigures | undefined;
			let writes = 0;
			for (let round = 0; round < spec.rounds; round++) {
				rawMs = Math.min(rawMs, await raw(items));
				const run = await measureWorkflow(emulator, scimWorkflow(parameters, items), scimOutcomes);
				writes += Object.entries(run.counts).filter(([key]) => WRITE.test(key)).reduce((s, [, n]) => s + n, 0);
				if (!best || run.elapsedMs < best.elapsedMs) best = run;
			}
			return {
				users: spec.users,
				nodeMs: best!.elapsedMs,
				rawMs: Math.round(rawMs),
				overheadMsPerItem: Math.round(((best!.elapsedMs - rawMs) / spec.users) * 1000) / 1000,
				writesPerUnchangedUser: writes / (spec.users * spec.rounds),
				node: best!,
			};
		} finally {
			client.close();
		}
	});
}

/**
 * The least any client can do: bare node:http with keep-alive sockets, as many workers as the concurrency, the
 * same requests a node makes. Its rate on this machine, now, is the baseline that shows what is the client's
 * cost and what is the machine's.
 */
export class RawClient {
	private readonly agent: HttpAgent;
	private readonly url: URL;
	private readonly https: boolean;

	/**
	 * `keepAlive: false` is the connection-per-request client: a new agent, so a new TCP connection and a full TLS
	 * handshake (no session cache), for every request — what n8n 2.41.1's request path does.
	 */
	constructor(
		private readonly target: { scimUrl: string; token: string; ca?: string },
		readonly concurrency: number,
		private readonly keepAlive = true,
	) {
		this.url = new URL(target.scimUrl);
		this.https = this.url.protocol === 'https:';
		this.agent = this.newAgent();
	}

	private newAgent(): HttpAgent {
		const options = { keepAlive: this.keepAlive, maxSockets: this.keepAlive ? this.concurrency : Infinity };
		return this.https ? new HttpsAgent({ ...options, ca: this.target.ca }) : new HttpAgent(options);
	}

	send(method: string, path: string, body?: unknown): Promise<{ status: number; json: IDataObject }> {
		const agent = this.keepAlive ? this.agent : this.newAgent();
		const request = this.https ? httpsRequest : httpRequest;
		return new Promise((resolve, reject) => {
			const payload = body === undefined ? undefined : JSON.stringify(body);
			const headers: Record<string, string | number> = { Authorization: `Bearer ${this.target.token}`, Accept: 'application/scim+json' };
			if (payload !== undefined) {
				headers['Content-Type'] = 'application/scim+json';
				headers['Content-Length'] = Buffer.byteLength(payload);
			}
			const req = request({ host: this.url.hostname, port: this.url.port, method, path: this.url.pathname + path, agent, headers }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					const status = res.statusCode ?? 0;
					if (!this.keepAlive) agent.destroy();
					if (status >= 300) return reject(new Error(`${method} ${path} answered ${status}: ${text.slice(0, 200)}`));
					resolve({ status, json: text ? (JSON.parse(text) as IDataObject) : {} });
				});
			});
			req.on('error', (error) => {
				if (!this.keepAlive) agent.destroy();
				reject(error);
			});
			req.end(payload);
		});
	}

	async lookup(userName: string): Promise<{ totalResults: number; Resources?: IDataObject[] }> {
		const filter = encodeURIComponent(`userName eq "${userName.replace(/["\\]/g, (c) => `\\${c}`)}"`);
		return (await this.send('GET', `/Users?filter=${filter}`)).json as { totalResults: number };
	}

	/** Runs `work` for every item, `concurrency` at a time. */
	async each<T>(list: T[], work: (item: T) => Promise<void>): Promise<void> {
		let next = 0;
		await Promise.all(
			Array.from({ length: Math.min(this.concurrency, list.length) }, async () => {
				while (next < list.length) await work(list[next++]);
			}),
		);
	}

	close(): void {
		this.agent.destroy();
	}
}

/** What Create or Update does for a new user (look up, then POST), done by the bare client. */
export async function rawProvisionRun(spec: { users: number; concurrency: number; latency: LatencySetting; tls?: TlsSetup; keepAlive?: boolean }): Promise<RunFigures> {
	return withEmulator({ latency: spec.latency, tls: spec.tls, directory: { kind: 'new', users: spec.users } }, async (emulator) => {
		const client = new RawClient(emulator, spec.concurrency, spec.keepAlive ?? true);
		try {
			return await measured(emulator, async () => {
				let created = 0;
				await client.each(emulator.items, async (user) => {
					const found = await client.lookup(String(user.userName));
					if (found.totalResults === 0) {
						await client.send('POST', '/Users', user);
						created++;
					}
				});
				return { created };
			});
		} finally {
			client.close();
		}
	});
}
