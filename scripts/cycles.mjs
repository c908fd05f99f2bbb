#!/usr/bin/env node
// Import cycles fail `npm run lint`. Two files that import each other (type-only imports and re-exports
// included) are one module in disguise: neither can be read, tested or moved alone. What may import what is
// in ARCHITECTURE.md.
//   node scripts/cycles.mjs            the project's code (not its tests): exit 1 and the cycles if there are any
//   node scripts/cycles.mjs DIR...     the same for other folders (the test of this check uses it)
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Everything that is not a test, in both workspaces. */
export const CHECKED = ['scim', 'nodes', 'credentials', 'cli/src', 'proof/src'];

export async function findCycles(paths, baseDir = root) {
	const existing = paths.filter((p) => existsSync(p));
	const result = await madge(existing, {
		baseDir,
		fileExtensions: ['ts', 'js', 'mjs'],
		tsConfig: existsSync(join(baseDir, 'tsconfig.json')) ? join(baseDir, 'tsconfig.json') : undefined,
		excludeRegExp: [/node_modules/, /\.d\.ts$/],
	});
	return { cycles: result.circular(), files: Object.keys(result.obj()).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const paths = args.length ? args : CHECKED.map((p) => join(root, p));
	const baseDir = args.length ? process.cwd() : root;
	const { cycles, files } = await findCycles(paths, baseDir);
	console.log(`${cycles.length === 0 ? '✔' : '✖'} import cycles (${paths.map((p) => relative(baseDir, p) || '.').join(', ')}): ${files} files, ${cycles.length} cycles`);
	for (const cycle of cycles) console.log(`  ${[...cycle, cycle[0]].join(' -> ')}`);
	process.exitCode = cycles.length ? 1 : 0;
}
