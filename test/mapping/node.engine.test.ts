import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { runWorkflow, type WorkflowFile } from '../../cli/src/engine';

// The node inside n8n's real engine (n8n-core's WorkflowExecute, the built package in dist/): expressions
// evaluated by n8n, both outputs, pairedItem, and configuration errors reported as n8n reports them.
const dir = join(__dirname, 'engine');
const NODE = 'Salesforce SCIM Mapping';

function load(name: string): WorkflowFile {
	return JSON.parse(readFileSync(join(dir, name), 'utf8')) as WorkflowFile;
}

test('Entra users: valid ones on the first output, the broken one on "Invalid" with its issues', async () => {
	const result = await runWorkflow(load('entra-valid-invalid.workflow.json'));
	expect(result.error).toBeUndefined();
	const [valid, invalid] = result.outputs[NODE];
	const actual = {
		valid: valid.map(({ json, pairedItem }) => ({ json, pairedItem })),
		invalid: invalid.map(({ json, pairedItem }) => ({ json, pairedItem })),
	};
	const expectedFile = join(dir, 'entra-valid-invalid.expected.json');
	if (process.env.UPDATE_ENGINE_EXPECTED) writeFileSync(expectedFile, `${JSON.stringify(actual, null, '\t')}\n`);
	expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
});

test('two rows on one target: a node error at the first item, naming the row', async () => {
	const workflow = load('entra-valid-invalid.workflow.json');
	const mapping = workflow.nodes.find((node) => node.name === NODE)!;
	mapping.parameters.mappings = {
		rows: [
			{ target: 'userName', value: 'mail', apply: 'always' },
			{ target: '__custom', customTarget: 'USERNAME', value: 'userPrincipalName', apply: 'always' },
		],
	};
	const result = await runWorkflow(workflow);
	expect(result.error?.node).toBe(NODE);
	expect(result.error?.message).toBe('Mapping row 2 (USERNAME): writes the same target as Mapping row 1 (userName) (userName)');
	expect(result.error?.description).toMatch(/one row per target/);
});

test('an unparsable custom path: a node error naming the row and the grammar problem', async () => {
	const workflow = load('entra-valid-invalid.workflow.json');
	const mapping = workflow.nodes.find((node) => node.name === NODE)!;
	mapping.parameters.mappings = { rows: [{ target: '__custom', customTarget: 'emails[type eq work', value: 'mail' }] };
	const result = await runWorkflow(workflow);
	expect(result.error?.node).toBe(NODE);
	expect(result.error?.message).toMatch(/^Mapping row 1 \(emails\[type eq work\): target "emails\[type eq work" is not a valid SCIM path/);
});

describe('an expression that fails for one item', () => {
	function failing(onError?: string): WorkflowFile {
		const workflow = load('entra-valid-invalid.workflow.json');
		const mapping = workflow.nodes.find((node) => node.name === NODE)!;
		mapping.parameters.mappings = {
			rows: [{ target: 'title', value: "={{ $json.jobTitle ? $json.jobTitle.toUpperCase() : $('No Such Node').item.json.title }}", apply: 'always' }],
		};
		if (onError) mapping.onError = onError as never;
		return workflow;
	}

	test('stops the node, naming the item', async () => {
		const result = await runWorkflow(failing());
		expect(result.error?.node).toBe(NODE);
		expect(result.error?.message).toMatch(/^Mapping row 1 \(title\): /);
	});

	test('with "continue" on error: that item goes to Invalid with the error, the others carry on', async () => {
		const result = await runWorkflow(failing('continueRegularOutput'));
		expect(result.error).toBeUndefined();
		const [valid, invalid] = result.outputs[NODE];
		expect(valid.map((item) => [item.pairedItem, item.json.title])).toEqual([[{ item: 0 }, 'ANALYST']]);
		expect(invalid.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		for (const item of invalid) {
			expect(item.json.error).toMatch(/^Mapping row 1 \(title\): .*No Such Node|^Mapping row 1 \(title\): /);
			expect(item.json.issues).toEqual([{ path: 'title', message: item.json.error }]);
		}
	});
});

test('expression values of any type reach the mapping and are coerced per target', async () => {
	const workflow = load('entra-valid-invalid.workflow.json');
	const mapping = workflow.nodes.find((node) => node.name === NODE)!;
	mapping.parameters.mappings = {
		rows: [
			{ target: 'active', value: '={{ !$json.accountEnabled }}', apply: 'always' },
			{ target: 'externalId', value: '={{ $itemIndex * 1000 }}', apply: 'always' },
		],
	};
	mapping.parameters.options = { validateFor: '={{ "update" }}' };
	const result = await runWorkflow(workflow);
	expect(result.error).toBeUndefined();
	const [valid, invalid] = result.outputs[NODE];
	expect(invalid).toEqual([]);
	expect(valid.map((item) => [item.json.active, item.json.externalId])).toEqual([
		[false, '0'],
		[false, '1000'],
		[true, '2000'],
	]);
});

test('a row with only a Value If Empty writes that constant; a row with neither is a configuration error', async () => {
	const workflow = load('entra-valid-invalid.workflow.json');
	const mapping = workflow.nodes.find((node) => node.name === NODE)!;
	mapping.parameters.mappings = { rows: [{ target: 'userType', value: '', default: 'Standard' }] };
	const result = await runWorkflow(workflow);
	expect(result.outputs[NODE][0].map((item) => item.json.userType)).toEqual(['Standard', 'Standard']);

	mapping.parameters.mappings = { rows: [{ target: 'userType', value: '' }] };
	const broken = await runWorkflow(workflow);
	expect(broken.error?.message).toBe('Mapping row 1 (userType): has no value');
});

test('Ignore Placeholder Names: on unless turned off; Google "-" never reaches the output', async () => {
	const run = async (options: { ignorePlaceholderNames?: boolean }) => {
		const workflow = load('entra-valid-invalid.workflow.json');
		const mapping = workflow.nodes.find((node) => node.name === NODE)!;
		mapping.parameters = { preset: 'google', defaultProfile: 'Standard User', options };
		const trigger = Object.keys(workflow.pinData ?? {})[0];
		workflow.pinData = {
			[trigger]: [{ json: { primaryEmail: 'teller@example.com', name: { givenName: 'Teller', familyName: '-', fullName: 'Teller -' } } }],
		};
		const result = await runWorkflow(workflow);
		expect(result.error).toBeUndefined();
		return result.outputs[NODE][0][0].json;
	};
	expect(await run({})).toMatchObject({ name: { familyName: 'Teller' }, displayName: 'Teller' });
	expect((await run({})).name).not.toHaveProperty('givenName');
	expect(await run({ ignorePlaceholderNames: false })).toMatchObject({ name: { givenName: 'Teller', familyName: '-' }, displayName: 'Teller -' });
});
