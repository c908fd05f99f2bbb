import { formatReport, runBench } from '../../proof/src/bench';

// Keeps `npm run bench` from rotting: the smallest sizes, every figure present and a number. Never timings.
test('the smoke bench produces every figure of issue 10, each a number', async () => {
	const report = await runBench({ scale: 'smoke' });
	expect(report.problems).toEqual([]);
	const keys = report.figures.map((figure) => figure.key);
	for (const key of [
		'provision.limitRatio',
		'provision.requestsPerNewUser',
		'update.writesPerUnchangedUser',
		'vsHttpNode.requestRatio',
		'vsHttpNode.timeRatio',
		'vsHttpNode.peakInFlight',
		'httpNode.peakInFlight',
		'sync100k.planCpuSeconds',
		'sync100k.peakRssMB',
		'sync100k.requestOverhead',
		'sync100k.latencyRatio',
		'mapping.itemsPerSec',
		'mapping.ratioToHandwritten',
		'engine.overheadMsPerItem',
		'emulator.requestsPerSec',
	]) {
		expect(keys).toContain(key);
	}
	for (const figure of report.figures) {
		expect({ key: figure.key, numeric: typeof figure.value === 'number' && Number.isFinite(figure.value) }).toEqual({ key: figure.key, numeric: true });
	}
	for (const run of report.runs) expect(run.peakRssMB).toBeGreaterThan(0);
	expect(report.machine.cpus).toBeGreaterThan(0);
	expect(report.machine.node).toMatch(/^v\d+/);
	expect(formatReport(report)).toMatch(/\| Figure +\| +Value \| Goal +\| Met \|/);
}, 600_000);
