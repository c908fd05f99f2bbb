/**
 * Issue 11, short version (what `npm run test:reliability` runs at full size, through the same functions): every
 * bad-input case is a test of its own, then the fault scenarios at 100 people, two concurrent syncs, fuzzing,
 * and last, the scan of everything produced and logged for the canary secrets all of it ran with.
 */
import {
	buildReport,
	Canaries,
	CATALOG,
	formatReport,
	runCase,
	runConcurrency,
	runFaultScenario,
	runFuzz,
	SIZES,
	startCatalogContext,
	type CaseResult,
} from '../../proof/src/reliability';
import type { ConcurrencyFigures } from '../../proof/src/reliability/concurrency';
import type { FaultFigures } from '../../proof/src/reliability/faults';
import type { FuzzFigure } from '../../proof/src/reliability/fuzz';

const sizes = SIZES.short;
const canaries = new Canaries();
let ctx: Awaited<ReturnType<typeof startCatalogContext>>;
const startedAt = new Date();
const catalog: CaseResult[] = [];
const faults: FaultFigures[] = [];
const concurrency: ConcurrencyFigures[] = [];
let fuzz: FuzzFigure[] = [];

beforeAll(async () => {
	canaries.capture();
	ctx = await startCatalogContext(canaries);
});
afterAll(async () => {
	canaries.release();
	await ctx?.close();
});

describe('bad input catalog', () => {
	test('has at least 60 cases across credentials, node input and server answers', () => {
		expect(CATALOG.length).toBeGreaterThanOrEqual(60);
		expect(new Set(CATALOG.map((c) => c.id)).size).toBe(CATALOG.length);
		expect(new Set(CATALOG.map((c) => c.area))).toEqual(new Set(['credentials', 'node input', 'server answers']));
	});

	test.each(CATALOG.map((entry) => [`${entry.id} ${entry.area}: ${entry.title}`, entry] as const))('%s', async (_name, entry) => {
		const result = await runCase(entry, ctx);
		catalog.push(result);
		// The message is held to the catalog's expectation here, not only through runCase's own verdict.
		if (typeof entry.expect === 'string') expect(result.message).toBe(entry.expect);
		else expect(result.message).toMatch(entry.expect);
		expect(result.problems).toEqual([]);
		expect(result.ok).toBe(true);
	});
});

describe('faults: 10% of every kind, the daily limit midway, then the next day', () => {
	test.each([
		['sync', 'oAuth2'],
		['upsert', 'jwt'],
	] as const)('%s (%s)', async (kind, auth) => {
		const figures = await runFaultScenario({ kind, size: sizes.faultItems, canaries, auth });
		faults.push(figures);
		expect(figures.problems).toEqual([]);
		expect(figures).toMatchObject({ duplicates: 0, lostUpdates: 0, unreportedFailures: 0, nextDayDuplicates: 0, writesAfterConvergence: 0 });
		expect(figures.inDesiredState).toBe(figures.people);
		expect(figures.faultsInjected).toBeGreaterThan(0);
		expect(figures.dailyLimitStops).toBeGreaterThanOrEqual(1);
	});
});

test.each(['sync', 'upsert'] as const)('concurrency: two %s runs of the same directory at once end as desired, no duplicate, no error item', async (operation) => {
	const figures = await runConcurrency({ size: sizes.concurrencyItems, canaries, operation });
	concurrency.push(figures);
	expect(figures.problems).toEqual([]);
	expect(figures).toMatchObject({ duplicates: 0, errorItems: 0, unexplainedErrors: 0 });
	expect(figures.inDesiredState).toBe(figures.people);
});

test('fuzzing: the grammar and the PatchOp builder', () => {
	fuzz = runFuzz(sizes.fuzzScale);
	expect(fuzz.filter((f) => !f.ok)).toEqual([]);
});

test('secrets: no canary in any output, error, run data or log; the report renders', () => {
	canaries.release();
	const secrets = canaries.scan();
	expect(secrets.leaks).toEqual([]);
	// The scan is not vacuous: secrets were in play and much was produced.
	expect(canaries.tokensIssued).toBeGreaterThan(10);
	expect(secrets.surfaces).toBeGreaterThan(100);
	const report = buildReport({ command: 'jest test/reliability', scale: 'short', startedAt, faults, concurrency, catalog, fuzz, secrets });
	expect(report.problems).toEqual([]);
	expect(formatReport(report)).toMatch(/Bad input catalog: \d+\/\d+ cases hold/);
});
