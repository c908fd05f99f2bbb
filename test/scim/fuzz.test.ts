/**
 * Property-based checks: the grammar never fails with anything but a ScimError (and never hangs), printing
 * round-trips, and buildPatchOps + applyPatchOps converge in one step.
 */
import fc from 'fast-check';

import { json } from '../../proof/src/reliability/fuzz';
import {
	SCHEMA,
	ScimError,
	applyPatchOps,
	buildPatchOps,
	getPathValue,
	matchesFilter,
	parseFilter,
	parsePath,
	printFilter,
	printPath,
	profileIdOf,
	removePathValue,
	setPathValue,
	type AttributeRef,
	type FilterExpression,
	type FilterValue,
	type ScimPath,
	type ScimResource,
} from '../../scim';

const ENTERPRISE = SCHEMA.enterpriseUser;
/** FUZZ_RUNS=5000 for a longer hunt; the default keeps `npx jest test/scim` quick. */
const SCALE = Math.max(1, Number(process.env.FUZZ_RUNS ?? 400) / 400);
const runs = (n: number) => ({ numRuns: Math.round(n * SCALE) });
const RUNS = runs(400);

function onlyScimErrors(run: () => unknown): void {
	try {
		run();
	} catch (error) {
		if (!(error instanceof ScimError)) throw error;
		expect(error.status).toBe(400);
	}
}

/** Strings built from grammar fragments reach much deeper into the parser than random characters. */
const fragments = fc
	.array(
		fc.constantFrom('userName', 'emails', 'name.givenName', ' eq ', ' co ', ' pr', ' and ', ' or ', 'not ', 'not(', '(', ')', '[', ']', '.', 'value', '"x"', '"a\\"b"', '"', '\\', '12', '-3.5e2', 'true', 'NULL', ' ', `${ENTERPRISE}:`, 'urn:', ':', '$ref', 'type eq "work"', '\u0000', 'é'),
		{ maxLength: 25 },
	)
	.map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fragments);

describe('the grammar on arbitrary input', () => {
	it('parseFilter throws only ScimError, and what parses prints and re-parses to itself', () => {
		fc.assert(
			fc.property(anyText, (text) =>
				onlyScimErrors(() => {
					const parsed = parseFilter(text);
					expect(parseFilter(printFilter(parsed))).toEqual(parsed);
				}),
			),
			runs(1500),
		);
	});

	it('parsePath throws only ScimError, and what parses prints and re-parses to itself', () => {
		fc.assert(
			fc.property(anyText, (text) =>
				onlyScimErrors(() => {
					const parsed = parsePath(text);
					expect(parsePath(printPath(parsed))).toEqual(parsed);
				}),
			),
			runs(1500),
		);
	});

	it('long and deeply nested input fails fast', () => {
		const start = Date.now();
		for (const text of ['('.repeat(100000), 'not ('.repeat(20000), 'a pr and '.repeat(20000), '"'.repeat(100000), `a eq "${'\\'.repeat(100001)}`]) {
			onlyScimErrors(() => parseFilter(text));
			onlyScimErrors(() => parsePath(`x[${text}]`));
		}
		expect(Date.now() - start).toBeLessThan(5000);
	});
});

const attributeName = fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,7}$/), fc.constantFrom('$ref', 'not', 'and', 'or', 'pr', 'eq', 'true'));
const schema = fc.option(fc.constantFrom(ENTERPRISE, SCHEMA.user, 'urn:acme:params:scim:schemas:extension:acme:1.0:User'), { nil: undefined });
const attributeRef = (withSub: boolean): fc.Arbitrary<AttributeRef> =>
	fc.tuple(schema, attributeName, withSub ? fc.option(attributeName, { nil: undefined }) : fc.constant(undefined)).map(([s, attribute, sub]) => ({
		...(s !== undefined ? { schema: s } : {}),
		attribute,
		...(sub !== undefined ? { subAttribute: sub } : {}),
	}));
const filterValue: fc.Arbitrary<FilterValue> = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 12 }),
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.boolean(),
	fc.constant(null),
);
const operator = fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le' as const);

function expressions(allowValuePath: boolean, depth: number): fc.Arbitrary<FilterExpression> {
	const leaf: fc.Arbitrary<FilterExpression> = fc.oneof(
		fc.record({ kind: fc.constant('compare' as const), attribute: attributeRef(true), operator, value: filterValue }),
		fc.record({ kind: fc.constant('present' as const), attribute: attributeRef(true) }),
	);
	if (depth === 0) return leaf;
	const sub = expressions(allowValuePath, depth - 1);
	const options: Array<fc.Arbitrary<FilterExpression>> = [
		leaf,
		fc.record({ kind: fc.constant('and' as const), left: sub, right: sub }),
		fc.record({ kind: fc.constant('or' as const), left: sub, right: sub }),
		fc.record({ kind: fc.constant('not' as const), expression: sub }),
	];
	if (allowValuePath) options.push(fc.record({ kind: fc.constant('valuePath' as const), attribute: attributeRef(false), filter: expressions(false, depth - 1) }));
	return fc.oneof(...options);
}

