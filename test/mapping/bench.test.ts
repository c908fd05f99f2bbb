import { applyMapping, compileMapping } from '../../scim/mapping';
import { BENCH_ROWS, benchMapping, benchRecords, handWritten } from '../../proof/src/bench/mapping';

// The benchmark compares like with like only if both sides build the same users.
test('the hand-written function builds exactly what the 12-row mapping builds', () => {
	const compiled = compileMapping(BENCH_ROWS, { validateFor: 'none', derive: { alias: false, nickName: false, displayName: false } });
	expect(BENCH_ROWS).toHaveLength(12);
	for (const record of benchRecords(300)) expect(applyMapping(compiled, record).user).toEqual(handWritten(record));
});

test('benchMapping reports both figures and their ratio (not timed)', () => {
	const result = benchMapping({ items: 2000, rounds: 1 });
	expect(result).toMatchObject({ items: 2000 });
	for (const figure of [result.mappingItemsPerSecond, result.handWrittenItemsPerSecond, result.ratio]) expect(figure).toBeGreaterThan(0);
});
