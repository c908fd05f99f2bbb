import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm run lint` fails on an import cycle (scripts/cycles.mjs). Proven both ways: the project has none, and a
// two-file cycle that only types tie together (the kind the TypeScript compiler never complains about) is caught.
const root = join(__dirname, '..', '..');
const check = join(root, 'scripts', 'cycles.mjs');

function run(args: string[], cwd: string): { status: number | null; out: string } {
	const r = spawnSync(process.execPath, [check, ...args], { cwd, encoding: 'utf8' });
	return { status: r.status, out: r.stdout + r.stderr };
}

test('the project has no import cycle in scim/, nodes/, credentials/, cli/src or proof/src, and no import across a layer', () => {
	const r = run([], root);
	expect(r.out).toMatch(/✔ import cycles .*: \d+ files, 0 cycles/);
	expect(r.out).toMatch(/✔ layer boundaries .*: 0 imports across one/);
	expect(r.status).toBe(0);
});

test('a cycle fails the check and is named file by file', () => {
	const dir = mkdtempSync(join(tmpdir(), 'sfscim-cycle-'));
	try {
		writeFileSync(join(dir, 'grammar.ts'), "import type { Match } from './evaluate';\nexport type Expr = { m?: Match };\n");
		writeFileSync(join(dir, 'evaluate.ts'), "import type { Expr } from './grammar';\nexport type Match = { e?: Expr };\n");
		writeFileSync(join(dir, 'alone.ts'), "import type { Expr } from './grammar';\nexport type Alone = Expr;\n");
		const r = run([dir], dir);
		expect(r.status).toBe(1);
		expect(r.out).toMatch(/1 cycles/);
		expect(r.out).toMatch(/(grammar\.ts -> evaluate\.ts -> grammar|evaluate\.ts -> grammar\.ts -> evaluate)\.ts/);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

/** scripts/cycles.mjs's boundaryViolations over a made-up import graph (an ES module: run in a child process). */
function violations(graph: Record<string, string[]>): string[] {
	const code = `import(${JSON.stringify(check)}).then((m) => console.log(JSON.stringify(m.boundaryViolations(${JSON.stringify(graph)}))))`;
	const r = spawnSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8' });
	return JSON.parse(r.stdout);
}

test('an import across a layer boundary (the SCIM core importing the node, the product importing the proof) is named', () => {
	expect(violations({ 'scim/filter.ts': ['scim/error.ts'], 'nodes/SalesforceScim/x.ts': ['scim/filter.ts'], 'proof/src/bench/data.ts': ['cli/src/emulator/index.ts'] })).toEqual([]);
	expect(violations({ 'scim/filter.ts': ['nodes/SalesforceScim/transport/ScimClient.ts'] })).toEqual(['scim/filter.ts -> nodes/SalesforceScim/transport/ScimClient.ts']);
	expect(violations({ 'cli/src/emulator/seed.ts': ['proof/src/fixtures/workflow.ts'] })).toEqual(['cli/src/emulator/seed.ts -> proof/src/fixtures/workflow.ts']);
});
