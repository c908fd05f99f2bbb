/**
 * Faults (issue 11): a directory sync and a Create or Update of the same size, run again and again under a 10%
 * rate of every fault the emulator injects, with the org's daily API limit reached midway through the first run
 * and a "next day" after it. After each run every person is checked against the org: in the desired state, or
 * reported as failed by that run. Figures: faults injected, people in the desired state, duplicates, lost
 * updates (reported done, not done), unreported failures, runs needed to converge.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { FAULT_KINDS, startEmulator, type Emulator } from '../../../cli/src/emulator';
import { duplicatesIn, inDesiredState, orgUsers, scimUserOf, userNameOf, DOMAIN, type Person } from './directory';
import type { Canaries } from './secrets';
import { NODE, runNode, type AuthKind } from './workflow';

export type FaultScenarioKind = 'sync' | 'upsert';

export interface FaultRunRecord {
	run: number;
	requests: number;
	faults: number;
	/** Failures the run reported (error items, failed / not attempted actions, or the whole run). */
	reported: number;
	runError?: string;
	dailyLimitHit: boolean;
	inDesiredState: number;
	duplicates: number;
	lostUpdates: number;
	unreportedFailures: number;
}

export interface FaultFigures {
	scenario: FaultScenarioKind;
	auth: AuthKind;
	items: number;
	/** People checked: the input, plus for a sync the leavers it must deactivate. */
	people: number;
	faultRate: number;
	faultsInjected: number;
	faultsByKind: Record<string, number>;
	requests: number;
	inDesiredState: number;
	duplicates: number;
	lostUpdates: number;
	unreportedFailures: number;
	runsToConverge: number | null;
	dailyLimitStops: number;
	/** Duplicates found right after the run on the "next day" that followed the daily-limit stop. */
	nextDayDuplicates: number | null;
	recoveredWrites: number;
	/** Writes a fault-free check run still wanted after convergence (0 when the org is as desired). */
	writesAfterConvergence: number | null;
	runs: FaultRunRecord[];
	seconds: number;
	problems: string[];
}

export interface FaultScenarioOptions {
	kind: FaultScenarioKind;
	/** People in the directory (the input items). */
	size: number;
	faultRate?: number;
	maxRuns?: number;
	seed?: number;
	canaries: Canaries;
	/** Which credential the runs use (both mint again when the session dies mid-run). */
	auth?: AuthKind;
	log?: (line: string) => void;
}

const HANG_MS = 1200;
const TIMEOUT_MS = 300;

/**
 * The directory: of `size` people, 80% already in Salesforce (a third of them with a new title, one in 25
 * inactive there and to be reactivated), 10% new; for the sync 10% more existing users are leavers missing from
 * the input, for Create or Update they are in the input with active = false.
 */
function buildDirectory(kind: FaultScenarioKind, size: number) {
	const existing = Math.round(size * 0.9);
	const stay = Math.round(size * 0.8);
	const people: Person[] = [];
	for (let n = 1; n <= stay; n++) people.push({ n, userName: userNameOf(n), title: n % 3 === 0 ? 'Team Lead' : 'Engineer', active: true });
	const leavers: Person[] = [];
	for (let n = stay + 1; n <= existing; n++) leavers.push({ n, userName: userNameOf(n), title: 'Engineer', active: false });
	const joiners = kind === 'sync' ? size - stay : size - existing;
	for (let n = existing + 1; n <= existing + joiners; n++) people.push({ n, userName: userNameOf(n), title: 'Engineer', active: true });
	const input = kind === 'sync' ? people : [...people, ...leavers].sort((a, b) => a.n - b.n);
	const checked = [...people, ...leavers].sort((a, b) => a.n - b.n);
	return { existing, input, checked, inactiveAtStart: (n: number) => n <= stay && n % 25 === 0 };
}

