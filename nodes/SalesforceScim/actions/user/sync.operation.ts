import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import {
	attributesRead,
	DEFAULT_SYNC_OPTIONS,
	planSync,
	planSyncRun,
	SyncRefusedError,
	type MatchKey,
	type SalesforceView,
	type SyncAction,
	type SyncInput,
	type SyncOptions,
	type SyncPlan,
} from '../../../../scim/sync';
import { SCHEMA } from '../../../../scim/schemas';
import { toNodeError } from '../../../shared/runItems';
import type { ScimClient } from '../../transport/ScimClient';
import { settle } from '../../transport/settle';
import { applyPlan, creationChanges, notInSchemaItem } from './sync/apply';
import { assertScopeFilter, assertUsableInput, readDesired, readSalesforce, scopeOf } from './sync/read';

export { description } from './sync/description';

/**
 * User → Sync, as its steps: read the input, read Salesforce, let the core plan (scim/sync planSyncRun), apply the
 * plan (or, in a dry run, show it). Deactivations and the summary have no input item of their own: they are paired
 * to item 0 (pairing them to all items would cost an array of every item per output at 100,000 users).
 */
export async function executeAll(this: IExecuteFunctions, client: ScimClient): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const dryRun = this.getNodeParameter('dryRun', 0, true) as boolean;
	const desired = readDesired(this, options.usernameSuffix as string | undefined);
	const syncOptions = syncOptionsOf(this, options, desired);
	const salesforce = await readSalesforceFor(this, client, desired, syncOptions);
	const { plan, refused } = planFor(this, desired, salesforce, syncOptions, dryRun);
	return await outputOf(this, client, { plan, refused, desired, dryRun, includeUnchanged: options.includeUnchanged === true });
}

function syncOptionsOf(ctx: IExecuteFunctions, options: IDataObject, desired: SyncInput): SyncOptions {
	const allowed = ctx.getNodeParameter('syncActions', 0, ['create', 'deactivate', 'reactivate', 'update']) as string[];
	return {
		matchBy: ctx.getNodeParameter('matchBy', 0, 'userName') as MatchKey,
		scope: scopeOf(ctx),
		actions: { create: allowed.includes('create'), update: allowed.includes('update'), deactivate: allowed.includes('deactivate'), reactivate: allowed.includes('reactivate') },
		permissionSetMode: options.permissionSetMode === 'exact' ? 'exact' : 'merge',
		maxDeactivations: Number(options.maxDeactivations ?? DEFAULT_SYNC_OPTIONS.maxDeactivations),
		maxDeactivationPercent: Number(options.maxDeactivationPercent ?? DEFAULT_SYNC_OPTIONS.maxDeactivationPercent),
		confirmMassDeactivation: options.confirmMassDeactivation === true,
		allowEmptyInput: options.allowEmptyInput === true,
		invalid: desired.invalid,
	};
}

function refusal(ctx: IExecuteFunctions, error: SyncRefusedError): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), error.message, { description: error.hint });
}

/** Salesforce as the plan needs it; an input that is wrong whatever Salesforce holds is refused before any request. */
async function readSalesforceFor(ctx: IExecuteFunctions, client: ScimClient, desired: SyncInput, syncOptions: SyncOptions): Promise<SalesforceView> {
	// Refuse an empty input before reading anything: no request is needed to know it is wrong.
	if (desired.users.length === 0 && !syncOptions.allowEmptyInput) {
		const outcome = await settle(Promise.resolve().then(() => planSync([], [], syncOptions)));
		if (!outcome.ok && outcome.error instanceof SyncRefusedError) throw refusal(ctx, outcome.error);
	}
	assertUsableInput(ctx, desired, syncOptions);
	assertScopeFilter(ctx, syncOptions.scope);
	const reads = await settle(Promise.resolve().then(() => attributesRead(desired.users, syncOptions.scope)));
	if (!reads.ok) {
		throw new NodeOperationError(ctx.getNode(), `The scope filter is not valid: ${(reads.error as Error).message}`, {
			description: 'Write an RFC 7644 filter such as userName ew "@example.com" or externalId pr. Nothing was read or written.',
		});
	}
	// A manager named only in the side-car (_sfscim.manager) is compared on the extension: read it, or the link
	// would look missing, and be sent again, on every run.
	if (desired.managers.size > 0) reads.value.add(SCHEMA.enterpriseUser.toLowerCase());
	const read = await settle(readSalesforce(client, desired, reads.value));
	if (!read.ok) throw toNodeError(ctx, read.error, 0);
	return read.value;
}

