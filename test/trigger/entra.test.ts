/**
 * Microsoft Entra ID through n8n's engine: Graph delta against the Entra emulator, events mapped and provisioned
 * into the Salesforce emulator. Polls run as n8n's active-workflow manager runs them (ActiveTrigger).
 */
import { ActiveTrigger } from '../../cli/src/engine';
import { startEmulator, type Emulator } from '../../cli/src/emulator';
import { EntraEmulator } from '../../cli/src/sources';
import { directoryWorkflow, entraCredential, SCIM_NAME } from '../support/directoryTrigger';
import { clientCredentials } from '../support/scimNode';
import { sfUserIn } from '../support/directoryTrigger';

let salesforce: Emulator;
let entra: EntraEmulator;

beforeAll(async () => {
	salesforce = await startEmulator();
	entra = await new EntraEmulator({ pageSize: 2 }).start();
});
afterAll(async () => {
	await entra.close();
	await salesforce.close();
});

const sfUser = (externalId: string) => sfUserIn(salesforce, externalId);

function person(n: number, extra: Record<string, unknown> = {}) {
	return entra.createUser({
		userPrincipalName: `person${n}@contoso.example`,
		mail: `person${n}@contoso.example`,
		givenName: `Given${n}`,
		surname: `Family${n}`,
		displayName: `Given${n} Family${n}`,
		jobTitle: 'Analyst',
		...extra,
	});
}

test('baseline, then one change → exactly one event that provisions; a deactivation deactivates; deletions and expired delta links lose nothing', async () => {
	for (let n = 1; n <= 5; n++) person(n);
	const trigger = new ActiveTrigger(directoryWorkflow('entra'), [entraCredential(entra), clientCredentials(salesforce)]);

	// Activation takes a baseline: five users known, nothing emitted, nothing provisioned.
	const activation = await trigger.activate();
	expect(activation.error).toBeUndefined();
	expect(activation.emitted).toBeNull();
	expect(Object.keys((trigger.persisted['node:Directory Change Trigger'] as { directory: { users: object } }).directory.users)).toHaveLength(5);

	// Nothing changed: nothing emitted.
	expect((await trigger.poll()).emitted).toBeNull();

	// A joiner: one user.created, provisioned once.
	const joiner = person(6, { department: 'Sales' });
	const created = await trigger.poll();
	expect(created.error).toBeUndefined();
	expect(created.emitted?.map((item) => [item.json.event, (item.json.user as { id: string }).id])).toEqual([['user.created', joiner.id]]);
	expect(created.run?.error).toBeUndefined();
	expect(created.run?.outputs[SCIM_NAME][0].map((item) => item.json.action)).toEqual(['created']);
	expect(sfUser(joiner.id)).toMatchObject({ active: true, userName: 'person6@contoso.example' });
	expect((await trigger.poll()).emitted).toBeNull();

	// A title change: user.updated naming jobTitle.
	entra.updateUser(joiner.id, { jobTitle: 'Lead Analyst' });
	const updated = await trigger.poll();
	expect(updated.emitted?.map((item) => [item.json.event, item.json.changes])).toEqual([['user.updated', ['jobTitle']]]);
	expect(sfUser(joiner.id)?.title).toBe('Lead Analyst');

	// A leaver: accountEnabled false → user.deactivated → the Salesforce user is deactivated.
	entra.updateUser(joiner.id, { accountEnabled: false });
	const deactivated = await trigger.poll();
	expect(deactivated.emitted?.map((item) => item.json.event)).toEqual(['user.deactivated']);
	expect(sfUser(joiner.id)?.active).toBe(false);

	// Rehire.
	entra.updateUser(joiner.id, { accountEnabled: true });
	expect((await trigger.poll()).emitted?.map((item) => item.json.event)).toEqual(['user.reactivated']);
	expect(sfUser(joiner.id)?.active).toBe(true);

	// Deleted in Entra: @removed → user.deleted → deactivated (Salesforce never deletes users).
	entra.deleteUser(joiner.id);
	const deleted = await trigger.poll();
	expect(deleted.emitted?.map((item) => item.json.event)).toEqual(['user.deleted']);
	expect(sfUser(joiner.id)?.active).toBe(false);
});

