/**
 * Load as an IdP makes it: N users created concurrently (Entra's gallery bar is 25 requests/s; a first Okta
 * import or an Entra initial cycle sends hundreds), optionally each create sent twice at once (an IdP retrying a
 * request it thinks timed out), optionally one update per user. Then every user is read back by userName, from
 * the target and from --verify-url, and counted: lost (answered with success, not there), duplicated, created
 * although the answer was an error (the IdP retries, meets 409 and the user is stuck), update missing.
 */
import { performance } from 'node:perf_hooks';

import { filterEq } from '../../../scim';
import { getAttribute, isPlainObject } from '../../../scim/attribute';
import { idOf, resourcesOf, totalOf } from './checks';
import { send, type Target } from './http';
import { loadPerson } from './people';
import { SEQUENCES } from './sequences';
import { patch } from './sequences/common';
import { entraCreateBody } from './sequences/entra';
import { oktaCreateBody } from './sequences/okta';
import type { Exchange, IdpName, IdpRequest, Person, StepContext } from './types';

export interface LoadOptions {
	target: Target;
	idp: IdpName;
	users: number;
	concurrency: number;
	/** One PATCH per created user after all creates. */
	updates?: boolean;
	/** Send every create twice at once. */
	resend?: boolean;
	suffix: string;
	domain: string;
	userAttributes?: Record<string, unknown>;
	verify?: Target;
}

export interface PhaseStats {
	name: string;
	requests: number;
	/** Answers per status ("0" = no answer). */
	statuses: Record<string, number>;
	p50Ms: number;
	p99Ms: number;
	maxMs: number;
	wallMs: number;
	perSecond: number;
}

export interface ReadBack {
	url: string;
	found: number;
	lost: number;
	duplicates: number;
	phantoms: number;
	staleUpdates?: number;
	/** A few userNames per problem, to look at. */
	examples: string[];
}

export interface LoadReport {
	idp: IdpName;
	url: string;
	suffix: string;
	users: number;
	concurrency: number;
	updates: boolean;
	resend: boolean;
	phases: PhaseStats[];
	readBack: ReadBack[];
	ok: boolean;
	problems: string[];
}

export const LOAD_TITLE = 'Director of Load';

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return 0;
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return Math.round(sorted[rank] * 10) / 10;
}

