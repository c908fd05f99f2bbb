/**
 * validateUser, isEmailShaped and findKey were rewritten for speed (the mapping node validates every item). These
 * tests hold them to the straightforward versions they replaced, kept here verbatim as the reference: same issues,
 * same order, same messages, same exceptions, on generated users with re-cased keys, odd prototypes and holes.
 */
import fc from 'fast-check';

import { equalsIgnoringCase, findKey } from '../../scim/attribute';
import { SALESFORCE_LIMITS as L, SCHEMA, isEmailShaped, isProfileEntitlement, validateUser, type ScimUser, type UserIssue } from '../../scim';

// ---- The reference: the implementation before the rewrite. -------------------------------------------------

function referenceIsPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function referenceFindKey(obj: object, name: string): string | undefined {
	if (Object.prototype.hasOwnProperty.call(obj, name)) return name;
	const lower = name.toLowerCase();
	return Object.keys(obj).find((key) => key.toLowerCase() === lower);
}

function referenceGetAttribute(obj: unknown, name: string): unknown {
	if (!referenceIsPlainObject(obj)) return undefined;
	const key = referenceFindKey(obj, name);
	return key === undefined ? undefined : obj[key];
}

function referenceIsEmailShaped(value: string): boolean {
	return typeof value === 'string' && /^[^\s@"<>()[\],;:]+@[^\s@"<>()[\],;:]+\.[^\s@"<>()[\],;:.]{2,}$/.test(value) && !value.includes('..');
}

// Written out here, from Salesforce's User field names, not read from the module: a wrong or missing entry in the
// module's table must make the comparison fail.
const REFERENCE_FIELD_NAMES: Record<string, string> = {
	username: 'userName',
	firstname: 'name.givenName',
	lastname: 'name.familyName',
	email: 'emails',
	communitynickname: 'nickName',
	profileid: 'entitlements (type Profile)',
	userroleid: 'roles',
	contactid: 'nothing: portal contacts are not provisioned over SCIM',
	isactive: 'active',
	federationidentifier: 'externalId',
	employeenumber: `${SCHEMA.enterpriseUser}:employeeNumber`,
	department: `${SCHEMA.enterpriseUser}:department`,
	timezonesidkey: 'timezone',
	localesidkey: 'locale',
	languagelocalekey: 'preferredLanguage',
};

const REFERENCE_LENGTHS: Array<[string, number]> = [
	['userName', L.userNameMaxLength],
	['name.givenName', L.givenNameMaxLength],
	['name.familyName', L.familyNameMaxLength],
	['name.middleName', L.middleNameMaxLength],
	['nickName', L.nickNameMaxLength],
	['alias', L.aliasMaxLength],
	['title', L.titleMaxLength],
	['externalId', L.externalIdMaxLength],
	[`${SCHEMA.enterpriseUser}:employeeNumber`, L.employeeNumberMaxLength],
	[`${SCHEMA.enterpriseUser}:department`, L.departmentMaxLength],
	[`${SCHEMA.enterpriseUser}:division`, L.divisionMaxLength],
	[`${SCHEMA.enterpriseUser}:organization`, L.organizationMaxLength],
];

const REFERENCE_HOW_TO_SHORTEN: Record<string, string> = {
	alias: 'leave it out to derive one from the name, or shorten it',
	nickName: 'leave it out to let Salesforce default it, or shorten it',
	userName: 'use a shorter address',
};

function referenceRead(user: ScimUser, path: string): unknown {
	const colon = path.lastIndexOf(':');
	const container = colon > 0 ? referenceGetAttribute(user, path.slice(0, colon)) : user;
	const [attribute, sub] = (colon > 0 ? path.slice(colon + 1) : path).split('.');
	const value = referenceGetAttribute(container, attribute);
	return sub === undefined ? value : referenceGetAttribute(value, sub);
}

function referenceIsBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function referenceHasControlCharacter(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
	}
	return false;
}

