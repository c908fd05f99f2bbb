/**
 * The in-flight allowance for n8n's new connection per request (transport/allowance.ts) and the gate it resizes.
 * Pure logic on given answer times: no clock, no server.
 */
import { InFlightAllowance, MAX_CONNECTION_ALLOWANCE } from '../../nodes/SalesforceScim/transport/allowance';
import { Semaphore } from '../../nodes/SalesforceScim/transport/semaphore';

const feed = (allowance: InFlightAllowance, times: number[], overTls = true) => times.map((ms) => allowance.note(ms, overTls)).at(-1);

test('over HTTPS, answers as fast as the fastest (network-bound) grow the limit to 3 × Concurrency, one per answer', () => {
	const allowance = new InFlightAllowance(10);
	const limits = Array.from({ length: 40 }, (_, i) => allowance.note(300 + (i % 3) * 5, true));
	expect(limits[0]).toBe(11);
	// Never more than one extra request per answer: the extra requests start spread out, not in a burst.
	for (let i = 1; i < limits.length; i++) expect(limits[i] - limits[i - 1]).toBeLessThanOrEqual(1);
	expect(limits.at(-1)).toBe(10 * MAX_CONNECTION_ALLOWANCE);
});

test('answers slowing to several times the fastest (the org sets the pace) bring the limit back to Concurrency at once', () => {
	const allowance = new InFlightAllowance(10);
	feed(allowance, Array(40).fill(300));
	expect(feed(allowance, Array(60).fill(1500))).toBe(10);
});

test('over plain HTTP (the local emulator) and for long-running requests the limit stays Concurrency', () => {
	expect(feed(new InFlightAllowance(7), Array(40).fill(300), false)).toBe(7);
	expect(feed(new InFlightAllowance(7), Array(40).fill(12_000))).toBe(7);
});

test('the gate lets waiters in when its limit is raised and drains to a lowered one', async () => {
	const gate = new Semaphore(1);
	const started: number[] = [];
	const releases: Array<() => void> = [];
	const task = (n: number) =>
		gate.run(
			() =>
				new Promise<void>((resolve) => {
					started.push(n);
					releases.push(resolve);
				}),
		);
	const runs = [1, 2, 3, 4].map(task);
	await Promise.resolve();
	expect(started).toEqual([1]);
	gate.setLimit(3);
	await new Promise((resolve) => setImmediate(resolve));
	expect(started).toEqual([1, 2, 3]);
	gate.setLimit(1);
	releases[0]();
	releases[1]();
	await new Promise((resolve) => setImmediate(resolve));
	// Two finished, one still running: at the lowered limit nothing else may start yet.
	expect(started).toEqual([1, 2, 3]);
	releases[2]();
	await new Promise((resolve) => setImmediate(resolve));
	expect(started).toEqual([1, 2, 3, 4]);
	releases[3]();
	await Promise.all(runs);
	expect(gate.peak).toBe(3);
});
