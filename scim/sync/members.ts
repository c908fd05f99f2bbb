/** Group membership sync: the exact member list a group should have, as adds and removes. */
import { salesforceIdKey } from '../salesforceId';

export interface MemberPlan {
	add: string[];
	remove: string[];
	/** Members already in the group and wanted. */
	keep: string[];
}


/**
 * Adds are the wanted ids the group lacks, removes the held ids nobody wants. An empty wanted list would empty
 * the group; the caller must have asked for that explicitly (`allowEmpty`), or it is refused.
 */
export function planMembers(wanted: readonly string[], current: readonly string[], options: { allowEmpty?: boolean } = {}): MemberPlan {
	const want = new Map<string, string>();
	for (const id of wanted) if (id) want.set(salesforceIdKey(id), id);
	if (want.size === 0 && !options.allowEmpty) {
		throw new Error('No members given: syncing to an empty list would remove everyone from the group. Nothing was changed. Turn on "Allow Emptying the Group" if that is what you mean');
	}
	const held = new Map<string, string>();
	for (const id of current) if (id) held.set(salesforceIdKey(id), id);
	const plan: MemberPlan = { add: [], remove: [], keep: [] };
	for (const [key, id] of want) (held.has(key) ? plan.keep : plan.add).push(held.get(key) ?? id);
	for (const [key, id] of held) if (!want.has(key)) plan.remove.push(id);
	return plan;
}
