/**
 * The emulator a benchmark run talks to, in a process of its own (`node host.js '<setup JSON>'`, driven over
 * IPC), as a real Salesforce is on another machine: the n8n engine's work never delays the emulator's latency
 * timers, and the emulator's work is not billed to the client. It counts requests by route and measures the
 * requests in flight where they are served (see inflight.ts). Without the compiled CLI it runs in-process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { Emulator, NetworkStats } from '../../../cli/src/emulator';
import { newDirectory, seedMixedDirectory, startBenchEmulator, type Mix } from './data';
import { InFlightMeter, type InFlightFigures } from './inflight';

export interface LatencySetting {
	/** Mean latency in ms (the request's round trip); the emulator adds uniform jitter of ± jitterMs around it. */
	meanMs: number;
	jitterMs: number;
	/** Charge a new connection's handshake round trips too (TCP, TLS), at meanMs each: what a real network costs. */
	handshakes?: boolean;
}

export interface HostSetup {
	latency?: LatencySetting;
	/** Serve HTTPS with this key and certificate (the client side trusts the certificate as its CA). */
	tls?: { key: string; cert: string };
	/** Who exists before the run, and the directory export the run gets. */
	directory: { kind: 'new'; users: number } | { kind: 'mixed'; mix: Mix };
}

export interface HostInfo {
	url: string;
	scimUrl: string;
	port: number;
	clientId: string;
	clientSecret: string;
	/** A bearer token for clients that do not do OAuth (the HTTP Request node with a header, the bare client). */
	token: string;
	/** The directory export, as SCIM users. */
	items: IDataObject[];
	/** Over HTTPS: the certificate to trust (PEM). */
	ca?: string;
}

export interface Snapshot {
	total: number;
	counts: Record<string, number>;
	network: NetworkStats;
}

export interface EmulatorHandle extends HostInfo {
	/** Whether the emulator runs in a process of its own. */
	separate: boolean;
	snapshot(): Promise<Snapshot>;
	/** Start a new in-flight measuring span. */
	resetMeter(): Promise<void>;
	figures(): Promise<InFlightFigures>;
	close(): Promise<void>;
}

function emulatorLatency(latency: LatencySetting | undefined) {
	if (!latency) return {};
	return {
		latencyMs: Math.max(0, latency.meanMs - latency.jitterMs),
		jitterMs: 2 * latency.jitterMs,
		...(latency.handshakes ? { handshakeRttMs: latency.meanMs } : {}),
	};
}

async function startLocal(setup: HostSetup): Promise<{ emulator: Emulator; meter: InFlightMeter; info: HostInfo }> {
	const emulator = await startBenchEmulator({ ...emulatorLatency(setup.latency), ...(setup.tls ? { tls: setup.tls } : {}) });
	const meter = new InFlightMeter(emulator.port);
	const items = setup.directory.kind === 'new' ? newDirectory(emulator, setup.directory.users) : seedMixedDirectory(emulator, setup.directory.mix);
	const connection = emulator.connectionInfo();
	return {
		emulator,
		meter,
		info: {
			url: emulator.url,
			scimUrl: emulator.scimUrl,
			port: emulator.port,
			clientId: connection.clientId,
			clientSecret: connection.clientSecret,
			token: emulator.issueToken(),
			items,
			...(setup.tls ? { ca: setup.tls.cert } : {}),
		},
	};
}

const snapshotOf = (emulator: Emulator): Snapshot => ({ total: emulator.requestLog.total, counts: emulator.requestLog.countsObject(), network: { ...emulator.network } });

async function openLocal(setup: HostSetup): Promise<EmulatorHandle> {
	const { emulator, meter, info } = await startLocal(setup);
	return {
		...info,
		separate: false,
		snapshot: async () => snapshotOf(emulator),
		resetMeter: async () => meter.reset(),
		figures: async () => meter.figures(),
		close: async () => {
			meter.close();
			await emulator.close();
		},
	};
}

