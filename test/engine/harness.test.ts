import { runWorkflow, type WorkflowFile } from '../../cli/src/engine';

// The harness is only worth something if n8n's engine really runs the nodes: a Set node computes a value from
// pinned trigger data with an n8n expression, which nothing but the engine can produce.
const workflow: WorkflowFile = {
	nodes: [
		{
			id: 't',
			name: 'When clicking ‘Execute workflow’',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 's',
			name: 'Greeting',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: {
				assignments: {
					assignments: [
						{ id: 'a', name: 'greeting', type: 'string', value: '={{ "Hello " + $json.name.toUpperCase() }}' },
					],
				},
				options: {},
			},
		},
	],
	connections: {
		'When clicking ‘Execute workflow’': { main: [[{ node: 'Greeting', type: 'main', index: 0 }]] },
	},
	pinData: { 'When clicking ‘Execute workflow’': [{ json: { name: 'ada' } }, { json: { name: 'grace' } }] },
};

test('runs a workflow through n8n-core’s WorkflowExecute with pinned trigger data', async () => {
	const result = await runWorkflow(workflow);
	expect(result.error).toBeUndefined();
	expect(result.outputs.Greeting[0].map((item) => item.json.greeting)).toEqual(['Hello ADA', 'Hello GRACE']);
	expect(result.outputs.Greeting[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
});

test('reports a node error with the node name', async () => {
	const broken = structuredClone(workflow);
	broken.nodes[1].parameters = {
		assignments: { assignments: [{ id: 'a', name: 'x', type: 'number', value: '={{ $json.name }}' }] },
		options: {},
	};
	const result = await runWorkflow(broken);
	expect(result.error?.node).toBe('Greeting');
	expect(result.error?.message).toMatch(/number/i);
});
