import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import {
	attributesRead,
	DEFAULT_SYNC_OPTIONS,
	planSync,
	SyncRefusedError,
	type OrgSchema,
	type SyncAction,
	type MatchKey,
	type SyncOptions,
	type SyncPlan,
} from '../../../../scim/sync';
import { SCHEMA, type ScimUser } from '../../../../scim/schemas';
import { toNodeError } from '../../../shared/runItems';
import type { ScimClient } from '../../transport/ScimClient';
import { settle } from '../../transport/settle';
import { applyPlan, creationChanges, notInSchemaItem } from './sync/apply';
import {
	assertScopeFilter,
	assertUsableInput,
	callerId,
	keepOnlySchema,
	linkManagers,
	readDesired,
	readOrgSchema,
	readUsers,
	resolveEntitlements,
	scopeOf,
} from './sync/read';

export { description } from './sync/description';

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
		matchBy: this.getNodeParameter('matchBy', 0, 'userName') as MatchKey,
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
	// A manager named only in the side-car (_sfscim.manager) is compared on the extension: read it, or the link
	// would look missing, and be sent again, on every run.
	if (desired.managers.size > 0) reads.value.add(SCHEMA.enterpriseUser.toLowerCase());
	const loaded = await settle(Promise.all([readUsers(client, reads.value), callerId(client), readOrgSchema(client), resolveEntitlements(client, desired)]));
	if (!loaded.ok) throw toNodeError(this, loaded.error, 0);
	const [actual, protectedIds, orgSchema] = loaded.value as [ScimUser[], string[], OrgSchema | undefined, void];
	// What the org's schema lacks is neither sent nor compared: it would never stick, and would be sent every run.
	keepOnlySchema(desired, orgSchema);
	linkManagers(desired, actual, syncOptions.matchBy ?? DEFAULT_SYNC_OPTIONS.matchBy);

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
		notKept: actionItems.filter((item) => Array.isArray(item.json.notKept)).length,
		requests: client.stats.requests,
		...(refused ? { refused: refused.message, hint: refused.hint } : {}),
	};
	return [...actionItems, ...issueItems, { json: summary, pairedItem: { item: 0 } }];
}
