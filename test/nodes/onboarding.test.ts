/**
 * Issue 5's "safe to run twice": an onboarding workflow (Create or Update from SCIM resources, then Add Members
 * with the created usernames) run twice leaves the org as after one run, and the second run writes nothing.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { runWorkflow } from '../../cli/src/engine';
import { useEmulator } from '../support/emulator';
import { clientCredentials, NODE, scimNode, workflowWith } from '../support/scimNode';

const emulator = useEmulator();

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const people: IDataObject[] = ['ana', 'ben', 'cy'].map((n, i) => ({
	userName: `${n}.onboard@example.com`,
	externalId: `HR-${i}`,
	name: { givenName: n.toUpperCase(), familyName: 'Onboard' },
	emails: [{ value: `${n}@example.com`, type: 'work', primary: 'true' }],
	title: 'Engineer',
	phoneNumbers: [{ value: `+1 555 010${i}`, type: 'work' }],
	timezone: 'Europe/Paris',
	locale: 'fr_FR',
	preferredLanguage: 'fr',
	entitlements: [
		{ display: 'Standard User', type: 'Profile' },
		{ display: 'Flow User', type: 'PermissionSet' },
		{ display: 'Knowledge User', type: 'PermissionSet' },
	],
	[ENTERPRISE]: { department: 'R&D', employeeNumber: `E${i}`, manager: { value: 'jane.doe@sfscim-emulator.example' } },
}));

function onboarding() {
	const upsert = scimNode({ resource: 'user', operation: 'upsert', matchBy: 'userName', userInput: 'resource', options: {} });
	const addToGroup: INode = {
		...scimNode({ resource: 'group', operation: 'addMembers', group: { __rl: true, mode: 'name', value: 'EMEA' }, members: '={{ $json.userName }}', options: {} }, 'oAuth2', 'Add to EMEA'),
		position: [600, 0],
	};
	const workflow = workflowWith(upsert, people, [addToGroup]);
	workflow.connections[NODE] = { main: [[{ node: 'Add to EMEA', type: 'main' as never, index: 0 }]] };
	return workflow;
}

const writes = () =>
	Object.entries(emulator.requestLog.countsObject())
		.filter(([key]) => /^(POST|PATCH|PUT|DELETE) \/services\/scim/.test(key))
		.reduce((n, [, v]) => n + v, 0);

test('the same onboarding twice: the second run writes nothing and the org is unchanged', async () => {
	const credentials = [clientCredentials(emulator)];
	const first = await runWorkflow(onboarding(), { credentials });
	expect(first.error).toBeUndefined();
	expect(first.outputs[NODE][0].map((i) => i.json.action)).toEqual(['created', 'created', 'created']);
	expect(first.outputs['Add to EMEA'][0].map((i) => i.json.action)).toEqual(['added', 'added', 'added']);
	const state = JSON.stringify(emulator.state.dump({ users: true }), (k, v) => (['lastModified', 'meta', 'usage'].includes(k) ? undefined : v));
	const writesAfterFirst = writes();

	const second = await runWorkflow(onboarding(), { credentials });
	expect(second.error).toBeUndefined();
	expect(second.outputs[NODE][0].map((i) => i.json)).toEqual(people.map(() => expect.objectContaining({ action: 'unchanged', changed: [] })));
	expect(second.outputs['Add to EMEA'][0].map((i) => i.json.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
	expect(writes()).toBe(writesAfterFirst);
	expect(JSON.stringify(emulator.state.dump({ users: true }), (k, v) => (['lastModified', 'meta', 'usage'].includes(k) ? undefined : v))).toBe(state);
});
