/**
 * How fast is the emulator itself? Holds N users, then hammers it with simple indexed requests (`userName eq`
 * filters and GET by id) from keep-alive connections, and reports requests/s and memory. The emulator runs in a
 * separate process when the compiled build is available, so the load generator does not eat into its CPU, and its
 * CPU time gives a capacity figure that holds even on a busy machine.
 * Not a test: numbers depend on the machine.
 */
import { connect, type Socket } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { startEmulator } from '../../../cli/src/emulator';

export interface BenchOptions {
	/** Users held by the emulator (default 100,000). */
	users?: number;
	/** Load duration in seconds (default 5). */
	seconds?: number;
	/** Requests in flight (default 32). */
	concurrency?: number;
	/** Run the emulator in this thread even when a worker could be used. */
	inProcess?: boolean;
}

export interface BenchResult {
	users: number;
	seconds: number;
	concurrency: number;
	requests: number;
	errors: number;
	requestsPerSecond: number;
	/** Mean and 99th-percentile latency, ms. */
	meanMs: number;
	p99Ms: number;
	/**
	 * Requests served per second of the emulator's own CPU time: its capacity on one core, whatever else the
	 * machine is doing (in-process, the load generator's CPU is counted too).
	 */
	requestsPerCpuSecond: number;
	/** Resident memory of the emulator's process after the run, MB (in-process: load generator included). */
	rssMB: number;
	/** JavaScript heap used, MB. */
	emulatorHeapMB: number;
	/** Time to seed the users, ms. */
	seedMs: number;
	mode: 'process' | 'in-process';
}

interface Target {
	scimUrl: string;
	token: string;
	ids: string[];
	seedMs: number;
	/** Emulator memory (RSS and heap, MB) and CPU seconds used since the last call. */
	stats: () => Promise<{ rssMB: number; heapMB: number; cpuSeconds: number }>;
	close: () => Promise<void>;
}

/** The child's program: start an emulator from the compiled build, seed it, and answer questions over IPC. */
const CHILD_SOURCE = `
const { startEmulator } = require(process.env.SFSCIM_EMULATOR_MODULE);
(async () => {
	const emu = await startEmulator({ licenses: 10000000, apiLimit: 1e12, requestLogLimit: 1000 });
	const t0 = Date.now();
	emu.state.generateUsers(Number(process.env.SFSCIM_BENCH_USERS), { domain: 'bench.example.com' });
	const seedMs = Date.now() - t0;
	const ids = emu.state.userOrder.slice(-Math.min(1000, emu.state.userOrder.length));
	let cpu = process.cpuUsage();
	process.send({ type: 'ready', scimUrl: emu.scimUrl, token: emu.issueToken(), ids, seedMs });
	process.on('message', async (m) => {
		if (m === 'stats') {
			const used = process.cpuUsage(cpu);
			cpu = process.cpuUsage();
			const mem = process.memoryUsage();
			process.send({ type: 'stats', rssMB: mem.rss / 1048576, heapMB: mem.heapUsed / 1048576, cpuSeconds: (used.user + used.system) / 1e6 });
		}
		if (m === 'close') { await emu.close(); process.send({ type: 'closed' }); process.disconnect(); }
	});
})().catch((e) => { process.send({ type: 'error', message: String((e && e.stack) || e) }); process.exit(1); });
`;

/** The emulator in its own process: the load generator does not share its thread, and its CPU time is its own. */
async function childTarget(users: number, modulePath: string): Promise<Target> {
	const child = spawn(process.execPath, ['-e', CHILD_SOURCE], {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		env: { ...process.env, SFSCIM_EMULATOR_MODULE: modulePath, SFSCIM_BENCH_USERS: String(users) },
	});
	const next = (type: string) =>
		new Promise<any>((resolve, reject) => {
			const onMessage = (m: any) => {
				if (m.type === type) {
					child.off('message', onMessage);
					resolve(m);
				} else if (m.type === 'error') reject(new Error(m.message));
			};
			child.on('message', onMessage);
			child.once('exit', (code) => reject(new Error(`emulator process exited (${code})`)));
		});
	const ready = await next('ready');
	return {
		scimUrl: ready.scimUrl,
		token: ready.token,
		ids: ready.ids,
		seedMs: ready.seedMs,
		stats: async () => {
			const p = next('stats');
			child.send('stats');
			return p;
		},
		close: async () => {
			const p = next('closed');
			child.send('close');
			await p;
		},
	};
}

async function inProcessTarget(users: number): Promise<Target> {
	const emu = await startEmulator({ licenses: 10_000_000, apiLimit: 1e12, requestLogLimit: 1000 });
	const t0 = Date.now();
	emu.state.generateUsers(users, { domain: 'bench.example.com' });
	const seedMs = Date.now() - t0;
	let cpu = process.cpuUsage();
	return {
		scimUrl: emu.scimUrl,
		token: emu.issueToken(),
		ids: emu.state.userOrder.slice(-Math.min(1000, emu.state.userOrder.length)),
		seedMs,
		stats: async () => {
			const used = process.cpuUsage(cpu);
			cpu = process.cpuUsage();
			const mem = process.memoryUsage();
			return { rssMB: mem.rss / 1048576, heapMB: mem.heapUsed / 1048576, cpuSeconds: (used.user + used.system) / 1e6 };
		},
		close: () => emu.close(),
	};
}

