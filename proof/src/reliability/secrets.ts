/**
 * Canary secrets for the whole suite: a client secret, an RSA private key (the emulators hold its public half as
 * the connected app's certificate), and every access and refresh token an emulator issues. Every run's output
 * items, errors, descriptions and run data, and everything written to stdout, stderr or the console while the
 * suite runs, are kept and scanned at the end: a canary found anywhere is a leak.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

import type { Emulator, EmulatorOptions } from '../../../cli/src/emulator';
import type { RunResult } from '../../../cli/src/engine';

export interface LeakReport {
	/** Distinct canary values searched for. */
	canaries: number;
	/** Surfaces scanned (output items, errors, run data, captured logs). */
	surfaces: number;
	/** Characters scanned. */
	characters: number;
	leaks: string[];
}

function safeJson(value: unknown): string {
	const seen = new WeakSet();
	return (
		JSON.stringify(value, (_key, v: unknown) => {
			if (typeof v === 'object' && v !== null) {
				if (seen.has(v)) return '[circular]';
				seen.add(v);
			}
			return typeof v === 'bigint' ? String(v) : v;
		}) ?? ''
	);
}

export class Canaries {
	readonly clientSecret = `CANARY5ECRET${randomBytes(26).toString('hex')}`;
	/** The bearer token an IdP sends to the Salesforce SCIM Trigger (scimTrigger.ts exercises it). */
	readonly scimTriggerToken = `CANARYSCIMT0KEN${randomBytes(24).toString('hex')}`;
	readonly privateKey: string;
	readonly publicKey: string;
	/** A second key, pasted where it does not belong (it must not leak either). */
	readonly otherPrivateKey: string;
	/** Tokens minted by tiny test token servers (they are secrets too). */
	readonly extra: string[] = [];
	private readonly issued: string[] = [];
	private readonly surfaces: Array<[string, string]> = [];
	private readonly written: string[] = [];
	private restore: Array<() => void> = [];

	constructor() {
		const pair = () =>
			generateKeyPairSync('rsa', {
				modulusLength: 2048,
				publicKeyEncoding: { type: 'spki', format: 'pem' },
				privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
			});
		const keys = pair();
		this.privateKey = keys.privateKey;
		this.publicKey = keys.publicKey;
		this.otherPrivateKey = pair().privateKey;
	}

	/** Options for startEmulator: the connected app knows the canary secret and the canary key's public half. */
	emulatorOptions(): Pick<EmulatorOptions, 'oauth'> {
		return { oauth: { clientSecret: this.clientSecret, jwtPublicKey: this.publicKey } };
	}

	/** Every access and refresh token the emulator issues becomes a canary. */
	watch(emulator: Emulator): Emulator {
		const issue = emulator.oauth.issue.bind(emulator.oauth);
		emulator.oauth.issue = (...args: Parameters<typeof issue>) => {
			const minted = issue(...args);
			this.issued.push(minted.token, ...(minted.refresh ? [minted.refresh] : []));
			return minted;
		};
		return emulator;
	}

	get tokensIssued(): number {
		return this.issued.length;
	}

	/** Keep what a run produced: output items, the error with its description, and n8n's run data. */
	record(result: RunResult, label = 'run'): void {
		const n = this.surfaces.length;
		this.surfaces.push([`${label} ${n} outputs`, safeJson(result.outputs)]);
		this.surfaces.push([`${label} ${n} error`, `${result.error?.message ?? ''}\n${result.error?.description ?? ''}\n${safeJson(result.error?.raw ?? null)}\n${inspect(result.error?.raw, { depth: 6 })}`]);
		this.surfaces.push([`${label} ${n} run data`, safeJson(result.run.data)]);
	}

	recordText(label: string, text: string): void {
		this.surfaces.push([label, text]);
	}

	/** Where progress goes while stdout and stderr are captured (the real stderr; also scanned). */
	progress: (line: string) => void = (line) => process.stderr.write(`${line}\n`);

	/**
	 * Capture stdout, stderr and the console for the scan. n8n's engine logs every failed execution (with stacks);
	 * `echo` passes that through, otherwise it is only kept. Progress lines always reach the real stderr.
	 */
	capture(options: { echo?: boolean } = {}): void {
		const streams = [process.stdout, process.stderr] as const;
		const originals = streams.map((stream) => stream.write.bind(stream));
		streams.forEach((stream, i) => {
			stream.write = ((chunk: unknown, ...rest: unknown[]) => {
				this.written.push(String(chunk));
				if (options.echo) return (originals[i] as (...a: unknown[]) => boolean)(chunk, ...rest);
				const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
				done?.();
				return true;
			}) as typeof stream.write;
			this.restore.push(() => (stream.write = originals[i] as typeof stream.write));
		});
		this.progress = (line) => {
			this.written.push(line);
			(originals[1] as (chunk: string) => boolean)(`${line}\n`);
		};
		for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
			const original = console[level];
			console[level] = (...args: unknown[]) => {
				this.written.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 8 }))).join(' '));
				if (options.echo) original(...args);
			};
			this.restore.push(() => (console[level] = original));
		}
	}

	release(): void {
		for (const undo of this.restore.reverse()) undo();
		this.restore = [];
		this.progress = (line) => process.stderr.write(`${line}\n`);
	}

	/** Distinctive pieces of each secret: whole values and, for keys, slices of the base64 body. */
	values(): string[] {
		const body = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
		const slices = (pem: string) => [0, 200, 600, 1000, 1400].map((at) => body(pem).slice(at, at + 32));
		return [this.clientSecret, this.scimTriggerToken, ...slices(this.privateKey), ...slices(this.otherPrivateKey), ...this.issued, ...this.extra].filter((v) => v && v.length >= 16);
	}

	scan(): LeakReport {
		const surfaces: Array<[string, string]> = [...this.surfaces, ['stdout, stderr and console', this.written.join('\n')]];
		const values = [...new Set(this.values())];
		const leaks = surfaces.flatMap(([where, text]) => values.filter((c) => text.includes(c)).map((c) => `${where}: ${c.slice(0, 10)}…`));
		return { canaries: values.length, surfaces: surfaces.length, characters: surfaces.reduce((sum, [, text]) => sum + text.length, 0), leaks };
	}
}
