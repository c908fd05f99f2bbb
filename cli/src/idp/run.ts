/**
 * The runner: sends a sequence's steps one after the other, as the IdP would (it never pipelines a user's
 * requests), judges each answer, carries issued ids forward, and skips a step whose input an earlier failure
 * never produced. Then, with --verify-url, reads back what ended up in the system behind the target.
 */
import { outcomeOf } from './checks';
import { send, type Target } from './http';
import type { CheckResult, Exchange, Outcome, People, Sequence, StepContext } from './types';
import { verifyState, type VerifyReport } from './verify';


export interface StepResult {
	id: string;
	phase: string;
	title: string;
	outcome: Outcome;
	method?: string;
	/** Path and query below the base URL. */
	target?: string;
	/** The request body as sent, with the placeholder password masked. */
	requestBody?: unknown;
	status?: number;
	ms?: number;
	checks: CheckResult[];
	/** The answer's body (JSON), for --json readers that want to see what the server said. */
	response?: unknown;
	/** Why the step did not run. */
	skipped?: string;
}

export interface IdpReport {
	idp: string;
	title: string;
	url: string;
	/** The suffix that made this run's names unique (pass it as --prefix to find them). */
	suffix: string;
	ok: boolean;
	steps: StepResult[];
	verify?: VerifyReport;
	summary: { passed: number; warned: number; failed: number; skipped: number; requests: number; totalMs: number };
}

export interface RunOptions {
	sequence: Sequence;
	target: Target;
	people: People;
	userAttributes?: Record<string, unknown>;
	/** A SCIM server holding what the target provisioned (the Salesforce org or emulator behind a trigger). */
	verify?: Target;
	/** Also send the DELETEs the IdP sends when a group is unlinked or a user deleted. */
	deletes?: boolean;
	/** Called after each step (the CLI prints as it goes). */
	onStep?: (result: StepResult) => void;
}

/** Mask what only looks like a secret: Okta's placeholder password is in every create body. */
export function maskBody(body: unknown): unknown {
	if (Array.isArray(body)) return body.map(maskBody);
	if (body && typeof body === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, val] of Object.entries(body)) out[k] = k.toLowerCase() === 'password' ? '********' : maskBody(val);
		return out;
	}
	return body;
}

export async function runSequence(options: RunOptions): Promise<IdpReport> {
	const { sequence, target } = options;
	const ctx: StepContext = { vars: {}, people: options.people, userAttributes: options.userAttributes ?? {} };
	const steps: StepResult[] = [];
	/** Set when going on is pointless: nobody answers, or the token is refused (the IdP stops its job too). */
	let stopped: string | undefined;
	for (const step of sequence.steps.filter((s) => !s.deletes || options.deletes)) {
		const base = { id: step.id, phase: step.phase, title: step.title };
		const missing = (step.needs ?? []).filter((name) => ctx.vars[name] === undefined);
		let result: StepResult;
		if (stopped) {
			result = { ...base, outcome: 'skip', checks: [], skipped: stopped };
		} else if (missing.length > 0) {
			result = { ...base, outcome: 'skip', checks: [], skipped: `needs ${missing.join(', ')}, which no earlier step produced` };
		} else {
			const request = step.request(ctx);
			const exchange: Exchange = await send(target, sequence.headers, request);
			let checks: CheckResult[];
			try {
				checks = step.check(exchange, ctx);
			} catch (err) {
				checks = [{ name: 'the answer can be checked', ok: false, severity: 'must', detail: (err as Error).message }];
			}
			step.keep?.(exchange, ctx);
			if (exchange.status === 0) stopped = `not sent: ${target.url} did not answer (${exchange.error})`;
			else if (exchange.status === 401) stopped = 'not sent: the token was refused (401); check --token against the credential the server expects';
			result = { ...base, outcome: outcomeOf(checks), method: exchange.method, target: exchange.target, status: exchange.status, ms: Math.round(exchange.ms * 10) / 10, checks };
			if (request.body !== undefined) result.requestBody = maskBody(request.body);
			if (exchange.json !== undefined) result.response = exchange.json;
			else if (exchange.text !== undefined) result.response = exchange.text;
		}
		steps.push(result);
		options.onStep?.(result);
	}
	const count = (o: Outcome) => steps.filter((s) => s.outcome === o).length;
	const report: IdpReport = {
		idp: sequence.idp,
		title: sequence.title,
		url: target.url,
		suffix: options.people.suffix,
		ok: count('fail') === 0,
		steps,
		summary: {
			passed: count('pass'),
			warned: count('warn'),
			failed: count('fail'),
			skipped: count('skip'),
			requests: steps.filter((s) => s.status !== undefined).length,
			totalMs: Math.round(steps.reduce((sum, s) => sum + (s.ms ?? 0), 0)),
		},
	};
	if (options.verify) {
		report.verify = await verifyState(options.verify, sequence.expected(ctx, { deletes: options.deletes ?? false }));
		if (!report.verify.ok) report.ok = false;
	}
	return report;
}
