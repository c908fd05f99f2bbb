/**
 * planSync: the whole reconciliation of a directory with Salesforce, decided before anything is written.
 * Pure and linear: both sides are indexed once in Maps keyed by the lowercased matching key, each matched user
 * costs one buildPatchOps, and a desired user is never deep-cloned (see withoutCreateOnly).
 */
import { asBoolean } from '../attribute';
import type { PatchOperation } from '../patchop';
import { salesforceIdKey } from '../salesforceId';
import type { ScimUser } from '../schemas';
import { leaverNotCreated, normaliseUser } from '../user';
import { validateUser } from '../userValidation';
import { changesOf } from './changes';
import { createOnlyOf, withoutMeta } from './createOnly';
import { isActive, keyOf, scopePredicate } from './match';
import { checkSafety } from './safety';
import { userUpdateOperations } from './update';
import {
	DEFAULT_SYNC_OPTIONS,
	SyncRefusedError,
	type SyncAction,
	type SyncActionKind,
	type SyncIssue,
	type SyncOptions,
	type SyncPlan,
	type SyncSummary,
} from './types';

const KEY_NAMES = { userName: 'username', email: 'email', externalId: 'external ID', federationId: 'federation ID (externalId)' } as const;

export function planSync(desired: readonly ScimUser[], actual: readonly ScimUser[], options: SyncOptions = {}): SyncPlan {
	const matchBy = options.matchBy ?? DEFAULT_SYNC_OPTIONS.matchBy;
	const enabled = (kind: Exclude<SyncActionKind, 'noop'>) => options.actions?.[kind] !== false;
	if (desired.length === 0 && !options.allowEmptyInput) {
		throw new SyncRefusedError(
			'Refusing to sync an empty input: it would mean every managed Salesforce user has left. Nothing was written.',
			'emptyInput',
			'Check the node before this one (an empty file, a failed query, a filter that matched nobody). If an empty directory is really what you mean, turn on "Allow Empty Input".',
		);
	}
	const inScope = scopePredicate(options.scope);
	const protectedIds = new Set((options.protectedIds ?? []).map(salesforceIdKey));

	// Index Salesforce once. Every user with a key is indexed, in scope or not, so that a desired user who
	// matches someone out of scope is reported, never created a second time.
	const byKey = new Map<string, ScimUser | ScimUser[]>();
	for (const user of actual) {
		const key = keyOf(user, matchBy);
		if (key === undefined) continue;
		const held = byKey.get(key);
		if (held === undefined) byKey.set(key, user);
		else if (Array.isArray(held)) held.push(user);
		else byKey.set(key, [held, user]);
	}

	const actions: SyncAction[] = [];
	const issues: SyncIssue[] = [];
	const firstIndex = new Map<string, number>();
	const globalCreateOnly = options.createOnly ?? [];
	const entitlements = options.permissionSetMode ?? DEFAULT_SYNC_OPTIONS.permissionSetMode;

	for (let index = 0; index < desired.length; index++) {
		const want = desired[index];
		const key = keyOf(want, matchBy);
		if (key === undefined) {
			issues.push({ desiredIndex: index, kind: 'noKey', message: `The user has no ${KEY_NAMES[matchBy]} to match by; it was skipped` });
			continue;
		}
		const first = firstIndex.get(key);
		if (first !== undefined) {
			issues.push({ desiredIndex: index, key, kind: 'duplicate', message: `The ${KEY_NAMES[matchBy]} "${key}" is also given by input item ${first}; only that one is synced` });
			continue;
		}
		firstIndex.set(key, index);
		const invalid = options.invalid?.get(index);
		if (invalid !== undefined) {
			issues.push({ desiredIndex: index, key, kind: 'invalid', message: `${invalid}; the user was skipped (and is not deactivated)` });
			continue;
		}
		const held = byKey.get(key);
		if (Array.isArray(held)) {
			const who = held.map((u) => `${String(u.userName)} (${String(u.id)})`).join(', ');
			issues.push({ desiredIndex: index, key, kind: 'ambiguous', message: `${held.length} Salesforce users share the ${KEY_NAMES[matchBy]} "${key}": ${who}. Nothing was done; match by a unique key or clean up the duplicates` });
			continue;
		}
		if (held === undefined) {
			actions.push(planCreate(want, key, index, enabled('create'), issues));
			continue;
		}
		if (!inScope(held)) {
			issues.push({ desiredIndex: index, key, kind: 'outOfScope', message: `Salesforce user ${String(held.userName)} (${String(held.id)}) is outside this sync's scope; it was not touched` });
			continue;
		}
		const createOnly = [...globalCreateOnly, ...createOnlyOf(want)];
		actions.push(planExisting(held, want, key, index, { createOnly, entitlements, enabled }));
	}

	let managed = 0;
	let managedActive = 0;
	for (const user of actual) {
		const key = keyOf(user, matchBy);
		// A user without a key cannot be matched, so is not managed here: never a leaver for want of an externalId.
		if (key === undefined || !inScope(user)) continue;
		managed++;
		if (!isActive(user)) continue;
		managedActive++;
		if (firstIndex.has(key) || !enabled('deactivate')) continue;
		const id = String(user.id ?? '');
		if (protectedIds.has(salesforceIdKey(id))) continue;
		const operations: PatchOperation[] = [{ op: 'replace', value: { active: false } }];
		actions.push({ action: 'deactivate', key, id, userName: stringOr(user.userName), changes: changesOf(user, operations), operations, reason: 'Not in the input' });
	}

	const summary = summarise(actions, issues, desired.length, actual.length, managed, managedActive);
	const plan: SyncPlan = { matchBy, actions, issues, summary };
	checkSafety(plan, options);
	return plan;
}

