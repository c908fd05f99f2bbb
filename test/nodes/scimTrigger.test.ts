/**
 * The Salesforce SCIM Trigger's webhook() and the SCIM Respond node through n8n's engine (n8n-core's
 * WebhookContext and WorkflowExecute, cli/src/engine/serveWebhook.ts), with examples/okta-push.json and the
 * Salesforce emulator behind it. Real n8n (routing, activation, two endpoints on one instance) is test:n8n.
 */
import { demoSeed, emulatorCredential, INTEGRATION_USER, loadExample, withCredential } from '../../cli/src/demo';
import { startEmulator, type Emulator } from '../../cli/src/emulator';
import { serveWebhook, type StoredCredential, type WebhookServer, type WorkflowFile } from '../../cli/src/engine';

const TOKEN = 'engine-test-token-7c1f0a9e4b3d2c1b';
const SCIM_JSON = 'application/scim+json; charset=utf-8';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

let emulator: Emulator;
let server: WebhookServer | undefined;
let base: string;

const tokenCredential: StoredCredential = { id: 'idp-token', name: 'IdP token', type: 'salesforceScimTriggerApi', data: { token: TOKEN } };

async function serve(change: (wf: WorkflowFile) => void = () => undefined) {
	const salesforce = emulatorCredential(emulator, 'sf');
	const wf = withCredential(withCredential(loadExample('okta-push.json'), salesforce), tokenCredential);
	change(wf);
	server = await serveWebhook(wf, { credentials: [salesforce, tokenCredential] });
	base = server.webhookUrl.replace(/\/:resource$/, '');
}

beforeEach(async () => {
	emulator = await startEmulator({ data: demoSeed(), oauth: { runAsUser: INTEGRATION_USER } });
});
afterEach(async () => {
	await server?.stop();
	server = undefined;
	await emulator.close();
});

async function call(method: string, route: string, body?: unknown, token: string | undefined = TOKEN) {
	const response = await fetch(`${base}${route}`, {
		method,
		headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': SCIM_JSON } : {}) },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const newUser = (userName: string) => ({
	schemas: [USER],
	userName,
	name: { givenName: 'Ines', familyName: 'Engine' },
	emails: [{ primary: true, type: 'work', value: userName }],
	externalId: `00u-${userName}`,
	password: 'Okta-placeholder-1!',
	active: true,
});

function usersNamed(userName: string) {
	return [...emulator.state.users.values()].filter((user) => user.attrs.userName.toLowerCase() === userName);
}

test('no token: 401 with a Bearer challenge, nothing read, nothing run', async () => {
	await serve();
	const denied = await call('POST', '/Users', '{broken', '');
	expect(denied.status).toBe(401);
	expect(denied.headers.get('www-authenticate')).toMatch(/^Bearer/);
	expect(denied.json).toMatchObject({ status: '401' });
	expect(server!.runs).toHaveLength(0);
});

test('reads are answered by the trigger from Salesforce without a workflow run', async () => {
	await serve();
	const page = await call('GET', '/Users?startIndex=1&count=2');
	expect(page.status).toBe(200);
	expect(page.headers.get('content-type')).toMatch(/application\/scim\+json/);
	expect(page.json).toMatchObject({ startIndex: 1, itemsPerPage: 2 });
	expect(Number.isInteger(page.json!.totalResults)).toBe(true);
	const none = await call('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}`);
	expect(none.json).toMatchObject({ totalResults: 0, Resources: [] });
	expect((await call('GET', '/Users/005000000000000AAA')).status).toBe(404);
	expect((await call('GET', '/ServiceProviderConfig')).json).toMatchObject({ patch: { supported: true } });
	expect(server!.runs).toHaveLength(0);
});

test('POST runs the workflow once and answers 201 with the Salesforce user; the same POST again is 409', async () => {
	await serve();
	const userName = 'ines.engine@aurora-logistics.example.com';
	const created = await call('POST', '/Users', newUser(userName));
	expect(created.status).toBe(201);
	const [inOrg] = usersNamed(userName);
	expect(created.json).toMatchObject({ id: inOrg.id, userName, active: true });
	expect(created.headers.get('location')).toBe(`${base}/Users/${inOrg.id}`);
	expect(created.text).not.toContain('Okta-placeholder');
	expect(server!.runs).toHaveLength(1);
	// The item the trigger emitted: one directory event, no password.
	const event = server!.runs[0].data.resultData.runData['Salesforce SCIM Trigger'][0].data!.main[0]![0].json;
	expect(event).toMatchObject({ event: 'user.created', preset: 'scim', source: { type: 'scim' }, request: { method: 'POST', resourceType: 'Users' } });
	expect(JSON.stringify(server!.runs[0].data)).not.toContain('Okta-placeholder');
	expect(JSON.stringify(server!.runs[0].data)).not.toContain(TOKEN);

	const again = await call('POST', '/Users', newUser(userName));
	expect([again.status, again.json?.scimType]).toEqual([409, 'uniqueness']);
	expect(server!.runs).toHaveLength(1);
	expect(usersNamed(userName)).toHaveLength(1);
});

test('a failing Salesforce write answers 502, never 201; the retry then succeeds once', async () => {
	await serve();
	emulator.faults.add({ kind: 'status503', every: 1, method: 'POST', path: '/services/scim/v2/Users', times: 50 });
	const userName = 'fay.failure@aurora-logistics.example.com';
	const failed = await call('POST', '/Users', newUser(userName));
	expect(failed.status).toBe(502);
	expect(failed.json).toMatchObject({ status: '502' });
	expect(usersNamed(userName)).toHaveLength(0);
	emulator.faults.clear();
	expect((await call('POST', '/Users', newUser(userName))).status).toBe(201);
	expect(usersNamed(userName)).toHaveLength(1);
});

test('a run that never reaches the SCIM Respond node answers 500, not a success', async () => {
	await serve((wf) => {
		for (const list of Object.values(wf.connections)) {
			for (const outputs of Object.values(list)) for (const output of outputs as Array<Array<{ node: string }>>) output.splice(0, output.length, ...output.filter((c) => c.node !== 'Answer the IdP'));
		}
	});
	const answer = await call('POST', '/Users', newUser('nora.noanswer@aurora-logistics.example.com'));
	expect(answer.status).toBe(500);
});

test('an invalid user from the IdP (no real name at all) is a 400 from the Mapping node’s Invalid output', async () => {
	await serve();
	const { name: _name, ...withoutName } = newUser('ivo.invalid@aurora-logistics.example.com');
	void _name;
	// A single name ("Ivo", no family name) is a valid single-name person (README: Placeholder names); placeholders
	// only are not.
	const answer = await call('POST', '/Users', { ...withoutName, name: { givenName: 'FNU', familyName: 'LNU' } });
	expect(answer.status).toBe(400);
	expect(answer.json).toMatchObject({ scimType: 'invalidValue' });
	expect(usersNamed('ivo.invalid@aurora-logistics.example.com')).toHaveLength(0);
});