/** Run `tasks` with at most `concurrency` in flight, keeping their order in the result. */
async function pool<T>(tasks: Array<() => Promise<T>>, concurrency: number): Promise<T[]> {
	const results: T[] = new Array(tasks.length);
	let next = 0;
	const worker = async () => {
		while (next < tasks.length) {
			const i = next++;
			results[i] = await tasks[i]();
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
	return results;
}

function stats(name: string, exchanges: Exchange[], wallMs: number): PhaseStats {
	const statuses: Record<string, number> = {};
	for (const x of exchanges) statuses[String(x.status)] = (statuses[String(x.status)] ?? 0) + 1;
	const sorted = exchanges.map((x) => x.ms).sort((a, b) => a - b);
	return {
		name,
		requests: exchanges.length,
		statuses,
		p50Ms: percentile(sorted, 50),
		p99Ms: percentile(sorted, 99),
		maxMs: percentile(sorted, 100),
		wallMs: Math.round(wallMs),
		perSecond: wallMs > 0 ? Math.round((exchanges.length / wallMs) * 1000) : 0,
	};
}

function createRequest(idp: IdpName, person: Person, ctx: StepContext): IdpRequest {
	return { method: 'POST', path: '/Users', body: idp === 'okta' ? oktaCreateBody(person, ctx) : entraCreateBody(person, ctx) };
}

function updateRequest(idp: IdpName, id: string): IdpRequest {
	const operations =
		idp === 'okta' ? [{ op: 'replace', value: { title: LOAD_TITLE } }] : [{ op: idp === 'entra' ? 'Add' : 'add', path: 'title', value: LOAD_TITLE }];
	return { method: 'PATCH', path: `/Users/${encodeURIComponent(id)}`, body: patch(operations) };
}

const success = (x: Exchange) => x.status >= 200 && x.status < 300;

async function readBack(target: Target, headers: Record<string, string>, people: Person[], created: boolean[], updated: boolean[] | undefined, concurrency: number): Promise<ReadBack> {
	const answers = await pool(
		people.map((p) => () => send(target, headers, { method: 'GET', path: '/Users', query: [['filter', filterEq('userName', p.userName)]] })),
		concurrency,
	);
	const result: ReadBack = { url: target.url, found: 0, lost: 0, duplicates: 0, phantoms: 0, examples: [] };
	if (updated) result.staleUpdates = 0;
	const example = (text: string) => {
		if (result.examples.length < 5) result.examples.push(text);
	};
	answers.forEach((x, i) => {
		const name = people[i].userName;
		if (x.status !== 200) {
			result.lost++;
			example(`${name}: the read answered ${x.status || x.error}`);
			return;
		}
		const total = Math.max(totalOf(x) ?? 0, resourcesOf(x).length);
		if (total === 0) {
			if (created[i]) {
				result.lost++;
				example(`${name}: created (success answered), not found`);
			}
			return;
		}
		if (total > 1) {
			result.duplicates += total - 1;
			example(`${name}: ${total} users`);
		}
		if (!created[i]) {
			result.phantoms++;
			example(`${name}: there, although its create was answered with an error`);
		}
		result.found++;
		if (updated?.[i]) {
			const user = resourcesOf(x)[0];
			if (!isPlainObject(user) || getAttribute(user, 'title') !== LOAD_TITLE) {
				result.staleUpdates = (result.staleUpdates ?? 0) + 1;
				example(`${name}: update answered with success, title is ${JSON.stringify(isPlainObject(user) ? getAttribute(user, 'title') : undefined)}`);
			}
		}
	});
	return result;
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
	const { target, idp } = options;
	const headers = SEQUENCES[idp].headers;
	const ctx = { vars: {}, people: undefined as never, userAttributes: options.userAttributes ?? {} } as StepContext;
	const people = Array.from({ length: options.users }, (_, i) => loadPerson(idp, options.suffix, i, options.domain));
	const copies = options.resend ? 2 : 1;

	let started = performance.now();
	const tasks = people.flatMap((p) => Array.from({ length: copies }, () => () => send(target, headers, createRequest(idp, p, ctx))));
	const creates = await pool(tasks, options.concurrency);
	const phases = [stats('create', creates, performance.now() - started)];
	const problems: string[] = [];

	// Per user: did the IdP learn an id (some answer was a success with an id)? Two different ids is a duplicate.
	const ids: Array<string | undefined> = [];
	const created: boolean[] = [];
	let splitIds = 0;
	let doubleSuccess = 0;
	people.forEach((_, i) => {
		const answers = creates.slice(i * copies, i * copies + copies);
		const good = answers.filter(success);
		created.push(good.length > 0);
		const issued = [...new Set(good.map(idOf).filter((id): id is string => id !== undefined))];
		if (issued.length > 1) splitIds++;
		if (options.resend && good.length > 1) doubleSuccess++;
		ids.push(issued[0]);
	});
	const failedCreates = created.filter((c) => !c).length;
	if (failedCreates) problems.push(`${failedCreates} user${failedCreates === 1 ? '' : 's'} never got a success answer`);
	if (splitIds) problems.push(`${splitIds} user${splitIds === 1 ? '' : 's'} got two different ids for one create`);
	if (doubleSuccess) problems.push(`${doubleSuccess} repeated create${doubleSuccess === 1 ? '' : 's'} answered with success twice (Okta expects 409 the second time)`);

	let updated: boolean[] | undefined;
	if (options.updates) {
		started = performance.now();
		const targets = ids.map((id, i) => ({ id, i })).filter((t): t is { id: string; i: number } => t.id !== undefined);
		const answers = await pool(
			targets.map((t) => () => send(target, headers, updateRequest(idp, t.id))),
			options.concurrency,
		);
		phases.push(stats('update', answers, performance.now() - started));
		updated = people.map(() => false);
		answers.forEach((x, k) => {
			if (success(x)) updated![targets[k].i] = true;
		});
		const failedUpdates = answers.filter((x) => !success(x)).length;
		if (failedUpdates) problems.push(`${failedUpdates} update${failedUpdates === 1 ? '' : 's'} answered with an error`);
	}

	const readBacks = [await readBack(target, headers, people, created, updated, options.concurrency)];
	if (options.verify) readBacks.push(await readBack(options.verify, { Accept: 'application/scim+json' }, people, created, updated, options.concurrency));
	for (const r of readBacks) {
		if (r.lost) problems.push(`${r.lost} lost in ${r.url}`);
		if (r.duplicates) problems.push(`${r.duplicates} duplicate${r.duplicates === 1 ? '' : 's'} in ${r.url}`);
		if (r.phantoms) problems.push(`${r.phantoms} created in ${r.url} although the answer was an error`);
		if (r.staleUpdates) problems.push(`${r.staleUpdates} update${r.staleUpdates === 1 ? '' : 's'} missing in ${r.url}`);
	}
	return {
		idp,
		url: target.url,
		suffix: options.suffix,
		users: options.users,
		concurrency: options.concurrency,
		updates: options.updates ?? false,
		resend: options.resend ?? false,
		phases,
		readBack: readBacks,
		ok: problems.length === 0,
		problems,
	};
}
