/**
 * Fuzzing (issue 11), with fast-check: the SCIM filter and path grammar and the PatchOp builder on arbitrary
 * input never fail with anything but a ScimError, never take long, and what parses prints and parses back to
 * itself; a user value quoted into a filter is always one `eq` with exactly that value. test/scim/fuzz.test.ts
 * holds the deeper grammar-tree and apply properties; these are the ones the reliability table counts.
 */
import fc from 'fast-check';

import { applyPatchOps, buildPatchOps, filterEq, parseFilter, parsePath, printFilter, printPath, SCHEMA, ScimError, type ScimResource } from '../../../scim';

export interface FuzzFigure {
	property: string;
	runs: number;
	ok: boolean;
	/** The shrunk counterexample, when the property failed. */
	counterexample?: string;
	ms: number;
	/** The slowest single case, in ms: a hang would show here (or time the run out). */
	slowestCaseMs: number;
}

const ENTERPRISE = SCHEMA.enterpriseUser;
/** A single case slower than this counts as a hang (generous: a loaded machine pauses for GC and JIT). */
const CASE_BUDGET_MS = 2000;

function onlyScimErrors(run: () => void): void {
	try {
		run();
	} catch (error) {
		if (!(error instanceof ScimError)) throw error;
		if (error.status !== 400) throw new Error(`ScimError with status ${error.status}`);
	}
}

function same(a: unknown, b: unknown, what: string): void {
	const x = JSON.stringify(a);
	const y = JSON.stringify(b);
	if (x !== y) throw new Error(`${what}: ${x} ≠ ${y}`);
}

/** Grammar fragments reach much deeper into the parser than random characters do. */
const fragments = fc
	.array(
		fc.constantFrom('userName', 'emails', 'name.givenName', ' eq ', ' co ', ' pr', ' and ', ' or ', 'not ', 'not(', '(', ')', '[', ']', '.', 'value', '"x"', '"a\\"b"', '"', '\\', '12', '-3.5e2', 'true', 'NULL', ' ', `${ENTERPRISE}:`, 'urn:', ':', '$ref', 'type eq "work"', '\u0000', 'é', '\u202e', '😀'),
		{ maxLength: 30 },
	)
	.map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fragments);

const text = fc.constantFrom('Sales', 'sales', ' Sales ', 'Zoë', 'דנה', '🚀', '', '  ', 'x" or userName pr or userName eq "');
const booleanish = fc.constantFrom<boolean | string>(true, false, 'true', 'False', 'TRUE');
const email = fc.constantFrom('ann@x.com', 'ANN@X.com', 'bob@y.org');
const ids = ['00eRM000001Vtbn', '00eRM000001VtbnYAC', '00eRM000002Othr', '0PSRM0000001aaa', '0PSRM0000001aaaAAA', '0PSRM0000001bbb'];
const userLike: fc.Arbitrary<ScimResource> = fc.record(
	{
		userName: email,
		title: text,
		active: booleanish,
		name: fc.record({ givenName: text, familyName: text }, { requiredKeys: [] }),
		emails: fc.array(fc.record({ value: email, type: fc.constantFrom('work', 'home'), primary: booleanish }, { requiredKeys: ['value'] }), { maxLength: 3 }),
		entitlements: fc.array(fc.record({ value: fc.constantFrom(...ids) }).map((e) => ({ ...e, type: e.value.startsWith('00e') ? 'Profile' : 'PermissionSet' })), { maxLength: 3 }),
		[ENTERPRISE]: fc.record({ department: text, manager: fc.record({ value: fc.constantFrom('005RM000001mgr', '005RM000001mgrAYA') }) }, { requiredKeys: [] }),
	},
	{ requiredKeys: [] },
);
/** Any JSON-like value with SCIM-ish keys, small and nested: what a hostile or broken input may hold. */
export const json = fc.letrec<{ value: unknown }>((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		fc.string({ maxLength: 6 }),
		fc.integer(),
		fc.boolean(),
		fc.constant(null),
		fc.array(tie('value'), { maxLength: 3 }),
		fc.dictionary(fc.constantFrom('value', 'type', 'primary', 'display', 'givenName', 'emails', 'name', 'x'), tie('value'), { maxKeys: 3 }),
	),
})).value;
const anyResource = fc.dictionary(fc.constantFrom('userName', 'name', 'emails', 'Emails', 'entitlements', 'active', 'id', 'schemas', ENTERPRISE, 'title'), json, { maxKeys: 5 }) as fc.Arbitrary<ScimResource>;

interface Property {
	name: string;
	runs: number;
	make: (timed: (run: () => void) => void) => fc.IPropertyWithHooks<unknown[]> | fc.IProperty<unknown[]>;
}

