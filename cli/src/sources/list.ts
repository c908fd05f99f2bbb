/**
 * "Any list": a CSV or JSON export of people at a URL, optionally behind a header (a report key, a bearer
 * token). Tests edit the rows; the Directory Change Trigger compares each download with the last.
 */
import { randomBytes } from 'node:crypto';

import { SourceEmulator, type SourceReply, type SourceRequestInfo } from './server';

export class ListEmulator extends SourceEmulator {
	readonly token = randomBytes(12).toString('hex');
	/** The rows, as a spreadsheet would hold them (all strings). */
	rows: Record<string, string>[] = [];
	columns: string[] = ['Employee ID', 'First Name', 'Last Name', 'Email', 'Title', 'Department', 'Status'];

	get csvUrl() {
		return `${this.url}/exports/people.csv`;
	}

	get jsonUrl() {
		return `${this.url}/exports/people.json`;
	}

	upsert(row: Record<string, string>) {
		const index = this.rows.findIndex((existing) => existing['Employee ID'] === row['Employee ID']);
		if (index >= 0) this.rows[index] = { ...this.rows[index], ...row };
		else this.rows.push(row);
	}

	remove(employeeId: string) {
		this.rows = this.rows.filter((row) => row['Employee ID'] !== employeeId);
	}

	toCsv(): string {
		const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
		// A byte-order mark and CRLF, as Excel writes them.
		return `\uFEFF${[this.columns.join(','), ...this.rows.map((row) => this.columns.map((column) => quote(row[column] ?? '')).join(','))].join('\r\n')}\r\n`;
	}

	protected route(request: SourceRequestInfo): SourceReply {
		if (request.headers.authorization !== `Bearer ${this.token}`) return { status: 401, body: 'Unauthorized' };
		if (request.path === '/exports/people.csv') return { status: 200, body: this.toCsv(), headers: { 'Content-Type': 'text/csv; charset=utf-8' } };
		if (request.path === '/exports/people.json') return { status: 200, body: { users: this.rows } };
		return { status: 404, body: 'Not found' };
	}
}
