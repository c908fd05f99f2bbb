/** Applying a sync plan: its writes through the transport, one output item per action with its outcome. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { findKey, isPlainObject } from '../../../../../scim/attribute';
import { notKept, type NotKept } from '../../../../../scim/patchDiff';
import { SCHEMA, type ScimUser } from '../../../../../scim/schemas';
import { newUserKeyOf, type SyncAction, type SyncPlan } from '../../../../../scim/sync';
import { toNodeError } from '../../../helpers/runItems';
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
 * Writes in waves: a user whose manager is created in this run goes after that create (its id is then known), so a
 * whole company's first import is linked in one run. A loop of new managers (A manages B manages A) is cut: the
 * link that closes it is left out and said so.
 */
function waves(writes: SyncAction[]): SyncAction[][] {
	const creates = new Map<string, SyncAction>();
	for (const action of writes) if (action.action === 'create') creates.set(action.key, action);
	const depth = new Map<SyncAction, number>();
	const depthOf = (action: SyncAction, path: Set<SyncAction>): number => {
		const known = depth.get(action);
		if (known !== undefined) return known;
		const manager = creates.get(awaitedManager(action) ?? '');
		let level = 0;
		if (manager && !path.has(manager)) {
			path.add(action);
			level = depthOf(manager, path) + 1;
			path.delete(action);
		}
		depth.set(action, level);
		return level;
	};
	const out: SyncAction[][] = [];
	for (const action of writes.filter((a) => a.action !== 'deactivate')) (out[depthOf(action, new Set())] ??= []).push(action);
	const leavers = writes.filter((a) => a.action === 'deactivate');
	return [...out.filter(Boolean), ...(leavers.length ? [leavers] : [])];
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
	const continueOnFail = ctx.continueOnFail();
	const created = new Map<string, string>();
	let fatal: unknown;
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
	const run = async (wave: SyncAction[]) => {
		const out: INodeExecutionData[] = new Array(wave.length);
		let next = 0;
		const worker = async () => {
			while (fatal === undefined && next < wave.length) {
				const index = next++;
				const action = wave[index];
				if (halted) {
					out[index] = { json: { ...describe(action), outcome: 'notAttempted', error: halted.message }, pairedItem: pair(action) };
					continue;
				}
				const { note, empty } = resolveManager(action, created);
				const item = describe(action);
				if (note) item.note = note;
				if (empty) {
					out[index] = { json: { ...item, outcome: 'unchanged' }, pairedItem: pair(action) };
					continue;
				}
				const outcome = await settle(perform(action));
				if (outcome.ok) {
					const notKeptBefore = Array.isArray(item.notKept) ? (item.notKept as IDataObject[]) : [];
					const notKeptNow = Array.isArray(outcome.value.notKept) ? (outcome.value.notKept as IDataObject[]) : [];
					const all = [...notKeptBefore, ...notKeptNow];
					out[index] = {
						json: { ...item, ...outcome.value, id: outcome.value.id ?? item.id, outcome: OUTCOME[action.action], ...(all.length ? { notKept: all } : {}) },
						pairedItem: pair(action),
					};
					continue;
				}
				if (outcome.error instanceof ScimRequestError && outcome.error.halts) halted = outcome.error;
				const nodeError = toNodeError(ctx, outcome.error, pair(action).item);
				if (!continueOnFail) {
					fatal ??= nodeError;
					continue;
				}
				const detail = outcome.error instanceof ScimRequestError ? { status: outcome.error.decoded.status || null, detail: outcome.error.decoded.detail } : {};
				out[index] = {
					json: { ...item, outcome: 'failed', error: nodeError.message, ...(nodeError.description ? { description: nodeError.description } : {}), ...detail },
					pairedItem: pair(action),
				};
			}
		};
		await Promise.all(Array.from({ length: Math.max(1, Math.min(client.maxInFlight, wave.length)) }, worker));
		for (const item of out) if (item) results.push(item);
	};
	for (const wave of waves(writes)) {
		if (fatal !== undefined) break;
		await run(wave);
	}
	if (fatal !== undefined) throw fatal;
	const unchanged = includeUnchanged
		? plan.actions.filter((a) => a.action === 'noop').map((a) => ({ json: { ...describe(a), outcome: 'unchanged' }, pairedItem: pair(a) }))
		: [];
	return [...results, ...unchanged];
}
