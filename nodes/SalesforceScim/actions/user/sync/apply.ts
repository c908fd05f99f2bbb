/** Applying a sync plan: its writes through the transport, one output item per action with its outcome. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { findKey, isPlainObject } from '../../../../../scim/attribute';
import { managerLevels } from '../../../../../scim/managerOrder';
import { notKept, type NotKept } from '../../../../../scim/patchDiff';
import { SCHEMA, type ScimUser } from '../../../../../scim/schemas';
import { newUserKeyOf, type SyncAction, type SyncPlan } from '../../../../../scim/sync';
import { errorItem, runJobs } from '../../../../shared/runItems';
import { createUser, patchUser } from '../../../helpers/userWrites';
import { ScimRequestError, type ScimClient } from '../../../transport/ScimClient';
import { settle } from '../../../transport/settle';

/** Every attribute a create sets, as before/after, so a reviewer sees the new user the same way as a change. */
export function creationChanges(user: ScimUser): IDataObject[] {
	return Object.entries(user)
		.filter(([name]) => name !== 'schemas')
		.map(([attribute, after]) => ({ attribute, before: null, after }) as IDataObject);
}

const OUTCOME = { create: 'created', update: 'updated', reactivate: 'reactivated', deactivate: 'deactivated', noop: 'unchanged' } as const;

/** "Not kept by this org", per attribute, in words a reviewer acts on. */
export function notKeptItem(found: NotKept): IDataObject {
	const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));
	const message = found.reformatted
		? `Not kept by this org as sent: it stores ${show(found.kept)} for ${show(found.sent)}. Later runs compare the two alike and send nothing.`
		: `Not kept by this org: sent ${show(found.sent)}, it holds ${show(found.kept)}. Check the field's access for the integration user, or stop mapping ${found.attribute}.`;
	return { attribute: found.attribute, sent: found.sent as IDataObject, kept: (found.kept ?? null) as IDataObject, message };
}

/** An attribute left out of a write because the org's SCIM schema has no such attribute. */
export function notInSchemaItem(attribute: string): IDataObject {
	return { attribute, sent: null, kept: null, message: `Not kept by this org: its SCIM schema has no ${attribute} attribute, so it is not sent, and later runs do not compare it` };
}

/** The enterprise extension a write sets: the create body's, or the one in the no-path replace. */
function enterpriseOf(action: SyncAction): IDataObject | undefined {
	const holder = action.action === 'create' ? action.user : action.operations.find((op) => op.op === 'replace' && op.path === undefined)?.value;
	if (!isPlainObject(holder)) return undefined;
	const key = findKey(holder, SCHEMA.enterpriseUser);
	const enterprise = key === undefined ? undefined : holder[key];
	return isPlainObject(enterprise) ? (enterprise as IDataObject) : undefined;
}

/** The matching key of the user created in this run that `action` names as manager, if any. */
function awaitedManager(action: SyncAction): string | undefined {
	const manager = enterpriseOf(action)?.manager as IDataObject | undefined;
	return newUserKeyOf(manager?.value);
}

/**
 * Writes in waves, by the one manager-ordering rule (scim/managerOrder): a user whose manager is created in this
 * run goes after that create (its id is then known), so a whole company's first import is linked in one run. A
 * loop of new managers (A manages B manages A) is cut: the link that closes it is left out and said so.
 * Deactivations go last.
 */
function waves(writes: SyncAction[]): SyncAction[][] {
	const joinersAndUpdates = writes.filter((a) => a.action !== 'deactivate');
	const createdAt = new Map<string, number>();
	for (const [index, action] of joinersAndUpdates.entries()) if (action.action === 'create') createdAt.set(action.key, index);
	const managerAt = joinersAndUpdates.map((action, index) => {
		const at = createdAt.get(awaitedManager(action) ?? '');
		return at === index ? undefined : at;
	});
	const out = managerLevels(managerAt).levels.map((level) => level.map((index) => joinersAndUpdates[index]));
	const leavers = writes.filter((a) => a.action === 'deactivate');
	return [...out, ...(leavers.length ? [leavers] : [])];
}

/**
 * Put the created manager's id into a write, or, when they were not created (failed, refused, a loop), leave the
 * link out and say why. Returns the note, and whether anything is left to write.
 */