function hostScript(): string | undefined {
	if (__filename.endsWith('.js')) return join(__dirname, 'host.js');
	// From the TypeScript source (tests): proof/src/bench → proof/dist/proof/src/bench.
	const compiled = join(__dirname, '..', '..', 'dist', 'proof', 'src', 'bench', 'host.js');
	return existsSync(compiled) ? compiled : undefined;
}

type Reply = { id: number; ok: boolean; value?: unknown; error?: string };

async function openSeparate(script: string, setup: HostSetup): Promise<EmulatorHandle> {
	const child: ChildProcess = fork(script, [JSON.stringify(setup)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr = (stderr + chunk.toString('utf8')).slice(-2000);
	});
	const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
	let nextId = 1;
	let ready: ((info: HostInfo) => void) | undefined;
	let failed: ((error: Error) => void) | undefined;
	const started = new Promise<HostInfo>((resolve, reject) => {
		ready = resolve;
		failed = reject;
	});
	child.on('message', (message: { type?: string; info?: HostInfo; error?: string } & Partial<Reply>) => {
		if (message.type === 'ready') ready?.(message.info!);
		else if (message.type === 'failed') failed?.(new Error(message.error));
		else if (typeof message.id === 'number') {
			const waiter = pending.get(message.id);
			pending.delete(message.id);
			if (message.ok) waiter?.resolve(message.value);
			else waiter?.reject(new Error(message.error));
		}
	});
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.on('exit', (code, signal) => {
		const error = new Error(`the emulator process ended (${signal ?? `exit ${code}`})${stderr ? `: ${stderr}` : ''}`);
		failed?.(error);
		for (const waiter of pending.values()) waiter.reject(error);
		pending.clear();
	});
	const call = <T>(op: string): Promise<T> =>
		new Promise<T>((resolve, reject) => {
			const id = nextId++;
			pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			child.send({ id, op });
		});
	const info = await started;
	return {
		...info,
		separate: true,
		snapshot: () => call<Snapshot>('snapshot'),
		resetMeter: () => call<void>('reset'),
		figures: () => call<InFlightFigures>('figures'),
		close: async () => {
			if (child.exitCode === null && child.signalCode === null) await call<void>('close').catch(() => undefined);
			await exited;
		},
	};
}

/** An emulator set up for one run: in a process of its own when the compiled CLI is there (or `separate` says so). */
export async function openEmulator(setup: HostSetup, options: { separate?: boolean } = {}): Promise<EmulatorHandle> {
	const script = options.separate === false ? undefined : hostScript();
	return script ? openSeparate(script, setup) : openLocal(setup);
}

// The emulator process: start, seed, say ready, answer until told to close.
if (require.main === module && process.send) {
	const send = (message: unknown, then?: () => void) => process.send!(message, undefined, {}, () => then?.());
	startLocal(JSON.parse(process.argv[2]) as HostSetup).then(
		({ emulator, meter, info }) => {
			process.on('message', (message: { id: number; op: string }) => {
				const reply = (value?: unknown, then?: () => void) => send({ id: message.id, ok: true, value }, then);
				switch (message.op) {
					case 'snapshot':
						return reply(snapshotOf(emulator));
					case 'reset':
						meter.reset();
						return reply();
					case 'figures':
						return reply(meter.figures());
					case 'close':
						meter.close();
						void emulator.close().then(() => reply(undefined, () => process.exit(0)));
						return undefined;
					default:
						return send({ id: message.id, ok: false, error: `unknown operation ${message.op}` });
				}
			});
			// The parent gone means nobody will ever close this emulator: close it now.
			process.on('disconnect', () => {
				meter.close();
				void emulator.close().then(() => process.exit(0));
			});
			send({ type: 'ready', info });
		},
		(error: unknown) => send({ type: 'failed', error: (error as Error)?.stack ?? String(error) }, () => process.exit(1)),
	);
}
