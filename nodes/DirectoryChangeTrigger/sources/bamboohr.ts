import type { IDataObject } from 'n8n-workflow';

import type { ObservedUser } from '../../../scim/events/directoryState';
import { SourceRequestError } from '../transport/SourceClient';
import { trimSlash, type DirectorySource, type SourceRead } from './types';

const EPOCH = '1970-01-01T00:00:00Z';
/** Re-read the minutes before the cursor: a change saved while we read is not lost; fingerprints drop repeats. */
const OVERLAP_MS = 5 * 60_000;

/** The fields the `bamboohr` Mapping preset reads. */
export const BAMBOOHR_FIELDS = [
	'workEmail',
	'preferredName',
	'firstName',
	'lastName',
	'displayName',
	'workPhone',
	'mobilePhone',
	'jobTitle',
	'terminationDate',
	'status',
	'employmentHistoryStatus',
	'employeeNumber',
	'department',
	'division',
	'supervisorEmail',
	'supervisorEId',
	'supervisor',
];

interface ChangedAnswer {
	latest?: string;
	employees?: Record<string, { id?: string; action?: string; lastChanged?: string }>;
}

async function apiBase(ctx: Parameters<DirectorySource['key']>[0]) {
	const credentials = await ctx.getCredentials('bambooHrDirectoryApi');
	const company = String(credentials.companyDomain ?? '').trim();
	return { company, base: `${trimSlash(String(credentials.apiUrl || 'https://api.bamboohr.com'))}/api/gateway.php/${encodeURIComponent(company)}` };
}

export const bambooHrSource: DirectorySource = {
	type: 'bamboohr',
	credentialType: 'bambooHrDirectoryApi',
	preset: 'bamboohr',
	label: 'BambooHR',
	tombstone: (id, login) => ({ id, ...(login ? { workEmail: login } : {}), status: 'Inactive' }),
	login: (user) => (typeof user.workEmail === 'string' && user.workEmail ? user.workEmail : undefined),
	async key(ctx) {
		const { company } = await apiBase(ctx);
		return { key: `bamboohr|${company}`, name: company };
	},
	async read(input): Promise<SourceRead> {
		const { base } = await apiBase(input.ctx);
		const cursor = input.state?.cursor;
		const since = cursor ? new Date(Date.parse(cursor) - OVERLAP_MS).toISOString().replace(/\.\d{3}Z$/, 'Z') : EPOCH;
		const { body, status } = await input.client.get<ChangedAnswer>({ url: `${base}/v1/employees/changed`, qs: { since } });
		if (!body || typeof body !== 'object' || (body.employees !== undefined && typeof body.employees !== 'object')) {
			throw new SourceRequestError('BambooHR’s list of changed employees is malformed', status, body, 'Nothing was emitted; the trigger keeps its place.');
		}
		const changed = Object.entries(body.employees ?? {});
		let latest = cursor ?? EPOCH;
		for (const [, entry] of changed) {
			if (typeof entry.lastChanged === 'string' && Date.parse(entry.lastChanged) > Date.parse(latest)) latest = new Date(Date.parse(entry.lastChanged)).toISOString();
		}

		const observed: ObservedUser[] = [];
		// A first run that only records needs no employee's fields: BambooHR says per change whether it was an
		// insert, an update or a delete, so ids are enough to tell a new employee from a known one later.
		const recordOnly = !input.state && input.ctx.getNodeParameter('firstRun', 'baseline') === 'baseline';
		for (const [key, entry] of changed) {
			const id = String(entry.id ?? key);
			if (entry.action === 'Deleted') {
				observed.push({ id, user: { id }, removed: true });
				continue;
			}
			// …except those the next poll's overlap reads again: they need their real fingerprint now.
			if (recordOnly && (Date.parse(entry.lastChanged ?? '') || 0) < Date.parse(latest) - OVERLAP_MS) {
				observed.push({ id, user: { id }, active: true });
				continue;
			}
			const employee = await input.client.get<IDataObject>({
				url: `${base}/v1/employees/${encodeURIComponent(id)}`,
				qs: { fields: BAMBOOHR_FIELDS.join(','), onlyCurrent: 'false' },
			});
			observed.push({ id, user: { ...employee.body, id } as Record<string, unknown> });
		}
		return { observed, snapshot: false, cursor: latest };
	},
};
