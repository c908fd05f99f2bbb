/**
 * Every User operation through n8n's engine against the emulator: happy path, not found, bad input (exact
 * message, and nothing sent), SCIM error, continue-on-fail; permission sets merged or exact whatever
 * Salesforce's replace does; usernames (free-name search, suffix).
 */
import { useEmulator } from '../support/emulator';
import { byId, byName, byUserName, JANE, pairedItems, runNode } from '../support/nodeRun';

const emulator = useEmulator();
beforeEach(() => {
	emulator.reset();
	emulator.behaviour.entitlementsReplace = 'overwrite';
});

const create = (fields: Record<string, unknown> = {}, options: Record<string, unknown> = {}) => ({
	resource: 'user',
	operation: 'create',
	userName: 'grace.hopper@example.com',
	email: 'grace@example.com',
	familyName: 'Hopper',
	profile: byName('Standard User'),
	additionalFields: { givenName: 'Grace', ...fields },
	options: { retryDelayMs: 5, ...options },
});
const userNamed = (userName: string) => [...emulator.state.users.values()].find((u) => u.attrs.userName === userName);
const permissionSetsOf = (userName: string) =>
	((emulator.state.renderUser(userNamed(userName)!).entitlements ?? []) as Array<{ type?: string; display?: string }>)
		.filter((e) => e.type !== 'Profile')
		.map((e) => e.display)
		.sort();
const setsParam = (...names: string[]) => ({ permissionSet: names.map((n) => ({ permissionSet: byName(n) })) });

