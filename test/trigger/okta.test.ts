/** Okta through n8n's engine: lastUpdated search with Link paging and Okta's rate-limit headers. */
import { ActiveTrigger } from '../../cli/src/engine';
import { startEmulator, type Emulator } from '../../cli/src/emulator';
import { OktaEmulator } from '../../cli/src/sources';
import { directoryWorkflow, oktaCredential, SCIM_NAME, sfUserIn } from '../support/directoryTrigger';
import { clientCredentials } from '../support/scimNode';

let salesforce: Emulator;
let okta: OktaEmulator;

beforeAll(async () => {
	salesforce = await startEmulator();
	okta = await new OktaEmulator().start();
});
afterAll(async () => {
	await okta.close();
	await salesforce.close();
});

const profile = (n: number) => ({ login: `okta${n}@example.com`, email: `okta${n}@example.com`, firstName: `Ok${n}`, lastName: 'Ta', title: 'Engineer' });

test('a change → exactly one event, provisioned once; a sign-in is not a change; suspension deactivates; DEPROVISIONED users are seen', async () => {
	for (let n = 1; n <= 3; n++) okta.createUser(profile(n));
	const trigger = new ActiveTrigger(directoryWorkflow('okta'), [oktaCredential(okta), clientCredentials(salesforce)]);
	expect((await trigger.activate()).emitted).toBeNull();
	expect((await trigger.poll()).emitted).toBeNull();

	const joiner = okta.createUser(profile(4));
	const created = await trigger.poll();
	expect(created.error).toBeUndefined();
	expect(created.emitted?.map((item) => [item.json.event, (item.json.user as { id: string }).id])).toEqual([['user.created', joiner.id]]);
	expect(created.run?.outputs[SCIM_NAME][0].map((item) => item.json.action)).toEqual(['created']);
	expect(sfUserIn(salesforce, joiner.id)).toMatchObject({ active: true, userName: 'okta4@example.com' });
	// The overlap window reads the joiner again: recognised, not emitted twice.
	expect((await trigger.poll()).emitted).toBeNull();

	okta.signIn(joiner.id);
	expect((await trigger.poll()).emitted).toBeNull();

	okta.updateProfile(joiner.id, { title: 'Staff Engineer' });
	const updated = await trigger.poll();
	expect(updated.emitted?.map((item) => [item.json.event, item.json.changes])).toEqual([['user.updated', ['profile']]]);
	expect(sfUserIn(salesforce, joiner.id)?.title).toBe('Staff Engineer');

	okta.setStatus(joiner.id, 'SUSPENDED');
	expect((await trigger.poll()).emitted?.map((item) => item.json.event)).toEqual(['user.deactivated']);
	expect(sfUserIn(salesforce, joiner.id)?.active).toBe(false);

	okta.setStatus(joiner.id, 'ACTIVE');
	expect((await trigger.poll()).emitted?.map((item) => item.json.event)).toEqual(['user.reactivated']);
	okta.setStatus(joiner.id, 'DEPROVISIONED');
	expect((await trigger.poll()).emitted?.map((item) => item.json.event)).toEqual(['user.deactivated']);
	expect(sfUserIn(salesforce, joiner.id)?.active).toBe(false);
});

test('paging by Link, throttling (429 with X-Rate-Limit-Reset), a spent rate-limit window, a failed poll and a restart: nothing lost, nothing twice', async () => {
	const local = await new OktaEmulator().start();
	try {
		const users = Array.from({ length: 450 }, (_, n) => local.createUser(profile(100 + n)));
		let trigger = new ActiveTrigger(directoryWorkflow('okta', {}, { downstream: false }), [oktaCredential(local)]);
		expect((await trigger.activate()).emitted).toBeNull();
		expect(local.log.filter((entry) => entry.path === '/api/v1/users').length).toBe(3); // 200 + 200 + 50

		for (const user of users.slice(0, 250)) local.updateProfile(user.id, { title: 'Manager' });
		local.setFaults({ throttle: 1, pathContains: '/api/v1/users', after: 1 });
		const throttled = await trigger.poll();
		expect(throttled.error).toBeUndefined();
		expect(throttled.emitted).toHaveLength(250);
		expect(new Set(throttled.emitted?.map((item) => item.json.eventId)).size).toBe(250);
		expect(local.log.some((entry) => entry.status === 429)).toBe(true);

		// The window runs out mid-read: the client waits for X-Rate-Limit-Reset instead of failing.
		local.updateProfile(users[300].id, { title: 'Director' });
		local.rateLimit = 2;
		local.windowMs = 1500;
		const limited = await trigger.poll();
		expect(limited.error).toBeUndefined();
		expect(limited.emitted?.map((item) => (item.json.user as { id: string }).id)).toEqual([users[300].id]);
		local.rateLimit = 600;

		// Retries exhausted: nothing emitted, the place kept; then a restart reads the change exactly once.
		local.updateProfile(users[301].id, { title: 'VP' });
		local.setFaults({ serverErrors: 10, pathContains: '/api/v1/users' });
		const failed = await trigger.poll();
		expect(failed.error?.message).toMatch(/HTTP 503/);
		local.setFaults({});
		trigger = trigger.restart();
		expect((await trigger.poll()).emitted?.map((item) => (item.json.user as { id: string }).id)).toEqual([users[301].id]);
		trigger = trigger.restart();
		expect((await trigger.poll()).emitted).toBeNull();
	} finally {
		await local.close();
	}
}, 60_000);
