import { SCHEMA, ScimError, applyPatchOps, parsePatchRequest, patchRequest, type ScimResource } from '../../scim';

const ENTERPRISE = SCHEMA.enterpriseUser;
type Op = { op: string; path?: string; value?: unknown };

const user = (): ScimResource => ({
	schemas: [SCHEMA.user],
	id: '005A',
	userName: 'ann@x.com',
	name: { givenName: 'Ann', familyName: 'Lee', formatted: 'Ann Lee' },
	active: true,
	emails: [
		{ value: 'ann@x.com', type: 'work', primary: true },
		{ value: 'ann@home.org', type: 'home' },
	],
	nickName: 'ann',
});

const group = (): ScimResource => ({
	schemas: [SCHEMA.group],
	id: '00G1',
	displayName: 'Sales',
	members: [{ value: '005A' }, { value: '005B' }, { value: '005C' }],
});

describe('applyPatchOps: RFC 7644 §3.5.2 semantics', () => {
	// [case, start, operations, expected changes (merged over the start resource; undefined deletes a key)]
	const cases: Array<[string, () => ScimResource, Op[], Record<string, unknown>]> = [
		['no-path replace (the Salesforce example)', user, [{ op: 'replace', value: { nickName: 'user2' } }], { nickName: 'user2' }],
		['op names are case-insensitive', user, [{ op: 'Replace', value: { active: false } }], { active: false }],
		['no-path replace merges a complex attribute', user, [{ op: 'replace', value: { name: { givenName: 'Anne' } } }], { name: { givenName: 'Anne', familyName: 'Lee', formatted: 'Ann Lee' } }],
		['no-path replace swaps a multi-valued attribute whole', user, [{ op: 'replace', value: { emails: [{ value: 'a@y.com' }] } }], { emails: [{ value: 'a@y.com' }] }],
		['no-path add nests the enterprise URN key', user, [{ op: 'add', value: { [ENTERPRISE]: { department: 'Sales' } } }], { [ENTERPRISE]: { department: 'Sales' }, schemas: [SCHEMA.user, ENTERPRISE] }],
		['no-path replace with path-shaped keys (as Entra sends)', user, [{ op: 'replace', value: { 'name.givenName': 'Anne', [`${ENTERPRISE}:department`]: 'Ops' } }], { name: { givenName: 'Anne', familyName: 'Lee', formatted: 'Ann Lee' }, [ENTERPRISE]: { department: 'Ops' }, schemas: [SCHEMA.user, ENTERPRISE] }],
		['add to a multi-valued attribute appends without duplicates', user, [{ op: 'add', path: 'emails', value: [{ value: 'ann@x.com', type: 'work', primary: true }, { value: 'n@z.com' }] }], { emails: [...(user().emails as object[]), { value: 'n@z.com' }] }],
		['add a primary value clears the other primary', user, [{ op: 'add', path: 'emails', value: [{ value: 'p@z.com', primary: true }] }], { emails: [{ value: 'ann@x.com', type: 'work', primary: false }, { value: 'ann@home.org', type: 'home' }, { value: 'p@z.com', primary: true }] }],
		['replace with a value filter and sub-attribute', user, [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@x.com' }], { emails: [{ value: 'new@x.com', type: 'work', primary: true }, { value: 'ann@home.org', type: 'home' }] }],
		['add with a value filter creates the element', user, [{ op: 'add', path: 'phoneNumbers[type eq "work"].value', value: '+1 555' }], { phoneNumbers: [{ type: 'work', value: '+1 555' }] }],
		['replace with a filter on a missing attribute is an add', user, [{ op: 'replace', path: 'addresses[type eq "work"].locality', value: 'Oslo' }], { addresses: [{ type: 'work', locality: 'Oslo' }] }],
		['replace of filtered elements without sub-attribute replaces them', user, [{ op: 'replace', path: 'emails[type eq "home"]', value: { value: 'h@h.org', type: 'home' } }], { emails: [{ value: 'ann@x.com', type: 'work', primary: true }, { value: 'h@h.org', type: 'home' }] }],
		['remove with a value filter', user, [{ op: 'remove', path: 'emails[type eq "home"]' }], { emails: [{ value: 'ann@x.com', type: 'work', primary: true }] }],
		['remove a sub-attribute', user, [{ op: 'remove', path: 'name.formatted' }], { name: { givenName: 'Ann', familyName: 'Lee' } }],
		['remove an attribute', user, [{ op: 'remove', path: 'nickName' }], { nickName: undefined }],
		['replace with null unassigns', user, [{ op: 'replace', value: { nickName: null } }], { nickName: undefined }],
		['echoed id and meta are ignored', user, [{ op: 'replace', value: { id: '005A', meta: { x: 1 }, schemas: ['x'], nickName: 'n' } }], { nickName: 'n' }],
		['Salesforce members add (wrapped value)', group, [{ op: 'add', path: 'members', value: { members: [{ value: '005D' }] } }], { members: [{ value: '005A' }, { value: '005B' }, { value: '005C' }, { value: '005D' }] }],
		['Salesforce members remove (wrapped value) removes only those', group, [{ op: 'remove', path: 'members', value: { members: [{ value: '005B' }] } }], { members: [{ value: '005A' }, { value: '005C' }] }],
		['RFC members add (bare list)', group, [{ op: 'add', path: 'members', value: [{ value: '005D' }] }], { members: [{ value: '005A' }, { value: '005B' }, { value: '005C' }, { value: '005D' }] }],
		['RFC members remove by filter', group, [{ op: 'remove', path: 'members[value eq "005C"]' }], { members: [{ value: '005A' }, { value: '005B' }] }],
		['remove without a filter empties the group (the RFC danger)', group, [{ op: 'remove', path: 'members' }], { members: undefined }],
		['an unversioned extension URN the resource lists is an extension key', () => ({ ...user(), schemas: [SCHEMA.user, 'urn:acme:ext:User'] }), [{ op: 'add', value: { 'urn:acme:ext:User': { badge: '7' } } }], { 'urn:acme:ext:User': { badge: '7' } }],
		['"False" and "True" strings are stored as booleans (Entra sends them)', user, [{ op: 'Replace', path: 'active', value: 'False' }, { op: 'add', path: 'emails[type eq "home"].primary', value: 'True' }], { active: false, emails: [{ value: 'ann@x.com', type: 'work', primary: false }, { value: 'ann@home.org', type: 'home', primary: true }] }],
		['an echoed id on a view without id is dropped', () => ({ userName: 'a@b.co' }), [{ op: 'replace', value: { id: '005A', active: false } }], { active: false }],
		['a path naming the whole extension merges into it', () => ({ ...user(), [ENTERPRISE]: { department: 'A', division: 'B' } }), [{ op: 'replace', path: ENTERPRISE, value: { department: 'C' } }], { [ENTERPRISE]: { department: 'C', division: 'B' }, schemas: [SCHEMA.user, ENTERPRISE] }],
		['several operations apply in order', group, [{ op: 'replace', path: 'displayName', value: 'Ops' }, { op: 'remove', path: 'members[value eq "005A" or value eq "005B"]' }], { displayName: 'Ops', members: [{ value: '005C' }] }],
	];
	it.each(cases)('%s', (_name, start, operations, changes) => {
		const before = start();
		const snapshot = JSON.parse(JSON.stringify(before));
		const expected: Record<string, unknown> = { ...start(), ...changes };
		for (const [key, value] of Object.entries(changes)) if (value === undefined) delete expected[key];
		expect(applyPatchOps(before, operations)).toEqual(expected);
		expect(before).toEqual(snapshot);
	});

	const errors: Array<[string, Op[], string]> = [
		['remove without a path', [{ op: 'remove' }], 'noTarget'],
		['unknown op', [{ op: 'move', path: 'x', value: 1 }], 'invalidSyntax'],
		['invalid path', [{ op: 'replace', path: 'emails[type eq', value: 1 }], 'invalidPath'],
		['no-path add with a non-object', [{ op: 'add', value: 'x' }], 'invalidValue'],
		['add without a value', [{ op: 'add', path: 'nickName' }], 'invalidValue'],
		['replace with a filter matching nothing', [{ op: 'replace', path: 'emails[type eq "other"].value', value: 'x' }], 'noTarget'],
		['changing id', [{ op: 'replace', value: { id: 'other' } }], 'mutability'],
		['a path into id', [{ op: 'replace', path: 'id', value: 'x' }], 'mutability'],
		['a sub-attribute of a simple attribute', [{ op: 'replace', path: 'userName.first', value: 'x' }], 'invalidPath'],
		['a value filter on a simple attribute', [{ op: 'add', path: 'userName[value eq "x"]', value: 'y' }], 'invalidPath'],
		['a value filter on a singular complex attribute', [{ op: 'add', path: 'name[givenName eq "Ann"].familyName', value: 'y' }], 'invalidPath'],
	];
	it.each(errors)('%s → 400 %s', (_name, operations, scimType) => {
		expect(() => applyPatchOps(user(), operations)).toThrow(ScimError);
		expect(() => applyPatchOps(user(), operations)).toThrow(expect.objectContaining({ status: 400, scimType }));
	});
});

describe('RFC 7644 §3.5.2 examples, verbatim', () => {
	const M = '2819c223-7f76-453a-919d-413861904646';
	const J = '902c246b-6245-4190-8e05-00816be7344a';
	const babs = { display: 'Babs Jensen', $ref: `https://example.com/v2/Users/${M}`, value: M };
	const james = { display: 'James Smith', $ref: `https://example.com/v2/Users/${J}`, value: J };
	const rfcGroup = (): ScimResource => ({ schemas: [SCHEMA.group], id: 'acbf3ae7', displayName: 'Tour Guides', members: [babs, james] });
	const rfcUser = (): ScimResource => ({
		schemas: [SCHEMA.user],
		id: '2819c223',
		userName: 'bjensen',
		nickName: 'Barbara',
		emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
		addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', primary: true }],
	});
	const newAddress = { type: 'work', streetAddress: '911 Universal City Plaza', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'US', formatted: '911 Universal City Plaza\nHollywood, CA 91608 US', primary: true };
	const cases: Array<[string, () => ScimResource, Op[], Record<string, unknown>]> = [
		['§3.5.2.1 add a member', () => ({ ...rfcGroup(), members: [james] }), [{ op: 'add', path: 'members', value: [babs] }], { members: [james, babs] }],
		['§3.5.2.1 add without a path ("nickname" matches nickName)', rfcUser, [{ op: 'add', value: { emails: [{ value: 'babs@jensen.org', type: 'home' }], nickname: 'Babs' } }], { emails: [...(rfcUser().emails as object[]), { value: 'babs@jensen.org', type: 'home' }], nickName: 'Babs' }],
		['§3.5.2.2 remove one member', rfcGroup, [{ op: 'remove', path: `members[value eq "${M}"]` }], { members: [james] }],
		['§3.5.2.2 remove all members', rfcGroup, [{ op: 'remove', path: 'members' }], { members: undefined }],
		['§3.5.2.2 remove by a compound filter', () => ({ ...rfcUser(), emails: [{ value: 'b@example.com', type: 'work' }, { value: 'b@example.org', type: 'work' }] }), [{ op: 'remove', path: 'emails[type eq "work" and value ew "example.com"]' }], { emails: [{ value: 'b@example.org', type: 'work' }] }],
		['§3.5.2.2 remove all members, then add one', rfcGroup, [{ op: 'remove', path: 'members' }, { op: 'add', path: 'members', value: [james] }], { members: [james] }],
		['§3.5.2.3 replace all members', rfcGroup, [{ op: 'replace', path: 'members', value: [babs] }], { members: [babs] }],
		['§3.5.2.3 replace a filtered address', rfcUser, [{ op: 'replace', path: 'addresses[type eq "work"]', value: newAddress }], { addresses: [newAddress] }],
		['§3.5.2.3 replace one sub-attribute of a filtered address', rfcUser, [{ op: 'replace', path: 'addresses[type eq "work"].streetAddress', value: '1010 Broadway Ave' }], { addresses: [{ ...(rfcUser().addresses as object[])[0], streetAddress: '1010 Broadway Ave' }] }],
		['§3.5.2.3 replace without a path', rfcUser, [{ op: 'replace', value: { emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }, { value: 'babs@jensen.org', type: 'home' }], nickname: 'Babs' } }], { emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }, { value: 'babs@jensen.org', type: 'home' }], nickName: 'Babs' }],
	];
	it.each(cases)('%s', (_name, start, operations, changes) => {
		const expected: Record<string, unknown> = { ...start(), ...changes };
		for (const [key, value] of Object.entries(changes)) if (value === undefined) delete expected[key];
		expect(applyPatchOps(start(), operations)).toEqual(expected);
	});
});

