/**
 * `npm run test:reliability` (issue 11): faults survived, bad input refused, nothing duplicated, nothing leaked.
 * Every section runs against its own servers on 127.0.0.1 with canary secrets; the jest short version
 * (test/reliability/) runs the same functions at a smaller scale.
 */
import { CATALOG, runCase, type CaseResult } from './catalog';
import { runConcurrency } from './concurrency';
import { startCatalogContext } from './context';
import { runFaultScenario, type FaultFigures } from './faults';
import { runFuzz } from './fuzz';
import { DIRECTORY_SOURCES, runDirectoryTriggerScenario, type DirectoryTriggerFigures } from './directoryTrigger';
import { buildReport, type ReliabilityReport, type ReliabilityScale } from './report';
import { Canaries } from './secrets';
import { runScimTriggerCanary } from './scimTrigger';

export { CATALOG, runCase } from './catalog';
export type { CatalogCase, CaseResult } from './catalog';
export { startCatalogContext } from './context';
export { runFaultScenario } from './faults';
export { runConcurrency } from './concurrency';
export { runFuzz } from './fuzz';
export { runDirectoryTriggerScenario, DIRECTORY_SOURCES } from './directoryTrigger';
export { Canaries } from './secrets';
export { buildReport, formatReport, writeReport } from './report';
export type { ReliabilityReport, ReliabilityScale } from './report';

export interface ReliabilitySizes {
	/** People in the fault scenarios (sync and Create or Update). */
	faultItems: number;
	concurrencyItems: number;
	/** Share of each fuzz property's runs. */
	fuzzScale: number;
	/** Directory Change Trigger: users per source and rounds of changes under faults. */
	directoryUsers: number;
	directoryRounds: number;
}

export const SIZES: Record<ReliabilityScale, ReliabilitySizes> = {
	full: { faultItems: 1000, concurrencyItems: 500, fuzzScale: 1, directoryUsers: 1000, directoryRounds: 40 },
	short: { faultItems: 100, concurrencyItems: 100, fuzzScale: 0.2, directoryUsers: 60, directoryRounds: 14 },
};

export async function runReliability(options: { scale: ReliabilityScale; command: string; log?: (line: string) => void }): Promise<ReliabilityReport> {
	const startedAt = new Date();
	const sizes = SIZES[options.scale];
	const canaries = new Canaries();
	canaries.capture();
	// Progress through the capture's own channel: it reaches the terminal and is scanned like everything else.
	const log = options.log ? (line: string) => canaries.progress(line) : () => {};
	const faults: FaultFigures[] = [];
	const catalog: CaseResult[] = [];
	const concurrency = [];
	const directoryTrigger: DirectoryTriggerFigures[] = [];
	let fuzz;
	try {
		log(`catalog: ${CATALOG.length} cases`);
		const ctx = await startCatalogContext(canaries);
		try {
			for (const entry of CATALOG) catalog.push(await runCase(entry, ctx));
		} finally {
			await ctx.close();
		}
		log(`catalog: ${catalog.filter((r) => r.ok).length}/${catalog.length} held`);
		log(`faults: User → Sync of ${sizes.faultItems}`);
		faults.push(await runFaultScenario({ kind: 'sync', size: sizes.faultItems, canaries, log }));
		log(`faults: Create or Update of ${sizes.faultItems} (JWT)`);
		faults.push(await runFaultScenario({ kind: 'upsert', size: sizes.faultItems, canaries, auth: 'jwt', log }));
		for (const operation of ['sync', 'upsert'] as const) {
			log(`concurrency: two ${operation === 'sync' ? 'syncs' : 'Create or Update runs'} of ${sizes.concurrencyItems} at once`);
			concurrency.push(await runConcurrency({ size: sizes.concurrencyItems, canaries, operation, log }));
		}
		for (const source of DIRECTORY_SOURCES) {
			log(`directory trigger: ${source}, ${sizes.directoryUsers} users, ${sizes.directoryRounds} rounds of changes under faults`);
			directoryTrigger.push(await runDirectoryTriggerScenario({ source, users: sizes.directoryUsers, rounds: sizes.directoryRounds, log }));
		}
		log('scim trigger: IdP requests under the secrets canary');
		const trigger = await runScimTriggerCanary(canaries, log);
		// Counted with the catalog: a wrong answer to an IdP fails the suite like a wrong error message does.
		catalog.push({
			id: 'scim-trigger-idp-requests',
			area: 'server answers',
			topic: 'SCIM Trigger',
			title: 'IdP requests to the SCIM Trigger: 401 for every wrong token, 400 for bad bodies, 201/200, 502 on a failing write',
			expected: 'every answer as the IdP must get it; the token in no answer, item, run or log',
			message: `${trigger.requests} requests, ${trigger.runs} runs`,
			sends: 'any',
			requests: trigger.requests,
			ok: trigger.problems.length === 0,
			problems: trigger.problems,
		});
		log('fuzzing');
		fuzz = runFuzz(sizes.fuzzScale);
	} finally {
		canaries.release();
	}
	return buildReport({ command: options.command, scale: options.scale, startedAt, faults, concurrency, catalog, fuzz, directoryTrigger, secrets: canaries.scan() });
}
