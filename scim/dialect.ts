/**
 * The Salesforce dialect as a small named set of differences from RFC 7644, so callers choose by dialect instead
 * of scattering `if (salesforce)` through the code.
 */
import { quoteFilterValue } from './filter';
import type { PatchOperation } from './patchop';

export interface ScimDialect {
	readonly name: 'salesforce' | 'rfc';
	/** Largest page the server returns, whatever `count` asks for. */
	readonly maxPageSize: number;
	/** PatchOps that add or remove group members. */
	membersPatch(op: 'add' | 'remove', memberIds: string[]): PatchOperation[];
}

export const SalesforceDialect: ScimDialect = Object.freeze({
	name: 'salesforce',
	maxPageSize: 200,
	// Salesforce wraps the member list in an object for both add and remove: value: {members: [{value}]}.
	membersPatch(op: 'add' | 'remove', memberIds: string[]): PatchOperation[] {
		if (memberIds.length === 0) return [];
		return [{ op, path: 'members', value: { members: memberIds.map((value) => ({ value })) } }];
	},
});

export const RfcDialect: ScimDialect = Object.freeze({
	name: 'rfc',
	maxPageSize: 1000,
	// RFC 7644 §3.5.2.2: a `remove` of "members" without a filter empties the group, so every removal names its member.
	membersPatch(op: 'add' | 'remove', memberIds: string[]): PatchOperation[] {
		if (memberIds.length === 0) return [];
		if (op === 'add') return [{ op: 'add', path: 'members', value: memberIds.map((value) => ({ value })) }];
		return memberIds.map((id) => ({ op: 'remove' as const, path: `members[value eq ${quoteFilterValue(id)}]` }));
	},
});

export function dialectNamed(name: string | undefined): ScimDialect {
	return name === 'rfc' ? RfcDialect : SalesforceDialect;
}
