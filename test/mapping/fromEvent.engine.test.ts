/**
 * The Mapping node and directory events (docs/events.md), in n8n's engine: `user` is unwrapped from an event;
 * with the preset "From the Event" each event is mapped with the preset it names; group events and non-events
 * are told apart clearly.
 */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow, type WorkflowFile } from '../../cli/src/engine';

const NODE = 'Salesforce SCIM Mapping';

function workflow(preset: string, items: IDataObject[]): WorkflowFile {
	return {
		nodes: [
			{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'm', name: NODE, type: 'n8n-nodes-salesforce-scim.salesforceScimMapping', typeVersion: 1, position: [200, 0], parameters: { preset, mappings: {}, defaultProfile: 'Standard User' } },
		],
		connections: { Start: { main: [[{ node: NODE, type: 'main' as never, index: 0 }]] } },
		pinData: { Start: items.map((json) => ({ json })) },
	};
}

const event = (preset: string, type: string, user: IDataObject): IDataObject => ({
	event: 'user.created',
	eventId: `e-${preset}`,
	occurredAt: '2026-12-04T00:00:00.000Z',
	source: { type },
	preset,
	user,
	changes: [],
});

const entraEvent = event('entra', 'entra', { id: 'aad-1', userPrincipalName: 'Ana@Contoso.example', givenName: 'Ana', surname: 'Lee', accountEnabled: true });
const oktaEvent = event('okta', 'okta', { id: '00u1', status: 'SUSPENDED', profile: { login: 'ben@okta.example', firstName: 'Ben', lastName: 'Okta' } });

test('"From the Event": each event mapped with the preset it names', async () => {
	const result = await runWorkflow(workflow('fromEvent', [entraEvent, oktaEvent]));
	expect(result.error).toBeUndefined();
	const [valid, invalid] = result.outputs[NODE];
	expect(invalid).toEqual([]);
	expect(valid.map((item) => [item.json.userName, item.json.externalId, item.json.active])).toEqual([
		['ana@contoso.example', 'aad-1', true],
		['ben@okta.example', '00u1', false],
	]);
	expect(valid.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
});

test('a fixed preset unwraps the event’s user too', async () => {
	const result = await runWorkflow(workflow('entra', [entraEvent]));
	expect(result.outputs[NODE][0].map((item) => item.json.userName)).toEqual(['ana@contoso.example']);
});

test('a group event has no user: it goes to Invalid, saying how to route it', async () => {
	const group = { event: 'group.members.added', eventId: 'g', occurredAt: '2026-12-04T00:00:00.000Z', source: { type: 'entra' }, preset: 'entra', group: { id: 'g1' }, members: [{ value: 'aad-1' }], changes: ['members'] };
	const result = await runWorkflow(workflow('fromEvent', [entraEvent, group]));
	const [valid, invalid] = result.outputs[NODE];
	expect(valid).toHaveLength(1);
	expect(invalid.map((item) => (item.json.issues as Array<{ message: string }>)[0].message)).toEqual([
		'A group.members.added event has no user to map: send group events along another branch (an If on {{ $json.event }})',
	]);
});

test('"From the Event" on items that are not events: a node error that says what to connect', async () => {
	const result = await runWorkflow(workflow('fromEvent', [{ mail: 'x@example.com' }]));
	expect(result.error?.node).toBe(NODE);
	expect(result.error?.message).toBe('Preset: is "From the Event", but the item is not a directory event');
	expect(result.error?.description).toMatch(/Directory Change Trigger or the SCIM Trigger/);
});
