#!/usr/bin/env node
// Import cycles and imports across a layer's boundary fail `npm run lint`. Two files that import each other
// (type-only imports and re-exports included) are one module in disguise: neither can be read, tested or moved
// alone. The layers and what each may import are in ARCHITECTURE.md; LAYERS below is that table, checked.
//   node scripts/cycles.mjs            the project's code (not its tests): exit 1 and what is wrong, if anything
//   node scripts/cycles.mjs DIR...     cycles only, in other folders (the test of this check uses it)
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Everything that is not a test, in both workspaces. */
export const CHECKED = ['scim', 'nodes', 'credentials', 'cli/src', 'proof/src'];

/** Folder → the project folders it must not import (npm packages are n8n's lint rules' business). */
export const LAYERS = {
	'scim/': ['nodes/', 'credentials/', 'cli/', 'proof/', 'test/', 'dist/'],
	'credentials/': ['nodes/', 'cli/', 'proof/', 'test/', 'dist/'],
	'nodes/': ['credentials/', 'cli/', 'proof/', 'test/', 'dist/'],
	// The CLI and the proof run the package as n8n does: built (dist/), loaded by the engine harness, never its source.
	'cli/src/': ['nodes/', 'credentials/', 'proof/', 'test/'],
	'proof/src/': ['nodes/', 'credentials/', 'test/'],
};

/** Imports that cross a boundary in LAYERS, as "from -> to" lines. */
export function boundaryViolations(graph) {
	const out = [];
	for (const [from, targets] of Object.entries(graph)) {
		const layer = Object.keys(LAYERS).find((prefix) => from.startsWith(prefix));
		if (!layer) continue;
		for (const to of targets) if (LAYERS[layer].some((banned) => to.startsWith(banned))) out.push(`${from} -> ${to}`);
	}
	return out;
}

export async function findCycles(paths, baseDir = root) {
	const existing = paths.filter((p) => existsSync(p));
	const result = await madge(existing, {
		baseDir,
		fileExtensions: ['ts', 'js', 'mjs'],
		tsConfig: existsSync(join(baseDir, 'tsconfig.json')) ? join(baseDir, 'tsconfig.json') : undefined,
		excludeRegExp: [/node_modules/, /\.d\.ts$/],
	});
	return { cycles: result.circular(), files: Object.keys(result.obj()).length, graph: result.obj() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const paths = args.length ? args : CHECKED.map((p) => join(root, p));
	const baseDir = args.length ? process.cwd() : root;
	const { cycles, files, graph } = await findCycles(paths, baseDir);
	console.log(`${cycles.length === 0 ? '✔' : '✖'} import cycles (${paths.map((p) => relative(baseDir, p) || '.').join(', ')}): ${files} files, ${cycles.length} cycles`);
	for (const cycle of cycles) console.log(`  ${[...cycle, cycle[0]].join(' -> ')}`);
	const crossing = args.length ? [] : boundaryViolations(graph);
	if (!args.length) console.log(`${crossing.length === 0 ? '✔' : '✖'} layer boundaries (ARCHITECTURE.md): ${crossing.length} imports across one`);
	for (const line of crossing) console.log(`  ${line}`);
	process.exitCode = cycles.length || crossing.length ? 1 : 0;
}