const PROPERTIES: Property[] = [
	{
		name: 'parseFilter: arbitrary text throws only ScimError; parse → print → parse round-trips',
		runs: 3000,
		make: (timed) =>
			fc.property(anyText, (input) =>
				timed(() =>
					onlyScimErrors(() => {
						const parsed = parseFilter(input);
						same(parseFilter(printFilter(parsed)), parsed, 'filter round trip');
					}),
				),
			),
	},
	{
		name: 'parsePath: arbitrary text throws only ScimError; parse → print → parse round-trips',
		runs: 3000,
		make: (timed) =>
			fc.property(anyText, (input) =>
				timed(() =>
					onlyScimErrors(() => {
						const parsed = parsePath(input);
						same(parsePath(printPath(parsed)), parsed, 'path round trip');
					}),
				),
			),
	},
	{
		name: 'filter quoting: any user value (quotes, backslashes, controls, emoji) is one eq with exactly that value',
		runs: 3000,
		make: (timed) =>
			fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fragments), (value) =>
				timed(() => {
					const parsed = parseFilter(filterEq('userName', value)) as unknown as { kind: string; operator: string; value: unknown };
					if (parsed.kind !== 'compare' || parsed.operator !== 'eq' || parsed.value !== value) throw new Error(`not one eq: ${JSON.stringify(parsed)}`);
				}),
			),
	},
	{
		name: 'buildPatchOps on users: one PATCH converges (the next diff is empty), inputs untouched',
		runs: 2000,
		make: (timed) =>
			fc.property(userLike, userLike, fc.constantFrom('merge' as const, 'exact' as const), (current, desired, mode) =>
				timed(() => {
					const snapshot = JSON.stringify([current, desired]);
					const after = applyPatchOps(current, buildPatchOps(current, desired, { entitlements: mode }));
					same(buildPatchOps(after, desired, { entitlements: mode }), [], 'second diff');
					same([current, desired], JSON.parse(snapshot), 'inputs');
				}),
			),
	},
	{
		name: 'buildPatchOps / applyPatchOps on arbitrary JSON: only ScimError, no hang',
		runs: 2000,
		make: (timed) =>
			fc.property(anyResource, anyResource, (current, desired) =>
				timed(() =>
					onlyScimErrors(() => {
						applyPatchOps(current, buildPatchOps(current, desired, { entitlements: 'merge' }));
					}),
				),
			),
	},
];

const NESTED = ['('.repeat(100_000), 'not ('.repeat(20_000), 'a pr and '.repeat(20_000), '"'.repeat(100_000), `a eq "${'\\'.repeat(100_001)}`];

/** Every property, scaled (1 = the full runs; the jest short version uses less). */
export function runFuzz(scale = 1, seed = 20261129): FuzzFigure[] {
	const figures: FuzzFigure[] = [];
	for (const property of PROPERTIES) {
		let slowest = 0;
		const timed = (run: () => void) => {
			const t = performance.now();
			try {
				run();
			} finally {
				const ms = performance.now() - t;
				if (ms > slowest) slowest = ms;
				if (ms > CASE_BUDGET_MS) throw new Error(`one case took ${Math.round(ms)} ms`);
			}
		};
		const runs = Math.max(50, Math.round(property.runs * scale));
		const started = performance.now();
		const details = fc.check(property.make(timed) as fc.IProperty<unknown[]>, { numRuns: runs, seed });
		figures.push({
			property: property.name,
			runs: details.numRuns,
			ok: !details.failed,
			...(details.failed ? { counterexample: `${fc.stringify(details.counterexample)}: ${String((details.errorInstance as Error | undefined)?.message ?? '')}`.slice(0, 500) } : {}),
			ms: Math.round(performance.now() - started),
			slowestCaseMs: Math.round(slowest * 10) / 10,
		});
	}
	const started = performance.now();
	let failure: string | undefined;
	let slowest = 0;
	for (const input of NESTED) {
		for (const run of [() => parseFilter(input), () => parsePath(`x[${input}]`)]) {
			const t = performance.now();
			try {
				onlyScimErrors(run);
			} catch (error) {
				failure ??= `${input.slice(0, 12)}…: ${(error as Error).message}`;
			}
			slowest = Math.max(slowest, performance.now() - t);
		}
	}
	figures.push({
		property: 'deeply nested and 100,000-character input fails fast with a ScimError',
		runs: NESTED.length * 2,
		ok: failure === undefined && slowest < 2000,
		...(failure ? { counterexample: failure } : slowest >= 2000 ? { counterexample: `slowest ${Math.round(slowest)} ms` } : {}),
		ms: Math.round(performance.now() - started),
		slowestCaseMs: Math.round(slowest * 10) / 10,
	});
	return figures;
}