describe('printing generated trees', () => {
	it('parseFilter(printFilter(ast)) deep-equals ast', () => {
		fc.assert(fc.property(expressions(true, 4), (ast) => expect(parseFilter(printFilter(ast))).toEqual(ast)), runs(800));
	});

	it('parsePath(printPath(path)) deep-equals path', () => {
		const path: fc.Arbitrary<ScimPath> = fc
			.tuple(attributeRef(true), fc.option(expressions(false, 2), { nil: undefined }), fc.option(attributeName, { nil: undefined }))
			.map(([ref, filter, sub]) =>
				filter === undefined ? ref : { ...(ref.schema !== undefined ? { schema: ref.schema } : {}), attribute: ref.attribute, filter, ...(sub !== undefined ? { subAttribute: sub } : {}) },
			);
		fc.assert(fc.property(path, (p) => expect(parsePath(printPath(p))).toEqual(p)), runs(500));
	});
});

// ---- buildPatchOps ∘ applyPatchOps ----

const text = fc.constantFrom('Sales', 'sales', ' Sales ', 'Ops', 'Zoë', '', '  ');
const booleanish = fc.constantFrom<boolean | string>(true, false, 'true', 'False', 'TRUE');
const email = fc.constantFrom('ann@x.com', 'ANN@X.com', 'bob@y.org', 'cy@z.net');
const ids = ['00eRM000001Vtbn', '00eRM000001VtbnYAC', '00eRM000002Othr', '0PSRM0000001aaa', '0PSRM0000001aaaAAA', '0PSRM0000001bbb', '0PSRM0000001ccc'];
const entitlement = fc.record(
	{ value: fc.constantFrom(...ids), type: fc.constantFrom('Profile', 'PermissionSet'), display: text },
	{ requiredKeys: ['value'] },
).map((e) => (e.type !== undefined ? { ...e, type: e.value.startsWith('00e') ? 'Profile' : 'PermissionSet' } : e));

const user: fc.Arbitrary<ScimResource> = fc.record(
	{
		userName: email,
		title: text,
		nickName: text,
		active: booleanish,
		name: fc.record({ givenName: text, familyName: text, middleName: text, formatted: text }, { requiredKeys: [] }),
		emails: fc.array(fc.record({ value: email, type: fc.constantFrom('work', 'home'), primary: booleanish }, { requiredKeys: ['value'] }), { maxLength: 3 }),
		entitlements: fc.array(entitlement, { maxLength: 4 }),
		[ENTERPRISE]: fc.record({ department: text, division: text, manager: fc.record({ value: fc.constantFrom('005RM000001mgr', '005RM000001mgrAYA', '005RM000002bos'), displayName: text }, { requiredKeys: ['value'] }) }, { requiredKeys: [] }),
	},
	{ requiredKeys: [] },
);

const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : typeof v === 'string' && /^(true|false)$/i.test(v) ? v.toLowerCase() === 'true' : undefined);
const str = (v: unknown): string => String(v ?? '').trim();
const id15 = (v: unknown): string => str(v).slice(0, 15);
const sorted = (values: string[]): string[] => [...values].sort();

/** An independent statement of "after satisfies desired", written per attribute. */
function expectSatisfied(current: ScimResource, after: ScimResource, desired: ScimResource, mode: 'merge' | 'exact'): void {
	for (const key of ['title', 'nickName'] as const) if (!blank(desired[key])) expect(str(after[key])).toBe(str(desired[key]));
	if (!blank(desired.userName)) expect(str(after.userName).toLowerCase()).toBe(str(desired.userName).toLowerCase());
	if (desired.active !== undefined) expect(bool(after.active)).toBe(bool(desired.active));
	const wantName = (desired.name ?? {}) as Record<string, unknown>;
	for (const [sub, value] of Object.entries(wantName)) if (!blank(value)) expect(str((after.name as Record<string, unknown>)[sub])).toBe(str(value));
	const wantEmails = (desired.emails as Array<Record<string, unknown>> | undefined) ?? [];
	if (wantEmails.length > 0) {
		const afterEmails = (after.emails as Array<Record<string, unknown>>) ?? [];
		expect(sorted(afterEmails.map((e) => str(e.value).toLowerCase()))).toEqual(sorted(wantEmails.map((e) => str(e.value).toLowerCase())));
	}
	const wantEnt = (desired.entitlements as Array<Record<string, unknown>> | undefined) ?? [];
	if (wantEnt.length > 0) {
		const idsOf = (r: ScimResource): string[] => ((r.entitlements as Array<Record<string, unknown>>) ?? []).map((e) => id15(e.value));
		const afterIds = new Set(idsOf(after));
		const wantIds = new Set(idsOf(desired));
		if (mode === 'exact') {
			expect(afterIds).toEqual(wantIds);
		} else {
			const profile = profileIdOf(desired);
			const isProfile = (i: string): boolean => i.startsWith('00e');
			// Permission sets: current ∪ desired, none dropped; profile: the desired one replaces the current one.
			for (const i of [...idsOf(current), ...wantIds]) if (!isProfile(i)) expect(afterIds).toContain(i);
			if (profile !== undefined) expect([...afterIds].filter(isProfile)).toEqual([id15(profile)]);
		}
	}
	const wantExt = (desired[ENTERPRISE] ?? {}) as Record<string, unknown>;
	const afterExt = (after[ENTERPRISE] ?? {}) as Record<string, unknown>;
	for (const sub of ['department', 'division']) if (!blank(wantExt[sub])) expect(str(afterExt[sub])).toBe(str(wantExt[sub]));
	const manager = wantExt.manager as Record<string, unknown> | undefined;
	if (manager && !blank(manager.value)) expect(id15((afterExt.manager as Record<string, unknown>).value)).toBe(id15(manager.value));
}

