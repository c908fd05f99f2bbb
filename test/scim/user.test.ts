import {
	SALESFORCE_LIMITS,
	SCHEMA,
	deriveAlias,
	deriveNickname,
	isEmailShaped,
	normaliseUser,
	permissionSetIdsOf,
	profileIdOf,
	toAscii,
	validateUser,
	type ScimUser,
} from '../../scim';

const valid = (): ScimUser => ({
	schemas: [SCHEMA.user],
	userName: 'zoe.angstrom@example.com',
	name: { givenName: 'Zoë', familyName: 'Ångström-Núñez' },
	emails: [{ value: 'zoe@example.com', type: 'work', primary: 'true' }],
	entitlements: [{ value: '00eRM000001VtbnYAC' }],
});

describe('ASCII and derived names', () => {
	it.each([
		['Zoë Ångström-Núñez', 'Zoe Angstrom-Nunez'],
		['Straße', 'Strasse'],
		['Æsa Øster Łukasz Đorđe', 'AEsa Oster Lukasz Dorde'],
		['œuvre þór', 'oeuvre thor'],
		['ﬁsh', 'fish'],
		['王 Wang', ' Wang'],
	])('toAscii(%j) = %j', (input, output) => expect(toAscii(input)).toBe(output));

	it.each<[string | undefined, string, string]>([
		['Jane', 'Smith', 'jsmit'],
		['Zoë', 'Ångström-Núñez', 'zangs'],
		[undefined, 'Madonna', 'madon'],
		['', "O'Neil", 'oneil'],
		['王', '伟', 'user'],
		['Li', 'Xu', 'lxu'],
	])('deriveAlias(%j, %j) = %j', (given, family, alias) => {
		expect(deriveAlias(given, family)).toBe(alias);
		expect(deriveAlias(given, family).length).toBeLessThanOrEqual(SALESFORCE_LIMITS.aliasMaxLength);
	});

	it('deriveNickname keeps short usernames and fingerprints long ones', () => {
		expect(deriveNickname('Ann@X.com')).toBe('ann@x.com');
		const a = deriveNickname(`${'a'.repeat(40)}@example.com`);
		const b = deriveNickname(`${'a'.repeat(40)}@example.org`);
		expect(a.length).toBe(40);
		expect(a).not.toBe(b);
		expect(deriveNickname(`${'a'.repeat(40)}@example.com`)).toBe(a);
	});

	it.each([
		['a@b.co', true],
		['first.last+tag@sub.example.com', true],
		['user@example.com.sandbox', true],
		['no-at-sign', false],
		['two@@example.com', false],
		['space in@example.com', false],
		['a@nodot', false],
		['a@b.c', false],
	])('isEmailShaped(%j) = %s', (value, shaped) => expect(isEmailShaped(value)).toBe(shaped));
});

describe('entitlements', () => {
	const user: ScimUser = {
		entitlements: [
			{ value: '0PSRM0000001aaa' },
			{ value: 'x1', type: 'Profile' },
			{ value: 'x2', type: 'Permission Set' },
			{ value: '00ERM0000001aaa' },
		],
	};
	it('tells profiles and permission sets apart by type or id prefix (00E is a role, not a profile)', () => {
		expect(profileIdOf(user)).toBe('x1');
		expect(permissionSetIdsOf(user)).toEqual(['0PSRM0000001aaa', 'x2']);
		expect(profileIdOf({ entitlements: [{ value: '00ERM0000001aaa' }] })).toBeUndefined();
		expect(profileIdOf({})).toBeUndefined();
	});
});

describe('normaliseUser', () => {
	it('lowercases userName, trims, and turns boolean strings into booleans', () => {
		const raw = { userName: ' Ann@X.COM ', active: 'False', title: 'Sales ', emails: [{ value: 'Ann@X.com', primary: 'True' }] } as unknown as ScimUser;
		expect(normaliseUser(raw)).toEqual({ userName: 'ann@x.com', active: false, title: 'Sales', emails: [{ value: 'Ann@X.com', primary: true }] });
		expect(raw.userName).toBe(' Ann@X.COM ');
	});
});

