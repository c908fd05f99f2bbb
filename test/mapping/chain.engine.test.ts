import type { IDataObject, INode } from 'n8n-workflow';

import { useEmulator } from '../support/emulator';
import { runWorkflow, type WorkflowFile } from '../../cli/src/engine';
import { clientCredentials, NODE as SCIM, scimNode, workflowWith } from '../support/scimNode';

// Mapping → Salesforce SCIM (Create or Update) in n8n's engine, against the emulator: valid users are written with
// their profile and permission sets resolved by name; invalid ones leave by the second output and cost no request.
const emulator = useEmulator();
beforeEach(() => emulator.reset());

const MAPPING = 'Salesforce SCIM Mapping';

const people = [
	{
		id: 'e-1',
		userPrincipalName: 'Ada.Lovelace@contoso.com',
		displayName: 'Ada Lovelace',
		givenName: 'Ada',
		surname: 'Lovelace',
		mail: 'Ada.Lovelace@contoso.com',
		jobTitle: 'Analyst',
		accountEnabled: true,
	},
	{ id: 'e-2', userPrincipalName: null, displayName: 'No Login', givenName: 'No', surname: 'Login', mail: null, accountEnabled: true },
	{
		id: 'e-3',
		userPrincipalName: 'zoe.angstrom-nunez@contoso.com',
		displayName: 'Zoë Ångström-Núñez',
		givenName: 'Zoë',
		surname: 'Ångström-Núñez',
		mail: null,
		accountEnabled: true,
	},
];

function chain(records: object[], mappingParameters: Record<string, unknown> = {}): WorkflowFile {
	const mapping: INode = {
		id: 'mapping',
		name: MAPPING,
		type: 'n8n-nodes-salesforce-scim.salesforceScimMapping',
		typeVersion: 1,
		position: [200, 0],
		parameters: {
			preset: 'entra',
			defaultProfile: 'Standard User',
			options: { permissionSets: 'Sales Cloud User', timezone: 'Europe/London' },
			...mappingParameters,
		},
	};
	const scim = scimNode({ resource: 'user', operation: 'upsert', matchBy: 'userName', userInput: 'resource', options: {} });
	const workflow = workflowWith(mapping, records as IDataObject[], [scim]);
	// Valid users go on to the SCIM node; the second output (invalid ones) ends here.
	workflow.connections[MAPPING] = { main: [[{ node: SCIM, type: 'main' as never, index: 0 }], []] };
	return workflow;
}

function userNamed(userName: string) {
	return [...emulator.state.users.values()].find((user) => String(user.attrs.userName) === userName);
}

test('valid users are created with profile and permission set by name; the invalid one is never sent', async () => {
	const result = await runWorkflow(chain(people), { credentials: [clientCredentials(emulator)] });
	expect(result.error).toBeUndefined();
	const [valid, invalid] = result.outputs[MAPPING];
	expect(valid.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
	expect(invalid.map((item) => [item.pairedItem, (item.json.issues as Array<{ path: string }>).map((issue) => issue.path)])).toEqual([
		[{ item: 1 }, ['userName', 'emails']],
	]);
	expect(result.outputs[SCIM][0].map((item) => item.json.action)).toEqual(['created', 'created']);
	expect(emulator.requestLog.count('POST', '/services/scim/v2/Users')).toBe(2);

	const ada = userNamed('ada.lovelace@contoso.com');
	expect(ada?.attrs).toMatchObject({ title: 'Analyst', timezone: 'Europe/London', alias: 'alove' });
	const rendered = ada?.rendered as { entitlements: Array<{ display: string; type: string; value: string }> };
	expect(rendered.entitlements.map(({ display, type }) => [display, type])).toEqual([
		['Standard User', 'Profile'],
		['Sales Cloud User', expect.stringMatching(/permission ?set/i)],
	]);
	expect(rendered.entitlements.map((entitlement) => entitlement.value.slice(0, 3))).toEqual(['00e', '0PS']);
	expect(userNamed('zoe.angstrom-nunez@contoso.com')?.attrs).toMatchObject({ name: { givenName: 'Zoë' } });
});

test('second run: a changed title is updated, create-only attributes are left as Salesforce has them', async () => {
	const credentials = [clientCredentials(emulator)];
	await runWorkflow(chain([people[0]]), { credentials });
	const changed = [{ ...people[0], jobTitle: 'Countess' }];
	const result = await runWorkflow(chain(changed, { options: { permissionSets: 'Sales Cloud User', timezone: 'America/New_York' } }), {
		credentials,
	});
	expect(result.error).toBeUndefined();
	expect(result.outputs[SCIM][0][0].json).toMatchObject({ action: 'updated' });
	expect(result.outputs[SCIM][0][0].json.changed).toEqual(['title']);
	expect(userNamed('ada.lovelace@contoso.com')?.attrs).toMatchObject({ title: 'Countess', timezone: 'Europe/London' });
});

test('LDAP: a report whose manager is a DN is linked to that manager (their entry is in the same search)', async () => {
	const credentials = [clientCredentials(emulator)];
	const jane = {
		dn: 'CN=Doe\\, Jane,OU=Staff,DC=example,DC=com',
		userPrincipalName: 'Jane.Doe@example.com',
		mail: 'Jane.Doe@example.com',
		employeeID: 'E-1',
		givenName: 'Jane',
		sn: 'Doe',
		userAccountControl: '512',
	};
	// n8n's LDAP node: one value as a string, several as an array; the DN spelt as the directory returns it.
	const bob = { ...jane, dn: 'CN=Bob Smith,OU=Staff,DC=example,DC=com', userPrincipalName: 'bob@example.com', mail: ['bob@example.com'], employeeID: 'E-2', givenName: 'Bob', sn: 'Smith', manager: ['cn=Doe\\2C Jane, ou=Staff, dc=example, dc=com'] };
	// The manager exists in Salesforce already (an earlier run); the report comes with her in today's search.
	await runWorkflow(chain([jane], { preset: 'ldap', options: {} }), { credentials });
	const result = await runWorkflow(chain([bob, jane], { preset: 'ldap', options: {} }), { credentials });
	expect(result.error).toBeUndefined();
	expect(result.outputs[MAPPING][0][0].json._sfscim).toMatchObject({ manager: { email: 'Jane.Doe@example.com', externalId: 'E-1' } });
	const janeId = userNamed('jane.doe@example.com')?.id;
	expect(janeId).toMatch(/^005/);
	expect(userNamed('bob@example.com')?.attrs).toMatchObject({ enterprise: { managerId: janeId } });
});

test('LDAP: a manager DN that is not in the input is reported on the item, not dropped without a word', async () => {
	const credentials = [clientCredentials(emulator)];
	const carol = {
		dn: 'CN=Carol King,OU=Staff,DC=example,DC=com',
		userPrincipalName: 'carol.king@example.com',
		mail: 'carol.king@example.com',
		employeeID: 'E-3',
		givenName: 'Carol',
		sn: 'King',
		userAccountControl: '512',
		manager: 'CN=Nobody Here,OU=Staff,DC=example,DC=com',
	};
	const result = await runWorkflow(chain([carol], { preset: 'ldap', options: {} }), { credentials });
	expect(result.error).toBeUndefined();
	const item = result.outputs[SCIM][0][0].json;
	expect(item).toMatchObject({ managerLink: 'unresolved' });
	expect(String(item.note)).toContain('CN=Nobody Here,OU=Staff,DC=example,DC=com');
	expect(userNamed('carol.king@example.com')).toBeDefined();
});
