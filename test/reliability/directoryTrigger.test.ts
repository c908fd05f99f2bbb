/**
 * Issue 19 in the reliability suite, short version (npm run test:reliability runs it at full size): each source
 * under throttling, failing polls, n8n restarts and (Entra) expired delta links loses no change and emits none twice.
 */
import { DIRECTORY_SOURCES, runDirectoryTriggerScenario } from '../../proof/src/reliability/directoryTrigger';

test.each(DIRECTORY_SOURCES)('%s: no change lost, none emitted twice, under throttling, failed polls and restarts', async (source) => {
	const figures = await runDirectoryTriggerScenario({ source, users: 60, rounds: 14, seed: 7 });
	expect(figures.problems).toEqual([]);
	expect(figures.changes).toBeGreaterThan(50);
	expect(figures.eventsEmitted).toBe(figures.eventsExpected);
	// The faults happened: otherwise the test proves nothing.
	expect(figures.polls.failed).toBeGreaterThan(0);
	expect(figures.polls.throttledRecovered).toBeGreaterThan(0);
	expect(figures.polls.afterRestart).toBeGreaterThan(0);
	if (source === 'entra') expect(figures.polls.expiredCursor).toBeGreaterThan(0);
}, 120_000);
