/**
 * Seeded, reproducible fault injection. A rule fires by schedule (the Nth matching request, every Nth) or by rate;
 * the PRNG is shared with jitter so that one seed replays a whole run.
 */
import { Prng } from './random';
import type { FaultKind, FaultRule } from './types';
import { FAULT_KINDS } from './types';

interface LiveRule {
	rule: FaultRule;
	seen: number;
	fired: number;
}

export interface FaultDecision {
	kind: FaultKind;
	rule: FaultRule;
}

export class FaultEngine {
	private rules: LiveRule[] = [];

	constructor(private readonly prng: Prng) {}

	set(rules: FaultRule[]): void {
		for (const r of rules) validateRule(r);
		this.rules = rules.map((rule) => ({ rule, seen: 0, fired: 0 }));
	}

	add(rule: FaultRule): void {
		validateRule(rule);
		this.rules.push({ rule, seen: 0, fired: 0 });
	}

	clear(): void {
		this.rules = [];
	}

	list(): Array<FaultRule & { pathRegex?: string; seen: number; fired: number }> {
		return this.rules.map((r) => ({ ...r.rule, path: r.rule.path instanceof RegExp ? undefined : r.rule.path, pathRegex: r.rule.path instanceof RegExp ? r.rule.path.source : undefined, seen: r.seen, fired: r.fired }));
	}

	/**
	 * Decide once per request. Every matching rule counts the request (so "the Nth request" means the Nth one that
	 * rule matched, whatever other rules did); the first rule that fires wins.
	 */
	decide(method: string, path: string): FaultDecision | undefined {
		let chosen: LiveRule | undefined;
		for (const live of this.rules) {
			const { rule } = live;
			if (rule.method && rule.method.toUpperCase() !== method) continue;
			if (!pathMatches(rule.path, path)) continue;
			live.seen++;
			if (rule.times !== undefined && live.fired >= rule.times) continue;
			let fire = false;
			if (rule.nth !== undefined) fire = (Array.isArray(rule.nth) ? rule.nth : [rule.nth]).includes(live.seen);
			if (!fire && rule.every !== undefined && rule.every > 0) fire = live.seen % rule.every === 0;
			// Always draw for rate rules, so a schedule hit does not shift the random sequence of later requests.
			if (rule.rate !== undefined && rule.rate > 0) {
				const draw = this.prng.next();
				if (!fire) fire = draw < rule.rate;
			}
			if (fire && !chosen) chosen = live;
		}
		if (!chosen) return undefined;
		chosen.fired++;
		const kinds = Array.isArray(chosen.rule.kind) ? chosen.rule.kind : [chosen.rule.kind];
		const kind = kinds.length === 1 ? kinds[0] : kinds[this.prng.int(kinds.length)];
		return { kind, rule: chosen.rule };
	}
}

function pathMatches(matcher: FaultRule['path'], path: string): boolean {
	if (matcher === undefined) return path.startsWith('/services/scim/');
	if (matcher instanceof RegExp) return matcher.test(path);
	return path.startsWith(matcher);
}

function validateRule(rule: FaultRule): void {
	const kinds = Array.isArray(rule.kind) ? rule.kind : [rule.kind];
	if (kinds.length === 0) throw new Error('fault rule: kind is empty');
	for (const k of kinds) if (!FAULT_KINDS.includes(k)) throw new Error(`fault rule: unknown kind ${String(k)} (known: ${FAULT_KINDS.join(', ')})`);
	if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) throw new Error('fault rule: rate must be within 0..1');
	if (rule.rate === undefined && rule.nth === undefined && rule.every === undefined) throw new Error('fault rule: give rate, nth or every');
}

/** Rules arriving as JSON (admin API, CLI): `pathRegex` (a string) stands for a RegExp `path`. */
export function ruleFromJson(input: unknown): FaultRule {
	if (typeof input !== 'object' || input === null) throw new Error('fault rule must be an object');
	const { pathRegex, ...rest } = input as FaultRule & { pathRegex?: string };
	const r: FaultRule = { ...rest };
	if (typeof pathRegex === 'string') r.path = new RegExp(pathRegex);
	validateRule(r);
	return r;
}
