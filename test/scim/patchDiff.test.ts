import { SCHEMA, applyPatchOps, buildPatchOps, sameSalesforceId, type BuildPatchOptions, type ScimResource } from '../../scim';

const ENTERPRISE = SCHEMA.enterpriseUser;
const PROFILE = { value: '00eRM000001VtbnYAC', $ref: '/Entitlements/00eRM000001VtbnYAC', display: 'Standard User', type: 'Profile', primary: true };
const PS_SALES = { value: '0PSRM0000001aaaAAA', type: 'PermissionSet', display: 'Sales' };
const PS_OPS = { value: '0PSRM0000001bbbBBB', type: 'PermissionSet', display: 'Ops' };

/** What Salesforce returns for a created user. */
const salesforceUser = (): ScimResource => ({
	schemas: [SCHEMA.user, ENTERPRISE],
	id: '005RM000001abcdYAA',
	userName: 'ann.lee@example.com',
	externalId: 'E1',
	name: { givenName: 'Ann', familyName: 'Lee', formatted: 'Ann Lee' },
	displayName: 'Ann Lee',
	nickName: 'ann.lee',
	emailEncodingKey: 'UTF-8',
	userType: 'Standard',
	active: true,
	emails: [{ value: 'ann.lee@example.com', type: 'work', primary: true }],
	photos: [{ value: 'https://x/photo', type: 'photo' }],
	groups: [{ value: '00G1' }],
	entitlements: [PROFILE, PS_SALES],
	[ENTERPRISE]: { department: 'Sales', manager: { value: '005RM000001mgrAYAA', displayName: 'Boss' } },
	meta: { created: '2026-01-01T00:00:00Z', version: 'v1' },
});

describe('buildPatchOps', () => {
	// [case, desired, options, expected value of the single replace (undefined: no operation)]
	const cases: Array<[string, ScimResource, BuildPatchOptions, Record<string, unknown> | undefined]> = [
		['the same user costs no write', salesforceUser(), {}, undefined],
		['a case-only userName change is no change', { userName: 'Ann.Lee@Example.COM' }, {}, undefined],
		['email values compare case-insensitively, lists as sets', { emails: [{ value: 'ANN.LEE@example.com', type: 'work', primary: 'true' }] }, {}, undefined],
		['"true"/"False" strings equal booleans', { active: 'true', emails: [{ value: 'ann.lee@example.com', primary: 'True' }] }, {}, undefined],
		['surrounding spaces are not a change', { name: { givenName: ' Ann ' } }, {}, undefined],
		['missing, null, "" and [] are "don\'t care"', { title: undefined, nickName: null, displayName: '', phoneNumbers: [], name: { middleName: '' } }, {}, undefined],
		['read-only and derived attributes are ignored', { id: 'x', meta: {}, schemas: [], groups: [], photos: [], password: 'secret' }, {}, undefined],
		['15- and 18-character ids are the same record', { entitlements: [{ value: '00eRM000001Vtbn' }] }, { entitlements: 'merge' }, undefined],
		['a changed boolean is sent as a boolean', { active: 'False' }, {}, { active: false }],
		['a changed given name sends the whole name, without the stale formatted', { name: { givenName: 'Anne' } }, {}, { name: { givenName: 'Anne', familyName: 'Lee' } }],
		['a new attribute', { title: 'CTO' }, {}, { title: 'CTO' }],
		['several changes group into one operation', { title: 'CTO', active: false, nickName: 'al' }, {}, { title: 'CTO', active: false, nickName: 'al' }],
		['a changed email list is replaced whole', { emails: [{ value: 'ann@new.com', type: 'work', primary: true }] }, {}, { emails: [{ value: 'ann@new.com', type: 'work', primary: true }] }],
		['an extra current email makes the list differ', { emails: [{ value: 'ann.lee@example.com' }, { value: 'b@x.com' }] }, {}, { emails: [{ value: 'ann.lee@example.com' }, { value: 'b@x.com' }] }],
		['enterprise extension: per sub-attribute, written whole and merged', { [ENTERPRISE]: { department: 'Ops' } }, {}, { [ENTERPRISE]: { department: 'Ops', manager: { value: '005RM000001mgrAYAA' } } }],
		['enterprise extension unchanged', { [ENTERPRISE]: { department: 'Sales', manager: { value: '005RM000001mgrA' } } }, {}, undefined],
		['a new manager replaces the old reference whole', { [ENTERPRISE]: { manager: { value: '005RM000001newBYAA' } } }, {}, { [ENTERPRISE]: { department: 'Sales', manager: { value: '005RM000001newBYAA' } } }],
		['entitlements merge: a new permission set is added, none dropped', { entitlements: [PS_OPS] }, {}, { entitlements: [sent(PROFILE), sent(PS_SALES), PS_OPS] }],
		['entitlements merge: a desired profile replaces the current one', { entitlements: [{ value: '00eRM000002OtherAAA' }] }, {}, { entitlements: [sent(PS_SALES), { value: '00eRM000002OtherAAA' }] }],
		['entitlements merge: already held → nothing', { entitlements: [{ value: PS_SALES.value }] }, {}, undefined],
		['entitlements exact: the desired list is the list', { entitlements: [PROFILE] }, { entitlements: 'exact' }, { entitlements: [PROFILE] }],
		['entitlements exact: same set in another order → nothing', { entitlements: [{ value: PS_SALES.value }, { value: PROFILE.value }] }, { entitlements: 'exact' }, undefined],
		['attributes option: only the listed ones', { title: 'CTO', nickName: 'x', name: { givenName: 'Anne', familyName: 'Other' } }, { attributes: ['title', 'name.givenName'] }, { title: 'CTO', name: { givenName: 'Anne', familyName: 'Lee' } }],
		['attributes option: an extension attribute by URN path', { [ENTERPRISE]: { department: 'Ops', division: 'D' } }, { attributes: [`${ENTERPRISE}:division`] }, { [ENTERPRISE]: { department: 'Sales', manager: { value: '005RM000001mgrAYAA' }, division: 'D' } }],
	];
	it.each(cases)('%s', (_name, desired, options, expected) => {
		const current = salesforceUser();
		const operations = buildPatchOps(current, desired, options);
		expect(operations).toEqual(expected === undefined ? [] : [{ op: 'replace', value: expected }]);
		// Applying the operations must leave nothing to do.
		const after = applyPatchOps(current, operations);
		expect(buildPatchOps(after, desired, options)).toEqual([]);
	});

	it('does not mutate its inputs', () => {
		const current = salesforceUser();
		const desired: ScimResource = { name: { givenName: 'X' }, entitlements: [PS_OPS] };
		const snapshot = JSON.stringify([current, desired]);
		buildPatchOps(current, desired);
		expect(JSON.stringify([current, desired])).toBe(snapshot);
	});
});

/** What is sent back for an entitlement the user keeps: the server-derived $ref and display are left out. */
function sent(entitlement: Record<string, unknown>): Record<string, unknown> {
	const { $ref: _ref, display: _display, ...rest } = entitlement;
	return rest;
}

describe('sameSalesforceId', () => {
	it.each<[string, string, boolean]>([
		['005RM000001abcd', '005RM000001abcdYAA', true],
		['005RM000001abcdYAA', '005rm000001ABCDyaa', true],
		['005RM000001abcd', '005RM000001ABCD', false],
		['005RM000001abcd', '005RM000001abcE', false],
		['short', 'short', true],
	])('%s ~ %s = %s', (a, b, same) => expect(sameSalesforceId(a, b)).toBe(same));
});
