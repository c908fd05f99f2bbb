import { runWorkflow } from '../../cli/src/engine';
import { useEmulator } from '../support/emulator';
import { clientCredentials, jsonOf, jwtCredential, jwtKeys, NODE, scimNode, workflowWith } from '../support/scimNode';

const emulator = useEmulator({ oauth: { jwtPublicKey: jwtKeys().publicKey } });
beforeEach(() => emulator.reset());

const createParams = {
	resource: 'user',
	operation: 'create',
	userName: 'Ada.Lovelace@Example.com',
	email: 'ada@example.com',
	familyName: 'Lovelace',
	profile: { __rl: true, mode: 'name', value: 'Standard User' },
	additionalFields: { givenName: 'Ada', title: 'Analyst' },
	options: {},
};

function usersNamed(userName: string) {
	return [...emulator.state.users.values()].filter((u) => String(u.attrs.userName) === userName);
}

describe('User → Create', () => {
	test('creates the user through OAuth2 client credentials, profile resolved by name', async () => {
		const result = await runWorkflow(workflowWith(scimNode(createParams)), { credentials: [clientCredentials(emulator)] });
		expect(result.error).toBeUndefined();
		const [out] = jsonOf(result);
		expect(out).toMatchObject({ action: 'created', userName: 'ada.lovelace@example.com', profile: 'Standard User', active: true });
		expect(usersNamed('ada.lovelace@example.com')).toHaveLength(1);
		// The token n8n-core fetched was persisted like n8n would, with Salesforce's instance_url.
		const stored = result.credentialStore.get('cred-oauth2')!.data.oauthTokenData as Record<string, string>;
		expect(stored.instance_url).toBe(emulator.url);
	});

	test('creates through the JWT bearer credential: signed, verified, cached', async () => {
		const result = await runWorkflow(workflowWith(scimNode(createParams, 'jwt')), { credentials: [jwtCredential(emulator)] });
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)[0]).toMatchObject({ action: 'created' });
		expect(result.credentialEvents.filter((e) => e.kind === 'preAuthentication')).toHaveLength(1);
		expect(result.credentialStore.get('cred-jwt')!.data.instanceUrl).toBe(emulator.url);
	});

	test('refuses a non-email username before sending anything', async () => {
		const before = emulator.requestLog.total;
		const result = await runWorkflow(workflowWith(scimNode({ ...createParams, userName: 'ada' })), { credentials: [clientCredentials(emulator)] });
		expect(result.error?.message).toMatch(/userName/);
		expect(emulator.requestLog.total).toBe(before);
	});

	test('an unknown profile name offers the closest names', async () => {
		const result = await runWorkflow(
			workflowWith(scimNode({ ...createParams, profile: { __rl: true, mode: 'name', value: 'Standard Usr' } })),
			{ credentials: [clientCredentials(emulator)] },
		);
		expect(result.error?.message).toMatch(/No profile named "Standard Usr".*Closest: "Standard User"/);
	});
});

describe('User → Create or Update', () => {
	const upsert = { ...createParams, operation: 'upsert', matchBy: 'userName' };

	test('running the same onboarding twice: second run writes nothing', async () => {
		const creds = [clientCredentials(emulator)];
		const first = await runWorkflow(workflowWith(scimNode(upsert)), { credentials: creds });
		expect(jsonOf(first)[0]).toMatchObject({ action: 'created' });
		const writesAfterFirst = emulator.requestLog.count('POST', '/services/scim/v2/Users');
		const second = await runWorkflow(workflowWith(scimNode(upsert)), { credentials: creds });
		expect(second.error).toBeUndefined();
		expect(jsonOf(second)[0]).toMatchObject({ action: 'unchanged', changed: [] });
		expect(emulator.requestLog.count('POST', '/services/scim/v2/Users')).toBe(writesAfterFirst);
		expect(Object.keys(emulator.requestLog.countsObject()).filter((k) => k.startsWith('PATCH'))).toEqual([]);
		expect(usersNamed('ada.lovelace@example.com')).toHaveLength(1);
	});

	test('a changed title is a minimal PATCH', async () => {
		const creds = [clientCredentials(emulator)];
		await runWorkflow(workflowWith(scimNode(upsert)), { credentials: creds });
		const result = await runWorkflow(
			workflowWith(scimNode({ ...upsert, additionalFields: { givenName: 'Ada', title: 'Countess' } })),
			{ credentials: creds },
		);
		expect(jsonOf(result)[0]).toMatchObject({ action: 'updated', changed: ['title'], title: 'Countess' });
	});
});