describe('buildPatchOps then applyPatchOps', () => {
	it.each(['merge', 'exact'] as const)('entitlements %s: one round makes current satisfy desired, and the next diff is empty', (mode) => {
		fc.assert(
			fc.property(user, user, (current, desired) => {
				const snapshot = JSON.stringify([current, desired]);
				const operations = buildPatchOps(current, desired, { entitlements: mode });
				expect(operations.length).toBeLessThanOrEqual(1);
				const after = applyPatchOps(current, operations);
				expectSatisfied(current, after, desired, mode);
				expect(buildPatchOps(after, desired, { entitlements: mode })).toEqual([]);
				expect(JSON.stringify([current, desired])).toBe(snapshot);
			}),
			RUNS,
		);
	});

	it('a resource compared with itself needs no write', () => {
		fc.assert(fc.property(user, (u) => expect(buildPatchOps(u, u, { entitlements: 'exact' })).toEqual([])), RUNS);
	});
});

// ---- paths and PATCH on arbitrary resources ----

const resource = fc.dictionary(fc.constantFrom('userName', 'name', 'emails', 'Emails', 'members', 'active', 'id', 'schemas', ENTERPRISE, 'title'), json, { maxKeys: 5 });
const patchPath = fc.oneof(
	fragments,
	fc.constantFrom('name.givenName', 'emails[type eq "work"].value', 'emails[type eq "work"]', 'members[value eq "1"]', 'members', `${ENTERPRISE}:manager.value`, ENTERPRISE, 'title', 'id', 'userName.x', 'emails[value co "a"].type'),
);
const operation = fc.record(
	{ op: fc.constantFrom('add', 'Replace', 'remove', 'REMOVE', 'move', 7), path: fc.oneof(patchPath, fc.constant(''), fc.integer()), value: json },
	{ requiredKeys: ['op'] },
);

describe('paths and PATCH on arbitrary resources', () => {
	it('applyPatchOps throws only ScimError and never changes its input', () => {
		fc.assert(
			fc.property(resource, fc.array(operation, { maxLength: 4 }), (r, ops) => {
				const snapshot = JSON.stringify(r);
				onlyScimErrors(() => applyPatchOps(r, ops as Array<{ op: string; path?: string; value?: unknown }>));
				expect(JSON.stringify(r)).toBe(snapshot);
			}),
			runs(1500),
		);
	});

	it('matchesFilter throws only ScimError, and not(x) is the negation of x', () => {
		fc.assert(
			fc.property(resource, expressions(true, 3), (r, ast) =>
				onlyScimErrors(() => expect(matchesFilter({ kind: 'not', expression: ast }, r)).toBe(!matchesFilter(ast, r))),
			),
			runs(800),
		);
	});

	it('what setPathValue writes, getPathValue reads back, and removePathValue takes away', () => {
		const writable = fc.constantFrom('title', 'name.givenName', 'emails[type eq "work"].value', 'phoneNumbers[type eq "mobile" and primary eq true].value', `${ENTERPRISE}:department`, `${ENTERPRISE}:manager.value`);
		const start = fc.record({ title: fc.string(), name: fc.record({ givenName: fc.string() }), emails: fc.array(fc.record({ value: fc.string(), type: fc.constantFrom('work', 'home', 'WORK') }), { maxLength: 3 }) }, { requiredKeys: [] });
		fc.assert(
			fc.property(start, writable, fc.string({ minLength: 1 }), (r, path, value) => {
				const target: Record<string, unknown> = JSON.parse(JSON.stringify(r));
				setPathValue(target, path, value);
				expect(getPathValue(target, path)).toBe(value);
				// Writing again through a value filter finds the element it made: the list never grows.
				const once = JSON.stringify(target);
				setPathValue(target, path, value);
				expect(JSON.stringify(target)).toBe(once);
				removePathValue(target, path);
				expect(getPathValue(target, path)).toBeUndefined();
			}),
			runs(800),
		);
	});
});
