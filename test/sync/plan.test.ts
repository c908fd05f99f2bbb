import { buildPatchOps, notKept } from '../../scim/patchDiff';
import type { ScimUser } from '../../scim/schemas';
import { attributesRead, keptBySchema, ManagerDirectory, orgSchemaOf, planMembers, planSync, projectUser, SyncRefusedError, type SyncOptions, type SyncPlan } from '../../scim/sync';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PROFILE = { value: '00e000000000001AAA', display: 'Standard User', type: 'Profile', primary: true };
const ADMIN_PROFILE = { value: '00e000000000002AAA', display: 'System Administrator', type: 'Profile', primary: true };

function sf(n: number, extra: Partial<ScimUser> = {}): ScimUser {
	return {
		id: `005000000000${String(n).padStart(3, '0')}AAA`,
		userName: `u${n}@x.com`,
		externalId: `E${n}`,
		name: { givenName: 'U', familyName: `User ${n}`, formatted: `U User ${n}` },
		emails: [{ value: `u${n}@x.com`, type: 'work', primary: true }],
		title: 'Rep',
		active: true,
		entitlements: [PROFILE],
		...extra,
	};
}

function want(n: number, extra: Partial<ScimUser> = {}): ScimUser {
	return {
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
		userName: `u${n}@x.com`,
		externalId: `E${n}`,
		name: { givenName: 'U', familyName: `User ${n}` },
		emails: [{ value: `u${n}@x.com`, type: 'work', primary: true }],
		title: 'Rep',
		entitlements: [{ value: PROFILE.value, type: 'Profile' }],
		...extra,
	};
}

const kinds = (plan: SyncPlan) => plan.actions.map((a) => `${a.action}:${a.key}`);
const loose: SyncOptions = { maxDeactivationPercent: 100 };

describe('planSync: one row per situation', () => {
	test.each<[string, ScimUser[], ScimUser[], SyncOptions, string[]]>([
		['identical → noop', [want(1)], [sf(1)], loose, ['noop:u1@x.com']],
		['missing → create', [want(1), want(2)], [sf(1)], loose, ['noop:u1@x.com', 'create:u2@x.com']],
		['changed title → update', [want(1, { title: 'Manager' })], [sf(1)], loose, ['update:u1@x.com']],
		['not in input → deactivate', [want(1)], [sf(1), sf(2)], loose, ['noop:u1@x.com', 'deactivate:u2@x.com']],
		['inactive leaver stays as is', [want(1)], [sf(1), sf(2, { active: false })], loose, ['noop:u1@x.com']],
		['in input, inactive in Salesforce → reactivate', [want(1)], [sf(1, { active: 'False' as never })], loose, ['reactivate:u1@x.com']],
		['inactive in the source → deactivate', [want(1, { active: false })], [sf(1)], loose, ['deactivate:u1@x.com']],
		['inactive in the source, not in Salesforce → not created', [want(1, { active: false })], [], loose, ['noop:u1@x.com']],
		['usernames match case-insensitively', [want(1, { userName: 'U1@X.COM' })], [sf(1)], loose, ['noop:u1@x.com']],
		['match by external ID, renamed user → update', [want(1, { userName: 'new@x.com' })], [sf(1)], { ...loose, matchBy: 'externalId' }, ['update:e1']],
		['federation ID is the externalId, matched case-insensitively (its case is then updated)', [want(1, { externalId: 'e1' })], [sf(1)], { ...loose, matchBy: 'federationId' }, ['update:e1']],
		['match by email', [want(1, { userName: 'other@x.com', emails: [{ value: 'U1@x.com' }] })], [sf(1)], { ...loose, matchBy: 'email' }, ['update:u1@x.com']],
		['create switched off', [want(1)], [], { ...loose, actions: { create: false } }, ['noop:u1@x.com']],
		['update switched off', [want(1, { title: 'Boss' })], [sf(1)], { ...loose, actions: { update: false } }, ['noop:u1@x.com']],
		['deactivate switched off', [want(1)], [sf(1), sf(2)], { ...loose, actions: { deactivate: false } }, ['noop:u1@x.com']],
		['reactivate switched off, attributes still updated', [want(1, { title: 'Boss' })], [sf(1, { active: false })], { ...loose, actions: { reactivate: false } }, ['update:u1@x.com']],
		['the caller is never deactivated', [want(1)], [sf(1), sf(2)], { ...loose, protectedIds: [sf(2).id as string] }, ['noop:u1@x.com']],
		['a Salesforce user without the key is not a leaver', [want(1)], [sf(1), sf(2, { externalId: undefined })], { ...loose, matchBy: 'externalId' }, ['noop:e1']],
	])('%s', (_name, desired, actual, options, expected) => {
		expect(kinds(planSync(desired, actual, options))).toEqual(expected);
	});
});