describe('Create', () => {
	test('all the fields land on the user', async () => {
		const run = await runNode(
			emulator,
			create(
				{
					title: 'Rear Admiral',
					department: 'Navy',
					employeeNumber: 'E-42',
					phone: '+1 555 0100',
					alias: 'ghopper',
					externalId: 'HR-42',
					manager: JANE,
					permissionSets: setsParam('Flow User'),
					customAttributes: { attribute: [{ path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter', value: 'CC-7' }] },
				},
				{ simplify: false },
			),
		);
		expect(run.result.error).toBeUndefined();
		const user = run.out[0];
		const enterprise = user['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] as Record<string, unknown>;
		expect(user).toMatchObject({ userName: 'grace.hopper@example.com', title: 'Rear Admiral', externalId: 'HR-42', active: true });
		expect(enterprise).toMatchObject({ department: 'Navy', employeeNumber: 'E-42', costCenter: 'CC-7', manager: { value: userNamed(JANE)!.id } });
		expect(permissionSetsOf('grace.hopper@example.com')).toEqual(['Flow User']);
		expect(user._sfscim).toMatchObject({ action: 'created' });
	});

	test.each([
		['a username that is not email-shaped', { userName: 'grace' }, /^Invalid user: userName: userName "grace" is not email-shaped/],
		['a last name that is only spaces', { familyName: '   ' }, /^Invalid user: name\.familyName: name\.familyName \(Last Name\) is required by Salesforce/],
		['no profile', { profile: { __rl: true, mode: 'list', value: '' } }, /^Invalid user: entitlements: A profile is required on create/],
		['an alias over 8 characters', { additionalFields: { alias: 'gracehopper' } }, /^Invalid user: alias: alias is 11 characters; Salesforce allows at most 8/],
		[
			'an invalid custom attribute path',
			{ additionalFields: { customAttributes: { attribute: [{ path: 'emails[type eq', value: 'x' }] } } },
			/^Custom attribute 1: "emails\[type eq" is not a valid SCIM attribute path/,
		],
	])('bad input, %s: a clear error and nothing sent', async (_name, change, message) => {
		const run = await runNode(emulator, { ...create(), ...change });
		expect(run.result.error?.message).toMatch(message);
		expect(run.requests).toBe(0);
	});

	test.each([
		['no last name', { familyName: '' }, /Parameter "Last Name" is required/],
		['no email', { email: '' }, /Parameter "Email" is required/],
	])('bad input, %s: n8n refuses the required parameter before the node runs', async (_name, change, message) => {
		const before = emulator.requestLog.total;
		await expect(runNode(emulator, { ...create(), ...change })).rejects.toThrow(message);
		expect(emulator.requestLog.total).toBe(before);
	});

	test('an unknown profile name offers the closest names, and no user is created', async () => {
		const run = await runNode(emulator, { ...create(), profile: byName('Standrd User') });
		expect(run.result.error?.message).toBe('No profile named "Standrd User" in this org. Closest: "Standard User". Pick it from the list or check the spelling');
		expect(emulator.requestLog.count('POST', '/services/scim/v2/Users')).toBe(0);
	});

	test('a username taken in another org: the SCIM error says usernames are global', async () => {
		const run = await runNode(emulator, { ...create(), userName: 'john.smith@example.com' });
		expect(run.result.error?.message).toMatch(/^The username is taken: /);
		expect(run.result.error?.description).toMatch(/unique across ALL Salesforce orgs/);
	});

	test('find a free username: tries john.smith1@… after john.smith@… is taken elsewhere', async () => {
		const run = await runNode(emulator, create({}, { findFreeUsername: true }), { items: [{}] });
		expect(run.out[0]).toMatchObject({ action: 'created', userName: 'grace.hopper@example.com' });
		emulator.state.seed({ takenUsernames: ['grace.hopper1@example.com'] });
		const taken = await runNode(emulator, { ...create({}, { findFreeUsername: true }), userName: 'grace.hopper@example.com' });
		expect(taken.result.error).toBeUndefined();
		expect(taken.out[0]).toMatchObject({ action: 'created', userName: 'grace.hopper2@example.com' });
		expect(emulator.requestLog.count('POST', '/services/scim/v2/Users')).toBe(4);
	});

	test('username suffix for sandboxes is appended once', async () => {
		const run = await runNode(emulator, create({}, { usernameSuffix: '.uat' }));
		expect(run.out[0]).toMatchObject({ userName: 'grace.hopper@example.com.uat' });
		const again = await runNode(emulator, { ...create({}, { usernameSuffix: '.uat' }), operation: 'upsert', userName: 'Grace.Hopper@example.com.uat' });
		expect(again.out[0]).toMatchObject({ action: 'unchanged', userName: 'grace.hopper@example.com.uat' });
	});

	test('continue on fail: the taken username fails alone, with the SCIM detail, paired to its input', async () => {
		const params = { ...create(), userName: '={{ $json.userName }}', email: '={{ $json.userName }}' };
		const run = await runNode(emulator, params, {
			items: [{ userName: 'a.one@example.com' }, { userName: 'taken@example.com' }, { userName: 'a.three@example.com' }],
			continueOnFail: true,
		});
		expect(run.result.error).toBeUndefined();
		expect(pairedItems(run)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(run.out[0]).toMatchObject({ action: 'created', userName: 'a.one@example.com' });
		expect(run.out[1]).toMatchObject({ status: 409, error: expect.stringMatching(/^The username is taken/) });
		expect(run.out[1].detail).toEqual(expect.any(String));
		expect(run.out[2]).toMatchObject({ action: 'created', userName: 'a.three@example.com' });
	});
});

describe('Get', () => {
	test('by username and by ID', async () => {
		const byName = await runNode(emulator, { resource: 'user', operation: 'get', user: byUserName('JANE.DOE@sfscim-emulator.example'), options: {} });
		expect(byName.out[0]).toMatchObject({ userName: JANE, profile: 'Standard User', permissionSets: ['Sales Cloud User'] });
		const id = String(byName.out[0].id);
		const direct = await runNode(emulator, { resource: 'user', operation: 'get', user: byId(id), options: {} });
		expect(direct.out[0]).toMatchObject({ id, userName: JANE });
	});

	test('not found, by username and by ID', async () => {
		const missing = await runNode(emulator, { resource: 'user', operation: 'get', user: byUserName('ghost@example.com'), options: {} });
		expect(missing.result.error?.message).toBe('Not found: No user with username "ghost@example.com"');
		const noId = await runNode(emulator, { resource: 'user', operation: 'get', user: byId('005000000000000AAA'), options: {} });
		expect(noId.result.error?.message).toMatch(/^Not found: /);
		expect(noId.result.error?.description).toMatch(/does not exist in this org/);
	});

	test('no user given, or a username that is not email-shaped: n8n refuses it before the node runs', async () => {
		const before = emulator.requestLog.total;
		await expect(runNode(emulator, { resource: 'user', operation: 'get', user: byUserName(''), options: {} })).rejects.toThrow(/Parameter "User" is required/);
		await expect(runNode(emulator, { resource: 'user', operation: 'get', user: byUserName('jane'), options: {} })).rejects.toThrow(/Not an email-shaped username/);
		expect(emulator.requestLog.total).toBe(before);
	});

	test('an ID that is only spaces: the node says what to give, nothing sent', async () => {
		const run = await runNode(emulator, { resource: 'user', operation: 'get', user: byId(' '), options: {} });
		expect(run.result.error?.message).toBe('No user given. Pick a user from the list, or enter an ID or a username');
		expect(run.requests).toBe(0);
	});

	test('continue on fail: the missing user is an error item between found ones', async () => {
		const run = await runNode(emulator, { resource: 'user', operation: 'get', user: byUserName('={{ $json.u }}'), options: {} }, {
			items: [{ u: JANE }, { u: 'ghost@example.com' }, { u: 'admin@sfscim-emulator.example' }],
			continueOnFail: true,
		});
		expect(run.out.map((o) => o.userName ?? o.status)).toEqual([JANE, 404, 'admin@sfscim-emulator.example']);
		expect(pairedItems(run)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('Get Many', () => {
	const getAll = (filters: Record<string, unknown>, more: Record<string, unknown> = {}) => ({ resource: 'user', operation: 'getAll', returnAll: true, filters, options: {}, ...more });

	test('filter builder: username, email, external ID, active', async () => {
		expect((await runNode(emulator, getAll({ userName: JANE }))).out.map((u) => u.userName)).toEqual([JANE]);
		expect((await runNode(emulator, getAll({ email: 'jane.doe@sfscim-emulator.example' }))).out.map((u) => u.userName)).toEqual([JANE]);
		expect((await runNode(emulator, getAll({ externalId: 'E1001' }))).out.map((u) => u.userName)).toEqual([JANE]);
		expect((await runNode(emulator, getAll({ active: 'false' }))).out).toEqual([]);
		expect((await runNode(emulator, getAll({ active: 'true' }))).out).toHaveLength(2);
	});

	test('a value with quotes cannot change the filter (escaped, not injected)', async () => {
		const run = await runNode(emulator, getAll({ userName: 'x" or userName pr or userName eq "y' }));
		expect(run.result.error).toBeUndefined();
		expect(run.out).toEqual([]);
	});

	test('Limit across pages', async () => {
		emulator.state.seed({ users: Array.from({ length: 250 }, (_, i) => ({ userName: `bulk${i}@example.com`, familyName: `B${i}`, email: `bulk${i}@example.com`, profile: 'Chatter Free User' })) });
		const limited = await runNode(emulator, { ...getAll({}), returnAll: false, limit: 3 });
		expect(limited.out).toHaveLength(3);
		const all = await runNode(emulator, getAll({}));
		expect(all.out).toHaveLength(252);
		expect(emulator.requestLog.count('GET', '/services/scim/v2/Users')).toBe(1 + 2);
	});

	test('an invalid raw filter is refused before any request', async () => {
		const run = await runNode(emulator, getAll({ raw: 'userName eq' }));
		expect(run.result.error?.message).toMatch(/^The SCIM filter is not valid: /);
		expect(run.requests).toBe(0);
	});

	test('a filter the server refuses is a SCIM error; continue on fail keeps it per item', async () => {
		emulator.behaviour.filterOperators = 'eq';
		const run = await runNode(emulator, getAll({ raw: 'userName co "jane"' }), { continueOnFail: true });
		emulator.behaviour.filterOperators = 'all';
		expect(run.out[0]).toMatchObject({ status: 400 });
		expect(String(run.out[0].error)).toMatch(/Salesforce rejected the request|invalidFilter|filter/i);
	});
});

describe('Update', () => {
	const update = (fields: Record<string, unknown>, options: Record<string, unknown> = {}, user = byUserName(JANE)) => ({
		resource: 'user',
		operation: 'update',
		user,
		userName: '',
		email: '',
		familyName: '',
		additionalFields: fields,
		options,
	});

	test('a changed title is one minimal PATCH; the same again writes nothing', async () => {
		const first = await runNode(emulator, update({ title: 'VP' }));
		expect(first.out[0]).toMatchObject({ action: 'updated', changed: ['title'], title: 'VP' });
		const second = await runNode(emulator, update({ title: 'VP' }));
		expect(second.out[0]).toMatchObject({ action: 'unchanged', changed: [] });
		expect(emulator.requestLog.count('PATCH', '/services/scim/v2/Users/{id}')).toBe(1);
	});

	test('a manager by username: linked; one who is not a Salesforce user or is the user: the rest is updated, the link said why', async () => {
		const admin = userNamed('admin@sfscim-emulator.example')!;
		const linked = await runNode(emulator, update({ title: 'Lead', manager: 'Admin@sfscim-emulator.example' }));
		expect(linked.out[0]).toMatchObject({ action: 'updated', managerId: admin.id });
		expect(linked.out[0].managerLink).toBeUndefined();

		const ghost = await runNode(emulator, update({ title: 'Principal', manager: 'ghost@example.com' }));
		expect(ghost.result.error).toBeUndefined();
		expect(ghost.out[0]).toMatchObject({ action: 'updated', changed: ['title'], managerLink: 'unresolved', managerId: admin.id });
		expect(String(ghost.out[0].note)).toMatch(/"ghost@example\.com" is not a Salesforce user yet.*later run/);

		const self = await runNode(emulator, update({ manager: JANE }));
		expect(self.result.error).toBeUndefined();
		expect(self.out[0]).toMatchObject({ action: 'unchanged', managerLink: 'self', managerId: admin.id });
	});

	test('not found', async () => {
		const run = await runNode(emulator, update({ title: 'VP' }, {}, byUserName('ghost@example.com')));
		expect(run.result.error?.message).toBe('Not found: No user with username "ghost@example.com"');
		expect(emulator.requestLog.count('PATCH', '/services/scim/v2/Users/{id}')).toBe(0);
	});

	test('bad input: an alias over 8 characters, nothing sent', async () => {
		const run = await runNode(emulator, update({ alias: 'muchtoolong' }));
		expect(run.result.error?.message).toMatch(/^Invalid user: alias: alias is 11 characters; Salesforce allows at most 8/);
		expect(run.requests).toBe(0);
	});

	test('a SCIM error from the PATCH: renaming to a username taken elsewhere', async () => {
		const run = await runNode(emulator, { ...update({}), userName: 'admin@example.com' });
		expect(run.result.error?.message).toMatch(/^The username is taken/);
	});

	describe.each(['overwrite', 'merge'] as const)('permission sets, when Salesforce’s replace does "%s"', (mode) => {
		beforeEach(() => {
			emulator.behaviour.entitlementsReplace = mode;
		});

		test('Add to Existing: the new set is added, none is dropped', async () => {
			const run = await runNode(emulator, update({ permissionSets: setsParam('Flow User') }));
			expect(run.result.error).toBeUndefined();
			expect(permissionSetsOf(JANE)).toEqual(['Flow User', 'Sales Cloud User']);
			expect(run.out[0].permissionSets).toEqual(expect.arrayContaining(['Flow User', 'Sales Cloud User']));
		});

		test('Set Exact List: ends with exactly the listed sets', async () => {
			const run = await runNode(emulator, update({ permissionSets: setsParam('Flow User', 'Knowledge User') }, { permissionSetMode: 'exact' }));
			expect(run.result.error).toBeUndefined();
			expect(permissionSetsOf(JANE)).toEqual(['Flow User', 'Knowledge User']);
			const again = await runNode(emulator, update({ permissionSets: setsParam('Flow User', 'Knowledge User') }, { permissionSetMode: 'exact' }));
			expect(again.out[0]).toMatchObject({ action: 'unchanged' });
		});
	});

	test('continue on fail', async () => {
		const run = await runNode(emulator, update({ title: 'Boss' }, {}, byUserName('={{ $json.u }}')), {
			items: [{ u: 'ghost@example.com' }, { u: JANE }],
			continueOnFail: true,
		});
		expect(run.out[0]).toMatchObject({ status: 404 });
		expect(run.out[1]).toMatchObject({ action: 'updated', title: 'Boss' });
	});
});

describe('Create or Update', () => {
	const upsert = (fields: Record<string, unknown>, options: Record<string, unknown> = {}, more: Record<string, unknown> = {}) => ({
		...create(fields, options),
		operation: 'upsert',
		matchBy: 'userName',
		...more,
	});

	test('match by external ID updates the matched user, whatever the username says', async () => {
		const run = await runNode(emulator, upsert({ externalId: 'E1001', title: 'Lead' }, {}, { matchBy: 'externalId', userName: JANE }));
		expect(run.out[0]).toMatchObject({ action: 'updated', userName: JANE, title: 'Lead' });
	});

	test('match by email, several matches: an error that names them, nothing written', async () => {
		emulator.state.seed({ users: [{ userName: 'jane2@example.com', familyName: 'Doe', email: 'jane.doe@sfscim-emulator.example', profile: 'Standard User' }] });
		const run = await runNode(emulator, upsert({}, {}, { matchBy: 'email', email: 'jane.doe@sfscim-emulator.example' }));
		expect(run.result.error?.message).toMatch(/^2 Salesforce users match email "jane\.doe@sfscim-emulator\.example": .*jane\.doe@sfscim-emulator\.example.*jane2@example\.com/);
		expect(emulator.requestLog.count('PATCH', '/services/scim/v2/Users/{id}') + emulator.requestLog.count('POST', '/services/scim/v2/Users')).toBe(0);
	});

	test('a matched inactive user stays inactive unless Reactivate is on', async () => {
		await runNode(emulator, { resource: 'user', operation: 'deactivate', user: byUserName(JANE), options: {} });
		const stays = await runNode(emulator, upsert({ title: 'Back' }, {}, { userName: JANE }));
		expect(stays.out[0]).toMatchObject({ action: 'updated', active: false });
		const back = await runNode(emulator, upsert({ title: 'Back' }, { reactivate: true }, { userName: JANE }));
		expect(back.out[0]).toMatchObject({ action: 'reactivated', active: true });
	});

	test('no match and a create would be invalid (no profile): clear error, nothing written', async () => {
		const run = await runNode(emulator, { ...upsert({}), profile: { __rl: true, mode: 'list', value: '' } });
		expect(run.result.error?.message).toMatch(/^Cannot create the user: entitlements: A profile is required on create/);
		expect(emulator.requestLog.count('POST', '/services/scim/v2/Users')).toBe(0);
	});
});

describe('Deactivate / Reactivate', () => {
	test('reactivate restores the groups the user had when this workflow deactivated them', async () => {
		const workflowId = { resource: 'user', user: byUserName(JANE), options: {} };
		const off = await runNode(emulator, { ...workflowId, operation: 'deactivate' });
		const groups = off.out[0].groups as string[];
		expect(groups).toHaveLength(1);
		expect(emulator.state.groups.get(groups[0])).toBeDefined();
		const on = await runNode(emulator, { ...workflowId, operation: 'reactivate', options: { restoreGroups: true, groupIds: groups.join(',') } });
		expect(on.out[0]).toMatchObject({ action: 'reactivated', active: true, restoredGroups: groups });
		const members = await runNode(emulator, { resource: 'group', operation: 'get', group: byId(groups[0]), options: {} });
		expect((members.out[0].members as Array<{ value: string }>).map((m) => m.value)).toContain(String(off.out[0].id));
	});

	test('reactivate an active user is success with a flag; not found is an error', async () => {
		const run = await runNode(emulator, { resource: 'user', operation: 'reactivate', user: byUserName(JANE), options: {} });
		expect(run.out[0]).toMatchObject({ action: 'alreadyActive', alreadyActive: true });
		expect(emulator.requestLog.count('PATCH', '/services/scim/v2/Users/{id}')).toBe(0);
		const ghost = await runNode(emulator, { resource: 'user', operation: 'reactivate', user: byUserName('ghost@example.com'), options: {} });
		expect(ghost.result.error?.message).toBe('Not found: No user with username "ghost@example.com"');
	});
});

describe('Deactivate / Create or Update: SCIM errors and continue on fail', () => {
	test('deactivate: a server error fails the item with the SCIM detail; continue on fail keeps the others', async () => {
		emulator.setFaults([{ kind: 'status500', nth: 1, method: 'PATCH', path: '/services/scim/v2/Users' }]);
		const run = await runNode(emulator, { resource: 'user', operation: 'deactivate', user: byUserName('={{ $json.u }}'), options: { maxAttempts: 1, concurrency: 1 } }, {
			items: [{ u: JANE }, { u: 'ghost@example.com' }, { u: 'admin@sfscim-emulator.example' }],
			continueOnFail: true,
		});
		expect(run.out[0]).toMatchObject({ status: 500, errorCode: 'UNKNOWN_EXCEPTION' });
		expect(run.out[1]).toMatchObject({ status: 404 });
		expect(run.out[2]).toMatchObject({ action: 'deactivated', active: false });
		expect(pairedItems(run)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(userNamed(JANE)!.attrs.active).toBe(true);
	});

	test('create or update: a create refused by the org (username taken elsewhere) is a clear error', async () => {
		const run = await runNode(emulator, { ...create(), operation: 'upsert', matchBy: 'userName', userName: 'taken@example.com' });
		expect(run.result.error?.message).toMatch(/^The username is taken/);
	});

	test('create or update with continue on fail: bad input fails alone, before any request for it', async () => {
		const params = { ...create(), operation: 'upsert', matchBy: 'userName', userName: '={{ $json.u }}' };
		const run = await runNode(emulator, params, { items: [{ u: 'ok.one@example.com' }, { u: 'not-an-email' }], continueOnFail: true });
		expect(run.out[0]).toMatchObject({ action: 'created' });
		expect(String(run.out[1].error)).toMatch(/^Invalid user: userName: userName "not-an-email" is not email-shaped/);
		expect(emulator.requestLog.entries().some((e) => (e.query ?? '').includes('not-an-email'))).toBe(false);
	});
});