function referenceWalkStrings(value: unknown, path: string, visit: (path: string, text: string) => void): void {
	if (typeof value === 'string') visit(path, value);
	else if (Array.isArray(value)) value.forEach((item, i) => referenceWalkStrings(item, `${path}[${i}]`, visit));
	else if (referenceIsPlainObject(value)) for (const [key, item] of Object.entries(value)) referenceWalkStrings(item, path ? `${path}.${key}` : key, visit);
}

function referenceValidateUser(user: ScimUser, options: { forCreate: boolean }): UserIssue[] {
	const issues: UserIssue[] = [];
	const add = (path: string, message: string): void => void issues.push({ path, message });
	if (!referenceIsPlainObject(user)) return [{ path: '', message: 'The user must be an object' }];

	const userName = referenceRead(user, 'userName');
	if (referenceIsBlank(userName)) {
		if (options.forCreate) add('userName', 'userName is required: set it to an email-shaped, globally unique username (e.g. jane.doe@example.com)');
	} else if (typeof userName !== 'string' || !referenceIsEmailShaped(userName.trim())) {
		add('userName', `userName ${JSON.stringify(userName)} is not email-shaped: Salesforce usernames look like an email address (name@domain.tld), though no mailbox is needed`);
	}

	if (options.forCreate && referenceIsBlank(referenceRead(user, 'name.familyName'))) {
		add('name.familyName', 'name.familyName (Last Name) is required by Salesforce: map a family name, or a placeholder for single-name people');
	}

	const emails = referenceGetAttribute(user, 'emails');
	const emailList = Array.isArray(emails) ? emails : emails === undefined || emails === null ? [] : [emails];
	if (options.forCreate && !emailList.some((email) => !referenceIsBlank(referenceGetAttribute(email, 'value')))) {
		add('emails', 'At least one email is required on create: add emails[{value, type: "work", primary: true}]');
	}
	emailList.forEach((email, i) => {
		const value = referenceGetAttribute(email, 'value');
		if (referenceIsBlank(value)) return;
		if (typeof value !== 'string' || !referenceIsEmailShaped(value.trim())) add(`emails[${i}].value`, `${JSON.stringify(value)} is not an email address: fix the source value or leave this email out`);
		else if (value.length > L.emailMaxLength) add(`emails[${i}].value`, `The email is ${value.length} characters; Salesforce allows at most ${L.emailMaxLength}`);
	});

	const entitlements = referenceGetAttribute(user, 'entitlements');
	const profiles = Array.isArray(entitlements) ? entitlements.filter(isProfileEntitlement) : [];
	if (options.forCreate && profiles.length === 0) {
		add('entitlements', 'A profile is required on create: add an entitlement {value: "00e…", type: "Profile"} (list them with the Entitlements resource)');
	}
	if (profiles.length > 1) add('entitlements', `A user has exactly one profile, but ${profiles.length} profile entitlements were given: keep one`);

	const phones = referenceGetAttribute(user, 'phoneNumbers');
	if (Array.isArray(phones) && phones.length > L.phoneNumbersMax) {
		add('phoneNumbers', `Salesforce's SCIM API takes one phone number per user, ${phones.length} were given: keep the work or primary one`);
	}

	for (const [path, max] of REFERENCE_LENGTHS) {
		const value = referenceRead(user, path);
		if (typeof value === 'string' && value.length > max) {
			add(path, `${path} is ${value.length} characters; Salesforce allows at most ${max}: ${REFERENCE_HOW_TO_SHORTEN[path] ?? 'shorten it'}`);
		}
	}

	for (const key of Object.keys(user)) {
		const scim = REFERENCE_FIELD_NAMES[key.toLowerCase()];
		if (scim !== undefined && key.toLowerCase() !== scim.toLowerCase()) {
			add(key, `'${key}' is a Salesforce field name, not a SCIM attribute, and would be rejected or ignored: use ${scim}`);
		}
	}

	referenceWalkStrings(user, '', (path, text) => {
		if (referenceHasControlCharacter(text)) add(path, `${path} contains a control character (NUL, tab, newline…): remove it from the source value`);
		else if (text.length > L.defaultMaxLength && !REFERENCE_LENGTHS.some(([known]) => known === path)) {
			add(path, `${path} is ${text.length} characters; Salesforce text fields hold at most ${L.defaultMaxLength}`);
		}
	});
	return issues;
}

