import { ScimError, getPathValue, getPathValues, parsePath, printPath, removePathValue, setPathValue, type ScimPath } from '../../scim';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const MEMBER = '2819c223-7f76-453a-919d-413861904646';

describe('RFC 7644 §3.5.2 path examples', () => {
	const examples: Array<[string, ScimPath]> = [
		['members', { attribute: 'members' }],
		['name.familyName', { attribute: 'name', subAttribute: 'familyName' }],
		['addresses[type eq "work"]', { attribute: 'addresses', filter: { kind: 'compare', attribute: { attribute: 'type' }, operator: 'eq', value: 'work' } }],
		[`members[value eq "${MEMBER}"]`, { attribute: 'members', filter: { kind: 'compare', attribute: { attribute: 'value' }, operator: 'eq', value: MEMBER } }],
		[`members[value eq "${MEMBER}"].displayName`, { attribute: 'members', subAttribute: 'displayName', filter: { kind: 'compare', attribute: { attribute: 'value' }, operator: 'eq', value: MEMBER } }],
		['addresses[type eq "work"].streetAddress', { attribute: 'addresses', subAttribute: 'streetAddress', filter: { kind: 'compare', attribute: { attribute: 'type' }, operator: 'eq', value: 'work' } }],
		[
			'emails[type eq "work" and value ew "example.com"]',
			{
				attribute: 'emails',
				filter: {
					kind: 'and',
					left: { kind: 'compare', attribute: { attribute: 'type' }, operator: 'eq', value: 'work' },
					right: { kind: 'compare', attribute: { attribute: 'value' }, operator: 'ew', value: 'example.com' },
				},
			},
		],
		[`${ENTERPRISE}:manager.value`, { schema: ENTERPRISE, attribute: 'manager', subAttribute: 'value' }],
		[`${ENTERPRISE}:employeeNumber`, { schema: ENTERPRISE, attribute: 'employeeNumber' }],
		[ENTERPRISE, { attribute: ENTERPRISE }],
		['urn:ietf:params:scim:schemas:core:2.0:User:name.givenName', { schema: 'urn:ietf:params:scim:schemas:core:2.0:User', attribute: 'name', subAttribute: 'givenName' }],
		['emails[value eq "a]b"].type', { attribute: 'emails', subAttribute: 'type', filter: { kind: 'compare', attribute: { attribute: 'value' }, operator: 'eq', value: 'a]b' } }],
	];
	it.each(examples)('%s', (text, expected) => {
		expect(parsePath(text)).toEqual(expected);
		expect(parsePath(printPath(expected))).toEqual(expected);
	});

	const invalid: Array<[string, RegExp]> = [
		['', /must not be empty/],
		['emails[type eq "work"', /expected '\]'/],
		['emails[type eq]', /expected a space and a value/],
		['emails[type eq "work"]value', /expected '.subAttribute'/],
		['name.familyName[type eq "x"]', /must follow a multi-valued attribute/],
		['a.b.c', /more than one sub-attribute/],
		['emails[x[y pr]]', /expected '\]'/],
		['user name', /not a valid attribute name/],
		['urn:x:attr', /not a schema URN/],
	];
	it.each(invalid)('rejects %j with invalidPath', (text, message) => {
		let caught: unknown;
		try {
			parsePath(text);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(ScimError);
		expect(caught).toMatchObject({ status: 400, scimType: 'invalidPath' });
		expect((caught as ScimError).detail).toMatch(message);
	});
});

describe('reading, writing and removing by path', () => {
	const user = () => ({
		userName: 'u@x.com',
		Name: { givenName: 'Ann' },
		emails: [
			{ value: 'work@x.com', type: 'work', primary: true },
			{ value: 'home@x.com', type: 'home' },
		],
		[ENTERPRISE]: { manager: { value: '005A', displayName: 'Boss' } },
	});

	it.each<[string, unknown]>([
		['emails[type eq "work"].value', 'work@x.com'],
		['EMAILS[TYPE EQ "HOME"].VALUE', 'home@x.com'],
		['emails[type eq "other"].value', undefined],
		['emails.value', ['work@x.com', 'home@x.com']],
		['name.givenName', 'Ann'],
		[`${ENTERPRISE}:manager.value`, '005A'],
		['emails[primary eq "True"]', { value: 'work@x.com', type: 'work', primary: true }],
	])('get %s', (path, expected) => expect(getPathValue(user(), path)).toEqual(expected));

	it('getPathValues lists every match', () => {
		expect(getPathValues(user(), 'emails[value co "@x.com"].type')).toEqual(['work', 'home']);
	});

	it('set creates the filtered element once, then updates it', () => {
		const u: Record<string, unknown> = user();
		setPathValue(u, 'emails[type eq "other"].value', 'o@x.com');
		setPathValue(u, 'emails[type eq "other"].value', 'o2@x.com');
		expect(u.emails).toEqual([...user().emails, { type: 'other', value: 'o2@x.com' }]);
		setPathValue(u, 'phoneNumbers[type eq "work"].value', '+1 555');
		expect(u.phoneNumbers).toEqual([{ type: 'work', value: '+1 555' }]);
	});

	it('set matches existing keys case-insensitively and nests extension paths under the URN', () => {
		const u: Record<string, unknown> = user();
		setPathValue(u, 'name.familyName', 'Bee');
		expect(u.Name).toEqual({ givenName: 'Ann', familyName: 'Bee' });
		expect(u.name).toBeUndefined();
		setPathValue(u, `${ENTERPRISE}:department`, 'Sales');
		setPathValue(u, 'urn:acme:params:scim:schemas:extension:acme:1.0:User:badge', '42');
		expect(u[ENTERPRISE]).toEqual({ manager: { value: '005A', displayName: 'Boss' }, department: 'Sales' });
		expect(u['urn:acme:params:scim:schemas:extension:acme:1.0:User']).toEqual({ badge: '42' });
		const fresh: Record<string, unknown> = {};
		setPathValue(fresh, 'emails.value', 'a@b.co');
		setPathValue(fresh, 'name.givenName', 'A');
		expect(fresh).toEqual({ emails: [{ value: 'a@b.co' }], name: { givenName: 'A' } });
	});

	it('set refuses a filter it cannot turn into an element, and a sub-attribute of a simple value', () => {
		expect(() => setPathValue(user(), 'emails[value co "zzz"].type', 'x')).toThrow(expect.objectContaining({ scimType: 'noTarget' }));
		expect(() => setPathValue(user(), 'userName.x', 'y')).toThrow(expect.objectContaining({ scimType: 'invalidPath' }));
	});

	it('remove drops matched elements, and the attribute once empty', () => {
		const u: Record<string, unknown> = user();
		removePathValue(u, 'emails[type eq "home"]');
		expect(u.emails).toEqual([user().emails[0]]);
		removePathValue(u, 'emails[type eq "work"].primary');
		expect(u.emails).toEqual([{ value: 'work@x.com', type: 'work' }]);
		removePathValue(u, 'emails[type eq "work"]');
		expect('emails' in u).toBe(false);
		removePathValue(u, `${ENTERPRISE}:manager`);
		expect(u[ENTERPRISE]).toEqual({});
		removePathValue(u, 'nothing.here');
		removePathValue(u, 'name.givenName');
		expect('Name' in u).toBe(false);
	});
});