/**
 * A bare keep-alive HTTP/1.1 connection for the load generator: node's http client costs more CPU per request than
 * the emulator does to answer it, so with it the benchmark would measure the client. Needs Content-Length on every
 * answer, which the emulator always sends.
 */
class RawConnection {
	private buffer: Buffer = Buffer.alloc(0);
	private pending?: { resolve: (status: number) => void; reject: (err: Error) => void };

	private constructor(private readonly socket: Socket, private readonly hostHeader: string) {
		socket.setNoDelay(true);
		socket.on('data', (chunk: Buffer) => {
			this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
			this.drain();
		});
		const fail = (err: Error) => {
			const p = this.pending;
			this.pending = undefined;
			p?.reject(err);
		};
		socket.on('error', fail);
		socket.on('close', () => fail(new Error('connection closed')));
	}

	static open(host: string, port: number): Promise<RawConnection> {
		return new Promise((resolve, reject) => {
			const socket = connect({ host, port }, () => resolve(new RawConnection(socket, `${host}:${port}`)));
			socket.once('error', reject);
		});
	}

	get(path: string, authorization: string): Promise<number> {
		return new Promise((resolve, reject) => {
			this.pending = { resolve, reject };
			this.socket.write(`GET ${path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\nAuthorization: ${authorization}\r\nAccept: application/scim+json\r\n\r\n`);
		});
	}

	/** Complete a response once its headers and Content-Length bytes of body are in. */
	private drain(): void {
		const end = this.buffer.indexOf('\r\n\r\n');
		if (end < 0 || !this.pending) return;
		const head = this.buffer.subarray(0, end).toString('latin1');
		const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
		if (this.buffer.length < end + 4 + length) return;
		this.buffer = this.buffer.subarray(end + 4 + length);
		const p = this.pending;
		this.pending = undefined;
		p.resolve(Number(head.slice(9, 12)));
	}

	close(): void {
		this.socket.destroy();
	}
}

export async function benchEmulator(options: BenchOptions = {}): Promise<BenchResult> {
	const users = options.users ?? 100_000;
	const seconds = options.seconds ?? 5;
	const concurrency = options.concurrency ?? 32;
	// The emulator's compiled entry beside this file's (proof/dist/cli/src/emulator); absent when run from source.
	const compiled = join(__dirname, '..', '..', '..', 'cli', 'src', 'emulator', 'index.js');
	const separate = !options.inProcess && existsSync(compiled);
	const target = separate ? await childTarget(users, compiled) : await inProcessTarget(users);
	const url = new URL(target.scimUrl);
	const latencies: number[] = [];
	let requests = 0;
	let errors = 0;
	let n = 0;
	const lanes = await Promise.all(Array.from({ length: concurrency }, () => RawConnection.open(url.hostname, Number(url.port))));
	const auth = `Bearer ${target.token}`;

	const one = async (lane: RawConnection, path: string): Promise<void> => {
		const t0 = performance.now();
		try {
			const status = await lane.get(path, auth);
			latencies.push(performance.now() - t0);
			if (status !== 200) errors++;
			requests++;
		} catch {
			errors++;
		}
	};

	// Alternate the two indexed lookups a provisioning run makes most: find by userName, read by id.
	const nextPath = (): string => {
		n++;
		if (n % 2 === 0) return `${url.pathname}/Users/${target.ids[n % target.ids.length]}`;
		const k = String(1 + ((n * 7919) % users)).padStart(6, '0');
		return `${url.pathname}/Users?filter=${encodeURIComponent(`userName eq "user${k}@bench.example.com"`)}`;
	};

	// Warm up (JIT, connections), then measure.
	const warmEnd = Date.now() + 500;
	await Promise.all(lanes.map(async (lane) => {
		while (Date.now() < warmEnd) await one(lane, nextPath());
	}));
	requests = 0;
	errors = 0;
	latencies.length = 0;
	await target.stats();
	const start = performance.now();
	const end = Date.now() + seconds * 1000;
	await Promise.all(lanes.map(async (lane) => {
		while (Date.now() < end) await one(lane, nextPath());
	}));
	const elapsed = (performance.now() - start) / 1000;
	const stats = await target.stats();
	for (const lane of lanes) lane.close();
	await target.close();
	latencies.sort((a, b) => a - b);
	const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
	return {
		users,
		seconds: Math.round(elapsed * 100) / 100,
		concurrency,
		requests,
		errors,
		requestsPerSecond: Math.round(requests / elapsed),
		meanMs: Math.round(mean * 100) / 100,
		p99Ms: Math.round((latencies[Math.floor(latencies.length * 0.99)] ?? 0) * 100) / 100,
		requestsPerCpuSecond: Math.round(requests / Math.max(stats.cpuSeconds, 1e-6)),
		rssMB: Math.round(stats.rssMB),
		emulatorHeapMB: Math.round(stats.heapMB),
		seedMs: target.seedMs,
		mode: separate ? 'process' : 'in-process',
	};
}

// `node proof/dist/proof/src/bench/emulator.js [users] [seconds] [concurrency]` prints the figures.
if (require.main === module) {
	const [users, seconds, concurrency] = process.argv.slice(2).map(Number);
	benchEmulator({ users: users || undefined, seconds: seconds || undefined, concurrency: concurrency || undefined })
		.then((r) => console.log(JSON.stringify(r, null, 2)))
		.catch((err) => {
			console.error(err);
			process.exitCode = 1;
		});
}