// ---- Generators. ----------------------------------------------------------------------------------------------

const URN = SCHEMA.enterpriseUser;

/** Attribute names as written, re-cased, and a few that lowercase unusually (K, ſ, İ, Σ). */
const NAMES = [
	'userName', 'USERNAME', 'username', 'name', 'Name', 'givenName', 'FAMILYNAME', 'familyName', 'middleName', 'emails', 'Emails', 'value',
	'VALUE', 'type', 'entitlements', 'Entitlements', 'phoneNumbers', 'PHONENUMBERS', 'nickName', 'NICKNAME', 'alias', 'Alias', 'title',
	'Title', 'externalId', 'EXTERNALID', URN, URN.toUpperCase(), URN.toLowerCase(), 'employeeNumber', 'EmployeeNumber', 'department',
	'division', 'organization', 'FirstName', 'LastName', 'Email', 'ProfileId', 'ContactId', 'IsActive', 'email', 'Department', 'schemas',
	'addresses', '', 'K', 'ſ', 'İ', 'tİtle', 'ALİAS', 'nicKName', 'tıtle', 'ΣΑΣ', 'σας', 'a\u0000', '0', '1', 'toString', 'primary',
	// Every Salesforce field name of the reference, as Salesforce spells it, so each entry of the table is exercised.
	'Username', 'CommunityNickname', 'UserRoleId', 'FederationIdentifier', 'TimeZoneSidKey', 'LocaleSidKey', 'LanguageLocaleKey',
	...Object.keys(REFERENCE_FIELD_NAMES),
];

const text = fc.oneof(
	fc.constantFrom('jane@example.com', ' ann@x.co ', 'zoe', 'a@b.c', '00eA', '0PSx', 'Profile', 'CEO\u0000', 'Lee\nDrop', 'é\u0085', '', '   '),
	fc.nat({ max: 300 }).map((n) => 'q'.repeat(n)),
	fc.nat({ max: 140 }).map((n) => `${'m'.repeat(n)}@x.com`),
	fc.string({ unit: 'binary', maxLength: 10 }),
);
const key = fc.oneof(fc.constantFrom(...NAMES), fc.string({ unit: 'binary', maxLength: 5 }));

/** mode 0: null prototype; 1: a prototype with enumerable properties; 2: a non-enumerable own property. */
function object(entries: Array<[string, unknown]>, mode: number): Record<string, unknown> {
	const made: Record<string, unknown> =
		mode === 0 ? Object.create(null) : mode === 1 ? Object.create({ inherited: 'x\u0000', title: 'y'.repeat(300) }) : {};
	if (mode === 2) Object.defineProperty(made, 'Title', { value: 't'.repeat(90), enumerable: false, configurable: true, writable: true });
	for (const [name, value] of entries) Object.defineProperty(made, name, { value, enumerable: true, configurable: true, writable: true });
	return made;
}

const { tree } = fc.letrec((tie) => ({
	tree: fc.oneof({ depthSize: 'small' }, text, text, fc.constantFrom(null, undefined, true, 0), tie('object'), tie('array')),
	object: fc.tuple(fc.array(fc.tuple(key, tie('tree')), { maxLength: 6 }), fc.nat({ max: 5 })).map(([entries, mode]) => object(entries, mode)),
	array: fc.oneof(
		fc.array(tie('tree'), { maxLength: 4 }),
		fc.array(tie('tree'), { maxLength: 3 }).map((items) => Object.assign([...items], { length: items.length + 2 })),
	),
}));

const recased = (name: string) => fc.constantFrom(name, name.toUpperCase(), name.toLowerCase(), name[0].toUpperCase() + name.slice(1));

