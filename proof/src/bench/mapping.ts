/**
 * Mapping throughput: a 12-row compiled mapping against a hand-written function that builds the same SCIM
 * users, side by side in one process over the same records. Goals (issue 6): ≥ 200,000 items/s, and within 3×
 * of the hand-written function. Not a timed test: CI machines vary; the CLI prints the figures.
 */
import { performance } from 'node:perf_hooks';

import { applyMapping, compileMapping, type MappingRow } from '../../../scim/mapping';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

export const BENCH_ROWS: MappingRow[] = [
	{ target: 'userName', source: 'userPrincipalName | trim | lower' },
	{ target: 'externalId', source: 'id' },
	{ target: 'name.givenName', source: 'givenName | trim' },
	{ target: 'name.familyName', source: 'surname | trim ?? displayName | trim' },
	{ target: 'displayName', source: 'displayName' },
	{ target: 'emails[type eq "work"].value', source: 'mail ?? userPrincipalName' },
	{ target: 'phoneNumbers[type eq "work"].value', source: 'businessPhones | first ?? mobilePhone' },
	{ target: 'title', source: 'jobTitle' },
	{ target: 'active', source: 'accountEnabled | bool' },
	{ target: `${ENTERPRISE}:department`, source: 'department' },
	{ target: `${ENTERPRISE}:employeeNumber`, source: 'employeeId' },
	{ target: 'locale', value: 'en_US', apply: 'onCreate' },
];

type GraphUser = Record<string, unknown> & { businessPhones: string[] };

/** What the mapping above does, written by hand the way a Code node author would. */
export function handWritten(record: GraphUser): Record<string, unknown> {
	const text = (value: unknown): string | undefined =>
		typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
	const user: Record<string, unknown> = { schemas: [CORE] };
	const upn = text(record.userPrincipalName);
	if (upn) user.userName = upn.toLowerCase();
	if (record.id) user.externalId = record.id;
	const given = text(record.givenName);
	const family = text(record.surname) ?? text(record.displayName);
	if (given || family) user.name = { ...(given ? { givenName: given } : {}), ...(family ? { familyName: family } : {}) };
	if (text(record.displayName)) user.displayName = record.displayName;
	const mail = text(record.mail) ?? upn;
	if (mail) user.emails = [{ type: 'work', value: mail }];
	const phone = record.businessPhones[0] ?? text(record.mobilePhone);
	if (phone) user.phoneNumbers = [{ type: 'work', value: phone }];
	if (text(record.jobTitle)) user.title = record.jobTitle;
	if (typeof record.accountEnabled === 'boolean') user.active = record.accountEnabled;
	const enterprise: Record<string, unknown> = {};
	if (text(record.department)) enterprise.department = record.department;
	if (text(record.employeeId)) enterprise.employeeNumber = record.employeeId;
	if (Object.keys(enterprise).length > 0) user[ENTERPRISE] = enterprise;
	user.locale = 'en_US';
	if (user[ENTERPRISE]) (user.schemas as string[]).push(ENTERPRISE);
	user._sfscim = { createOnly: ['locale'] };
	return user;
}

/** Varied Graph users: some without mail, phones, titles or departments, some disabled. */
export function benchRecords(count: number): GraphUser[] {
	const records: GraphUser[] = [];
	for (let i = 0; i < count; i++) {
		records.push({
			id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
			userPrincipalName: `User.${i}@Contoso.com`,
			givenName: i % 17 === 0 ? null : `Given${i}`,
			surname: i % 23 === 0 ? null : `Family${i}`,
			displayName: `Given${i} Family${i}`,
			mail: i % 5 === 0 ? null : `user.${i}@contoso.com`,
			businessPhones: i % 3 === 0 ? [] : [`+1 555 ${String(i % 10000).padStart(4, '0')}`],
			mobilePhone: i % 6 === 0 ? `+1 666 ${i % 1000}` : null,
			jobTitle: i % 4 === 0 ? null : 'Engineer',
			department: i % 7 === 0 ? null : 'R&D',
			employeeId: String(100000 + i),
			accountEnabled: i % 11 !== 0,
		});
	}
	return records;
}

export interface MappingBenchResult {
	items: number;
	/** Compiled mapping, no validation: the cost of the table itself. */
	mappingItemsPerSecond: number;
	/** Compiled mapping plus Salesforce validation of every user, as the node runs it. */
	mappingValidatedItemsPerSecond: number;
	handWrittenItemsPerSecond: number;
	/** handWritten / mapping (no validation): how many times slower the table is. Goal ≤ 3. */
	ratio: number;
	ratioValidated: number;
}

function timeRun(run: () => number): number {
	const start = performance.now();
	const sink = run();
	const elapsed = performance.now() - start;
	if (sink < 0) throw new Error('unreachable');
	return elapsed;
}

export function benchMapping({ items = 100_000, rounds = 5 }: { items?: number; rounds?: number } = {}): MappingBenchResult {
	const records = benchRecords(items);
	const plain = compileMapping(BENCH_ROWS, { validateFor: 'none', derive: { alias: false, nickName: false, displayName: false } });
	const validated = compileMapping(BENCH_ROWS, {
		validateFor: 'update',
		derive: { alias: false, nickName: false, displayName: false },
	});
	const runs = {
		mapping: () => {
			let sink = 0;
			for (const record of records) sink += applyMapping(plain, record).user.schemas.length;
			return sink;
		},
		validated: () => {
			let sink = 0;
			for (const record of records) sink += applyMapping(validated, record).issues.length + 1;
			return sink;
		},
		hand: () => {
			let sink = 0;
			for (const record of records) sink += (handWritten(record).schemas as string[]).length;
			return sink;
		},
	};
	const best = { mapping: Infinity, validated: Infinity, hand: Infinity };
	// Interleaved rounds, best of each: the three see the same machine state, and the JIT warms up in round 1.
	for (let round = 0; round < rounds; round++) {
		for (const name of ['hand', 'mapping', 'validated'] as const) best[name] = Math.min(best[name], timeRun(runs[name]));
	}
	const perSecond = (ms: number) => Math.round(items / (ms / 1000));
	return {
		items,
		mappingItemsPerSecond: perSecond(best.mapping),
		mappingValidatedItemsPerSecond: perSecond(best.validated),
		handWrittenItemsPerSecond: perSecond(best.hand),
		ratio: Number((best.mapping / best.hand).toFixed(2)),
		ratioValidated: Number((best.validated / best.hand).toFixed(2)),
	};
}
