/**
 * What a sync reads before it plans, each in one place: the desired users from the input items (readDesired), and
 * Salesforce (readSalesforce: its users, the caller, its schema, the entitlements the input names). The core plans
 * from both (scim/sync planSyncRun); apply writes.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { asBoolean } from '../../../../../scim/attribute';
import { parseFilter } from '../../../../../scim/filter';
import { isRepeatedPage, nextStartIndex, pageStateOf, PagingError, remainingStarts } from '../../../../../scim/listResponse';
import { SCHEMA, SIDECAR_KEY, type ScimUser } from '../../../../../scim/schemas';
import {
	keyOf,
	managerReferenceOf,
	orgSchemaOf,
	projectUser,
	type OrgSchema,
	type SalesforceView,
	type SyncInput,
	type SyncOptions,
	type SyncScope,
} from '../../../../../scim/sync';
import { validateUser } from '../../../../../scim/userValidation';
import { activeIssues } from '../../../helpers/desiredUser';
import { resolveUserEntitlements } from '../../../helpers/entitlements';
import { withSuffix } from '../../../helpers/users';
import { pool } from '../../../../shared/runItems';
import { ScimRequestError, type ScimClient } from '../../../transport/ScimClient';
import { pagingFailure } from '../../../transport/listAll';
import { settle } from '../../../transport/settle';

/**
 * Input items → desired users: metadata kept for the planner, usernames normalised, invalid ones reported. Items
 * that are not users at all (`{}` from a trigger) are left out, so they never make an empty input look full.
 */
