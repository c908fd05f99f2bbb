import { applyMapping, compileMapping, type MappingRow } from '../../scim/mapping';

const rows: MappingRow[] = [
	{ target: 'userName', source: 'login' },
	{ target: 'name.familyName', source: 'family' },
	{ target: 'emails[type eq "work"].value', source: 'email' },
	{ target: 'phoneNumbers[type eq "work"].value', source: 'work' },
	{ target: 'phoneNumbers[type eq "mobile"].value', source: 'mobile' },
	{ target: 'title', source: 'title' },
];
const good = { login: 'ada@x.com', family: 'Lovelace', email: 'ada@x.com' };

function issuesOf(record: Record<string, unknown>, validateFor: 'create' | 'update' = 'create', defaultProfile = 'Standard User') {
	const compiled = compileMapping(rows, { validateFor, derive: { defaultProfile } });
	return applyMapping(compiled, record).issues;
}

test('a complete user is valid', () => {
	expect(issuesOf(good)).toEqual([]);
});

// One row per rule: the record, and the path the issue must name.
test.each<[string, Record<string, unknown>, string]>([
	['username not email-shaped', { ...good, login: 'ada lovelace' }, 'userName'],
	['no last name', { ...good, family: undefined }, 'name.familyName'],
	['no email', { ...good, email: undefined }, 'emails'],
	['an email that is not one', { ...good, email: 'ada@' }, 'emails[0].value'],
	['two phone numbers', { ...good, work: '+1 555 0100', mobile: '+1 555 0101' }, 'phoneNumbers'],
	['a title over 80 characters', { ...good, title: 'T'.repeat(81) }, 'title'],
	['a control character', { ...good, family: 'Love\u0000lace' }, 'name.familyName'],
])('%s → an issue at %s, with a message saying how to fix it', (_label, record, path) => {
	const issues = issuesOf(record);
	expect(issues.map((issue) => issue.path)).toContain(path);
	for (const issue of issues) expect(issue.message).toMatch(/\w+ \w+ \w+/);
});

test('a profile is required to create, not to update', () => {
	expect(issuesOf(good, 'create', '').map((issue) => issue.path)).toEqual(['entitlements']);
	expect(issuesOf(good, 'update', '')).toEqual([]);
});

test('an update needs no last name or email, but what is there must be right', () => {
	expect(issuesOf({ login: 'ada@x.com' }, 'update')).toEqual([]);
	expect(issuesOf({ login: 'ada@x.com', email: 'nope' }, 'update').map((issue) => issue.path)).toEqual(['emails[0].value']);
});

test('the side-car is not validated as a SCIM attribute', () => {
	const compiled = compileMapping([...rows, { target: '_sfscim.manager.email', source: 'boss' }], {
		derive: { defaultProfile: 'Standard User' },
		keepSource: true,
	});
	const { user, issues } = applyMapping(compiled, { ...good, boss: 'x\ny', Email: 'raw' });
	expect(issues).toEqual([]);
	expect(user._sfscim?.manager).toEqual({ email: 'x\ny' });
});
