/**
 * The Salesforce SCIM Trigger under the secrets canary: examples/okta-push.json served through n8n's engine
 * (engine/serveWebhook.ts) with the canary bearer token, called the ways an IdP and an attacker would — the right
 * token, a token one character off, a token with the right prefix, Basic with the token as password, bad JSON, a
 * bad PATCH, a Salesforce write that fails — and every answer and every run kept for the scan. The token must come
 * back in none of them.
 */
import { demoSeed, emulatorCredential, INTEGRATION_USER, loadExample, withCredential } from '../../../cli/src/demo';
import { startEmulator } from '../../../cli/src/emulator';
import { serveWebhook, type StoredCredential } from '../../../cli/src/engine';
import type { Canaries } from './secrets';

export interface ScimTriggerFigures {
	requests: number;
	runs: number;
	/** Answers that were not what the IdP must get (empty when the trigger held). */
	problems: string[];
}

export async function runScimTriggerCanary(canaries: Canaries, log: (line: string) => void = () => {}): Promise<ScimTriggerFigures> {
	const emulator = canaries.watch(await startEmulator({ ...canaries.emulatorOptions(), data: demoSeed(), oauth: { ...canaries.emulatorOptions().oauth, runAsUser: INTEGRATION_USER } }));
	const salesforce = { ...emulatorCredential(emulator, 'sf'), data: { ...emulatorCredential(emulator, 'sf').data, clientSecret: canaries.clientSecret } } as StoredCredential;
	const token: StoredCredential = { id: 'idp', name: 'IdP token', type: 'salesforceScimTriggerApi', data: { token: canaries.scimTriggerToken } };
	const server = await serveWebhook(withCredential(withCredential(loadExample('okta-push.json'), salesforce), token), { credentials: [salesforce, token] });
	const base = server.webhookUrl.replace(/\/:resource$/, '');
	const problems: string[] = [];
	let requests = 0;
	const call = async (label: string, method: string, route: string, authorization: string | undefined, body?: string, expect?: (status: number) => boolean) => {
		requests++;
		const response = await fetch(`${base}${route}`, {
			method,
			headers: { ...(authorization ? { authorization } : {}), ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}) },
			body,
		});
		const text = await response.text();
		canaries.recordText(`SCIM Trigger answer: ${label}`, `${response.status} ${JSON.stringify([...response.headers.entries()])}\n${text}`);
		if (expect && !expect(response.status)) problems.push(`${label}: HTTP ${response.status}`);
		return { status: response.status, text };
	};
	const secret = canaries.scimTriggerToken;
	const bearer = `Bearer ${secret}`;
	const user = (userName: string) => JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, name: { givenName: 'Cara', familyName: 'Canary' }, emails: [{ type: 'work', value: userName, primary: true }], active: true, password: secret });
	try {
		await call('no token', 'GET', '/Users', undefined, undefined, (s) => s === 401);
		await call('token one character off', 'GET', '/Users', `Bearer ${secret.slice(0, -1)}x`, undefined, (s) => s === 401);
		await call('token prefix only', 'GET', '/Users', `Bearer ${secret.slice(0, 20)}`, undefined, (s) => s === 401);
		await call('Basic with the token as password', 'GET', '/Users', `Basic ${Buffer.from(`okta:${secret}`).toString('base64')}`, undefined, (s) => s === 401);
		await call('list', 'GET', '/Users?count=2', bearer, undefined, (s) => s === 200);
		await call('bad JSON carrying the token', 'POST', '/Users', bearer, `{"userName":"${secret}`, (s) => s === 400);
		await call('filter carrying the token', 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${secret}"`)}`, bearer, undefined, (s) => s === 200);
		const created = await call('create (the token as the password)', 'POST', '/Users', bearer, user('cara.canary@aurora-logistics.example.com'), (s) => s === 201);
		const id = (JSON.parse(created.text || '{}') as { id?: string }).id ?? 'missing';
		await call('bad PATCH carrying the token', 'PATCH', `/Users/${id}`, bearer, JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: secret, path: 'title' }] }), (s) => s === 400);
		await call('deactivate', 'PATCH', `/Users/${id}`, bearer, JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false, password: secret } }] }), (s) => s === 200);
		emulator.faults.add({ kind: 'status500', every: 1, method: 'POST', path: '/services/scim/v2/Users', times: 20 });
		await call('a failing Salesforce write', 'POST', '/Users', bearer, user('carl.canary@aurora-logistics.example.com'), (s) => s === 502);
		emulator.faults.clear();
	} finally {
		for (const [index, run] of server.runs.entries()) canaries.recordText(`SCIM Trigger run ${index}`, JSON.stringify(run.data));
		await server.stop();
		await emulator.close();
	}
	log(`scim trigger: ${requests} requests, ${server.runs.length} runs, ${problems.length} wrong answers`);
	return { requests, runs: server.runs.length, problems };
}
