import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeConnectionTypes } from 'n8n-workflow';

import { SalesforceScimMapping } from '../../nodes/SalesforceScimMapping/SalesforceScimMapping.node';
import { compileMapping, compileTarget, KNOWN_TARGETS, PRESETS } from '../../scim/mapping';

const dir = join(__dirname, '../../nodes/SalesforceScimMapping');
const { description } = new SalesforceScimMapping();

test('what n8n requires of a community node', () => {
	expect(description).toMatchObject({
		name: 'salesforceScimMapping',
		displayName: 'Salesforce SCIM Mapping',
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Valid', 'Invalid'],
		icon: { light: 'file:salesforceScimMapping.svg', dark: 'file:salesforceScimMapping.dark.svg' },
	});
	expect(description.subtitle).toMatch(/^=\{\{ .*\[\$parameter\["preset"\]\] \}\}$/);
	for (const preset of Object.values(PRESETS)) expect(description.subtitle).toContain(`From ${preset.displayName}`);
	const light = readFileSync(join(dir, 'salesforceScimMapping.svg'), 'utf8');
	const dark = readFileSync(join(dir, 'salesforceScimMapping.dark.svg'), 'utf8');
	expect(light).toMatch(/^<svg/);
	expect(dark).not.toEqual(light);
	const codex = JSON.parse(readFileSync(join(dir, 'SalesforceScimMapping.node.json'), 'utf8'));
	expect(codex.node).toBe('n8n-nodes-salesforce-scim.salesforceScimMapping');
	expect(codex.categories.length).toBeGreaterThan(0);
	expect(codex.resources.primaryDocumentation[0].url).toMatch(/^https:\/\//);
	const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
	expect(pkg.n8n.nodes).toContain('dist/nodes/SalesforceScimMapping/SalesforceScimMapping.node.js');
});

test('the preset picker offers every preset, and each preset notice lists its rows', () => {
	const preset = description.properties.find((property) => property.name === 'preset');
	expect(preset?.options?.map((option) => ('value' in option ? option.value : undefined))).toEqual(['none', 'fromEvent', ...Object.keys(PRESETS)]);
	for (const name of Object.keys(PRESETS)) {
		const notice = description.properties.find((property) => property.name === `${name}PresetNotice`);
		expect(notice?.displayName).toContain('userName');
	}
});

test.each(KNOWN_TARGETS.map((target) => [target.path]))('offered target %s is a valid path', (path) => {
	expect(() => compileTarget(path)).not.toThrow();
});

test.each(Object.keys(PRESETS).map((name) => [name]))('preset %s compiles, with no two rows on one target', (name) => {
	expect(() => compileMapping([], { preset: name as keyof typeof PRESETS })).not.toThrow();
	const keys = PRESETS[name as keyof typeof PRESETS].rows.map((row) => compileTarget(row.target).key);
	expect(new Set(keys).size).toBe(keys.length);
});