describe('validateUser', () => {
	// [case, change to a valid user, forCreate, expected issue paths]
	const cases: Array<[string, (u: ScimUser) => void, boolean, string[]]> = [
		['a valid user', () => undefined, true, []],
		['userName not email-shaped', (u) => (u.userName = 'zoe'), true, ['userName']],
		['userName missing on create', (u) => delete u.userName, true, ['userName']],
		['userName missing on update is fine', (u) => delete u.userName, false, []],
		['familyName missing on create', (u) => (u.name = { givenName: 'Zoe' }), true, ['name.familyName']],
		['no email on create', (u) => delete u.emails, true, ['emails']],
		['a malformed email', (u) => (u.emails = [{ value: 'zoe at example' }]), false, ['emails[0].value']],
		['no profile on create', (u) => (u.entitlements = [{ value: '0PSRM0000001aaa' }]), true, ['entitlements']],
		['two profiles', (u) => (u.entitlements = [{ value: '00eA' }, { value: '00eB' }]), false, ['entitlements']],
		['alias longer than 8', (u) => (u.alias = 'abcdefghi'), false, ['alias']],
		['nickName longer than 40', (u) => (u.nickName = 'n'.repeat(41)), false, ['nickName']],
		['two phone numbers', (u) => (u.phoneNumbers = [{ value: '1' }, { value: '2' }]), false, ['phoneNumbers']],
		['a NUL byte', (u) => (u.title = 'CEO\u0000'), false, ['title']],
		['a newline in a name', (u) => (u.name = { familyName: 'Lee\nDrop' }), false, ['name.familyName']],
		['familyName over 80', (u) => (u.name = { familyName: 'x'.repeat(81) }), false, ['name.familyName']],
		['givenName over 40', (u) => (u.name = { givenName: 'x'.repeat(41), familyName: 'Lee' }), false, ['name.givenName']],
		['title over 80', (u) => (u.title = 't'.repeat(81)), false, ['title']],
		['employeeNumber over 20', (u) => (u[SCHEMA.enterpriseUser] = { employeeNumber: '1'.repeat(21) }), false, [`${SCHEMA.enterpriseUser}:employeeNumber`]],
		['any other string over 255', (u) => (u.addresses = [{ streetAddress: 's'.repeat(256) }]), false, ['addresses[0].streetAddress']],
		['Salesforce field names at the top level', (u) => Object.assign(u, { ContactId: '003x', FirstName: 'Zoe' }), false, ['ContactId', 'FirstName']],
	];
	it.each(cases)('%s', (_name, change, forCreate, paths) => {
		const user = valid();
		change(user);
		const issues = validateUser(user, { forCreate });
		expect(issues.map((issue) => issue.path).sort()).toEqual([...paths].sort());
		for (const issue of issues) expect(issue.message.length).toBeGreaterThan(30);
	});

	it('messages say how to fix', () => {
		const user = valid();
		user.alias = 'waytoolongalias';
		expect(validateUser(user, { forCreate: false })[0].message).toMatch(/at most 8.*leave it out/);
	});
});

describe('names that display differently from what they are, and usernames Salesforce cannot hold', () => {
	const base = { userName: 'jane@example.com', name: { familyName: 'Doe' } };
	test('a right-to-left override in a name is refused with the fix', () => {
		const issues = validateUser({ ...base, name: { familyName: 'Doe\u202Egnp.exe' } }, { forCreate: false });
		expect(issues).toEqual([expect.objectContaining({ path: 'name.familyName', message: expect.stringMatching(/text-direction control/) })]);
	});
	test('right-to-left letters themselves are fine', () => {
		expect(validateUser({ ...base, name: { givenName: 'نادية', familyName: 'כהן' } }, { forCreate: false })).toEqual([]);
	});
	test.each(['jané@example.com', 'j😀@example.com', 'ж@example.com'])('username %s is refused as non-ASCII', (userName) => {
		expect(validateUser({ ...base, userName }, { forCreate: false })).toEqual([
			expect.objectContaining({ path: 'userName', message: expect.stringMatching(/ASCII username/) }),
		]);
	});
});
