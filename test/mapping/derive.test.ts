import { applyMapping, compileMapping, type DerivationOptions, type MappingRow } from '../../scim/mapping';

const nameRows: MappingRow[] = [
	{ target: 'name.givenName', source: 'given' },
	{ target: 'name.familyName', source: 'family' },
	{ target: 'emails[type eq "work"].value', source: 'email' },
];

function derive(record: Record<string, unknown>, derive: DerivationOptions = {}, rows: MappingRow[] = nameRows) {
	return applyMapping(compileMapping(rows, { derive }), record).user;
}

const zoe = { given: 'Zoë', family: 'Ångström-Núñez', email: 'Zoë.Ångström@Example.com' };

test('username from the work email: lower-cased, ASCII, with the sandbox suffix', () => {
	expect(derive(zoe, { sandboxSuffix: 'uat' }).userName).toBe('zoe.angstrom@example.com.uat');
	expect(derive(zoe, { sandboxSuffix: '.UAT' }).userName).toBe('zoe.angstrom@example.com.uat');
	expect(derive(zoe, { normalizeDiacritics: false }).userName).toBe('zoë.ångström@example.com');
	expect(derive(zoe, { userNameFromEmail: false })).not.toHaveProperty('userName');
});

test('a mapped username wins over the email, and gets the suffix once', () => {
	const rows = [...nameRows, { target: 'userName', source: 'login' }];
	expect(derive({ ...zoe, login: 'zoe@corp.example.com' }, { sandboxSuffix: '.dev' }, rows).userName).toBe('zoe@corp.example.com.dev');
	expect(derive({ ...zoe, login: 'zoe@corp.example.com.dev' }, { sandboxSuffix: '.dev' }, rows).userName).toBe('zoe@corp.example.com.dev');
});

test('alias: at most 8 ASCII characters from the name, create-only; a mapped alias wins', () => {
	const user = derive(zoe);
	expect(user.alias).toBe('zangs');
	expect(user.alias).toMatch(/^[\x20-\x7e]{1,8}$/);
	expect(user._sfscim?.createOnly).toContain('alias');
	expect(derive({ ...zoe, a: 'zoe1' }, {}, [...nameRows, { target: 'alias', source: 'a' }]).alias).toBe('zoe1');
	expect(derive({ family: 'Madonna', email: 'm@x.com' }).alias).toBe('madon');
	expect(derive(zoe, { alias: false })).not.toHaveProperty('alias');
});

test('nickname: from the username (before the sandbox suffix), at most 40, create-only', () => {
	const long = { ...zoe, email: 'maximilian.alexander.von-und-zu-hohenberg@very-long-subsidiary.example.com' };
	const user = derive(long, { sandboxSuffix: '.uat' });
	expect(String(user.nickName).length).toBeLessThanOrEqual(40);
	expect(user.nickName).not.toContain('.uat');
	expect(derive(zoe).nickName).toBe('zoe.angstrom@example.com');
	expect(derive(zoe)._sfscim?.createOnly).toContain('nickName');
});

test('display name from given and family name when no row sets one', () => {
	expect(derive(zoe).displayName).toBe('Zoë Ångström-Núñez');
	expect(derive({ family: 'Solo', email: 's@x.com' }).displayName).toBe('Solo');
});

test('locale, time zone, language and email encoding defaults fill gaps only, create-only', () => {
	const defaults = { locale: 'fr_FR', timezone: 'Europe/Paris', preferredLanguage: 'fr', emailEncodingKey: 'UTF-8' };
	const user = derive(zoe, defaults);
	expect(user).toMatchObject(defaults);
	expect(user._sfscim?.createOnly).toEqual(expect.arrayContaining(['locale', 'timezone', 'preferredLanguage', 'emailEncodingKey']));
	const mapped = derive({ ...zoe, tz: 'America/New_York' }, defaults, [...nameRows, { target: 'timezone', source: 'tz' }]);
	expect(mapped.timezone).toBe('America/New_York');
});

test('profile and permission sets by name, as entitlements the SCIM node resolves', () => {
	const user = derive(zoe, { defaultProfile: 'Standard User', permissionSets: ['Sales Cloud User', ' Inbox '] });
	expect(user.entitlements).toEqual([
		{ display: 'Standard User', type: 'Profile', primary: true },
		{ display: 'Sales Cloud User', type: 'PermissionSet' },
		{ display: 'Inbox', type: 'PermissionSet' },
	]);
	expect(user._sfscim?.createOnly).toContain('entitlements[type eq "Profile"]');
});

test('a profile from a row wins over the default one, and is marked primary', () => {
	const rows = [...nameRows, { target: 'entitlements[type eq "Profile"].display', source: 'profile' }];
	const user = derive({ ...zoe, profile: 'Sales Rep' }, { defaultProfile: 'Standard User' }, rows);
	expect(user.entitlements).toEqual([{ type: 'Profile', display: 'Sales Rep', primary: true }]);
});

test('per-item permission sets from the context are added, none twice', () => {
	const compiled = compileMapping(nameRows, { derive: { permissionSets: ['Inbox'] } });
	const { user } = applyMapping(compiled, zoe, { permissionSets: ['inbox', 'CRM Analytics'] });
	expect(user.entitlements).toEqual([
		{ display: 'Inbox', type: 'PermissionSet' },
		{ display: 'CRM Analytics', type: 'PermissionSet' },
	]);
});

test('active from an HR status field replaces the preset\'s active row', () => {
	const compiled = compileMapping([], {
		preset: 'csv',
		derive: { activeStatus: { source: '~Employment Status | trim', activeValues: ['Active', 'On Leave'] } },
	});
	const status = (value?: string) =>
		applyMapping(compiled, { Email: 'a@x.com', 'Last Name': 'A', ...(value ? { 'Employment Status': value } : {}) }).user.active;
	expect([status('Active'), status('on leave '), status('Terminated'), status(undefined)]).toEqual([true, true, false, undefined]);
	expect(() => compileMapping([], { derive: { activeStatus: { source: 'status', activeValues: [' '] } } })).toThrow(/no status value means active/);
});
