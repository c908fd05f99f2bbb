/** BambooHR through n8n's engine: employees/changed, then each changed employee's fields. */
import { ActiveTrigger } from '../../cli/src/engine';
import { startEmulator, type Emulator } from '../../cli/src/emulator';
import { BambooHrEmulator } from '../../cli/src/sources';
import { bambooCredential, directoryWorkflow, SCIM_NAME, sfUserIn } from '../support/directoryTrigger';
import { clientCredentials } from '../support/scimNode';

let salesforce: Emulator;
let bamboo: BambooHrEmulator;

beforeAll(async () => {
	salesforce = await startEmulator();
	bamboo = await new BambooHrEmulator().start();
});
afterAll(async () => {
	await bamboo.close();
	await salesforce.close();
});

const employee = (n: number) => ({ firstName: `Bam${n}`, lastName: 'Boo', workEmail: `bam${n}@example.com`, jobTitle: 'Accountant', department: 'Finance' });

test('a hire → one event, provisioned; a termination deactivates; a baseline fetches no employee record', async () => {
	for (let n = 1; n <= 3; n++) bamboo.createEmployee(employee(n));
	// Older than the overlap window: the baseline needs only their ids.
	bamboo.clock.offsetMs = 0;
	const trigger = new ActiveTrigger(directoryWorkflow('bamboohr'), [bambooCredential(bamboo), clientCredentials(salesforce)]);
	expect((await trigger.activate()).emitted).toBeNull();

	const hire = bamboo.createEmployee(employee(4));
	const created = await trigger.poll();
	expect(created.error).toBeUndefined();
	expect(created.emitted?.map((item) => [item.json.event, (item.json.user as { id: string }).id])).toEqual([['user.created', hire.id]]);
	expect(created.run?.outputs[SCIM_NAME][0].map((item) => item.json.action)).toEqual(['created']);
	expect(sfUserIn(salesforce, hire.id)).toMatchObject({ active: true, userName: 'bam4@example.com', title: 'Accountant' });
	expect((await trigger.poll()).emitted).toBeNull();

	bamboo.updateEmployee(hire.id, { jobTitle: 'Controller' });
	const updated = await trigger.poll();
	expect(updated.emitted?.map((item) => [item.json.event, item.json.changes])).toEqual([['user.updated', ['jobTitle']]]);
	expect(sfUserIn(salesforce, hire.id)?.title).toBe('Controller');

	bamboo.terminate(hire.id);
	expect((await trigger.poll()).emitted?.map((item) => item.json.event)).toEqual(['user.deactivated']);
	expect(sfUserIn(salesforce, hire.id)?.active).toBe(false);
});

test('throttled (503 + Retry-After) employee reads are retried; exhausted retries keep the place; a deletion is a user.deleted', async () => {
	const local = await new BambooHrEmulator().start();
	try {
		const people = [1, 2, 3].map((n) => local.createEmployee(employee(10 + n)));
		let trigger = new ActiveTrigger(directoryWorkflow('bamboohr', {}, { downstream: false }), [bambooCredential(local)]);
		expect((await trigger.activate()).emitted).toBeNull();
		for (const person of people) local.updateEmployee(person.id, { department: 'Audit' });
		local.setFaults({ throttle: 2, retryAfterSeconds: 0, pathContains: '/employees/1' });
		const throttled = await trigger.poll();
		expect(throttled.error).toBeUndefined();
		expect(throttled.emitted?.map((item) => item.json.event)).toEqual(['user.updated', 'user.updated', 'user.updated']);
		expect(local.log.filter((entry) => entry.status === 503)).toHaveLength(2);

		local.updateEmployee(people[0].id, { department: 'Tax' });
		local.setFaults({ throttle: 10, retryAfterSeconds: 0, pathContains: '/employees/' });
		expect((await trigger.poll()).error?.message).toMatch(/HTTP 503/);
		local.setFaults({});
		trigger = trigger.restart();
		expect((await trigger.poll()).emitted?.map((item) => [item.json.event, (item.json.user as { department: string }).department])).toEqual([['user.updated', 'Tax']]);

		local.deleteEmployee(people[1].id);
		const deleted = await trigger.poll();
		expect(deleted.emitted?.map((item) => [item.json.event, item.json.user])).toEqual([['user.deleted', { id: people[1].id, workEmail: 'bam12@example.com', status: 'Inactive' }]]);
		expect((await trigger.poll()).emitted).toBeNull();
	} finally {
		await local.close();
	}
});
