/**
 * BambooHR as the Directory Change Trigger reads it: API-key Basic auth, `GET /api/gateway.php/{company}/v1/
 * employees/changed?since=…` (ids with Inserted / Updated / Deleted and lastChanged), `GET …/v1/employees/{id}
 * ?fields=…`, and `…/v1/meta/fields` for the credential test. BambooHR throttles with 503 and Retry-After.
 */
import { randomBytes } from 'node:crypto';

import { Clock, SourceEmulator, type SourceReply, type SourceRequestInfo } from './server';

export type BambooEmployee = Record<string, unknown> & { id: string };

export class BambooHrEmulator extends SourceEmulator {
	readonly company: string;
	readonly apiKey: string;
	readonly employees = new Map<string, BambooEmployee>();
	private readonly changes = new Map<string, { action: 'Inserted' | 'Updated' | 'Deleted'; lastChanged: string }>();
	readonly clock = new Clock();
	private next = 100;

	constructor(options: { company?: string; apiKey?: string } = {}) {
		super();
		this.company = options.company ?? 'acme';
		this.apiKey = options.apiKey ?? randomBytes(20).toString('hex');
	}

	protected throttled(): SourceReply {
		// BambooHR answers a rate-limited request with 503 Service Unavailable and Retry-After.
		const seconds = this.faults.retryAfterSeconds ?? 1;
		return { status: 503, body: 'Service Unavailable', headers: seconds > 0 ? { 'Retry-After': String(seconds) } : {} };
	}

	createEmployee(fields: Record<string, unknown>): BambooEmployee {
		const employee: BambooEmployee = { status: 'Active', employmentHistoryStatus: 'Full-Time', terminationDate: '0000-00-00', ...fields, id: String(this.next++) };
		this.employees.set(employee.id, employee);
		this.changes.set(employee.id, { action: 'Inserted', lastChanged: this.stamp() });
		return employee;
	}

	updateEmployee(id: string, patch: Record<string, unknown>): BambooEmployee {
		const employee = this.employees.get(id);
		if (!employee) throw new Error(`no employee ${id}`);
		Object.assign(employee, patch);
		this.changes.set(id, { action: 'Updated', lastChanged: this.stamp() });
		return employee;
	}

	terminate(id: string, date = '2026-12-31') {
		this.updateEmployee(id, { status: 'Inactive', employmentHistoryStatus: 'Terminated', terminationDate: date });
	}

	deleteEmployee(id: string) {
		this.employees.delete(id);
		this.changes.set(id, { action: 'Deleted', lastChanged: this.stamp() });
	}

	/** BambooHR's format: seconds, with a +00:00 offset. */
	private stamp(): string {
		return this.clock.now().replace(/\.\d{3}Z$/, '+00:00');
	}

	protected route(request: SourceRequestInfo): SourceReply {
		const auth = request.headers.authorization;
		const expected = `Basic ${Buffer.from(`${this.apiKey}:x`).toString('base64')}`;
		if (auth !== expected) return { status: 401, body: 'Unauthorized', headers: { 'WWW-Authenticate': 'Basic realm="BambooHR"' } };
		const prefix = `/api/gateway.php/${this.company}/v1`;
		if (!request.path.startsWith(prefix)) return { status: 404, body: 'Company not found' };
		const path = request.path.slice(prefix.length);
		if (request.method !== 'GET') return { status: 405, body: 'Method not allowed' };
		if (path === '/meta/fields') return { status: 200, body: [{ id: 1, name: 'First Name', type: 'text', alias: 'firstName' }] };
		if (path === '/employees/changed') return this.changed(request);
		const match = /^\/employees\/([^/]+)$/.exec(path);
		if (match) return this.employee(decodeURIComponent(match[1]), request);
		return { status: 404, body: 'Not found' };
	}

	private changed(request: SourceRequestInfo): SourceReply {
		const since = Date.parse(request.query.get('since') ?? '');
		if (Number.isNaN(since)) return { status: 400, body: 'Invalid since' };
		const employees: Record<string, unknown> = {};
		let latest = '';
		for (const [id, change] of this.changes) {
			if (Date.parse(change.lastChanged) <= since) continue;
			employees[id] = { id, action: change.action, lastChanged: change.lastChanged };
			if (change.lastChanged > latest) latest = change.lastChanged;
		}
		return { status: 200, body: { latest: latest || new Date(since).toISOString(), employees } };
	}

	private employee(id: string, request: SourceRequestInfo): SourceReply {
		const employee = this.employees.get(id);
		if (!employee) return { status: 404, body: 'Employee not found' };
		const fields = (request.query.get('fields') ?? 'firstName,lastName').split(',');
		const answer: Record<string, unknown> = { id };
		// BambooHR answers every field asked for, null when empty.
		for (const field of fields) answer[field] = employee[field] ?? null;
		return { status: 200, body: answer };
	}
}
