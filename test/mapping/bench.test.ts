import { applyMapping, compileMapping } from '../../scim/mapping';
import { BENCH_ROWS, benchMapping, benchRecords, handWritten } from '../../proof/src/bench/mapping';

// The benchmark compares like with like only if both sides build the same users.
test('the hand-written function builds exactly what the 12-row mapping builds', () => {
	const compiled = compileMapping(BENCH_ROWS, { validateFor: 'none', derive: { alias: false, nickName: false, displayName: false } });
	expect(BENCH_ROWS).toHaveLength(12);
	for (const record of benchRecords(300)) expect(applyMapping(compiled, record).user).toEqual(handWritten(record));
});

test('benchMapping reports consistent figures: each ratio is the hand-written rate over the mapping rate (not timed)', () => {
	const result = benchMapping({ items: 2000, rounds: 1 });
	expect(result.items).toBe(2000);
	for (const figure of [result.mappingItemsPerSecond, result.mappingValidatedItemsPerSecond, result.handWrittenItemsPerSecond]) {
		expect(Number.isSafeInteger(figure)).toBe(true);
	}
	// A ratio is time(mapping) / time(hand-written), i.e. how many times slower the mapping is: an inverted or
	// mislabelled figure is caught whatever the machine's speed, as long as the two rates differ.
	const slower = result.handWrittenItemsPerSecond / result.mappingItemsPerSecond;
	const slowerValidated = result.handWrittenItemsPerSecond / result.mappingValidatedItemsPerSecond;
	expect(Math.abs(result.ratio - slower)).toBeLessThanOrEqual(0.01 + slower * 0.001);
	expect(Math.abs(result.ratioValidated - slowerValidated)).toBeLessThanOrEqual(0.01 + slowerValidated * 0.001);
});