function resolveManager(action: SyncAction, created: ReadonlyMap<string, string>): { note?: string; empty?: boolean } {
	const key = awaitedManager(action);
	if (key === undefined) return {};
	const enterprise = enterpriseOf(action)!;
	const id = created.get(key);
	if (id !== undefined && key !== action.key) {
		(enterprise.manager as IDataObject).value = id;
		return {};
	}
	delete enterprise.manager;
	const attribute = `${SCHEMA.enterpriseUser}:manager`;
	action.changes = action.changes.filter((change) => change.attribute !== attribute);
	const note = `Manager ${key} was not created in this run (see their item), so the link was not set; a later run sets it once they exist`;
	return { note, empty: action.action === 'update' && action.changes.length === 0 };
}

/**
 * The plan's writes through the transport: a pool as wide as the transport may go (maxInFlight), so 100,000 actions never
 * become 100,000 pending promises. Creates and updates first (managers created in this run before their reports),
 * deactivations last. One failure stops the run unless continue-on-fail is on; a halt (daily API limit, usage
 * guard) always stops sending. Each write's answer is compared with what was sent: what the org did not keep is
 * told on the item (`notKept`).
 */
export async function applyPlan(
	ctx: IExecuteFunctions,
	client: ScimClient,
	plan: SyncPlan,
	includeUnchanged: boolean,
	describe: (action: SyncAction) => IDataObject,
	pair: (action: SyncAction) => { item: number },
): Promise<INodeExecutionData[]> {
	const writes = plan.actions.filter((action) => action.action !== 'noop');
	const results: INodeExecutionData[] = [];
	const created = new Map<string, string>();
	let halted: ScimRequestError | undefined;

	const perform = async (action: SyncAction): Promise<IDataObject> => {
		if (action.action === 'create') {
			const body = action.user!;
			const made = await createUser(client, body, { adoptConcurrentCreate: true });
			if (typeof made.user.id === 'string') created.set(action.key, made.user.id);
			return { id: made.user.id, ...(made.recovered ? { recovered: true } : {}), ...lost(made.user as ScimUser, body) };
		}
		const updated = await patchUser(client, action.id!, action.operations);
		const sent = action.operations.find((op) => op.op === 'replace' && op.path === undefined)?.value;
		return { active: updated.active, ...(isPlainObject(sent) ? lost(updated as ScimUser, sent as ScimUser) : {}) };
	};
	const lost = (response: ScimUser, sent: ScimUser) => {
		const found = notKept(response, sent);
		return found.length ? { notKept: found.map(notKeptItem) } : {};
	};
	/** One write's output item: its outcome, or why it was not sent. */
	const write = async (action: SyncAction, told: (item: IDataObject) => IDataObject): Promise<IDataObject> => {
		if (halted) return { ...told(describe(action)), outcome: 'notAttempted', error: halted.message };
		// Described once the manager is resolved: that may take the link out of the changes.
		const { note, empty } = resolveManager(action, created);
		const item = told(describe(action));
		if (note) item.note = note;
		if (empty) return { ...item, outcome: 'unchanged' };
		const outcome = await settle(perform(action));
		if (!outcome.ok) {
			// A halt (daily API limit, usage guard) stops sending, continue-on-fail or not.
			if (outcome.error instanceof ScimRequestError && outcome.error.halts) halted = outcome.error;
			throw outcome.error;
		}
		const notKeptBefore = Array.isArray(item.notKept) ? (item.notKept as IDataObject[]) : [];
		const notKeptNow = Array.isArray(outcome.value.notKept) ? (outcome.value.notKept as IDataObject[]) : [];
		const all = [...notKeptBefore, ...notKeptNow];
		return { ...item, ...outcome.value, id: outcome.value.id ?? item.id, outcome: OUTCOME[action.action], ...(all.length ? { notKept: all } : {}) };
	};
	for (const wave of waves(writes)) {
		// Each write's item as described before it was sent: a failure is told on it.
		const items: IDataObject[] = new Array(wave.length);
		const itemOf = (job: number) => pair(wave[job]).item;
		const outcomes = await runJobs(ctx, wave.length, { concurrency: client.maxInFlight, itemOf }, async (job) =>
			await write(wave[job], (item) => (items[job] = item)),
		);
		for (const [job, outcome] of outcomes.entries()) {
			const json = outcome.ok ? outcome.value : { ...items[job], outcome: 'failed', ...errorItem(outcome) };
			results.push({ json, pairedItem: pair(wave[job]) });
		}
	}
	const unchanged = includeUnchanged
		? plan.actions.filter((a) => a.action === 'noop').map((a) => ({ json: { ...describe(a), outcome: 'unchanged' }, pairedItem: pair(a) }))
		: [];
	return [...results, ...unchanged];
}
