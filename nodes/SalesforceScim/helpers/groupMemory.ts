import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * Salesforce does not put a reactivated user back into their public groups. Deactivate remembers the groups in
 * the workflow's static data (saved by n8n for active workflows) so that Reactivate can restore them.
 */
const KEY = 'groupsAtDeactivation';

export function groupIdsOf(user: IDataObject): string[] {
	const groups = Array.isArray(user.groups) ? (user.groups as IDataObject[]) : [];
	return groups.map((g) => String(g.value ?? '')).filter(Boolean);
}

export function rememberGroups(ctx: IExecuteFunctions, user: IDataObject): string[] {
	const groups = groupIdsOf(user);
	if (groups.length) {
		const data = ctx.getWorkflowStaticData('node');
		const memory = ((data[KEY] as IDataObject | undefined) ?? {}) as IDataObject;
		memory[String(user.id)] = groups;
		data[KEY] = memory;
	}
	return groups;
}

export function recalledGroups(ctx: IExecuteFunctions, userId: string): string[] {
	const memory = (ctx.getWorkflowStaticData('node')[KEY] ?? {}) as IDataObject;
	const groups = memory[userId];
	return Array.isArray(groups) ? groups.map(String) : [];
}
