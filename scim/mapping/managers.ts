/**
 * Managers named by a distinguished name (LDAP / Active Directory `manager: CN=Doe\, Jane,OU=Staff,DC=…`).
 * Salesforce knows nobody by DN, so a DN alone resolves to no one. Most managers are entries of the same search,
 * so the batch links them: a user whose `_sfscim.manager.dn` is the DN of another input record (its `dn`, as n8n's
 * LDAP node gives it, or `distinguishedName`) gets that record's mapped email and externalId in
 * `_sfscim.manager` — the keys the Salesforce SCIM node already resolves (username or email, then external ID).
 * A DN outside the input whose first part is `uid=…` (OpenLDAP) gives that uid as the external ID, which is what
 * the LDAP preset uses as the external ID of an entry without an employee ID. Any other DN stays as it is
 * (`dn` and `displayName` only): the SCIM node has nothing to look it up by and reports the link as unresolved.
 */
import type { MappedUser } from './types';

type JsonObject = Record<string, unknown>;

/** One RDN after another, escapes (`\,`, `\2C`) decoded: `[['cn', 'doe, jane'], ['ou', 'staff'], …]`, lower-cased. */
function rdnsOf(dn: string): Array<[string, string]> | undefined {
	const rdns: Array<[string, string]> = [];
	let index = 0;
	while (index < dn.length) {
		let raw = '';
		while (index < dn.length) {
			const char = dn[index];
			if (char === '\\' && index + 1 < dn.length) {
				raw += char + dn[index + 1];
				index += 2;
				continue;
			}
			if (char === ',' || char === ';') break;
			raw += char;
			index++;
		}
		index++;
		const equals = raw.indexOf('=');
		if (equals <= 0) return undefined;
		const value = raw
			.slice(equals + 1)
			.trim()
			.replace(/\\([0-9a-fA-F]{2}|.)/g, (_match, escaped: string) =>
				escaped.length === 2 ? String.fromCharCode(parseInt(escaped, 16)) : escaped,
			);
		rdns.push([raw.slice(0, equals).trim().toLowerCase(), value.toLowerCase()]);
	}
	return rdns.length > 0 ? rdns : undefined;
}

/** Two spellings of one DN (case, spaces after commas, `\,` or `\2C`) compare equal. */
export function dnKey(dn: string): string | undefined {
	const rdns = rdnsOf(dn);
	return rdns?.map(([type, value]) => `${type}=${JSON.stringify(value)}`).join(',');
}

function firstString(value: unknown): string | undefined {
	const one = Array.isArray(value) ? value.find((entry) => typeof entry === 'string') : value;
	return typeof one === 'string' && one.trim() !== '' ? one : undefined;
}

function recordDn(source: unknown): string | undefined {
	if (source === null || typeof source !== 'object') return undefined;
	const record = source as JsonObject;
	return firstString(record.dn) ?? firstString(record.distinguishedName);
}

function workEmailOf(user: MappedUser): string | undefined {
	const emails = Array.isArray(user.emails) ? (user.emails as JsonObject[]) : [];
	const work = emails.find((email) => String(email?.type).toLowerCase() === 'work') ?? emails[0];
	return firstString(work?.value) ?? firstString(user.userName);
}

export interface MappedRecord {
	/** The input record, as read by the rows. */
	source: unknown;
	/** Its mapped user (valid or not); its side-car's manager is completed in place. */
	user: MappedUser;
}

/**
 * Complete `_sfscim.manager` of every record whose manager is given only as a DN. Returns how many were linked
 * to a record of the batch.
 */
export function linkManagersByDn(records: readonly MappedRecord[]): number {
	const byDn = new Map<string, MappedUser | null>();
	for (const { source, user } of records) {
		const dn = recordDn(source);
		const key = dn === undefined ? undefined : dnKey(dn);
		// A DN two records claim names neither.
		if (key !== undefined) byDn.set(key, byDn.has(key) ? null : user);
	}
	let linked = 0;
	for (const { user } of records) {
		const manager = user._sfscim?.manager as JsonObject | undefined;
		const dn = firstString(manager?.dn);
		if (manager === undefined || dn === undefined) continue;
		if (firstString(manager.email) !== undefined || firstString(manager.externalId) !== undefined) continue;
		const key = dnKey(dn);
		const found = key === undefined ? undefined : byDn.get(key);
		if (found) {
			const email = workEmailOf(found);
			const externalId = firstString(found.externalId);
			if (email !== undefined) manager.email = email;
			if (externalId !== undefined) manager.externalId = externalId;
			if (email !== undefined || externalId !== undefined) linked++;
			continue;
		}
		const first = rdnsOf(dn)?.[0];
		if (first?.[0] === 'uid') {
			// The uid as written in the DN, not lower-cased: external IDs are compared as given.
			const uid = /^\s*uid\s*=\s*((?:\\.|[^,;\\])*)/i.exec(dn)?.[1]?.trim();
			if (uid) manager.externalId = uid.replace(/\\(.)/g, '$1');
		}
	}
	return linked;
}