describe('User → Deactivate / Reactivate', () => {
	test('deactivate is idempotent and not-found can count as success', async () => {
		const creds = [clientCredentials(emulator)];
		await runWorkflow(workflowWith(scimNode(createParams)), { credentials: creds });
		const deactivate = { resource: 'user', operation: 'deactivate', user: { __rl: true, mode: 'userName', value: 'ada.lovelace@example.com' }, options: {} };
		const first = await runWorkflow(workflowWith(scimNode(deactivate)), { credentials: creds });
		expect(jsonOf(first)[0]).toMatchObject({ action: 'deactivated', active: false });
		const again = await runWorkflow(workflowWith(scimNode(deactivate)), { credentials: creds });
		expect(jsonOf(again)[0]).toMatchObject({ action: 'alreadyInactive', alreadyInactive: true });
		const ghost = { ...deactivate, user: { __rl: true, mode: 'userName', value: 'ghost@example.com' }, options: { notFoundIsSuccess: true } };
		const missing = await runWorkflow(workflowWith(scimNode(ghost)), { credentials: creds });
		expect(jsonOf(missing)[0]).toMatchObject({ action: 'notFound' });
		const react = await runWorkflow(
			workflowWith(scimNode({ ...deactivate, operation: 'reactivate' })),
			{ credentials: creds },
		);
		expect(jsonOf(react)[0]).toMatchObject({ action: 'reactivated', active: true });
	});
});

test('continue on fail: one bad item does not stop the others, each output paired to its input', async () => {
	const node = {
		...scimNode({ ...createParams, operation: 'upsert', matchBy: 'userName', userInput: 'resource' }),
		onError: 'continueRegularOutput' as const,
	};
	const items = [
		{ userName: 'one@example.com', name: { familyName: 'One' }, emails: [{ value: 'one@example.com' }], entitlements: [{ display: 'Standard User', type: 'Profile' }] },
		{ userName: 'not-an-email', name: { familyName: 'Two' } },
		{ userName: 'three@example.com', name: { familyName: 'Three' }, emails: [{ value: 'three@example.com' }], entitlements: [{ display: 'Standard User', type: 'Profile' }] },
	];
	const result = await runWorkflow(workflowWith(node, items), { credentials: [clientCredentials(emulator)] });
	const out = result.outputs[NODE][0];
	expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	expect(out[0].json.action).toBe('created');
	expect(String(out[1].json.error)).toMatch(/userName/);
	expect(out[2].json.action).toBe('created');
});

test('Create or Update links a manager the mapping node names by email (_sfscim.manager)', async () => {
	const manager = [...emulator.state.users.values()].find((u) => u.attrs.active)!;
	const managerEmail = manager.attrs.email.toUpperCase();
	const item = {
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
		userName: 'report@example.com',
		name: { givenName: 'Re', familyName: 'Port' },
		emails: [{ value: 'report@example.com', type: 'work', primary: true }],
		entitlements: [{ display: 'Standard User', type: 'Profile', primary: true }],
		_sfscim: { manager: { email: managerEmail } },
	};
	const node = scimNode({ resource: 'user', operation: 'upsert', matchBy: 'userName', userInput: 'resource', options: { simplify: true } });
	const result = await runWorkflow(workflowWith(node, [item]), { credentials: [clientCredentials(emulator)] });
	expect(result.error).toBeUndefined();
	expect(jsonOf(result)[0]).toMatchObject({ action: 'created', managerId: manager.id });
});