describe('planSync: updates', () => {
	test("the plan's PATCH is exactly buildPatchOps, with before/after per attribute", () => {
		const desired = want(1, { title: 'Manager', [ENT]: { department: 'Sales' } });
		const plan = planSync([desired], [sf(1)], loose);
		const [action] = plan.actions;
		const { schemas: _schemas, ...target } = desired;
		expect(action.operations).toEqual(buildPatchOps(sf(1), target));
		expect(action.changes).toEqual([
			{ attribute: 'title', before: 'Rep', after: 'Manager' },
			{ attribute: `${ENT}:department`, before: null, after: 'Sales' },
		]);
		expect(action.id).toBe(sf(1).id);
	});

	test('reactivation and attribute changes go in one PATCH', () => {
		const [action] = planSync([want(1, { title: 'Boss' })], [sf(1, { active: false })], loose).actions;
		expect(action.action).toBe('reactivate');
		expect(action.operations).toEqual([{ op: 'replace', value: { title: 'Boss', active: true } }]);
	});

	test('create-only attributes (mapping metadata and options) are left out of updates, kept on create', () => {
		const desired = [
			want(1, { locale: 'de_DE', nickName: 'uu', _sfscim: { createOnly: ['locale', 'name.givenName'] }, name: { givenName: 'Changed', familyName: 'User 1' } }),
			want(2, { locale: 'de_DE', _sfscim: { createOnly: ['locale'] } }),
		];
		const plan = planSync(desired, [sf(1)], { ...loose, createOnly: ['nickName'] });
		expect(kinds(plan)).toEqual(['noop:u1@x.com', 'create:u2@x.com']);
		expect(plan.actions[1].user).toMatchObject({ locale: 'de_DE' });
		expect(plan.actions[1].user).not.toHaveProperty('_sfscim');
		expect(desired[0].name).toEqual({ givenName: 'Changed', familyName: 'User 1' });
	});

	test('permission sets: merge keeps what the user holds, exact removes the rest', () => {
		const held = sf(1, { entitlements: [PROFILE, { value: '0PS000000000001AAA', type: 'PermissionSet' }] });
		expect(kinds(planSync([want(1)], [held], loose))).toEqual(['noop:u1@x.com']);
		const exact = planSync([want(1)], [held], { ...loose, permissionSetMode: 'exact' });
		expect(exact.actions[0].action).toBe('update');
	});

	test('exact permission sets naming no profile keep the profile the user holds (Salesforce refuses a user without one), as Create or Update does', () => {
		const held = sf(1, { entitlements: [PROFILE, { value: '0PS000000000001AAA', type: 'PermissionSet' }] });
		const sets = [{ value: '0PS000000000002AAA', type: 'PermissionSet' }];
		const [action] = planSync([want(1, { entitlements: sets })], [held], { ...loose, permissionSetMode: 'exact' }).actions;
		expect(action.action).toBe('update');
		expect(action.operations).toEqual([
			{ op: 'replace', value: { entitlements: [{ value: PROFILE.value, type: 'Profile', display: PROFILE.display }, ...sets] } },
		]);
	});
});

describe('planSync: input problems', () => {
	test('a key given twice: one action, the duplicate reported', () => {
		const plan = planSync([want(1), want(1, { userName: 'U1@x.com', title: 'Other' }), want(2)], [], loose);
		expect(kinds(plan)).toEqual(['create:u1@x.com', 'create:u2@x.com']);
		expect(plan.issues).toEqual([expect.objectContaining({ desiredIndex: 1, kind: 'duplicate' })]);
	});

	test('no key, ambiguous key, invalid user: reported, and none of them becomes a leaver', () => {
		const actual = [sf(1), sf(2, { emails: [{ value: 'shared@x.com' }] }), sf(3, { emails: [{ value: 'shared@x.com' }] }), sf(4)];
		const desired = [want(1, { emails: [] }), want(2, { emails: [{ value: 'shared@x.com' }] }), want(4, { emails: [{ value: 'u4@x.com' }] })];
		const plan = planSync(desired, actual, { ...loose, matchBy: 'email', invalid: new Map([[2, 'Invalid user: title: too long']]) });
		expect(plan.issues.map((i) => i.kind)).toEqual(['noKey', 'ambiguous', 'invalid']);
		// u1 has no key in the input, so it is a leaver by email; u2/u3 share a key someone asked for; u4 is present.
		expect(kinds(plan)).toEqual(['deactivate:u1@x.com']);
	});

	test('a create that breaks Salesforce rules is an issue, not a doomed request', () => {
		const plan = planSync([want(1, { name: { givenName: 'No family' } })], [], loose);
		expect(plan.summary.create).toBe(0);
		expect(plan.issues[0]).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/familyName/) });
	});
});

