/** Applying a sync plan: its writes through the transport, one output item per action with its outcome. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ScimUser } from '../../../../../scim/schemas';
import type { SyncAction, SyncPlan } from '../../../../../scim/sync';
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

/**
 * The plan's writes through the transport: a pool as wide as the client's concurrency, so 100,000 actions never
 * become 100,000 pending promises. Creates and updates first, deactivations last. One failure stops the run
 * unless continue-on-fail is on; a halt (daily API limit, usage guard) always stops sending.
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
	const ordered = [...writes.filter((a) => a.action !== 'deactivate'), ...writes.filter((a) => a.action === 'deactivate')];
	const results: INodeExecutionData[] = new Array(ordered.length);
	const continueOnFail = ctx.continueOnFail();
	let next = 0;
	let fatal: unknown;
	let halted: ScimRequestError | undefined;

	const perform = async (action: SyncAction): Promise<IDataObject> => {
		if (action.action === 'create') {
			const created = await createUser(client, action.user!, { adoptConcurrentCreate: true });
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