/** A user shaped like a real one, some attributes left out, keys re-cased, values of every length. */
function shaped(spec: Array<[string, fc.Arbitrary<unknown>]>): fc.Arbitrary<Record<string, unknown>> {
	return fc.tuple(...spec.map(([name, value]) => fc.tuple(recased(name), fc.option(value, { nil: undefined })))).map((pairs) => {
		const made: Record<string, unknown> = {};
		for (const [name, value] of pairs) if (value !== undefined && !(name in made)) made[name] = value;
		return made;
	});
}
const entitlement = fc.record(
	{ value: fc.constantFrom('00eA', '0PSB', '00EC', 'x'), type: fc.constantFrom(undefined, 'Profile', ' Profile ', 'PermissionSet', 'Group') },
	{ requiredKeys: [] },
);
const realistic = shaped([
	['schemas', fc.constant([SCHEMA.user])],
	['userName', text],
	['externalId', text],
	['name', shaped([['givenName', text], ['familyName', text], ['middleName', text], ['formatted', text]])],
	['emails', fc.oneof(fc.array(fc.record({ value: text, type: fc.constant('work') }), { maxLength: 3 }), fc.record({ value: text }), text)],
	['phoneNumbers', fc.array(fc.record({ value: text }), { maxLength: 3 })],
	['entitlements', fc.array(entitlement, { maxLength: 3 })],
	['nickName', text],
	['alias', text],
	['title', text],
	['active', fc.boolean()],
	[URN, shaped([['employeeNumber', text], ['department', text], ['division', text], ['organization', text], ['manager', fc.record({ value: text })]])],
	['Department', text],
	['FirstName', text],
	['addresses', fc.array(fc.record({ streetAddress: text }), { maxLength: 2 })],
]);
const generated = fc.tuple(fc.array(fc.tuple(key, tree), { maxLength: 12 }), fc.nat({ max: 5 })).map(([entries, mode]) => object(entries, mode));

function outcome(validate: typeof validateUser, user: unknown, forCreate: boolean): unknown {
	try {
		return { issues: validate(user as ScimUser, { forCreate }) };
	} catch (error) {
		return { threw: String(error) };
	}
}

// ---- Tests. ---------------------------------------------------------------------------------------------------

describe('validateUser matches the reference implementation', () => {
	it('on generated users: the same issues, in the same order, with the same messages', () => {
		fc.assert(
			fc.property(fc.oneof(realistic, realistic, generated, tree), fc.boolean(), (user, forCreate) => {
				expect(outcome(validateUser, user, forCreate)).toEqual(outcome(referenceValidateUser, user, forCreate));
				// Called again: nothing of one call leaks into the next.
				expect(outcome(validateUser, user, !forCreate)).toEqual(outcome(referenceValidateUser, user, !forCreate));
			}),
			{ numRuns: 3000, seed: 20261129 },
		);
	});

	it('a batch of users with the same keys, then different ones', () => {
		const users = [
			{ userName: 'a@x.com', title: 'T'.repeat(81), name: { familyName: 'A' } },
			{ userName: 'b@x.com', title: 'ok', name: { FamilyName: 'B\u0000' } },
			{ USERNAME: 'nope', Title: 'T'.repeat(90), NAME: { familyname: 'x'.repeat(81) } },
			{ userName: 'c@x.com', Title: 'ok', title: 'T'.repeat(82), FirstName: 'C' },
			{ userName: 'd@x.com', title: 'ok', name: { familyName: 'D' } },
		];
		for (const forCreate of [true, false]) {
			for (const user of [...users, ...users.reverse()]) {
				expect(validateUser(user, { forCreate })).toEqual(referenceValidateUser(user, { forCreate }));
			}
		}
	});

	it('paths are built as before: indexes, nesting, an empty key, array holes', () => {
		const sparse: unknown[] = ['ok'];
		sparse[3] = 'bad\u0000';
		const user = {
			userName: 'a@x.com',
			addresses: [{ streetAddress: 's'.repeat(256) }, { lines: ['x', 'y\u0001'] }],
			'': { inner: 'z\u0002', list: ['w\u0003'] },
			sparse,
			[URN]: { department: 'd'.repeat(81), manager: { value: 'm\u0004' } },
		};
		const issues = validateUser(user, { forCreate: false });
		expect(issues.map((issue) => issue.path)).toEqual([
			`${URN}:department`,
			'addresses[0].streetAddress',
			'addresses[1].lines[1]',
			'inner',
			'list[0]',
			'sparse[3]',
			`${URN}.manager.value`,
		]);
		expect(issues).toEqual(referenceValidateUser(user, { forCreate: false }));
	});

	it('control characters: every UTF-16 code unit', () => {
		const differing: number[] = [];
		// Text-direction controls are refused on purpose since the reference was written (see user.test.ts).
		const directionControls = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
		for (let code = 0; code < 0x10000; code++) {
			if (directionControls.has(code)) continue;
			const user = { userName: 'a@x.com', title: `a${String.fromCharCode(code)}b` };
			if (JSON.stringify(validateUser(user, { forCreate: false })) !== JSON.stringify(referenceValidateUser(user, { forCreate: false }))) differing.push(code);
		}
		expect(differing).toEqual([]);
	});

	it('a key named like an Object.prototype member is an ordinary key, not a crash', () => {
		for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
			const user = JSON.parse(`{"userName":"a@x.com","${key}":"x"}`);
			expect(() => validateUser(user, { forCreate: false })).not.toThrow();
		}
		expect(validateUser({ userName: 'a@x.com', title: 'ok' }, { forCreate: false })).toEqual([]);
	});
});