/** The core's plan; a refused one is still shown in a dry run, with why it would be refused. */
function planFor(ctx: IExecuteFunctions, desired: SyncInput, salesforce: SalesforceView, syncOptions: SyncOptions, dryRun: boolean): { plan: SyncPlan; refused?: SyncRefusedError } {
	let planned: { ok: true; plan: SyncPlan } | { ok: false; error: unknown };
	try {
		planned = { ok: true, plan: planSyncRun(desired, salesforce, syncOptions) };
	} catch (error) {
		planned = { ok: false, error };
	}
	// The plan holds what apply needs; the directory read can go before the writes start.
	salesforce.users.length = 0;
	if (planned.ok) return { plan: planned.plan };
	const { error } = planned;
	if (error instanceof SyncRefusedError && error.plan && dryRun) return { plan: error.plan, refused: error };
	if (error instanceof SyncRefusedError) throw refusal(ctx, error);
	throw new NodeOperationError(ctx.getNode(), error as Error, { description: 'Check the scope filter and the input; nothing was written.' });
}

interface Outcome {
	plan: SyncPlan;
	refused?: SyncRefusedError;
	desired: SyncInput;
	dryRun: boolean;
	includeUnchanged: boolean;
}

/** One item per action (applied, or as planned in a dry run), one per issue, and the summary. */
async function outputOf(ctx: IExecuteFunctions, client: ScimClient, { plan, refused, desired, dryRun, includeUnchanged }: Outcome): Promise<INodeExecutionData[]> {
	const pair = (action: { desiredIndex?: number }) => ({ item: action.desiredIndex !== undefined ? desired.itemOf[action.desiredIndex] : 0 });
	const issueItems: INodeExecutionData[] = plan.issues.map((issue) => ({
		json: { action: 'skip', issue: issue.kind, key: issue.key ?? null, message: issue.message },
		pairedItem: pair(issue),
	}));
	const describe = (action: SyncAction): IDataObject => {
		const note = action.desiredIndex !== undefined ? desired.notes.get(action.desiredIndex) : undefined;
		// Told where the user is written: a create (once per person), or an update made for another reason.
		const left = action.desiredIndex !== undefined && ['create', 'update', 'reactivate'].includes(action.action) ? desired.notKept.get(action.desiredIndex) : undefined;
		return {
			action: action.action,
			userName: action.userName ?? null,
			id: action.id ?? null,
			key: action.key,
			changes: (action.action === 'create' ? creationChanges(action.user!) : action.changes) as unknown as IDataObject[],
			...(action.reason ? { reason: action.reason } : {}),
			...(note ? { note } : {}),
			...(left ? { notKept: left.map(notInSchemaItem) } : {}),
		};
	};
	const actionItems: INodeExecutionData[] = dryRun
		? plan.actions
				.filter((action) => includeUnchanged || action.action !== 'noop')
				.map((action) => ({ json: { ...describe(action), dryRun: true }, pairedItem: pair(action) }))
		: await applyPlan(ctx, client, plan, includeUnchanged, describe, pair);
	const summary: IDataObject = {
		action: 'summary',
		dryRun,
		matchBy: plan.matchBy,
		...plan.summary,
		notKept: actionItems.filter((item) => Array.isArray(item.json.notKept)).length,
		requests: client.stats.requests,
		...(refused ? { refused: refused.message, hint: refused.hint } : {}),
	};
	return [...actionItems, ...issueItems, { json: summary, pairedItem: { item: 0 } }];
}