describe('knownAttribute', () => {
	const known = new Set(['username', 'name', 'active', 'emails', `${ENTERPRISE}:department`.toLowerCase()]);
	const options = { knownAttribute: (name: string) => known.has(name.toLowerCase()) };
	it.each<[string, Op[], boolean]>([
		['known attributes pass', [{ op: 'replace', path: 'name.givenName', value: 'A' }, { op: 'replace', value: { active: false, [ENTERPRISE]: { department: 'D' } } }], true],
		['an unknown path', [{ op: 'replace', path: 'favouriteColour', value: 'red' }], false],
		['an unknown no-path key', [{ op: 'add', value: { favouriteColour: 'red' } }], false],
		['an unknown extension attribute', [{ op: 'add', value: { [ENTERPRISE]: { shoeSize: 9 } } }], false],
		['an unknown remove', [{ op: 'remove', path: 'favouriteColour' }], false],
		['a whole-extension path checks each sub-attribute', [{ op: 'add', path: ENTERPRISE, value: { department: 'D' } }], true],
		['a whole-extension path with an unknown sub-attribute', [{ op: 'add', path: ENTERPRISE, value: { shoeSize: 9 } }], false],
	])('%s', (_name, operations, ok) => {
		if (ok) expect(() => applyPatchOps(user(), operations, options)).not.toThrow();
		else expect(() => applyPatchOps(user(), operations, options)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidPath' }));
	});
});

describe('PatchOp messages', () => {
	it('patchRequest wraps operations with the PatchOp schema', () => {
		expect(patchRequest([{ op: 'replace', value: { active: false } }])).toEqual({ schemas: [SCHEMA.patchOp], Operations: [{ op: 'replace', value: { active: false } }] });
	});
	it('parsePatchRequest checks the envelope', () => {
		expect(parsePatchRequest(patchRequest([]))).toEqual([]);
		expect(() => parsePatchRequest({ Operations: [] })).toThrow(expect.objectContaining({ scimType: 'invalidSyntax' }));
		expect(() => parsePatchRequest({ schemas: [SCHEMA.patchOp] })).toThrow(expect.objectContaining({ scimType: 'invalidSyntax' }));
	});
});
