import { ScimError, filterEq, matchesFilter, mixesAndOr, parseFilter, printFilter, quoteFilterValue, type FilterExpression } from '../../scim';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const barbara = {
	schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
	id: '2819c223',
	userName: 'bjensen@example.com',
	name: { familyName: "O'Malley", givenName: 'Barbara' },
	title: 'Tour Guide',
	userType: 'Employee',
	active: true,
	emails: [
		{ value: 'bjensen@example.com', type: 'work', primary: 'true' },
		{ value: 'babs@jensen.org', type: 'home' },
	],
	ims: [{ value: 'babs@foo.com', type: 'xmpp' }],
	meta: { lastModified: '2011-05-13T04:42:34Z' },
	[ENTERPRISE]: { employeeNumber: '701984', manager: { value: '26118915' } },
};

describe('RFC 7644 §3.4.2.2 filter examples: parse, print round trip and match', () => {
	// [filter, matches barbara]
	const examples: Array<[string, boolean]> = [
		['userName eq "bjensen"', false],
		['userName eq "bjensen@example.com"', true],
		['name.familyName co "O\'Malley"', true],
		['userName sw "J"', false],
		['userName sw "B"', true],
		['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"', false],
		['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "bJ"', true],
		['title pr', true],
		['meta.lastModified gt "2011-05-13T04:42:34Z"', false],
		['meta.lastModified ge "2011-05-13T04:42:34Z"', true],
		['meta.lastModified lt "2011-05-13T04:42:34Z"', false],
		['meta.lastModified le "2011-05-13T04:42:34Z"', true],
		['title pr and userType eq "Employee"', true],
		['title pr or userType eq "Intern"', true],
		[`schemas eq "${ENTERPRISE}"`, true],
		['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', true],
		['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', false],
		['userType eq "Employee" and (emails.type eq "work")', true],
		['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', true],
		['emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]', true],
	];
	it.each(examples)('%s', (text, expected) => {
		const parsed = parseFilter(text);
		expect(parseFilter(printFilter(parsed))).toEqual(parsed);
		expect(matchesFilter(parsed, barbara)).toBe(expected);
	});
});

describe('grammar details', () => {
	const cases: Array<[string, FilterExpression]> = [
		['USERNAME EQ "x"', { kind: 'compare', attribute: { attribute: 'USERNAME' }, operator: 'eq', value: 'x' }],
		['a pr or b pr and c pr', { kind: 'or', left: { kind: 'present', attribute: { attribute: 'a' } }, right: { kind: 'and', left: { kind: 'present', attribute: { attribute: 'b' } }, right: { kind: 'present', attribute: { attribute: 'c' } } } }],
		['(a pr or b pr) and c pr', { kind: 'and', left: { kind: 'or', left: { kind: 'present', attribute: { attribute: 'a' } }, right: { kind: 'present', attribute: { attribute: 'b' } } }, right: { kind: 'present', attribute: { attribute: 'c' } } }],
		['NOT(a pr)', { kind: 'not', expression: { kind: 'present', attribute: { attribute: 'a' } } }],
		['x eq TRUE', { kind: 'compare', attribute: { attribute: 'x' }, operator: 'eq', value: true }],
		['x ne null', { kind: 'compare', attribute: { attribute: 'x' }, operator: 'ne', value: null }],
		['x ge -1.5e3', { kind: 'compare', attribute: { attribute: 'x' }, operator: 'ge', value: -1500 }],
		['members.$ref pr', { kind: 'present', attribute: { attribute: 'members', subAttribute: '$ref' } }],
		[`${ENTERPRISE}:manager.value eq "1"`, { kind: 'compare', attribute: { schema: ENTERPRISE, attribute: 'manager', subAttribute: 'value' }, operator: 'eq', value: '1' }],
		['  a\tpr  ', { kind: 'present', attribute: { attribute: 'a' } }],
	];
	it.each(cases)('%s', (text, expected) => expect(parseFilter(text)).toEqual(expected));

	const invalid: Array<[string, RegExp]> = [
		['', /position 1: expected an attribute name/],
		['userName', /position 9: expected an operator/],
		['userName eq', /expected a space and a value/],
		['userName eq bjensen', /expected a value/],
		['userName eq "unterminated', /closing '"'/],
		['userName xx "a"', /expected an operator/],
		['(userName pr', /expected '\)' to close the '\(' at position 1/],
		['emails[type eq "work"', /expected '\]'/],
		['emails[type[value pr]]', /cannot be nested/],
		['a.b.c pr', /more than one sub-attribute/],
		['a pr b pr', /expected "and", "or"/],
		['userName eq "a" and', /expected an attribute name/],
		['x eq 1e999', /finite/],
		['x eq "\u0001"', /JSON string/],
		['('.repeat(200) + 'a pr' + ')'.repeat(200), /nesting deeper/],
	];
	it.each(invalid)('rejects %j', (text, message) => {
		expect(() => parseFilter(text)).toThrow(ScimError);
		try {
			parseFilter(text);
		} catch (error) {
			expect(error).toMatchObject({ status: 400, scimType: 'invalidFilter' });
			expect((error as ScimError).detail).toMatch(message);
		}
	});
});

