/** Any list (CSV or JSON at a URL) through n8n's engine: a fingerprint per person, only what changed emitted. */
import { ActiveTrigger } from '../../cli/src/engine';
import { startEmulator, type Emulator } from '../../cli/src/emulator';
import { ListEmulator } from '../../cli/src/sources';
import { directoryWorkflow, listCredential, SCIM_NAME, sfUserIn } from '../support/directoryTrigger';
import { clientCredentials } from '../support/scimNode';

let salesforce: Emulator;
let list: ListEmulator;

beforeAll(async () => {
	salesforce = await startEmulator();
	list = await new ListEmulator().start();
});
afterAll(async () => {
	await list.close();
	await salesforce.close();
});

const row = (n: number, extra: Record<string, string> = {}) => ({
	'Employee ID': `E${n}`,
	'First Name': `Li${n}`,
	'Last Name': 'St, "Jr"',
	Email: `list${n}@example.com`,
	Title: 'Clerk',
	Department: 'Ops',
	Status: 'Active',
	...extra,
});

test('CSV at a URL: a new row → one event, provisioned; a status change deactivates; a removed row is user.deleted and deactivates', async () => {
	for (let n = 1; n <= 3; n++) list.upsert(row(n));
	const trigger = new ActiveTrigger(directoryWorkflow('list'), [listCredential(list), clientCredentials(salesforce)]);
	expect((await trigger.activate()).emitted).toBeNull();
	expect((await trigger.poll()).emitted).toBeNull();

	list.upsert(row(4));
	const created = await trigger.poll();
	expect(created.error).toBeUndefined();
	expect(created.emitted?.map((item) => [item.json.event, item.json.preset, (item.json.user as Record<string, string>)['Last Name']])).toEqual([['user.created', 'csv', 'St, "Jr"']]);
	expect(created.run?.outputs[SCIM_NAME][0].map((item) => item.json.action)).toEqual(['created']);
	expect(sfUserIn(salesforce, 'E4')).toMatchObject({ active: true, userName: 'list4@example.com' });

	list.upsert({ 'Employee ID': 'E4', Title: 'Senior Clerk' });
	expect((await trigger.poll()).emitted?.map((item) => [item.json.event, item.json.changes])).toEqual([['user.updated', ['Title']]]);
	list.upsert({ 'Employee ID': 'E4', Status: 'Terminated' });
	expect((await trigger.poll()).emitted?.map((item) => item.json.event)).toEqual(['user.deactivated']);
	expect(sfUserIn(salesforce, 'E4')?.active).toBe(false);
	list.upsert({ 'Employee ID': 'E4', Status: 'Active' });
	expect((await trigger.poll()).emitted?.map((item) => item.json.event)).toEqual(['user.reactivated']);
	expect(sfUserIn(salesforce, 'E4')?.active).toBe(true);

	list.remove('E4');
	const deleted = await trigger.poll();
	expect(deleted.emitted?.map((item) => [item.json.event, item.json.user])).toEqual([['user.deleted', { 'Employee ID': 'E4', Email: 'list4@example.com', Status: 'Deleted' }]]);
	expect(sfUserIn(salesforce, 'E4')?.active).toBe(false);
});

test('JSON at a URL, "emit everyone" on the first run, duplicate keys refused, throttling retried', async () => {
	const local = await new ListEmulator().start();
	try {
		for (let n = 1; n <= 3; n++) local.upsert(row(20 + n));
		const trigger = new ActiveTrigger(directoryWorkflow('list', { firstRun: 'emitAll' }, { downstream: false }), [listCredential(local, local.jsonUrl)]);
		const first = await trigger.activate();
		expect(first.emitted?.map((item) => item.json.event)).toEqual(['user.created', 'user.created', 'user.created']);
		expect((await trigger.poll()).emitted).toBeNull();

		local.setFaults({ throttle: 2, retryAfterSeconds: 0 });
		local.upsert({ 'Employee ID': 'E21', Department: 'Legal' });
		expect((await trigger.poll()).emitted?.map((item) => item.json.changes)).toEqual([['Department']]);

		local.rows.push({ ...local.rows[0] });
		const duplicate = await trigger.poll();
		expect(duplicate.error?.message).toMatch(/has Employee ID "E21" twice/);
	} finally {
		await local.close();
	}
});