export function readDesired(ctx: IExecuteFunctions, suffix: string | undefined): SyncInput {
	const desired: SyncInput = { users: [], itemOf: [], invalid: new Map(), notes: new Map(), managers: new Map(), notKept: new Map() };
	const items = ctx.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const json = (items[itemIndex]?.json ?? {}) as IDataObject;
		const { [SIDECAR_KEY]: meta, ...resource } = json as IDataObject & { [SIDECAR_KEY]?: IDataObject };
		if (!resource.userName && !resource.emails && !resource.externalId && !resource.name) continue;
		// A shallow copy, not normaliseUser's deep clone: 100,000 users, and nothing below changes a nested value in
		// place (the planner compares trimmed, case-insensitively, "true" as true; a create is normalised whole).
		const user = { ...resource } as ScimUser;
		for (const [key, value] of Object.entries(user)) if (typeof value === 'string') user[key] = value.trim();
		if (typeof user.userName === 'string') user.userName = withSuffix(user.userName, suffix).toLowerCase();
		const active = asBoolean(user.active);
		if (active !== undefined) user.active = active;
		if (meta && typeof meta === 'object') user[SIDECAR_KEY] = { createOnly: meta.createOnly };
		const index = desired.users.push(user) - 1;
		desired.itemOf.push(itemIndex);
		// A manager named by username or email (mapping node: _sfscim.manager) is linked from the users read below.
		const enterprise = user[SCHEMA.enterpriseUser] ? { ...(user[SCHEMA.enterpriseUser] as IDataObject) } : undefined;
		if (enterprise) user[SCHEMA.enterpriseUser] = enterprise;
		const reference = managerReferenceOf((enterprise?.manager as IDataObject | undefined)?.value, meta?.manager);
		if (reference) {
			if (reference.userName) delete enterprise!.manager;
			desired.managers.set(index, reference);
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

/**
 * Everything a sync reads of Salesforce, at once: the users (only what the plan compares, `reads`), the user the
 * sync runs as (never deactivated), the org's schema, and the profile and permission-set names of the input as ids
 * (resolved into `desired`; a name that does not resolve makes that user invalid).
 */
export async function readSalesforce(client: ScimClient, desired: SyncInput, reads: ReadonlySet<string>): Promise<SalesforceView> {
	const [users, protectedIds, orgSchema] = await Promise.all([readUsers(client, reads), callerId(client), readOrgSchema(client), resolveEntitlements(client, desired)]);
	return { users, protectedIds, orgSchema };
}

/** Profile and permission-set names → ids, each distinct reference once per execution (the helpers memoize). */
async function resolveEntitlements(client: ScimClient, desired: SyncInput) {
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

/** The org's /Schemas, or undefined when it does not serve them (then every attribute is taken as kept). */
async function readOrgSchema(client: ScimClient): Promise<OrgSchema | undefined> {
	const schemas = await client.getOptional('/Schemas');
	return schemas === undefined ? undefined : orgSchemaOf(schemas);
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
 * round trips instead of 500 in a row. The pages are read by the one pager's rules (scim/listResponse): a malformed
 * answer stops the read, pages follow the size the server served. Offset paging over a list that changes while it
 * is read can skip a user, and a skipped user would look like a leaver: if fewer distinct users arrive than the
 * total, read again in order.
 */
async function readUsers(client: ScimClient, keep: ReadonlySet<string>): Promise<ScimUser[]> {
	const count = client.dialect.maxPageSize;
	// Only what the plan reads is kept, page by page: at 100,000 users the read is most of what a sync holds.
	const page = async (startIndex: number, receivedBefore: number) => {
		const body = await client.request<IDataObject>({ method: 'GET', path: '/Users', qs: { startIndex, count }, idempotent: true });
		const state = pageStateOf(body, startIndex, receivedBefore, count);
		if (state.malformed) throw pagingFailure(new PagingError('malformed', state.malformed), '/Users');
		return { state, users: (state.resources as ScimUser[]).map((user) => projectUser(user, keep)) };
	};
	const inOrder = async () => ((await client.listAll<IDataObject>('/Users')) as ScimUser[]).map((user) => projectUser(user, keep));
	const first = await page(1, 0);
	if (nextStartIndex(first.state) === undefined) return first.users;
	// Without a total, the pages cannot be asked for at once: read them in order.
	if (!Number.isFinite(first.state.totalResults)) return await inOrder();
	const starts = remainingStarts(first.state.pageLength, first.state.totalResults);
	// As many pages in flight as the transport allows, but no more asked once one comes back empty (totalResults
	// lying high) or starting like an earlier one (startIndex ignored): a lie of 1,000,000 would otherwise cost
	// 5,000 requests of the daily allocation. The ordered read below then tells which it was.
	const pages: ScimUser[][] = [];
	const firstIds = new Set<unknown>([first.users[0].id]);
	let stop = false;
	await pool(starts.length, { concurrency: client.options.concurrency, stop: () => stop }, async (job) => {
		const { users } = await page(starts[job], 0);
		if (users.length === 0 || isRepeatedPage(firstIds, users)) stop = true;
		else firstIds.add(users[0].id);
		pages.push(users);
	});
	const byId = new Map<string, ScimUser>();
	for (const user of first.users.concat(...pages)) byId.set(String(user.id), user);
	if (byId.size >= first.state.totalResults) return [...byId.values()];
	return await inOrder();
}

/**
 * Rows none of which can be matched (the source's columns renamed, a mapping that lost the username) are an empty
 * input in disguise: every managed user would look like a leaver. Refused like an empty input, before any request.
 */
export function assertUsableInput(ctx: IExecuteFunctions, desired: SyncInput, options: SyncOptions) {
	if (desired.users.length === 0 || options.allowEmptyInput) return;
	const usable = desired.users.some((user, index) => !desired.invalid.has(index) && keyOf(user, options.matchBy ?? 'userName') !== undefined);
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

/**
 * The user the sync runs as is never deactivated: cutting off its own access would stop every later run. A server
 * without /Me (RFC 7644 makes it optional) protects nobody; any other failure stops the run rather than plan
 * without the protection.
 */
async function callerId(client: ScimClient): Promise<string[]> {
	const me = await client.getOptional('/Me');
	return typeof me?.id === 'string' ? [me.id] : [];
}