describe('quoting: the anti-injection function', () => {
	it.each([
		['plain', '"plain"'],
		['a"b', '"a\\"b"'],
		['back\\slash', '"back\\\\slash"'],
		['new\nline\u0000', '"new\\nline\\u0000"'],
		['x" or userName pr or userName eq "', '"x\\" or userName pr or userName eq \\""'],
	])('%j → %s', (value, quoted) => {
		expect(quoteFilterValue(value)).toBe(quoted);
		const filter = parseFilter(`userName eq ${quoted}`);
		expect(filter).toEqual({ kind: 'compare', attribute: { attribute: 'userName' }, operator: 'eq', value });
	});
	it('filterEq builds a one-term filter and refuses a hostile attribute path', () => {
		expect(filterEq('userName', 'a"b')).toBe('userName eq "a\\"b"');
		expect(() => filterEq('userName pr or userName', 'x')).toThrow(ScimError);
	});
});

describe('matching semantics', () => {
	const cases: Array<[string, boolean, string?]> = [
		['userName eq "BJENSEN@EXAMPLE.COM"', true, 'strings compare case-insensitively by default'],
		['emails[primary eq true]', true, 'Salesforce "true" strings equal the boolean'],
		['emails[primary eq false]', false],
		['active eq true', true],
		['nickName ne "x"', true, 'ne is true when the attribute is absent'],
		['nickName eq null', true],
		['title ne null', true],
		['emails.type eq "home"', true, 'any element of a multi-valued attribute'],
		['emails ne "babs@jensen.org"', false, 'ne is the complement of eq'],
		[`${ENTERPRISE}:employeeNumber eq "701984"`, true, 'extension attribute under its URN'],
		[`${ENTERPRISE}:manager.value eq "26118915"`, true],
		['EMAILS[TYPE EQ "WORK"]', true, 'attribute names case-insensitive'],
		['not (userName pr)', false],
		['unknown pr', false],
		['name pr', true],
	];
	it.each(cases)('%s → %s', (text, expected) => {
		expect(matchesFilter(parseFilter(text), barbara)).toBe(expected);
	});
	it('rejects a filter that continues after a value path', () => {
		expect(() => parseFilter('emails[primary eq true].value eq "x"')).toThrow(/expected "and", "or"/);
	});
	it('honours caseExact', () => {
		const f = parseFilter('id eq "2819C223"');
		expect(matchesFilter(f, barbara)).toBe(true);
		expect(matchesFilter(f, barbara, { caseExact: (path) => path === 'id' })).toBe(false);
		const calls: string[] = [];
		matchesFilter(parseFilter(`emails[value eq "x"] or ${ENTERPRISE}:employeeNumber eq "1"`), barbara, { caseExact: (p) => (calls.push(p), false) });
		expect(calls).toEqual(expect.arrayContaining(['emails.value', `${ENTERPRISE}:employeeNumber`]));
	});
	it('numbers compare numerically, ordering on booleans is invalidFilter', () => {
		expect(matchesFilter(parseFilter('age gt 9'), { age: 10 })).toBe(true);
		expect(matchesFilter(parseFilter('age gt 9'), { age: '10' })).toBe(true);
		expect(() => matchesFilter(parseFilter('active gt true'), barbara)).toThrow(expect.objectContaining({ scimType: 'invalidFilter' }));
	});
	it('pr follows RFC 7644: empty strings, lists and objects are not present', () => {
		const f = parseFilter('x pr');
		for (const x of ['', [], {}, null, [''], { a: '' }]) expect(matchesFilter(f, { x })).toBe(false);
		for (const x of ['a', 0, false, [1], { a: 'b' }]) expect(matchesFilter(f, { x })).toBe(true);
	});
});

describe('size limits and Salesforce precedence', () => {
	it('a 10,000-term batched lookup parses, prints and matches without exhausting the stack', () => {
		const text = Array.from({ length: 10000 }, (_, i) => `userName eq "u${i}@x.com"`).join(' or ');
		const parsed = parseFilter(text);
		expect(printFilter(parsed)).toBe(text);
		expect(matchesFilter(parsed, { userName: 'U9999@x.com' })).toBe(true);
		expect(matchesFilter(parsed, { userName: 'nobody' })).toBe(false);
	});
	it('more terms than that is invalidFilter', () => {
		const text = Array.from({ length: 10001 }, () => 'a pr').join(' and ');
		expect(() => parseFilter(text)).toThrow(/more than 10000 terms/);
	});
	it.each([
		['a pr and b pr or c pr', true],
		['a pr and b pr and c pr', false],
		['a pr or emails[type eq "w" and value pr]', true],
		['not (a pr or b pr)', false],
	])('mixesAndOr(%s) = %s', (text, mixed) => expect(mixesAndOr(parseFilter(text))).toBe(mixed));
});
