/**
 * Concurrency (issue 11): two syncs of the same directory started at once, as n8n queue mode runs two executions
 * of one workflow when a schedule fires while the last run is still going. Each has its own execution and token.
 * The org must end as the directory says, with no duplicate user and no error item that does not explain itself.
 */
import type { IDataObject } from 'n8n-workflow';

import { startEmulator } from '../../../cli/src/emulator';
import { duplicatesIn, inDesiredState, orgUsers, scimUserOf, userNameOf, DOMAIN, type Person } from './directory';
import type { Canaries } from './secrets';
import { runNode } from './workflow';

export interface ConcurrencyFigures {
	operation: 'sync' | 'upsert';
	runs: number;
	people: number;
	inDesiredState: number;
	duplicates: number;
	/** Error items across both runs, and those without a message and a description saying what to do. */
	errorItems: number;
	unexplainedErrors: number;
	/** Writes each run reported (created, updated, …), and the writes the org received. */
	writesReported: number[];
	writesReceived: number;
	errors: string[];
	seconds: number;
	problems: string[];
}

export async function runConcurrency(options: { size: number; canaries: Canaries; operation?: 'sync' | 'upsert'; log?: (line: string) => void }): Promise<ConcurrencyFigures> {
	const operation = options.operation ?? 'sync';
	const started = Date.now();
	const { size, canaries } = options;
	const existing = Math.round(size * 0.6);
	const people: Person[] = [];
	for (let n = 1; n <= Math.round(size * 0.5); n++) people.push({ n, userName: userNameOf(n), title: n % 2 ? 'Team Lead' : 'Engineer', active: true });
	for (let n = existing + 1; n <= existing + Math.round(size * 0.5); n++) people.push({ n, userName: userNameOf(n), title: 'Engineer', active: true });
	const leavers: Person[] = [];
	for (let n = Math.round(size * 0.5) + 1; n <= existing; n++) leavers.push({ n, userName: userNameOf(n), title: 'Engineer', active: false });
	const emulator = canaries.watch(await startEmulator({ ...canaries.emulatorOptions(), licenses: size * 3, latencyMs: 2, jitterMs: 4, randomSeed: 5 }));
	const problems: string[] = [];
	try {
		emulator.state.generateUsers(existing, { domain: DOMAIN, start: 1 });
		// Create or Update has no leavers: they come as active = false.
		const items = operation === 'sync' ? people.map(scimUserOf) : [...people, ...leavers].map(scimUserOf);
		const upsert: IDataObject = { resource: 'user', operation: 'upsert', userInput: 'resource', matchBy: 'userName', options: { retryDelayMs: 5, concurrency: 5 } };
		const sync: IDataObject = {
			resource: 'user',
			operation: 'sync',
			dryRun: false,
			matchBy: 'userName',
			scope: 'filter',
			scopeFilter: `userName ew "@${DOMAIN}"`,
			options: { retryDelayMs: 5, concurrency: 5, maxDeactivations: 100_000, maxDeactivationPercent: 50 },
		};
		const writesBefore = writes(emulator);
		const parameters = operation === 'sync' ? sync : upsert;
		const both = await Promise.all([0, 1].map(async () => await runNode(emulator, canaries, parameters, { items, continueOnFail: true })));
		const org = orgUsers(emulator);
		const checked = [...people, ...leavers];
		const good = checked.filter((p) => inDesiredState(org, p)).length;
		const errorItems = both.flatMap((run) => run.out.filter((o) => typeof o.error === 'string' || o.outcome === 'failed'));
		const runErrors = both.filter((run) => run.result.error).map((run) => run.result.error!.message);
		const unexplained = errorItems.filter((o) => !(typeof o.error === 'string' && o.error.length > 0 && typeof o.description === 'string' && o.description.length > 0));
		const figures: ConcurrencyFigures = {
			operation,
			runs: 2,
			people: checked.length,
			inDesiredState: good,
			duplicates: duplicatesIn(emulator),
			errorItems: errorItems.length + runErrors.length,
			unexplainedErrors: unexplained.length + runErrors.length,
			writesReported: both.map((run) => run.out.filter((o) => ['created', 'updated', 'reactivated', 'deactivated'].includes(String(o.outcome ?? o.action))).length),
			writesReceived: writes(emulator) - writesBefore,
			errors: [...runErrors, ...errorItems.map((o) => `${String(o.userName ?? '')}: ${String(o.error)}`)].slice(0, 10),
			seconds: 0,
			problems,
		};
		options.log?.(`  concurrency (${operation}): ${good}/${checked.length} in the desired state, ${figures.duplicates} duplicates, ${figures.errorItems} error items (${figures.unexplainedErrors} unexplained), writes reported ${figures.writesReported.join(' + ')}, received ${figures.writesReceived}`);
		if (good !== checked.length) problems.push(`concurrency (${operation}): ${checked.length - good} people not in the desired state`);
		if (figures.duplicates) problems.push(`concurrency (${operation}): ${figures.duplicates} duplicate users`);
		// The same directory twice has nothing to fail on: any error item (a "username taken" for a user the other run
		// just created, say) is one a person could not explain.
		if (figures.errorItems) problems.push(`concurrency (${operation}): ${figures.errorItems} error items: ${figures.errors.join(' | ')}`);
		figures.seconds = Math.round((Date.now() - started) / 100) / 10;
		return figures;
	} finally {
		await emulator.close();
	}
}

function writes(emulator: { requestLog: { countsObject(): Record<string, number> } }): number {
	return Object.entries(emulator.requestLog.countsObject())
		.filter(([route]) => /^(POST|PATCH|PUT|DELETE) \/services\/scim/.test(route))
		.reduce((sum, [, n]) => sum + n, 0);
}
