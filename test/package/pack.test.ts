import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// What a user installs is what `npm pack` puts in the tarball: check it as n8n would load it.
const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function packedFiles(): string[] {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
	const [report] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
	return report.files.map((f) => f.path).sort();
}

const files = packedFiles();

test('package.json is a valid n8n community package with no runtime dependencies', () => {
	expect(pkg.name).toMatch(/^n8n-nodes-/);
	expect(pkg.keywords).toContain('n8n-community-node-package');
	expect(pkg.license).toBe('MIT');
	expect(pkg.files).toEqual(['dist']);
	expect(pkg.dependencies ?? {}).toEqual({});
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(pkg.n8n).toMatchObject({ n8nNodesApiVersion: 1, strict: true });
	expect(pkg.n8n.nodes.length).toBeGreaterThanOrEqual(2);
	// Salesforce OAuth2 and JWT, the SCIM Trigger's token, and the Directory Change Trigger's five source credentials.
	expect(pkg.n8n.credentials).toHaveLength(8);
});

test('every file named in the n8n section is in the tarball', () => {
	for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(files).toContain(file);
});

test('icons (light and dark) and codex files of every node are in the tarball', () => {
	for (const node of pkg.n8n.nodes as string[]) {
		const dir = node.slice(0, node.lastIndexOf('/'));
		const base = node.slice(node.lastIndexOf('/') + 1).replace(/\.node\.js$/, '');
		expect(files).toContain(`${dir}/${base}.node.json`);
		const icons = files.filter((f) => f.startsWith(`${dir}/`) && f.endsWith('.svg'));
		expect(icons.some((f) => f.endsWith('.dark.svg'))).toBe(true);
		expect(icons.some((f) => !f.endsWith('.dark.svg'))).toBe(true);
	}
	expect(files).toContain('dist/credentials/icons/salesforceScim.svg');
	expect(files).toContain('dist/credentials/icons/salesforceScim.dark.svg');
});

test('no tests, fixtures, sources or dev tools are shipped', () => {
	const unwanted = files.filter(
		(f) =>
			!f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE', 'LICENSE.md'].includes(f),
	);
	expect(unwanted).toEqual([]);
	expect(files.filter((f) => /test|fixture|emulator|bench|\.ts$(?<!\.d\.ts)|tsbuildinfo|cli\//.test(f))).toEqual([]);
});

test('the built node code imports nothing but n8n-workflow and relative files', () => {
	const offenders: string[] = [];
	for (const file of files.filter((f) => f.endsWith('.js'))) {
		const source = readFileSync(join(root, file), 'utf8');
		for (const match of source.matchAll(/require\("([^"]+)"\)/g)) {
			const spec = match[1];
			if (!spec.startsWith('.') && spec !== 'n8n-workflow' && spec !== 'node:crypto' && spec !== 'crypto') offenders.push(`${file}: ${spec}`);
		}
	}
	expect(offenders).toEqual([]);
});