describe('planSync: scope', () => {
	const actual = [sf(1), sf(2, { externalId: undefined }), sf(3, { entitlements: [ADMIN_PROFILE] }), sf(4, { userName: 'u4@other.com' })];
	test.each<[string, SyncOptions['scope'], string[], string[]]>([
		['all', { kind: 'all' }, ['deactivate:u2@x.com', 'deactivate:u3@x.com', 'deactivate:u4@other.com'], []],
		['has an external ID', { kind: 'hasExternalId' }, ['deactivate:u3@x.com', 'deactivate:u4@other.com'], []],
		['a SCIM filter', { kind: 'filter', filter: 'userName ew "@x.com"' }, ['deactivate:u2@x.com', 'deactivate:u3@x.com'], []],
		['a profile by name', { kind: 'profile', profiles: ['standard user'] }, ['deactivate:u2@x.com', 'deactivate:u4@other.com'], []],
		['a profile by 15-character id: the desired user is outside it', { kind: 'profile', profiles: ['00e000000000002'] }, ['deactivate:u3@x.com'], ['outOfScope']],
	])('%s', (_name, scope, expected, issues) => {
		const plan = planSync([want(1)], actual, { ...loose, scope });
		expect(kinds(plan).filter((k) => !k.startsWith('noop'))).toEqual(expected);
		expect(plan.issues.map((i) => i.kind)).toEqual(issues);
	});

	test('a malformed filter is refused before planning', () => {
		expect(() => planSync([want(1)], actual, { scope: { kind: 'filter', filter: 'userName eq' } })).toThrow(/filter/i);
	});
});

describe('planSync: safety', () => {
	const actual = Array.from({ length: 10 }, (_, i) => sf(i + 1));
	test('an empty input is refused, unless explicitly allowed', () => {
		expect(() => planSync([], actual)).toThrow(SyncRefusedError);
		expect(() => planSync([], actual)).toThrow(/empty input/);
		const plan = planSync([], actual, { allowEmptyInput: true, confirmMassDeactivation: true });
		expect(plan.summary.deactivate).toBe(10);
	});

	test('above the share: refused with the numbers and how to confirm; the plan comes along', () => {
		const desired = actual.slice(0, 7).map((_, i) => want(i + 1));
		let refusal: SyncRefusedError | undefined;
		try {
			planSync(desired, actual);
		} catch (error) {
			refusal = error as SyncRefusedError;
		}
		expect(refusal).toBeInstanceOf(SyncRefusedError);
		expect(refusal!.message).toMatch(/deactivate 3 of 10 managed active Salesforce users \(30\.0%\).*at most 20%/);
		expect(refusal!.hint).toMatch(/Confirm Mass Deactivation/);
		expect(refusal!.plan!.summary.deactivate).toBe(3);
		expect(planSync(desired, actual, { confirmMassDeactivation: true }).summary.deactivate).toBe(3);
		expect(planSync(desired, actual, { maxDeactivationPercent: 30 }).summary.deactivate).toBe(3);
	});

	test('above the count', () => {
		expect(() => planSync([want(1)], actual, { maxDeactivations: 5, maxDeactivationPercent: 100 })).toThrow(/at most 5 users/);
	});
});

test('summary counts every kind and the writes apply would send', () => {
	const plan = planSync([want(1), want(2, { title: 'X' }), want(5), want(3)], [sf(1), sf(2), sf(3, { active: false }), sf(4)], loose);
	expect(plan.summary).toEqual({ desired: 4, salesforce: 4, managed: 4, managedActive: 3, create: 1, update: 1, deactivate: 1, reactivate: 1, noop: 1, issues: 0, writes: 4 });
});

describe('planMembers', () => {
	test.each<[string, string[], string[], { add: string[]; remove: string[]; keep: string[] }]>([
		['adds and removes', ['a', 'b'], ['b', 'c'], { add: ['a'], remove: ['c'], keep: ['b'] }],
		['15 and 18 character ids are one user', ['005000000000001'], ['005000000000001AAA'], { add: [], remove: [], keep: ['005000000000001AAA'] }],
		['nothing to do', ['a'], ['a'], { add: [], remove: [], keep: ['a'] }],
	])('%s', (_name, wanted, current, expected) => {
		expect(planMembers(wanted, current)).toEqual(expected);
	});

	test('an empty list never empties the group unless asked', () => {
		expect(() => planMembers([], ['a'])).toThrow(/remove everyone/);
		expect(planMembers([], ['a'], { allowEmpty: true })).toEqual({ add: [], remove: ['a'], keep: [] });
	});
});

