import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { parseFilter } from '../../../../scim/filter';
import { SCHEMA, type ScimUser } from '../../../../scim/schemas';
import { asBoolean } from '../../../../scim/attribute';
import { validateUser } from '../../../../scim/user';
import {
	attributesRead,
	DEFAULT_SYNC_OPTIONS,
	ManagerDirectory,
	planSync,
	projectUser,
	SYNC_META_KEY,
	SyncRefusedError,
	type SyncAction,
	type SyncMatchKey,
	type SyncOptions,
	type SyncPlan,
	type SyncScope,
} from '../../../../scim/sync';
import { entitlementLocator, requestOptions } from '../common.descriptions';
import { resolveUserEntitlements } from '../../helpers/entitlements';
import { toNodeError } from '../../helpers/runItems';
import { createUser, patchUser } from '../../helpers/userWrites';
import { matchValue, withSuffix } from '../../helpers/users';
import { ScimRequestError, type ScimClient } from '../../transport/ScimClient';
import { settle } from '../../transport/settle';
import { matchByProperty } from './upsert.operation';

const showScope = (scope: string) => ({ show: { scope: [scope] } });

const properties: INodeProperties[] = [
	{
		displayName:
			'Each input item is one person who should have Salesforce access, as the Salesforce SCIM Mapping node outputs. Send the whole directory: who is missing is deactivated.',
		name: 'syncNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: true,
		description: 'Whether to only output the plan (one item per action with the before and after of each change, and a summary) and write nothing to Salesforce',
	},
	matchByProperty,
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		options: [
			{ name: 'All Users', value: 'all', description: 'Every Salesforce user with a matching key' },
			{ name: 'Users in a Profile', value: 'profile' },
			{ name: 'Users Matching a Filter', value: 'filter', description: 'A SCIM filter, evaluated on the users read from Salesforce' },
			{ name: 'Users With an External ID', value: 'hasExternalId' },
		],
		default: 'all',
		description: 'Which Salesforce users this workflow manages. Users outside the scope are never updated or deactivated.',
	},
	{
		displayName: 'Scope Filter',
		name: 'scopeFilter',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'userName ew "@example.com"',
		description: 'An RFC 7644 filter: attribute, operator (eq, ne, co, sw, ew, gt, lt, ge, le, pr), value; and / or / not',
		displayOptions: showScope('filter'),
	},
	{ ...entitlementLocator('Scope Profile', 'scopeProfile', 'searchProfiles', true), displayOptions: showScope('profile') },
	{
		displayName: 'Allowed Actions',
		name: 'syncActions',
		type: 'multiOptions',
		options: [
			{ name: 'Create', value: 'create', description: 'Create users missing from Salesforce' },
			{ name: 'Deactivate', value: 'deactivate', description: 'Deactivate managed users missing from the input' },
			{ name: 'Reactivate', value: 'reactivate', description: 'Reactivate users in the input who are inactive in Salesforce' },
			{ name: 'Update', value: 'update', description: 'Update users whose mapped attributes differ' },
		],
		default: ['create', 'deactivate', 'reactivate', 'update'],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Allow Empty Input',
				name: 'allowEmptyInput',
				type: 'boolean',
				default: false,
				description: 'Whether an input without users may deactivate every managed user (still subject to the deactivation threshold)',
			},
			{
				displayName: 'Confirm Mass Deactivation',
				name: 'confirmMassDeactivation',
				type: 'boolean',
				default: false,
				description: 'Whether to go ahead when more users would be deactivated than the thresholds allow. Turn on for one run, after checking the dry run.',
			},
			{
				displayName: 'Include Unchanged',
				name: 'includeUnchanged',
				type: 'boolean',
				default: false,
				description: 'Whether to output an item for each user that needs no change',
			},
			{
				displayName: 'Max Deactivation (%)',
				name: 'maxDeactivationPercent',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100 },
				default: 20,
				description: 'Stop before any write when more than this share of the managed active users would be deactivated',
			},
			{
				displayName: 'Max Deactivations',
				name: 'maxDeactivations',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 100,
				description: 'Stop before any write when more users than this would be deactivated',
			},
			{
				displayName: 'Permission Sets',
				name: 'permissionSetMode',
				type: 'options',
				options: [
					{ name: 'Add to Existing', value: 'merge', description: 'Never removes a permission set the user has' },
					{ name: 'Set Exact List', value: 'exact', description: 'Removes permission sets not listed' },
				],
				default: 'merge',
			},
			...requestOptions,
			{
				displayName: 'Username Suffix',
				name: 'usernameSuffix',
				type: 'string',
				default: '',
				placeholder: '.sandbox',
				description: 'Appended to every username, e.g. to keep sandbox usernames globally unique',
			},
		].sort((a, b) => a.displayName.localeCompare(b.displayName)) as INodeProperties[],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['sync'] } }, properties);

