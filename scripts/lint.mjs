#!/usr/bin/env node
// `npm run lint`: the rules n8n applies to a community package, where n8n applies them, plus ordinary
// TypeScript rules for everything that never ships (CLI, tests, scripts).
//  1. n8n's verification scan on the source it lints (package.json, nodes/, credentials/) and on scim/,
//     which ships inside the package too. Inline eslint-disable comments are ignored, as the scanner does.
//  2. The same scan on the built dist/ JavaScript and package.json: what users install.
//  3. `n8n-node lint` (@n8n/node-cli's config) on the package's TypeScript.
//  4. typescript-eslint's recommended rules on cli/, proof/, test/, scripts/.
//  5. No import cycles in the code that is not a test, and no import across a layer's boundary
//     (scripts/cycles.mjs, madge; the layers are ARCHITECTURE.md's).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import glob from 'fast-glob';
import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import nodeCli from '@n8n/node-cli/eslint';
import { boundaryViolations, CHECKED, findCycles } from './cycles.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const parser = tseslint.parser;

/** The verification scanner's rule set (@n8n/scan-community-package 0.32.0), written out here. */
const scanConfig = [
	n8nCommunityNodesPlugin.configs.recommended,
	{ rules: { 'no-console': 'error' } },
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
	{
		files: ['**/credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['**/nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{ files: ['**/*.json'], languageOptions: { parser } },
	{ files: ['**/*.ts'], languageOptions: { parser } },
];

const devConfig = tseslint.config(...tseslint.configs.recommended, {
	rules: {
		'@typescript-eslint/no-explicit-any': 'off',
		'@typescript-eslint/no-require-imports': 'off',
		'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
	},
});

async function run(name, config, patterns, { inline = false } = {}) {
	const files = await glob(patterns, { cwd: root, absolute: true, ignore: ['**/node_modules/**', '**/*.d.ts'] });
	if (files.length === 0) return 0;
	const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config, allowInlineConfig: inline });
	const results = await eslint.lintFiles(files);
	const errors = results.reduce((sum, r) => sum + r.errorCount, 0);
	const formatter = await eslint.loadFormatter('stylish');
	const text = await formatter.format(results.filter((r) => r.errorCount > 0));
	console.log(`${errors === 0 ? '✔' : '✖'} ${name}: ${files.length} files, ${errors} errors`);
	if (errors) console.log(text);
	return errors;
}

let errors = 0;
errors += await run("n8n verification scan (source)", scanConfig, ['package.json', '{nodes,credentials}/**/*.{js,ts,json}', 'scim/**/*.ts']);
if (!existsSync(join(root, 'dist'))) {
	console.log('✖ dist/ is missing: run `npm run build` first, then lint again');
	errors++;
} else {
	errors += await run("n8n verification scan (built package)", scanConfig, ['dist/**/*.js', 'package.json']);
}
errors += await run('n8n-node lint (@n8n/node-cli)', nodeCli.config ?? nodeCli.default ?? nodeCli, ['package.json', '{nodes,credentials,scim}/**/*.ts']);
errors += await run('TypeScript (cli, proof, tests, scripts)', devConfig, ['cli/src/**/*.ts', 'proof/src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'], { inline: true });
{
	const { cycles, files, graph } = await findCycles(CHECKED.map((p) => join(root, p)));
	console.log(`${cycles.length === 0 ? '✔' : '✖'} import cycles (${CHECKED.join(', ')}): ${files} files, ${cycles.length} cycles`);
	for (const cycle of cycles) console.log(`  ${[...cycle, cycle[0]].join(' -> ')}`);
	const crossing = boundaryViolations(graph);
	console.log(`${crossing.length === 0 ? '✔' : '✖'} layer boundaries (ARCHITECTURE.md): ${crossing.length} imports across one`);
	for (const line of crossing) console.log(`  ${line}`);
	errors += cycles.length + crossing.length;
}
process.exitCode = errors ? 1 : 0;