test('ManagerDirectory: by username, email or external id; an ambiguous email names nobody', () => {
	const dir = new ManagerDirectory([sf(1), sf(2, { emails: [{ value: 'same@x.com' }] }), sf(3, { emails: [{ value: 'same@x.com' }] })]);
	expect(dir.resolve({ userName: 'U1@X.com' })).toBe(sf(1).id);
	expect(dir.resolve({ email: 'u1@x.com' })).toBe(sf(1).id);
	expect(dir.resolve({ externalId: 'e2' })).toBe(sf(2).id);
	expect(dir.resolve({ email: 'same@x.com' })).toBeUndefined();
	expect(dir.resolve({ userName: 'ghost@x.com' })).toBeUndefined();
});

describe('attributesRead / projectUser: a read keeps only what the plan compares', () => {
	test('desired attributes, the keys, status, profile and what the scope filter names', () => {
		const keep = attributesRead([want(1, { title: 'X', [ENT]: { department: 'D' } })], { kind: 'filter', filter: 'nickName sw "a" and not (userType eq "x")' });
		const projected = projectUser({ ...sf(1), nickName: 'n', userType: 'Standard', timezone: 'UTC', meta: { version: '1' }, photos: [], [ENT]: { division: 'x' } }, keep);
		expect(Object.keys(projected).sort()).toEqual(['active', 'emails', 'entitlements', 'externalId', 'id', 'name', 'nickName', 'title', 'userName', 'userType', ENT].sort());
	});

	test('a plan over projected users is the plan over full ones', () => {
		const desired = [want(1, { title: 'Boss' }), want(2), want(4)];
		const actual = [sf(1, { timezone: 'UTC' }), sf(2, { nickName: 'x' }), sf(3)];
		const keep = attributesRead(desired, undefined);
		const full = planSync(desired, actual, loose);
		expect(planSync(desired, actual.map((u) => projectUser(u, keep)), loose)).toEqual(full);
	});
});

describe('what an org keeps', () => {
	const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
	const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
	const schemas = {
		Resources: [
			{ id: CORE, attributes: [{ name: 'userName' }, { name: 'title' }, { name: 'phoneNumbers' }] },
			{ id: ENTERPRISE, attributes: [{ name: 'department' }, { name: 'manager' }] },
		],
	};

	test('keptBySchema leaves out what the org schema lacks, never the identity, and copies only then', () => {
		const schema = orgSchemaOf(schemas)!;
		const user = { userName: 'a@x.com', emails: [{ value: 'a@x.com' }], title: 'T', addresses: [{ locality: 'X' }], [ENTERPRISE]: { department: 'D', costCenter: 'C' } };
		const { user: kept, left } = keptBySchema(user, schema);
		expect(left).toEqual(['addresses', `${ENTERPRISE}:costCenter`]);
		expect(kept).toEqual({ userName: 'a@x.com', emails: [{ value: 'a@x.com' }], title: 'T', [ENTERPRISE]: { department: 'D' } });
		expect(user.addresses).toBeDefined();
		const plain = { userName: 'a@x.com', title: 'T' };
		expect(keptBySchema(plain, schema).user).toBe(plain);
		expect(orgSchemaOf({ Resources: [] })).toBeUndefined();
		expect(keptBySchema(user, undefined)).toEqual({ user, left: [] });
	});

	test('notKept tells a dropped value from a reformatted one; buildPatchOps takes a reformatted phone as unchanged', () => {
		const sent = { title: 'Lead', addresses: [{ locality: 'X' }], phoneNumbers: [{ type: 'work', value: '+1 (415) 555-0100' }], [ENTERPRISE]: { department: 'D' } };
		const response = { title: 'Lead', phoneNumbers: [{ type: 'work', value: '+14155550100' }], [ENTERPRISE]: { department: 'd' } };
		expect(notKept(response, sent)).toEqual([
			{ attribute: 'addresses', sent: sent.addresses, kept: undefined, reformatted: false },
			{ attribute: 'phoneNumbers', sent: sent.phoneNumbers, kept: response.phoneNumbers, reformatted: true },
			{ attribute: `${ENTERPRISE}:department`, sent: 'D', kept: 'd', reformatted: false },
		]);
		expect(buildPatchOps(response, { phoneNumbers: sent.phoneNumbers })).toEqual([]);
		expect(buildPatchOps(response, { phoneNumbers: [{ type: 'work', value: '+1 415 555 0199' }] })).toHaveLength(1);
	});
});
