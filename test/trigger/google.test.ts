/** Google Workspace through n8n's engine: service-account JWT, users.list paging, snapshot comparison. */
import { ActiveTrigger } from '../../cli/src/engine';
import { startEmulator, type Emulator } from '../../cli/src/emulator';
import { GoogleEmulator } from '../../cli/src/sources';
import { directoryWorkflow, googleCredential, SCIM_NAME, sfUserIn } from '../support/directoryTrigger';
import { clientCredentials } from '../support/scimNode';

let salesforce: Emulator;
let google: GoogleEmulator;

beforeAll(async () => {
	salesforce = await startEmulator();
	google = await new GoogleEmulator({ pageSize: 2 }).start();
});
afterAll(async () => {
	await google.close();
	await salesforce.close();
});

const person = (n: number) => ({
	primaryEmail: `g${n}@example.com`,
	name: { givenName: `Gee${n}`, familyName: 'Workspace', fullName: `Gee${n} Workspace` },
	organizations: [{ title: 'Designer', primary: true }],
});

test('snapshot comparison: a joiner → one event, provisioned; a sign-in is not a change; suspension and deletion deactivate', async () => {
	for (let n = 1; n <= 3; n++) google.createUser(person(n));
	const trigger = new ActiveTrigger(directoryWorkflow('google'), [googleCredential(google), clientCredentials(salesforce)]);
	const activation = await trigger.activate();
	expect(activation.error).toBeUndefined();
	expect(activation.emitted).toBeNull();
	expect(google.tokenRequests).toBe(1);

	const joiner = google.createUser(person(4));
	const created = await trigger.poll();
	expect(created.emitted?.map((item) => [item.json.event, (item.json.user as { id: string }).id])).toEqual([['user.created', joiner.id]]);
	expect(created.run?.outputs[SCIM_NAME][0].map((item) => item.json.action)).toEqual(['created']);
	expect(sfUserIn(salesforce, joiner.id)).toMatchObject({ active: true, userName: 'g4@example.com', title: 'Designer' });
	expect((await trigger.poll()).emitted).toBeNull();

	google.signIn(joiner.id);
	expect((await trigger.poll()).emitted).toBeNull();

	google.updateUser(joiner.id, { suspended: true });
	const suspended = await trigger.poll();
	expect(suspended.emitted?.map((item) => [item.json.event, item.json.changes])).toEqual([['user.deactivated', ['suspended']]]);
	expect(sfUserIn(salesforce, joiner.id)?.active).toBe(false);

	google.updateUser(joiner.id, { suspended: false });
	expect((await trigger.poll()).emitted?.map((item) => item.json.event)).toEqual(['user.reactivated']);
	expect(sfUserIn(salesforce, joiner.id)?.active).toBe(true);

	google.deleteUser(joiner.id);
	const deleted = await trigger.poll();
	expect(deleted.emitted?.map((item) => [item.json.event, item.json.user])).toEqual([['user.deleted', { id: joiner.id, primaryEmail: 'g4@example.com', suspended: true }]]);
	expect(sfUserIn(salesforce, joiner.id)?.active).toBe(false);
});

test('throttled pages are retried, a failed read deletes nobody, a mass disappearance is refused, a restart emits nothing twice', async () => {
	const local = await new GoogleEmulator({ pageSize: 3 }).start();
	try {
		const users = Array.from({ length: 12 }, (_, n) => local.createUser(person(100 + n)));
		let trigger = new ActiveTrigger(directoryWorkflow('google', {}, { downstream: false }), [googleCredential(local)]);
		expect((await trigger.activate()).emitted).toBeNull();

		local.updateUser(users[5].id, { organizations: [{ title: 'Lead', primary: true }] });
		local.setFaults({ throttle: 2, retryAfterSeconds: 0, pathContains: '/users', after: 1 });
		const throttled = await trigger.poll();
		expect(throttled.emitted?.map((item) => [item.json.event, item.json.changes])).toEqual([['user.updated', ['organizations']]]);

		// Page 3 never comes: the poll fails instead of taking the unread users for leavers.
		local.setFaults({ serverErrors: 10, pathContains: '/users', after: 2 });
		const failed = await trigger.poll();
		expect(failed.error?.message).toMatch(/HTTP 503/);
		local.setFaults({});
		trigger = trigger.restart();
		expect((await trigger.poll()).emitted).toBeNull();

		// Most of the directory gone at once (the wrong domain, a broken export): refused, nothing emitted.
		for (const user of users.slice(0, 6)) local.deleteUser(user.id);
		const mass = await trigger.poll();
		expect(mass.error?.message).toMatch(/6 of 12 known users \(50%\) would be deleted/);
		expect(mass.emitted).toBeNull();
	} finally {
		await local.close();
	}
});
