import type { IDataObject } from 'n8n-workflow';

import { looseKey } from '../../../scim/mapping';
import type { ObservedUser } from '../../../scim/events/directoryState';
import { SourceRequestError } from '../transport/SourceClient';
import type { DirectorySource, SourceRead } from './types';

/** Column names tried, in order, when no Key Field is set (loosely: `Employee ID`, `employee_id`, `EMPLOYEEID`). */
/** The columns the csv preset reads a username from, in its order. */
const LOGIN_CANDIDATES = ['Username', 'Email', 'Work Email'];

const KEY_CANDIDATES = ['Employee ID', 'Employee Number', 'ID', 'User ID', 'Username', 'Email', 'Work Email', 'Mail'];

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, a byte-order mark. */
export function parseCsv(text: string, delimiter = ','): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	const input = text.replace(/^\uFEFF/, '');
	for (let index = 0; index < input.length; index++) {
		const char = input[index];
		if (quoted) {
			if (char === '"' && input[index + 1] === '"') {
				field += '"';
				index++;
			} else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"' && field === '') quoted = true;
		else if (char === delimiter) {
			row.push(field);
			field = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && input[index + 1] === '\n') index++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += char;
	}
	if (field !== '' || row.length > 0) {
		row.push(field);
		rows.push(row);
	}
	return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
}

