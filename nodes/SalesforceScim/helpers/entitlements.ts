import type { IDataObject } from 'n8n-workflow';

import { filterEq } from '../../../scim/filter';
import { isSalesforceId, kindOfId, type EntitlementKind } from '../../../scim/salesforceId';
import { entitlementTypeOf } from '../../../scim/user';
import { ScimRequestError, type ScimClient } from '../transport/ScimClient';
import { settle } from '../transport/settle';

export interface Entitlement extends IDataObject {
	id: string;
	displayName: string;
	type: string;
}

/** The kind its type names, or else the kind its id's prefix tells; a type naming neither stays as written. */
function normaliseKind(type: unknown, id: string): EntitlementKind | string {
	return entitlementTypeOf(type) ?? kindOfId(id) ?? String(type ?? '');
}

function toEntitlement(resource: IDataObject): Entitlement {
	const id = String(resource.id ?? resource.value ?? '');
	return {
		...resource,
		id,
		displayName: String(resource.displayName ?? resource.display ?? id),
		type: normaliseKind(resource.type, id),
	};
}

/**
 * All entitlements the org lists, once per execution. Salesforce's list stops at 200 records; names beyond
 * that are looked up one by one with a filter (see resolveByName).
 */
export async function listEntitlements(client: ScimClient): Promise<Entitlement[]> {
	return await client.memo('entitlements', async () =>
		(await client.listAll('/Entitlements')).map((r) => toEntitlement(r)),
	);
}

/** Resolve a profile or permission set named by a person: by ID, or by its display name. */
export async function resolveEntitlement(
	client: ScimClient,
	reference: string,
	kind: EntitlementKind,
): Promise<Entitlement> {
	const wanted = reference.trim();
	if (isSalesforceId(wanted) && (kindOfId(wanted) === kind || !kindOfId(wanted))) {
		// The list only adds a display name: an ID is usable without it (a standard SCIM server has no
		// /Entitlements, and Salesforce's list stops at 200).
		const listed = await settle(listEntitlements(client));
		const known = listed.ok ? listed.value.find((e) => e.id === wanted) : undefined;
		return known ?? { id: wanted, displayName: wanted, type: kind };
	}
	return await client.memo(`entitlement:${kind}:${wanted.toLowerCase()}`, async () => {
		const all = await listEntitlements(client);
		const sameKind = all.filter((e) => e.type === kind);
		const match = sameKind.filter((e) => e.displayName.toLowerCase() === wanted.toLowerCase());
		if (match.length === 1) return match[0];
		if (match.length === 0) {
			// Beyond the 200 the list shows: ask for the name directly.
			const found = await client
				.listAll('/Entitlements', { filter: filterEq('displayName', wanted) })
				.catch((error: unknown) => {
					if (error instanceof ScimRequestError && error.decoded.status === 400) return [];
					throw error;
				});
			const exact = found
				.map((r) => toEntitlement(r))
				.filter((e) => e.type === kind && e.displayName.toLowerCase() === wanted.toLowerCase());
			if (exact.length === 1) return exact[0];
		}
		const label = kind === 'Profile' ? 'profile' : 'permission set';
		if (match.length > 1) {
			throw new Error(
				`Several ${label}s are named "${wanted}" (${match.map((e) => e.id).join(', ')}). Pick the ${label} by ID instead`,
			);
		}
		const closest = closestNames(wanted, sameKind.map((e) => e.displayName));
		throw new Error(
			`No ${label} named "${wanted}" in this org.${closest.length ? ` Closest: ${closest.map((n) => `"${n}"`).join(', ')}.` : ''} Pick it from the list or check the spelling`,
		);
	});
}

/** A few names nearest to what was typed, for the "did you mean" part of an error. */
export function closestNames(wanted: string, names: string[], count = 3): string[] {
	const target = wanted.toLowerCase();
	return names
		.map((name) => ({ name, distance: editDistance(target, name.toLowerCase()) }))
		.sort((a, b) => a.distance - b.distance)
		.filter((entry) => entry.distance <= Math.max(3, Math.ceil(target.length / 2)))
		.slice(0, count)
		.map((entry) => entry.name);
}

function editDistance(a: string, b: string): number {
	const row = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		let previous = row[0];
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const current = row[j];
			row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
			previous = current;
		}
	}
	return row[b.length];
}

/**
 * Entitlements as SCIM wants them on a user: `{ value, type, display }`. References by name (what the
 * mapping node emits, `{ display, type }` without a value) are resolved here, at write time.
 */
export async function resolveUserEntitlements(
	client: ScimClient,
	entitlements: IDataObject[],
): Promise<IDataObject[]> {
	const resolved: IDataObject[] = [];
	for (const entry of entitlements) {
		const value = String(entry.value ?? '').trim();
		const declared = normaliseKind(entry.type, value);
		const kind: EntitlementKind =
			declared === 'Profile' || declared === 'PermissionSet'
				? declared
				: String(entry.primary).toLowerCase() === 'true'
					? 'Profile'
					: 'PermissionSet';
		const reference = value || String(entry.display ?? '').trim();
		if (!reference) continue;
		const entitlement = await resolveEntitlement(client, reference, kind);
		resolved.push({ value: entitlement.id, type: kind, display: entitlement.displayName, ...(kind === 'Profile' ? { primary: true } : {}) });
	}
	return resolved;
}