async function admin(emulator: Emulator, method: string, path: string, body?: unknown): Promise<IDataObject> {
	const response = await fetch(`${emulator.url}/__admin/${path}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return (await response.json()) as IDataObject;
}

/** Whether the run reported a failure for each username (sync actions carry it; Create or Update pairs items). */
function reportedFailures(kind: FaultScenarioKind, items: INodeExecutionData[], input: Person[]): Set<string> {
	const failed = new Set<string>();
	for (const item of items) {
		const json = item.json;
		const isFailure = kind === 'sync' ? json.outcome === 'failed' || json.outcome === 'notAttempted' || json.action === 'skip' : typeof json.error === 'string';
		if (!isFailure) continue;
		if (kind === 'sync' && typeof json.userName === 'string') failed.add(json.userName);
		const paired = item.pairedItem as { item?: number } | undefined;
		if (kind === 'upsert' && paired?.item !== undefined && input[paired.item]) failed.add(input[paired.item].userName);
	}
	return failed;
}

/** Usernames the run says it got right (created, updated, unchanged…). */
function reportedDone(kind: FaultScenarioKind, items: INodeExecutionData[], input: Person[]): Set<string> {
	const done = new Set<string>();
	for (const item of items) {
		const json = item.json;
		if (kind === 'sync') {
			if (['created', 'updated', 'reactivated', 'deactivated', 'unchanged'].includes(String(json.outcome)) && typeof json.userName === 'string') done.add(json.userName);
		} else if (typeof json.error !== 'string' && ['created', 'updated', 'reactivated', 'unchanged'].includes(String(json.action))) {
			const paired = item.pairedItem as { item?: number } | undefined;
			if (paired?.item !== undefined && input[paired.item]) done.add(input[paired.item].userName);
		}
	}
	return done;
}

function parameters(kind: FaultScenarioKind, dryRun = false): IDataObject {
	const transport = { retryDelayMs: 5, maxAttempts: 6, timeoutMs: TIMEOUT_MS, concurrency: 5, maxApiUsagePercent: 100 };
	if (kind === 'upsert') {
		return { resource: 'user', operation: 'upsert', userInput: 'resource', matchBy: 'userName', options: { ...transport, reactivate: true } };
	}
	return {
		resource: 'user',
		operation: 'sync',
		dryRun,
		matchBy: 'userName',
		scope: 'filter',
		scopeFilter: `userName ew "@${DOMAIN}"`,
		options: { ...transport, includeUnchanged: true, maxDeactivations: 100_000, maxDeactivationPercent: 30 },
	};
}

export async function runFaultScenario(options: FaultScenarioOptions): Promise<FaultFigures> {
	const started = Date.now();
	const { kind, size, canaries } = options;
	const faultRate = options.faultRate ?? 0.1;
	const maxRuns = options.maxRuns ?? 8;
	const log = options.log ?? (() => {});
	const directory = buildDirectory(kind, size);
	const emulator = canaries.watch(
		await startEmulator({ ...canaries.emulatorOptions(), licenses: size * 3, apiLimit: 1_000_000, randomSeed: options.seed ?? 11, hangMs: HANG_MS, requestLogLimit: 200_000 }),
	);
	const problems: string[] = [];
	const runs: FaultRunRecord[] = [];
	let recoveredWrites = 0;
	let nextDayDuplicates: number | null = null;
	let runsToConverge: number | null = null;
	let writesAfterConvergence: number | null = null;
	try {
		emulator.state.generateUsers(directory.existing, { domain: DOMAIN, start: 1 });
		for (const user of emulator.state.users.values()) {
			const m = /^user(\d+)@/.exec(String(user.attrs.userName));
			if (m && directory.inactiveAtStart(Number(m[1]))) user.attrs.active = false;
		}
		// The daily allocation runs out about halfway through the first run (the budget is a share of its requests).
		const budget = kind === 'sync' ? Math.round(size * 0.3) : Math.round(size * 0.6);
		await admin(emulator, 'PUT', 'usage', { used: 1_000_000 - budget, limit: 1_000_000 });
		// Each kind once on a schedule (so a small run sees every kind whatever the dice say), then the rate.
		emulator.setFaults([...FAULT_KINDS.map((kind, i) => ({ kind, nth: 10 + 7 * i, times: 1 })), { kind: [...FAULT_KINDS], rate: faultRate }]);
		const items = directory.input.map(scimUserOf);
		let limitStopped = false;
		for (let run = 1; run <= maxRuns; run++) {
			const firedBefore = emulator.faults.list().reduce((sum, r) => sum + r.fired, 0);
			const { result, requests } = await runNode(emulator, canaries, parameters(kind), { items, continueOnFail: true, auth: options.auth });
			// A hung request is answered (and applied) after the client gave up on it: let it land before looking.
			await new Promise((resolve) => setTimeout(resolve, HANG_MS + 100));
			const out = result.outputs[NODE]?.[0] ?? [];
			recoveredWrites += out.filter((i) => i.json.recovered === true).length;
			const failed = reportedFailures(kind, out, directory.input);
			const done = reportedDone(kind, out, directory.input);
			const org = orgUsers(emulator);
			let good = 0;
			let lost = 0;
			let unreported = 0;
			for (const person of directory.checked) {
				const ok = inDesiredState(org, person);
				if (ok) good++;
				if (!ok && done.has(person.userName)) lost++;
				if (!ok && !failed.has(person.userName) && !result.error) unreported++;
			}
			const usage = (await admin(emulator, 'GET', 'usage')) as { used: number; limit: number };
			const limitHit = usage.used >= usage.limit || out.some((i) => String(i.json.error ?? '').includes('REQUEST_LIMIT_EXCEEDED')) || /REQUEST_LIMIT_EXCEEDED/.test(result.error?.message ?? '');
			const record: FaultRunRecord = {
				run,
				requests,
				faults: emulator.faults.list().reduce((sum, r) => sum + r.fired, 0) - firedBefore,
				reported: result.error ? directory.checked.length : failed.size,
				...(result.error ? { runError: result.error.message } : {}),
				dailyLimitHit: limitHit,
				inDesiredState: good,
				duplicates: duplicatesIn(emulator),
				lostUpdates: lost,
				unreportedFailures: unreported,
			};
			runs.push(record);
			log(`  ${kind} run ${run}: ${requests} requests, ${record.faults} faults, ${good}/${directory.checked.length} in the desired state, ${record.reported} failures reported${limitHit ? ', daily limit reached' : ''}${result.error ? ` (run error: ${result.error.message})` : ''}`);
			if (limitStopped && nextDayDuplicates === null) nextDayDuplicates = record.duplicates;
			if (limitHit) {
				limitStopped = true;
				await admin(emulator, 'POST', 'usage/next-day');
			}
			if (good === directory.checked.length && !limitHit) {
				runsToConverge = run;
				break;
			}
		}
		// With faults off, one more pass must find nothing left to write.
		emulator.setFaults([]);
		const check = await runNode(emulator, canaries, kind === 'sync' ? parameters(kind, true) : parameters(kind), { items, continueOnFail: true, auth: options.auth });
		if (check.result.error) problems.push(`${kind}: the fault-free check run failed: ${check.result.error.message}`);
		else if (kind === 'sync') writesAfterConvergence = Number(check.out.find((o) => o.action === 'summary')?.writes ?? NaN);
		else writesAfterConvergence = check.out.filter((o) => o.action !== 'unchanged').length;
	} finally {
		await emulator.close();
	}
	const byKind: Record<string, number> = {};
	for (const entry of emulator.requestLog.entries()) if (entry.fault) byKind[entry.fault] = (byKind[entry.fault] ?? 0) + 1;
	const last = runs[runs.length - 1];
	const figures: FaultFigures = {
		scenario: kind,
		auth: options.auth ?? 'oAuth2',
		items: directory.input.length,
		people: directory.checked.length,
		faultRate,
		faultsInjected: runs.reduce((sum, r) => sum + r.faults, 0),
		faultsByKind: byKind,
		requests: runs.reduce((sum, r) => sum + r.requests, 0),
		inDesiredState: last?.inDesiredState ?? 0,
		duplicates: Math.max(0, ...runs.map((r) => r.duplicates)),
		lostUpdates: runs.reduce((sum, r) => sum + r.lostUpdates, 0),
		unreportedFailures: runs.reduce((sum, r) => sum + r.unreportedFailures, 0),
		runsToConverge,
		dailyLimitStops: runs.filter((r) => r.dailyLimitHit).length,
		nextDayDuplicates,
		recoveredWrites,
		writesAfterConvergence,
		runs,
		seconds: Math.round((Date.now() - started) / 100) / 10,
		problems,
	};
	if (figures.duplicates !== 0) problems.push(`${kind}: ${figures.duplicates} duplicate users`);
	if (figures.lostUpdates !== 0) problems.push(`${kind}: ${figures.lostUpdates} lost updates`);
	if (figures.unreportedFailures !== 0) problems.push(`${kind}: ${figures.unreportedFailures} failures not reported`);
	if (runsToConverge === null) problems.push(`${kind}: did not converge in ${maxRuns} runs`);
	if (figures.dailyLimitStops < 1) problems.push(`${kind}: the daily limit was never reached`);
	if (nextDayDuplicates !== 0) problems.push(`${kind}: the run on the next day ${nextDayDuplicates === null ? 'never happened' : `left ${nextDayDuplicates} duplicates`}`);
	if (writesAfterConvergence !== 0) problems.push(`${kind}: a fault-free check after convergence still wanted ${writesAfterConvergence} writes`);
	for (const k of FAULT_KINDS) if (!byKind[k]) problems.push(`${kind}: no ${k} fault was injected`);
	return figures;
}
