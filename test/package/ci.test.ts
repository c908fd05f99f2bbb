import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Issue 15: the README's test commands must be what CI runs. The README's "Development" section lists them in a
// block introduced by "`.ci/run` runs exactly these"; .ci/run runs one npm command per line.
const root = join(__dirname, '..', '..');

function readmeCommands(): string[] {
	const readme = readFileSync(join(root, 'README.md'), 'utf8');
	const intro = readme.indexOf('`.ci/run` runs exactly these');
	expect(intro).toBeGreaterThan(-1);
	const block = /```bash\n([\s\S]*?)```/.exec(readme.slice(intro));
	expect(block).not.toBeNull();
	return block![1]
		.split('\n')
		.map((line) => line.replace(/#.*$/, '').trim())
		.filter(Boolean);
}

function ciCommands(): string[] {
	return readFileSync(join(root, '.ci', 'run'), 'utf8')
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => /^(npm|npx|node|bash) /.test(line))
		.map((line) => line.replace(/\s+(2>&1|\||>).*$/, '').trim());
}

test('.ci/run runs exactly the commands the README lists for CI, in the same order', () => {
	const listed = readmeCommands();
	expect(listed).toContain('npm test');
	expect(listed).toContain('npm run test:n8n');
	expect(ciCommands()).toEqual(listed);
});

test("the README's quick start commands are among them", () => {
	const readme = readFileSync(join(root, 'README.md'), 'utf8');
	const quick = /## Quick start\n+```bash\n([\s\S]*?)```/.exec(readme);
	expect(quick).not.toBeNull();
	const commands = quick![1]
		.split('\n')
		.map((line) => line.replace(/#.*$/, '').trim())
		.filter(Boolean)
		.flatMap((line) => line.split('&&').map((c) => c.trim()))
		// CI installs with `npm ci`: the same tree, from the lockfile.
		.map((c) => (c === 'npm install' ? 'npm ci' : c));
	for (const command of commands) expect(readmeCommands()).toContain(command);
});
