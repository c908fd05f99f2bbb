/**
 * From a sync's input and what Salesforce holds to the plan: the core's one entry for a run. What the org's schema
 * lacks is neither sent nor compared (it would never stick, and would be sent every run); managers named by
 * username, email or external id become ids (or new users of this run); then planSync decides.
 */
import { SCHEMA, type ScimUser } from '../schemas';
import { isActive, keyOf } from './match';
import { keptBySchema, type OrgSchema } from './orgSchema';
import { planSync } from './plan';
import { ManagerDirectory, managerNotFoundNote, newUserKeyOf, newUserReference, type ManagerReference } from './references';
import { DEFAULT_SYNC_OPTIONS, type MatchKey, type SyncOptions, type SyncPlan } from './types';

/**
 * A sync's input as the planner takes it: the desired users, and what was found out about each on the way (index =
 * position in `users`).
 */
export interface SyncInput {
	users: ScimUser[];
	/** Per desired user: the input item (or record) it came from. */
	itemOf: number[];
	/** Desired users that cannot be synced (index → why); reported, and never taken for leavers. */
	invalid: Map<number, string>;
	notes: Map<number, string>;
	managers: Map<number, ManagerReference>;
	/** Attributes left out because the org's SCIM schema has no such attribute (index → names). */
	notKept: Map<number, string[]>;
}

/** What a sync reads of Salesforce before it plans. */
export interface SalesforceView {
	/** Every user, projected on what the plan compares. */
	users: ScimUser[];
	/** Never deactivated: the user the sync runs as. */
	protectedIds: string[];
	/** The org's SCIM schema, when it serves one. */
	orgSchema?: OrgSchema;
}

/**
 * The plan for this input against this view of Salesforce. Changes `input` (users without what the schema
 * lacks, manager links, notes): the caller reports from it. A refused plan throws SyncRefusedError, as planSync.
 */
export function planSyncRun(input: SyncInput, salesforce: SalesforceView, options: SyncOptions): SyncPlan {
	keepOnlySchema(input, salesforce.orgSchema);
	linkManagers(input, salesforce.users, options.matchBy ?? DEFAULT_SYNC_OPTIONS.matchBy);
	return planSync(input.users, salesforce.users, { ...options, invalid: input.invalid, protectedIds: salesforce.protectedIds });
}

/** Desired users without what the org's schema lacks; what was left out is told per user (desired.notKept). */
function keepOnlySchema(desired: SyncInput, schema: OrgSchema | undefined) {
	if (!schema) return;
	for (const [index, user] of desired.users.entries()) {
		const { user: kept, left } = keptBySchema(user, schema);
		if (left.length === 0) continue;
		desired.users[index] = kept;
		desired.notKept.set(index, left);
	}
}

/**
 * Managers named by username, email or external id → ids, from the users just read. A manager who is not in
 * Salesforce but is in the input (a first import of a whole company) is created in this run: the link names them
 * (newUserReference) and apply fills in their id once they exist.
 */
function linkManagers(desired: SyncInput, actual: ScimUser[], matchBy: MatchKey) {
	if (desired.managers.size === 0) return;
	const directory = new ManagerDirectory(actual);
	let joiners: ManagerDirectory | undefined;
	const joinersOf = () => {
		const held = new Set<string>();
		for (const user of actual) {
			const key = keyOf(user, matchBy);
			if (key !== undefined) held.add(key);
		}
		// Who this run may create: not in Salesforce by the matching key, active, valid. A shallow copy each, the
		// reference standing in for the id.
		const candidates: ScimUser[] = [];
		for (const [index, user] of desired.users.entries()) {
			const key = keyOf(user, matchBy);
			if (key === undefined || held.has(key) || desired.invalid.has(index) || !isActive(user)) continue;
			candidates.push({ ...user, id: newUserReference(key) });
		}
		return new ManagerDirectory(candidates);
	};
	for (const [index, reference] of desired.managers) {
		const user = desired.users[index];
		let id = directory.resolve(reference);
		if (!id) {
			joiners ??= joinersOf();
			id = joiners.resolve(reference);
			if (id !== undefined && newUserKeyOf(id) === keyOf(user, matchBy)) id = undefined;
		}
		if (!id) {
			desired.notes.set(index, managerNotFoundNote(reference));
			continue;
		}
		const enterprise = { ...((user[SCHEMA.enterpriseUser] as Record<string, unknown> | undefined) ?? {}) };
		enterprise.manager = { value: id };
		user[SCHEMA.enterpriseUser] = enterprise;
		if (!user.schemas?.includes(SCHEMA.enterpriseUser)) user.schemas = [...(user.schemas ?? [SCHEMA.user]), SCHEMA.enterpriseUser];
	}
}