function planCreate(want: ScimUser, key: string, index: number, enabled: boolean, issues: SyncIssue[]): SyncAction {
	const userName = stringOr(want.userName);
	const leaver = leaverNotCreated(want);
	if (leaver) return noop(key, index, undefined, userName, leaver);
	if (!enabled) return noop(key, index, undefined, userName, 'Not in Salesforce; creating is switched off');
	// Only creates are normalised whole (trimmed, "true" as true): a few users, not the whole directory.
	const user = normaliseUser(withoutMeta(want));
	const problems = validateUser(user, { forCreate: true });
	if (problems.length) {
		issues.push({ desiredIndex: index, key, kind: 'invalid', message: `Cannot create: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}` });
		return noop(key, index, undefined, userName, 'Not created: see the issue reported for this item');
	}
	return { action: 'create', key, desiredIndex: index, userName, changes: [], operations: [], user };
}

interface ExistingOptions {
	createOnly: string[];
	entitlements: 'merge' | 'exact';
	enabled: (kind: Exclude<SyncActionKind, 'noop'>) => boolean;
}

/** Update, reactivate or deactivate an existing user: one PATCH holding the attribute changes and the status. */
function planExisting(current: ScimUser, want: ScimUser, key: string, index: number, options: ExistingOptions): SyncAction {
	const id = String(current.id ?? '');
	const userName = stringOr(current.userName);
	// Presence in the input means "should have access" unless the source says otherwise.
	const wantActive = asBoolean(want.active) ?? true;
	const active = isActive(current);
	const operations = options.enabled('update')
		? userUpdateOperations(current, want, { createOnly: options.createOnly, permissionSetMode: options.entitlements, omitStatus: true })
		: [];

	let kind: SyncActionKind = operations.length ? 'update' : 'noop';
	let reason: string | undefined;
	if (wantActive !== active) {
		const statusKind = wantActive ? 'reactivate' : 'deactivate';
		if (options.enabled(statusKind)) {
			kind = statusKind;
			setActive(operations, wantActive);
			if (!wantActive) reason = 'Inactive in the source';
		} else {
			reason = wantActive ? 'Inactive in Salesforce; reactivating is switched off' : 'Inactive in the source; deactivating is switched off';
		}
	}
	if (kind === 'noop') return noop(key, index, id, userName, reason);
	return { action: kind, key, desiredIndex: index, id, userName, changes: changesOf(current, operations), operations, ...(reason ? { reason } : {}) };
}

/** The status goes into the same no-path replace as the attribute changes: one write per user. */
function setActive(operations: PatchOperation[], active: boolean) {
	const replace = operations.find((op) => op.op === 'replace' && op.path === undefined);
	if (replace) (replace.value as Record<string, unknown>).active = active;
	else operations.push({ op: 'replace', value: { active } });
}

function noop(key: string, desiredIndex: number, id: string | undefined, userName: string | undefined, reason?: string): SyncAction {
	return { action: 'noop', key, desiredIndex, ...(id ? { id } : {}), userName, changes: [], operations: [], ...(reason ? { reason } : {}) };
}

function stringOr(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

function summarise(actions: SyncAction[], issues: SyncIssue[], desired: number, salesforce: number, managed: number, managedActive: number): SyncSummary {
	const summary: SyncSummary = { desired, salesforce, managed, managedActive, create: 0, update: 0, deactivate: 0, reactivate: 0, noop: 0, issues: issues.length, writes: 0 };
	for (const action of actions) {
		summary[action.action]++;
		if (action.action !== 'noop') summary.writes++;
	}
	return summary;
}
