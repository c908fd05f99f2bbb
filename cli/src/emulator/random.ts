/**
 * Seeded randomness and Salesforce-shaped identifiers.
 *
 * Everything the emulator decides "at random" (faults, jitter) comes from one seeded generator so that a failing
 * test can be replayed exactly; identifiers come from per-prefix counters so that the same seed data always yields
 * the same ids.
 */
import { isSalesforceId as isShapedLikeSalesforceId } from '../../../scim/salesforceId';

/** mulberry32: tiny, fast and good enough for fault scheduling (not for secrets). */
export class Prng {
	private state: number;
	constructor(seed: number) {
		this.state = seed >>> 0;
	}
	/** A float in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	/** An integer in [0, n). */
	int(n: number): number {
		return Math.floor(this.next() * n);
	}
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * The 3-character suffix that turns a case-sensitive 15-character Salesforce id into the case-insensitive 18-character
 * form: for each 5-character chunk, a bit per upper-case letter (first character = lowest bit).
 */
export function salesforceIdSuffix(id15: string): string {
	let suffix = '';
	for (let chunk = 0; chunk < 3; chunk++) {
		let bits = 0;
		for (let i = 0; i < 5; i++) {
			const c = id15.charCodeAt(chunk * 5 + i);
			if (c >= 65 && c <= 90) bits |= 1 << i;
		}
		suffix += SUFFIX_ALPHABET[bits];
	}
	return suffix;
}

/** True when `id` is a 15- or 18-character Salesforce id (and, if 18, its suffix is right). */
export function isSalesforceId(id: string): boolean {
	if (!isShapedLikeSalesforceId(id)) return false;
	return id.length === 15 || salesforceIdSuffix(id.slice(0, 15)) === id.slice(15).toUpperCase();
}

/** Counters per key prefix, producing ids like 005Dn00000A1b2cXYZ (prefix + pod + serial + suffix). */
export class IdFactory {
	private counters = new Map<string, number>();
	constructor(private readonly pod = 'Dn') {}

	next(prefix: string): string {
		const n = (this.counters.get(prefix) ?? 0) + 1;
		this.counters.set(prefix, n);
		// A fixed per-prefix scramble keeps consecutive ids from looking like a plain counter, as real ones don't.
		let serial = '';
		let v = n * 7919 + 104729;
		for (let i = 0; i < 6; i++) {
			serial = BASE62[v % 62] + serial;
			v = Math.floor(v / 62);
		}
		const id15 = (prefix + this.pod + '0000' + serial).slice(0, 15);
		return id15 + salesforceIdSuffix(id15);
	}

	reset(): void {
		this.counters.clear();
	}
}

/** Accept a 15- or 18-character id and give the 18-character form, so lookups work with either. */
export function to18(id: string): string {
	return id.length === 15 && /^[0-9A-Za-z]{15}$/.test(id) ? id + salesforceIdSuffix(id) : id;
}
