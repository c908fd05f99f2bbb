/** What a sync reads before it plans: the desired users from the input items, and the users Salesforce has. */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { asBoolean } from '../../../../../scim/attribute';
import { parseFilter } from '../../../../../scim/filter';
import { SCHEMA, type ScimUser } from '../../../../../scim/schemas';
import {
	isActive,
	keptBySchema,
	keyOf,
	ManagerDirectory,
	newUserKeyOf,
	newUserReference,
	orgSchemaOf,
	projectUser,
	SYNC_META_KEY,
	type OrgSchema,
	type SyncMatchKey,
	type SyncOptions,
	type SyncScope,
} from '../../../../../scim/sync';
import { validateUser } from '../../../../../scim/user';
import { activeIssues } from '../../../helpers/desiredUser';
import { resolveUserEntitlements } from '../../../helpers/entitlements';
import { matchValue, withSuffix } from '../../../helpers/users';
import { ScimRequestError, type ScimClient } from '../../../transport/ScimClient';
import { settle } from '../../../transport/settle';

export interface Desired {
	users: ScimUser[];
	/** Per desired user: the input item it came from. */
	itemOf: number[];
	/** Desired users that cannot be synced (index → why); reported, and never taken for leavers. */
	invalid: Map<number, string>;
	notes: Map<number, string>;
	managers: Map<number, { userName?: string; email?: string; externalId?: string }>;
	/** Attributes left out because the org's SCIM schema has no such attribute (index → names). */
	notKept: Map<number, string[]>;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * Input items → desired users: metadata kept for the planner, usernames normalised, invalid ones reported. Items
 * that are not users at all (`{}` from a trigger) are left out, so they never make an empty input look full.
 */
export function readDesired(ctx: IExecuteFunctions, suffix: string | undefined): Desired {
	const desired: Desired = { users: [], itemOf: [], invalid: new Map(), notes: new Map(), managers: new Map(), notKept: new Map() };
	const items = ctx.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const json = (items[itemIndex]?.json ?? {}) as IDataObject;
		const { [SYNC_META_KEY]: meta, ...resource } = json as IDataObject & { [SYNC_META_KEY]?: IDataObject };
		if (!resource.userName && !resource.emails && !resource.externalId && !resource.name) continue;
		// A shallow copy, not normaliseUser's deep clone: 100,000 users, and nothing below changes a nested value in
		// place (the planner compares trimmed, case-insensitively, "true" as true; a create is normalised whole).
		const user = { ...resource } as ScimUser;
		for (const [key, value] of Object.entries(user)) if (typeof value === 'string') user[key] = value.trim();
		if (typeof user.userName === 'string') user.userName = withSuffix(user.userName, suffix).toLowerCase();
		const active = asBoolean(user.active);
		if (active !== undefined) user.active = active;
		if (meta && typeof meta === 'object') user[SYNC_META_KEY] = { createOnly: meta.createOnly };
		const index = desired.users.push(user) - 1;
		desired.itemOf.push(itemIndex);
		// A manager named by username or email (mapping node: _sfscim.manager) is linked from the users read below.
		const enterprise = user[SCHEMA.enterpriseUser] ? { ...(user[SCHEMA.enterpriseUser] as IDataObject) } : undefined;
		if (enterprise) user[SCHEMA.enterpriseUser] = enterprise;
		const manager = enterprise?.manager as IDataObject | undefined;
		const metaManager = (meta?.manager ?? {}) as IDataObject;
		const byName = text(manager?.value)?.includes('@') ? text(manager?.value) : undefined;
		if (byName || text(metaManager.email) || text(metaManager.externalId)) {
			if (byName) delete enterprise!.manager;
			desired.managers.set(index, { userName: byName, email: text(metaManager.email), externalId: text(metaManager.externalId) });
		}
		// The Mapping node keeps records that failed its validation on the valid output, flagged, when told to:
		// the person exists (never a leaver) but nothing is written for them.
		const flaggedIssues = Array.isArray(meta?.invalid) ? (meta.invalid as Array<{ path?: string; message?: string }>) : [];
		const issues = flaggedIssues.length
			? flaggedIssues.map((i) => ({ path: String(i.path ?? ''), message: String(i.message ?? '') }))
			: [...validateUser(user, { forCreate: false }), ...activeIssues(user)];
		if (issues.length) desired.invalid.set(index, `Invalid user: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
	}
	return desired;
}

/** Profile and permission-set names → ids, each distinct reference once per execution (the helpers memoize). */
export async function resolveEntitlements(client: ScimClient, desired: Desired) {
	const resolved = new Map<string, Promise<IDataObject[]>>();
	for (const [index, user] of desired.users.entries()) {
		if (!Array.isArray(user.entitlements) || desired.invalid.has(index)) continue;
		const out: IDataObject[] = [];
		for (const entry of user.entitlements as IDataObject[]) {
			const key = JSON.stringify([entry.value, entry.display, entry.type, entry.primary]);
			let pending = resolved.get(key);
			if (!pending) resolved.set(key, (pending = resolveUserEntitlements(client, [entry])));
			const outcome = await settle(pending);
			if (!outcome.ok) {
				if (outcome.error instanceof ScimRequestError) throw outcome.error;
				desired.invalid.set(index, (outcome.error as Error).message);
				break;
			}
			out.push(...outcome.value);
		}
		user.entitlements = out as ScimUser['entitlements'];
	}
}

/**
 * Managers named by username, email or external id → ids, from the users just read. A manager who is not in
 * Salesforce but is in the input (a first import of a whole company) is created in this run: the link names them
 * (newUserReference) and apply fills in their id once they exist.
 */
export function linkManagers(desired: Desired, actual: ScimUser[], matchBy: SyncMatchKey) {
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
			const who = reference.userName ?? reference.email ?? reference.externalId;
			desired.notes.set(index, `Manager ${who} is not a Salesforce user yet; linked on a later run once they exist`);
			continue;
		}
		const enterprise = { ...((user[SCHEMA.enterpriseUser] as IDataObject | undefined) ?? {}) };
		enterprise.manager = { value: id };
		user[SCHEMA.enterpriseUser] = enterprise;
		if (!user.schemas?.includes(SCHEMA.enterpriseUser)) user.schemas = [...(user.schemas ?? [SCHEMA.user]), SCHEMA.enterpriseUser];
	}
}

/** The org's /Schemas, or undefined when it does not serve them (then every attribute is taken as kept). */
export async function readOrgSchema(client: ScimClient): Promise<OrgSchema | undefined> {
	const outcome = await settle(client.request<IDataObject>({ method: 'GET', path: '/Schemas', idempotent: true }));
	if (outcome.ok) return orgSchemaOf(outcome.value);
	if (outcome.error instanceof ScimRequestError && [400, 404, 405, 501].includes(outcome.error.decoded.status)) return undefined;
	throw outcome.error;
}

/** Desired users without what the org's schema lacks; what was left out is told per user (desired.notKept). */
export function keepOnlySchema(desired: Desired, schema: OrgSchema | undefined) {
	if (!schema) return;
	for (const [index, user] of desired.users.entries()) {
		const { user: kept, left } = keptBySchema(user, schema);
		if (left.length === 0) continue;
		desired.users[index] = kept;
		desired.notKept.set(index, left);
	}
}

export function scopeOf(ctx: IExecuteFunctions): SyncScope {
	const kind = ctx.getNodeParameter('scope', 0, 'all') as string;
	if (kind === 'filter') return { kind, filter: ctx.getNodeParameter('scopeFilter', 0, '') as string };
	if (kind === 'profile') {
		const locator = ctx.getNodeParameter('scopeProfile', 0, {}) as IDataObject;
		return { kind, profiles: [String(locator.value ?? '')] };
	}
	return { kind: kind === 'hasExternalId' ? 'hasExternalId' : 'all' };
}

/**
 * Every Salesforce user, in pages of at most 200. The first page tells the total; the other pages are then asked
 * for at once (the transport bounds how many are in flight), so a 100,000-user read takes pages ÷ concurrency
 * round trips instead of 500 in a row. Offset paging over a list that changes while it is read can skip a user,
 * and a skipped user would look like a leaver: if fewer distinct users arrive than the total, read again in order.
 */
export async function readUsers(client: ScimClient, keep: ReadonlySet<string>): Promise<ScimUser[]> {
	const page = async (startIndex: number, count: number) =>
		await client.request<IDataObject>({ method: 'GET', path: '/Users', qs: { startIndex, count }, idempotent: true });
	// Only what the plan reads is kept, page by page: at 100,000 users the read is most of what a sync holds.
	const resourcesOf = (body: IDataObject) => ((Array.isArray(body.Resources) ? body.Resources : []) as ScimUser[]).map((user) => projectUser(user, keep));
	const first = await page(1, client.dialect.maxPageSize);
	const firstUsers = resourcesOf(first);
	const total = Number(first.totalResults ?? firstUsers.length);
	// The server's real page size: never trust that `count` was honoured.
	const served = firstUsers.length;
	if (served === 0 || served >= total) return firstUsers;
	const starts: number[] = [];
	for (let start = 1 + served; start <= total; start += served) starts.push(start);
	// As many pages in flight as the transport allows, but no more asked once one comes back empty (totalResults
	// lying high) or starting like an earlier one (startIndex ignored): a lie of 1,000,000 would otherwise cost
	// 5,000 requests of the daily allocation. The ordered read below then tells which it was.
	const pages: ScimUser[][] = [];
	const firstIds = new Set([String(firstUsers[0].id)]);
	let next = 0;
	let stop = false;
	const worker = async () => {
		while (!stop && next < starts.length) {
			const users = resourcesOf(await page(starts[next++], served));
			if (users.length === 0 || firstIds.has(String(users[0].id))) stop = true;
			else firstIds.add(String(users[0].id));
			pages.push(users);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(client.maxInFlight, starts.length)) }, worker));
	const byId = new Map<string, ScimUser>();
	for (const user of firstUsers.concat(...pages)) byId.set(String(user.id), user);
	if (byId.size >= total) return [...byId.values()];
	return ((await client.listAll<IDataObject>('/Users')) as ScimUser[]).map((user) => projectUser(user, keep));
}

/**
 * Rows none of which can be matched (the source's columns renamed, a mapping that lost the username) are an empty
 * input in disguise: every managed user would look like a leaver. Refused like an empty input, before any request.
 */
export function assertUsableInput(ctx: IExecuteFunctions, desired: Desired, options: SyncOptions) {
	if (desired.users.length === 0 || options.allowEmptyInput) return;
	const usable = desired.users.some((user, index) => !desired.invalid.has(index) && matchValue(user as IDataObject, options.matchBy ?? 'userName') !== undefined);
	if (usable) return;
	const first = desired.invalid.get(0) ?? `the first item has no ${options.matchBy ?? 'userName'}`;
	throw new NodeOperationError(
		ctx.getNode(),
		`Refusing to sync: none of the ${desired.users.length} input items has a usable ${options.matchBy ?? 'userName'}, so every managed Salesforce user would look like a leaver. Nothing was read or written.`,
		{ description: `Check the node before this one: the source's columns or the mapping probably changed. ${first}.` },
	);
}

/** A scope filter that does not parse is known before anything is read. */
export function assertScopeFilter(ctx: IExecuteFunctions, scope: SyncScope | undefined) {
	if (scope?.kind !== 'filter' || !scope.filter?.trim()) return;
	try {
		parseFilter(scope.filter);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `The scope filter is not valid: ${(error as Error).message}`, {
			description: 'Write it as attribute operator "value", e.g. userName ew "@example.com" (RFC 7644 §3.4.2.2). Nothing was read or written.',
		});
	}
}

/** The user the sync runs as is never deactivated: cutting off its own access would stop every later run. */
export async function callerId(client: ScimClient): Promise<string[]> {
	const me = await settle(client.request<IDataObject>({ method: 'GET', path: '/Me', idempotent: true }));
	if (me.ok) return typeof me.value.id === 'string' ? [me.value.id] : [];
	// A server without /Me (RFC 7644 makes it optional) protects nobody; any other failure stops the run rather
	// than plan without the protection.
	if (me.error instanceof ScimRequestError && [400, 404, 405, 501].includes(me.error.decoded.status)) return [];
	throw me.error;
}
