/**
 * Records everything written to the console and to stdout/stderr. Import it before the engine: n8n's logger keeps
 * the console functions it finds when it loads, so hooks installed later would miss what it prints.
 */
import { inspect } from 'node:util';

export const written: string[] = [];
const restore: Array<() => void> = [];

for (const stream of [process.stdout, process.stderr]) {
	const original = stream.write.bind(stream);
	stream.write = ((chunk: unknown, ...rest: unknown[]) => {
		written.push(String(chunk));
		return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
	}) as typeof stream.write;
	restore.push(() => (stream.write = original));
}
for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
	const original = console[level];
	console[level] = (...args: unknown[]) => {
		written.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 8 }))).join(' '));
	};
	restore.push(() => (console[level] = original));
}

export function restoreOutput() {
	for (const undo of restore.splice(0)) undo();
}