/** Rows as n8n's Extract from File gives them: one object per line, empty cells left out. */
export function csvRecords(text: string, delimiter = ','): Record<string, string>[] {
	const [header, ...rows] = parseCsv(text, delimiter);
	if (!header) return [];
	return rows.map((cells) => {
		const record: Record<string, string> = {};
		header.forEach((name, index) => {
			const value = cells[index];
			if (value !== undefined && value !== '') record[name.trim()] = value;
		});
		return record;
	});
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

function jsonRecords(text: string, property: string): IDataObject[] {
	const parsed = parseJson(text.replace(/^\uFEFF/, ''));
	if (parsed instanceof Error) {
		throw new SourceRequestError(`The list is not valid JSON: ${parsed.message}`, 200, undefined, 'Set List Format to CSV, or fix the file. Nothing was emitted.');
	}
	let list: unknown = parsed;
	if (property) {
		for (const part of property.split('.')) list = (list as IDataObject | undefined)?.[part];
	} else if (!Array.isArray(parsed) && parsed && typeof parsed === 'object') {
		// Common wrappers: { users: [...] }, { value: [...] }, { data: [...] }, { employees: [...] }
		list = ['users', 'value', 'data', 'employees', 'items', 'Resources'].map((key) => (parsed as IDataObject)[key]).find(Array.isArray);
	}
	if (!Array.isArray(list)) {
		throw new SourceRequestError(
			`The JSON list has no array of people${property ? ` at "${property}"` : ''}`,
			200,
			undefined,
			'Set "List Property" to the property that holds the array (e.g. users or data.people). Nothing was emitted.',
		);
	}
	return list.filter((entry): entry is IDataObject => entry !== null && typeof entry === 'object' && !Array.isArray(entry));
}

function findKey(record: Record<string, unknown>, wanted: string): string | undefined {
	const loose = looseKey(wanted);
	return Object.keys(record).find((name) => name === wanted) ?? Object.keys(record).find((name) => looseKey(name) === loose);
}

interface ListSettings {
	format: 'auto' | 'csv' | 'json';
	keyField: string;
	listProperty: string;
	delimiter: string;
	preset: string;
}

function settings(ctx: Parameters<DirectorySource['key']>[0]): ListSettings {
	return {
		format: ctx.getNodeParameter('listFormat', 'auto') as ListSettings['format'],
		keyField: String(ctx.getNodeParameter('keyField', '') ?? '').trim(),
		listProperty: String(ctx.getNodeParameter('options.listProperty', '') ?? '').trim(),
		delimiter: String(ctx.getNodeParameter('options.delimiter', ',') || ','),
		preset: String(ctx.getNodeParameter('listPreset', 'csv')),
	};
}

/** The list's records and the field that identifies a person in it. */
export function readList(text: string, contentType: string, options: ListSettings): { records: Record<string, unknown>[]; key: string } {
	const trimmed = text.trimStart();
	const json = options.format === 'json' || (options.format === 'auto' && (/json/i.test(contentType) || trimmed.startsWith('[') || trimmed.startsWith('{')));
	const records = json ? (jsonRecords(text, options.listProperty) as Record<string, unknown>[]) : csvRecords(text, options.delimiter);
	const first = records[0] ?? {};
	const key = options.keyField
		? (findKey(first, options.keyField) ?? options.keyField)
		: (KEY_CANDIDATES.map((candidate) => findKey(first, candidate)).find((name) => name !== undefined) ?? '');
	if (records.length > 0 && !key) {
		throw new SourceRequestError(
			`No Key Field set and none of ${KEY_CANDIDATES.join(', ')} is in the list (its fields: ${Object.keys(first).slice(0, 12).join(', ')})`,
			200,
			undefined,
			'Set Key Field to the column that identifies a person and never changes (an employee ID, else the email). Nothing was emitted.',
		);
	}
	return { records, key };
}

export const listSource: DirectorySource = {
	type: 'list',
	credentialType: 'directoryListApi',
	preset: 'csv',
	label: 'The list',
	async key(ctx) {
		const credentials = await ctx.getCredentials('directoryListApi');
		const url = String(credentials.url ?? '');
		const { keyField, listProperty } = settings(ctx);
		const parsed = URL.canParse(url) ? new URL(url) : undefined;
		if (!parsed) {
			throw new SourceRequestError('The List URL in the credential is not a URL', 0, undefined, 'Enter the full address, e.g. https://hr.example.com/people.csv.');
		}
		const host = parsed.host;
		// The URL itself may carry a secret: the key keeps only a hash-free summary of what identifies the list.
		return { key: `list|${host}${new URL(url).pathname}|${keyField}|${listProperty}`, name: host };
	},
	async read(input): Promise<SourceRead> {
		const credentials = await input.ctx.getCredentials('directoryListApi');
		const options = settings(input.ctx);
		const response = await input.client.get<string>({ url: String(credentials.url), text: true, followRedirects: true });
		const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? '');
		const { records, key } = readList(text, String(response.headers['content-type'] ?? ''), options);
		const observed: ObservedUser[] = [];
		const seen = new Set<string>();
		for (const [index, record] of records.entries()) {
			const id = record[key];
			if (id === undefined || id === null || String(id).trim() === '') {
				throw new SourceRequestError(
					`Row ${index + 1} of the list has no ${key}`,
					200,
					undefined,
					'Every person needs a value in the Key Field: a row without one would look like a leaver. Fix the list or choose another Key Field. Nothing was emitted.',
				);
			}
			const normalized = String(id).trim().toLowerCase();
			if (seen.has(normalized)) {
				throw new SourceRequestError(
					`The list has ${key} "${String(id).trim()}" twice`,
					200,
					undefined,
					'The Key Field must identify one person. Fix the list or choose another Key Field. Nothing was emitted.',
				);
			}
			seen.add(normalized);
			observed.push({ id: String(id).trim(), user: record });
		}
		const first = records[0] ?? {};
		const loginField = LOGIN_CANDIDATES.map((candidate) => findKey(first, candidate)).find((name) => name !== undefined);
		return {
			observed,
			snapshot: true,
			login: loginField ? (user) => (typeof user[loginField] === 'string' ? (user[loginField] as string) : undefined) : undefined,
			// A person no longer in the list: the key and sign-in name under their own columns, and a status the
			// csv preset maps to inactive.
			tombstone: (id, login) => ({ [key]: id, ...(loginField && login ? { [loginField]: login } : {}), Status: 'Deleted' }),
		};
	},
};