test('throttling mid-paging, a failing poll, a restart between polls and an expired delta link: no change lost, none emitted twice', async () => {
	const local = await new EntraEmulator({ pageSize: 2 }).start();
	try {
		const users = [1, 2, 3, 4, 5].map((n) =>
			local.createUser({ userPrincipalName: `r${n}@contoso.example`, mail: `r${n}@contoso.example`, givenName: `R${n}`, surname: 'Rel', jobTitle: 'A' }),
		);
		const credentials = [entraCredential(local), clientCredentials(salesforce)];
		let trigger = new ActiveTrigger(directoryWorkflow('entra', {}, { downstream: false }), credentials);
		expect((await trigger.activate()).emitted).toBeNull();

		// Throttled on the second page with Retry-After: retried, the poll succeeds and emits each change once.
		for (const user of users) local.updateUser(user.id, { jobTitle: 'B' });
		local.setFaults({ throttle: 2, retryAfterSeconds: 0, pathContains: '/users/delta', after: 1 });
		const throttled = await trigger.poll();
		expect(throttled.error).toBeUndefined();
		expect(throttled.emitted?.map((item) => item.json.event)).toEqual(Array(5).fill('user.updated'));
		expect(local.log.filter((entry) => entry.status === 429)).toHaveLength(2);

		// Throttled beyond Max Attempts: the poll fails, emits nothing and keeps its cursor…
		local.updateUser(users[0].id, { jobTitle: 'C' });
		local.setFaults({ throttle: 10, retryAfterSeconds: 0, pathContains: '/users/delta' });
		const failed = await trigger.poll();
		expect(failed.error?.message).toMatch(/HTTP 429 after 4 attempt/);
		expect(failed.emitted).toBeNull();
		local.setFaults({});
		// …so the next poll emits the change.
		expect((await trigger.poll()).emitted?.map((item) => [item.json.event, (item.json.user as { jobTitle: string }).jobTitle])).toEqual([['user.updated', 'C']]);

		// A change, then n8n restarts before the next poll: the persisted state (saved with the last emitted batch)
		// reads the same change once.
		local.updateUser(users[1].id, { jobTitle: 'D' });
		trigger = trigger.restart();
		const afterRestart = await trigger.poll();
		expect(afterRestart.emitted?.map((item) => [item.json.event, (item.json.user as { id: string }).id])).toEqual([['user.updated', users[1].id]]);
		// Restart again right after an emitted batch: nothing is emitted twice.
		trigger = trigger.restart();
		expect((await trigger.poll()).emitted).toBeNull();

		// The delta link expires while changes wait: a full read compared with the state emits exactly those changes.
		local.updateUser(users[2].id, { jobTitle: 'E' });
		local.deleteUser(users[3].id);
		const joiner = local.createUser({ userPrincipalName: 'r6@contoso.example', givenName: 'R6', surname: 'Rel' });
		local.expireDeltaLinks();
		const expired = await trigger.poll();
		expect(expired.error).toBeUndefined();
		expect(expired.emitted?.map((item) => [item.json.event, (item.json.user as { id: string }).id]).sort()).toEqual(
			[
				['user.updated', users[2].id],
				['user.deleted', users[3].id],
				['user.created', joiner.id],
			].sort(),
		);
		expect(local.log.some((entry) => entry.status === 410)).toBe(true);
		expect((await trigger.poll()).emitted).toBeNull();
	} finally {
		await local.close();
	}
});

test('group membership: members added and removed, from groups/delta', async () => {
	const local = await new EntraEmulator().start();
	try {
		const a = local.createUser({ userPrincipalName: 'ga@contoso.example' });
		const b = local.createUser({ userPrincipalName: 'gb@contoso.example' });
		const group = local.createGroup('Sales EMEA');
		local.addMember(group, a.id);
		const trigger = new ActiveTrigger(directoryWorkflow('entra', { options: { groupMembership: true } }, { downstream: false }), [entraCredential(local)]);
		expect((await trigger.activate()).emitted).toBeNull();
		local.addMember(group, b.id);
		local.removeMember(group, a.id);
		const changed = await trigger.poll();
		expect(changed.emitted?.map((item) => [item.json.event, item.json.members])).toEqual([
			['group.members.added', [{ value: b.id }]],
			['group.members.removed', [{ value: a.id }]],
		]);
		expect(changed.emitted?.[0].json.group).toEqual({ id: group, displayName: 'Sales EMEA' });
		expect((await trigger.poll()).emitted).toBeNull();
	} finally {
		await local.close();
	}
});