interface Desired {
	users: ScimUser[];
	/** Per desired user: the input item it came from. */
	itemOf: number[];
	/** Desired users that cannot be synced (index → why); reported, and never taken for leavers. */
	invalid: Map<number, string>;
	notes: Map<number, string>;
	managers: Map<number, { userName?: string; email?: string; externalId?: string }>;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * Input items → desired users: metadata kept for the planner, usernames normalised, invalid ones reported. Items
 * that are not users at all (`{}` from a trigger) are left out, so they never make an empty input look full.
 */
function readDesired(ctx: IExecuteFunctions, suffix: string | undefined): Desired {
	const desired: Desired = { users: [], itemOf: [], invalid: new Map(), notes: new Map(), managers: new Map() };
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
		const issues = validateUser(user, { forCreate: false });
		if (issues.length) desired.invalid.set(index, `Invalid user: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
	}
	return desired;
}

/** Profile and permission-set names → ids, each distinct reference once per execution (the helpers memoize). */
async function resolveEntitlements(client: ScimClient, desired: Desired) {
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

function linkManagers(desired: Desired, actual: ScimUser[]) {
	if (desired.managers.size === 0) return;
	const directory = new ManagerDirectory(actual);
	for (const [index, reference] of desired.managers) {
		const id = directory.resolve(reference);
		const user = desired.users[index];
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

function scopeOf(ctx: IExecuteFunctions): SyncScope {
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
async function readUsers(client: ScimClient, keep: ReadonlySet<string>): Promise<ScimUser[]> {
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
	await Promise.all(Array.from({ length: Math.max(1, Math.min(Math.floor(client.options.concurrency), starts.length)) }, worker));
	const byId = new Map<string, ScimUser>();
	for (const user of firstUsers.concat(...pages)) byId.set(String(user.id), user);
	if (byId.size >= total) return [...byId.values()];
	return ((await client.listAll<IDataObject>('/Users')) as ScimUser[]).map((user) => projectUser(user, keep));
}

/**
 * Rows none of which can be matched (the source's columns renamed, a mapping that lost the username) are an empty
 * input in disguise: every managed user would look like a leaver. Refused like an empty input, before any request.
 */
function assertUsableInput(ctx: IExecuteFunctions, desired: Desired, options: SyncOptions) {
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
function assertScopeFilter(ctx: IExecuteFunctions, scope: SyncScope | undefined) {
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
async function callerId(client: ScimClient): Promise<string[]> {
	const me = await settle(client.request<IDataObject>({ method: 'GET', path: '/Me', idempotent: true }));
	return me.ok && typeof me.value.id === 'string' ? [me.value.id] : [];
}

/**
 * User → Sync. Deactivations and the summary have no input item of their own: they are paired to item 0
 * (pairing them to all items would cost an array of every item per output at 100,000 users).
 */
export async function executeAll(this: IExecuteFunctions, client: ScimClient): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const dryRun = this.getNodeParameter('dryRun', 0, true) as boolean;
	const allowed = this.getNodeParameter('syncActions', 0, ['create', 'deactivate', 'reactivate', 'update']) as string[];
	const desired = readDesired(this, options.usernameSuffix as string | undefined);
	const syncOptions: SyncOptions = {
		matchBy: this.getNodeParameter('matchBy', 0, 'userName') as SyncMatchKey,
		scope: scopeOf(this),
		actions: { create: allowed.includes('create'), update: allowed.includes('update'), deactivate: allowed.includes('deactivate'), reactivate: allowed.includes('reactivate') },
		permissionSetMode: options.permissionSetMode === 'exact' ? 'exact' : 'merge',
		maxDeactivations: Number(options.maxDeactivations ?? DEFAULT_SYNC_OPTIONS.maxDeactivations),
		maxDeactivationPercent: Number(options.maxDeactivationPercent ?? DEFAULT_SYNC_OPTIONS.maxDeactivationPercent),
		confirmMassDeactivation: options.confirmMassDeactivation === true,
		allowEmptyInput: options.allowEmptyInput === true,
		invalid: desired.invalid,
	};
	const refusal = (error: SyncRefusedError) => new NodeOperationError(this.getNode(), error.message, { description: error.hint });
	// Refuse an empty input before reading anything: no request is needed to know it is wrong.
	if (desired.users.length === 0 && !syncOptions.allowEmptyInput) {
		const outcome = await settle(Promise.resolve().then(() => planSync([], [], syncOptions)));
		if (!outcome.ok && outcome.error instanceof SyncRefusedError) throw refusal(outcome.error);
	}
	assertUsableInput(this, desired, syncOptions);
	assertScopeFilter(this, syncOptions.scope);

	const reads = await settle(Promise.resolve().then(() => attributesRead(desired.users, syncOptions.scope)));
	if (!reads.ok) {
		throw new NodeOperationError(this.getNode(), `The scope filter is not valid: ${(reads.error as Error).message}`, {
			description: 'Write an RFC 7644 filter such as userName ew "@example.com" or externalId pr. Nothing was read or written.',
		});
	}
	const loaded = await settle(Promise.all([readUsers(client, reads.value), callerId(client), resolveEntitlements(client, desired)]));
	if (!loaded.ok) throw toNodeError(this, loaded.error, 0);
	const [actual, protectedIds] = loaded.value as [ScimUser[], string[], void];
	linkManagers(desired, actual);

	const planned = await settle(Promise.resolve().then(() => planSync(desired.users, actual, { ...syncOptions, protectedIds })));
	// The plan holds what apply needs; the directory read can go before the writes start.
	actual.length = 0;
	let plan: SyncPlan;
	let refused: SyncRefusedError | undefined;
	if (planned.ok) plan = planned.value;
	else if (planned.error instanceof SyncRefusedError && planned.error.plan && dryRun) ({ plan, refused } = { plan: planned.error.plan, refused: planned.error });
	else if (planned.error instanceof SyncRefusedError) throw refusal(planned.error);
	else throw new NodeOperationError(this.getNode(), planned.error as Error, { description: 'Check the scope filter and the input; nothing was written.' });

	const includeUnchanged = options.includeUnchanged === true;
	const pair = (action: { desiredIndex?: number }) => ({ item: action.desiredIndex !== undefined ? desired.itemOf[action.desiredIndex] : 0 });
	const issueItems: INodeExecutionData[] = plan.issues.map((issue) => ({
		json: { action: 'skip', issue: issue.kind, key: issue.key ?? null, message: issue.message },
		pairedItem: pair(issue),
	}));
	const describe = (action: SyncAction): IDataObject => {
		const note = action.desiredIndex !== undefined ? desired.notes.get(action.desiredIndex) : undefined;
		return {
			action: action.action,
			userName: action.userName ?? null,
			id: action.id ?? null,
			key: action.key,
			changes: (action.action === 'create' ? creationChanges(action.user!) : action.changes) as unknown as IDataObject[],
			...(action.reason ? { reason: action.reason } : {}),
			...(note ? { note } : {}),
		};
	};

	let actionItems: INodeExecutionData[];
	if (dryRun) {
		actionItems = plan.actions
			.filter((action) => includeUnchanged || action.action !== 'noop')
			.map((action) => ({ json: { ...describe(action), dryRun: true }, pairedItem: pair(action) }));
	} else {
		actionItems = await applyPlan(this, client, plan, includeUnchanged, describe, pair);
	}
	const summary: IDataObject = {
		action: 'summary',
		dryRun,
		matchBy: plan.matchBy,
		...plan.summary,
		requests: client.stats.requests,
		...(refused ? { refused: refused.message, hint: refused.hint } : {}),
	};
	return [...actionItems, ...issueItems, { json: summary, pairedItem: { item: 0 } }];
}

/** Every attribute a create sets, as before/after, so a reviewer sees the new user the same way as a change. */
function creationChanges(user: ScimUser): IDataObject[] {
	return Object.entries(user)
		.filter(([name]) => name !== 'schemas')
		.map(([attribute, after]) => ({ attribute, before: null, after }) as IDataObject);
}

const OUTCOME = { create: 'created', update: 'updated', reactivate: 'reactivated', deactivate: 'deactivated', noop: 'unchanged' } as const;

/**
 * The plan's writes through the transport: a pool as wide as the client's concurrency, so 100,000 actions never
 * become 100,000 pending promises. Creates and updates first, deactivations last. One failure stops the run
 * unless continue-on-fail is on; a halt (daily API limit, usage guard) always stops sending.
 */
async function applyPlan(
	ctx: IExecuteFunctions,
	client: ScimClient,
	plan: SyncPlan,
	includeUnchanged: boolean,
	describe: (action: SyncAction) => IDataObject,
	pair: (action: SyncAction) => { item: number },
): Promise<INodeExecutionData[]> {
	const writes = plan.actions.filter((action) => action.action !== 'noop');
	const ordered = [...writes.filter((a) => a.action !== 'deactivate'), ...writes.filter((a) => a.action === 'deactivate')];
	const results: INodeExecutionData[] = new Array(ordered.length);
	const continueOnFail = ctx.continueOnFail();
	let next = 0;
	let fatal: unknown;
	let halted: ScimRequestError | undefined;

	const perform = async (action: SyncAction): Promise<IDataObject> => {
		if (action.action === 'create') {
			const created = await createUser(client, action.user!);
			return { id: created.user.id, ...(created.recovered ? { recovered: true } : {}) };
		}
		const updated = await patchUser(client, action.id!, action.operations);
		return { active: updated.active };
	};
	const worker = async () => {
		while (fatal === undefined && next < ordered.length) {
			const index = next++;
			const action = ordered[index];
			const item = describe(action);
			if (halted) {
				results[index] = { json: { ...item, outcome: 'notAttempted', error: halted.message }, pairedItem: pair(action) };
				continue;
			}
			const outcome = await settle(perform(action));
			if (outcome.ok) {
				results[index] = { json: { ...item, ...outcome.value, id: outcome.value.id ?? item.id, outcome: OUTCOME[action.action] }, pairedItem: pair(action) };
				continue;
			}
			if (outcome.error instanceof ScimRequestError && outcome.error.halts) halted = outcome.error;
			const nodeError = toNodeError(ctx, outcome.error, pair(action).item);
			if (!continueOnFail) {
				fatal ??= nodeError;
				continue;
			}
			const detail = outcome.error instanceof ScimRequestError ? { status: outcome.error.decoded.status || null, detail: outcome.error.decoded.detail } : {};
			results[index] = {
				json: { ...item, outcome: 'failed', error: nodeError.message, ...(nodeError.description ? { description: nodeError.description } : {}), ...detail },
				pairedItem: pair(action),
			};
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(client.options.concurrency, ordered.length)) }, worker));
	if (fatal !== undefined) throw fatal;
	const unchanged = includeUnchanged
		? plan.actions.filter((a) => a.action === 'noop').map((a) => ({ json: { ...describe(a), outcome: 'unchanged' }, pairedItem: pair(a) }))
		: [];
	return [...results, ...unchanged];
}
