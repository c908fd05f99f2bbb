/**
 * Node output items → the report's lines. Ids become names (users, profiles, permission sets) by looking
 * them up in the emulator, so a reader sees "manager: Élodie Marchand", not "005Dn…".
 */
import type { IDataObject } from 'n8n-workflow';

import type { EmulatorState } from '../emulator';

export interface Line {
	/** create, update, deactivate, reactivate, created, added, removed, … as the node reported it. */
	action: string;
	subject: string;
	details: string[];
}

export interface InvalidRecord {
	who: string;
	reasons: string[];
}

const ENTERPRISE_PREFIX = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export class Describer {
	constructor(private readonly state: EmulatorState) {}

	private userName(id: string): string {
		const u = this.state.users.get(id) ?? this.state.findUser(id);
		return u ? [u.attrs.name.givenName, u.attrs.name.familyName].filter(Boolean).join(' ') : id;
	}

	private entitlement(e: IDataObject): string {
		const id = String(e.value ?? '');
		return this.state.profiles.get(id)?.name ?? this.state.permissionSets.get(id)?.label ?? String(e.display ?? id);
	}

	private group(id: string): string {
		return this.state.groups.get(id)?.displayName ?? id;
	}

	/** A SCIM value as a person reads it. */
	value(attribute: string, value: unknown): string {
		if (value === null || value === undefined || value === '') return '—';
		const short = shortName(attribute);
		if (short === 'manager' && typeof value === 'object') return this.userName(String((value as IDataObject).value ?? ''));
		if (short === 'entitlements' && Array.isArray(value)) return (value as IDataObject[]).map((e) => this.entitlement(e)).join(', ') || '—';
		if (short === 'name' && typeof value === 'object') {
			const n = value as IDataObject;
			return [n.givenName, n.familyName].filter(Boolean).join(' ');
		}
		if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v ? String((v as IDataObject).value ?? JSON.stringify(v)) : String(v))).join(', ');
		if (typeof value === 'object') {
			const o = value as IDataObject;
			if (short === ENTERPRISE_PREFIX) return Object.entries(o).map(([k, v]) => `${k}: ${this.value(k, v)}`).join(', ');
			return JSON.stringify(o);
		}
		return String(value);
	}

	/** One plan or result item of User → Sync. */
	syncItem(item: IDataObject): Line {
		const action = String(item.action);
		const details: string[] = [];
		const changes = (Array.isArray(item.changes) ? item.changes : []) as IDataObject[];
		if (action === 'create') {
			const after = Object.fromEntries(changes.map((c) => [String(c.attribute), c.after])) as IDataObject;
			const enterprise = (after[ENTERPRISE_PREFIX] ?? {}) as IDataObject;
			const facts = [after.title, enterprise.department, enterprise.manager ? `manager ${this.value('manager', enterprise.manager)}` : undefined, this.value('entitlements', after.entitlements)];
			details.push(facts.filter((f) => f && f !== '—').join(' · '));
		} else if (action !== 'deactivate' && action !== 'reactivate') {
			for (const change of changes) {
				const before = this.value(String(change.attribute), change.before);
				const after = this.value(String(change.attribute), change.after);
				// The plan may list an attribute whose value is the same once read (a manager with its $ref): not a change to show.
				if (before !== after) details.push(`${label(String(change.attribute))}: ${before} → ${after}`);
			}
		}
		if (item.reason) details.push(String(item.reason));
		if (item.note) details.push(String(item.note));
		if (item.outcome === 'failed') details.push(`FAILED: ${String(item.error ?? '')}`);
		return { action, subject: String(item.userName ?? item.key ?? '?'), details };
	}

	/** One output item of the other Salesforce SCIM operations (upsert, group members, deactivate). */
	nodeItem(item: IDataObject): Line | undefined {
		const action = typeof item.action === 'string' ? item.action : undefined;
		if (!action) return undefined;
		if (typeof item.displayName === 'string' && ('added' in item || 'removed' in item)) {
			const ids = (item.added ?? item.removed ?? []) as string[];
			const others = (item.alreadyMembers ?? item.notMembers ?? []) as string[];
			const details = ids.length
				? [ids.map((id) => this.userName(id)).join(', ')]
				: [`${others.map((id) => this.userName(id)).join(', ')} ${'added' in item ? 'already a member' : 'not a member any more (Salesforce drops public group memberships on deactivation)'}`];
			return { action, subject: `group ${item.displayName}`, details };
		}
		const details: string[] = [];
		if (action === 'created') {
			details.push([item.title, item.department, item.managerId ? `manager ${this.userName(String(item.managerId))}` : undefined, item.profile, ...((item.permissionSets as string[]) ?? [])].filter(Boolean).join(' · '));
		}
		if (Array.isArray(item.changed) && item.changed.length) details.push(`changed: ${item.changed.join(', ')}`);
		if (Array.isArray(item.groups) && item.groups.length) details.push(`was in ${(item.groups as string[]).map((g) => this.group(g)).join(', ')}`);
		return { action, subject: String(item.userName ?? item.user ?? item.id ?? '?'), details };
	}

	/** An item of the Mapping node's Invalid output. */
	invalid(item: IDataObject): InvalidRecord {
		const user = (item.user ?? {}) as IDataObject;
		const name = (user.name ?? {}) as IDataObject;
		const who = [[name.givenName, name.familyName].filter(Boolean).join(' '), user.externalId ? `(${String(user.externalId)})` : ''].filter(Boolean).join(' ');
		const issues = (Array.isArray(item.issues) ? item.issues : []) as IDataObject[];
		return { who: who || '(unnamed record)', reasons: issues.length ? issues.map((i) => `${String(i.path)}: ${String(i.message)}`) : [String(item.error ?? 'invalid')] };
	}
}

/** Salesforce's words for SCIM's: entitlements are the profile and the permission sets. */
function label(attribute: string): string {
	const short = shortName(attribute);
	return short === 'entitlements' ? 'profile & permission sets' : short;
}

function shortName(attribute: string): string {
	if (attribute.startsWith(`${ENTERPRISE_PREFIX}:`)) return attribute.slice(ENTERPRISE_PREFIX.length + 1);
	return attribute;
}