describe('isEmailShaped matches its regular expression', () => {
	const templates = ['a#b@x.com', '#ab@x.com', 'ab@#x.com', 'ab@x#.com', 'ab@x.#com', 'ab@x.c#m', 'ab@x.co#', 'ab@x#y', '#@b.cc', 'a@#.cc', 'a@b#cc', 'a.#@b.cc', 'a@b.c.#'];

	it('for every UTF-16 code unit in every part of an address', () => {
		const differing: string[] = [];
		for (let code = 0; code < 0x10000; code++) {
			for (const template of templates) {
				const candidate = template.replace('#', String.fromCharCode(code));
				if (isEmailShaped(candidate) !== referenceIsEmailShaped(candidate)) differing.push(candidate);
			}
		}
		expect(differing).toEqual([]);
	});

	it('for generated strings of address characters', () => {
		const unit = fc.constantFrom('a', 'b', '.', '@', ' ', '\t', '"', ',', ';', ':', '[', ']', '(', ')', '<', '>', '\u00a0', '\u2028', '\ufeff', 'é', '\ud83d', '\ude00', '-');
		fc.assert(
			fc.property(fc.array(unit, { maxLength: 12 }), (units) => {
				const candidate = units.join('');
				expect(isEmailShaped(candidate)).toBe(referenceIsEmailShaped(candidate));
			}),
			{ numRuns: 5000, seed: 7 },
		);
		for (const value of [undefined, null, 1, {}, ['a@b.cc']]) expect(isEmailShaped(value as string)).toBe(false);
	});
});

describe('case-insensitive keys', () => {
	it('equalsIgnoringCase is toLowerCase equality, for any strings', () => {
		const any = fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('K', 'k', 'ſ', 's', 'S', 'İ', 'i̇', 'i', 'I', 'Σ', 'σ', 'ς', 'ΣΑΣ', 'σας', 'ﬀ', 'ff'));
		fc.assert(
			fc.property(fc.array(any, { minLength: 1, maxLength: 3 }), fc.array(any, { minLength: 1, maxLength: 3 }), (left, right) => {
				const a = left.join('');
				const b = right.join('');
				expect(equalsIgnoringCase(a, b)).toBe(a.toLowerCase() === b.toLowerCase());
				expect(equalsIgnoringCase(a.toUpperCase(), b)).toBe(a.toUpperCase().toLowerCase() === b.toLowerCase());
			}),
			{ numRuns: 5000, seed: 3 },
		);
	});

	it('findKey prefers the exact spelling, else the first key equal case-insensitively', () => {
		fc.assert(
			fc.property(fc.array(key, { maxLength: 8 }), key, (keys, name) => {
				const made: Record<string, number> = {};
				for (const each of keys) made[each] = 1;
				expect(findKey(made, name)).toBe(referenceFindKey(made, name));
			}),
			{ numRuns: 5000, seed: 5 },
		);
		expect(findKey({ USERNAME: 1, UserName: 2 }, 'userName')).toBe('USERNAME');
		expect(findKey({ USERNAME: 1, userName: 2 }, 'userName')).toBe('userName');
	});
});
