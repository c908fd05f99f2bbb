/**
 * Managers in a batch of user writes (Create, Create or Update). A first import of a whole company names managers
 * who are not Salesforce users yet, often further down the same export: those are written first (scim/managerOrder)
 * and each report waits for its manager's write and links the id it got, so everyone is created and linked in one
 * execution with one write each. A manager found nowhere never blocks the person: they are written without the
 * link, the output says which manager was not found, and a later run links them.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { orderByManager, type ManagerOrder, type ManagerReference } from '../../../scim/managerOrder';
import { sameSalesforceId } from '../../../scim/salesforceId';
import { SCHEMA } from '../../../scim/schemas';
import { describeManager, managerNotFoundNote, type MatchKey } from '../../../scim/sync';
import type { ScimClient } from '../transport/ScimClient';
import { settle } from '../transport/settle';
import { readDesiredUser, type DesiredUser } from './desiredUser';
import { userOutput, type Outcome } from './output';
import { runEachItem } from '../../shared/runItems';
import { updateUser, withManager } from './userWrites';
import { findUsersBy } from './users';

/** How one person's manager is found, decided from the batch before that person is written. */
export type ManagerPlan =
	/** The manager is in this batch and was written: their id, without a lookup. */
	| { kind: 'batch'; reference: ManagerReference; id: string }
	/**
	 * Look the manager up among Salesforce users. `loop`: the manager is in this batch but written after this person
	 * (A manages B manages A). `leftInBatch`: the manager's own item was skipped as a leaver.
	 */
	| { kind: 'lookup'; reference: ManagerReference; loop?: boolean; leftInBatch?: boolean }
	/** The person names themselves: Salesforce refuses a user as their own manager. */
	| { kind: 'self'; reference: ManagerReference };

/** What the output says about a manager that was not linked. Absent when the link was set (or none was asked). */
export interface ManagerNote extends IDataObject {
	managerLink: 'unresolved' | 'self' | 'failed';
	note: string;
}

export interface ManagerLink {
	/** The manager's Salesforce id, to write with the person. */
	id?: string;
	note?: ManagerNote;
	/** Not found yet, but written later in this batch (a loop): linked once the batch is written. */
	later?: boolean;
}

export type WriteOperation = 'create' | 'upsert' | 'update';

function unresolvedNote(reference: ManagerReference, operation: WriteOperation, left: boolean): ManagerNote {
	if (left) {
		return {
			managerLink: 'unresolved',
			note: `Manager ${describeManager(reference)} is inactive in the source and not in Salesforce (not created), so no manager was linked`,
		};
	}
	const rerun =
		operation === 'create' ? 'Once the manager exists, a run of Create or Update (or Sync) links them; Create itself would refuse the existing user' : undefined;
	return { managerLink: 'unresolved', note: managerNotFoundNote(reference, rerun) };
}

function selfNote(reference: ManagerReference): ManagerNote {
	return {
		managerLink: 'self',
		note: `The user names themselves as manager (${describeManager(reference)}); Salesforce refuses a user as their own manager, so no manager was linked`,
	};
}

/**
 * The manager's Salesforce id. Directories name managers by username, email (usually also the username) or
 * employee id; the first key that finds exactly one user wins. A miss is not remembered: the manager may be
 * created later in this execution.
 */
async function findManagerId(client: ScimClient, reference: ManagerReference): Promise<string | undefined> {
	const attempts: Array<[MatchKey, string | undefined]> = [
		['userName', reference.userName ?? reference.email],
		['email', reference.email],
		['externalId', reference.externalId],
	];
	for (const [key, value] of attempts) {
		if (!value) continue;
		const memo = `manager:${key}:${value.toLowerCase()}`;
		const found = await client.memo(memo, async () => await findUsersBy(client, key, value));
		if (found.length === 1 && found[0].id) return String(found[0].id);
		client.cache.delete(memo);
	}
	return undefined;
}

/** The plan for a person written on their own (Update): look the manager up, unless they name themselves. */
export function managerPlanOf(desired: DesiredUser): ManagerPlan | undefined {
	const reference = desired.manager;
	if (!reference) return undefined;
	return orderByManager([desired.user], [reference]).selfManaged.size ? { kind: 'self', reference } : { kind: 'lookup', reference };
}

/** The manager link to write, or what to say instead. `selfId`: the person's Salesforce id, when they exist. */
export async function resolveManagerLink(
	client: ScimClient,
	plan: ManagerPlan | undefined,
	options: { operation: WriteOperation; selfId?: string },
): Promise<ManagerLink> {
	if (!plan) return {};
	if (plan.kind === 'self') return { note: selfNote(plan.reference) };
	const id = plan.kind === 'batch' ? plan.id : await findManagerId(client, plan.reference);
	if (id && options.selfId && sameSalesforceId(id, options.selfId)) return { note: selfNote(plan.reference) };
	if (id) return { id };
	if (plan.kind === 'lookup' && plan.loop) return { later: true };
	return { note: unresolvedNote(plan.reference, options.operation, plan.kind === 'lookup' && plan.leftInBatch === true) };
}

interface Deferred {
	promise: Promise<void>;
	resolve: () => void;
}

/**
 * One execution's view of who manages whom among its input items. Items are written in `order`; a report's
 * planFor waits until the manager's item is finished (written, skipped or failed), which cannot deadlock however
 * small the concurrency: a manager always comes earlier in the order, so was taken by a worker already.
 */
export class BatchManagers {
	readonly order: number[];
	private readonly references: Array<ManagerReference | undefined>;
	private readonly graph: ManagerOrder;
	private readonly ids = new Map<number, string>();
	private readonly left = new Set<number>();
	private readonly finished = new Map<number, Deferred>();
	private readonly pending = new Map<number, { user: IDataObject; outcome: Outcome }>();

	constructor(desired: ReadonlyArray<DesiredUser | undefined>) {
		this.references = desired.map((d) => d?.manager);
		this.graph = orderByManager(
			desired.map((d) => d?.user),
			this.references,
		);
		this.order = this.graph.order;
		for (const at of this.graph.managerAt) {
			if (at === undefined || this.finished.has(at)) continue;
			let resolve!: () => void;
			const promise = new Promise<void>((done) => (resolve = done));
			this.finished.set(at, { promise, resolve });
		}
	}

	async planFor(itemIndex: number): Promise<ManagerPlan | undefined> {
		const reference = this.references[itemIndex];
		if (!reference) return undefined;
		if (this.graph.selfManaged.has(itemIndex)) return { kind: 'self', reference };
		const at = this.graph.managerAt[itemIndex];
		if (at === undefined) return { kind: 'lookup', reference };
		if (this.graph.linkAfter.has(itemIndex)) return { kind: 'lookup', reference, loop: true };
		await this.finished.get(at)!.promise;
		return this.planAfter(reference, at);
	}

	private planAfter(reference: ManagerReference, at: number): ManagerPlan {
		const id = this.ids.get(at);
		return id ? { kind: 'batch', reference, id } : { kind: 'lookup', reference, leftInBatch: this.left.has(at) };
	}

	/** The item's person is now this Salesforce user (created or matched): their reports link to this id. */
	wrote(itemIndex: number, id: unknown) {
		if (typeof id === 'string' && id) this.ids.set(itemIndex, id);
	}

	/** The item's person was skipped as a leaver. */
	skipped(itemIndex: number) {
		this.left.add(itemIndex);
	}

	/** The item is done, whatever the outcome: its reports may go on. */
	finish(itemIndex: number) {
		this.finished.get(itemIndex)?.resolve();
	}

	/** Written without its manager (a loop): linked by linkLoops, and its output item told again then. */
	linkLater(itemIndex: number, user: IDataObject, outcome: Outcome) {
		this.pending.set(itemIndex, { user, outcome });
	}

	/**
	 * The links of loops, once everyone is written. Loops are rare (they are bad data), so one at a time. A link
	 * Salesforce refuses does not undo the write: the item says so and stays on the success output.
	 */
	async linkLoops(ctx: IExecuteFunctions, client: ScimClient, operation: WriteOperation, results: INodeExecutionData[][]) {
		for (const [itemIndex, { user, outcome }] of this.pending) {
			const reference = this.references[itemIndex]!;
			const plan = this.planAfter(reference, this.graph.managerAt[itemIndex]!);
			const link = await resolveManagerLink(client, plan, { operation, selfId: String(user.id) });
			let written = user;
			let note = link.note;
			if (link.id) {
				const patched = await settle(updateUser(client, user, withManager({ schemas: [SCHEMA.user] }, link.id), {}));
				if (patched.ok) written = patched.value.user;
				else {
					const why = patched.error instanceof Error ? patched.error.message : String(patched.error);
					note = { managerLink: 'failed', note: `Linking manager ${describeManager(reference)} failed: ${why}. The user was written without it; run again to link them` };
				}
			}
			results[itemIndex] = [{ json: userOutput(ctx, itemIndex, written, { ...outcome, ...note }), pairedItem: { item: itemIndex } }];
		}
	}
}

function readOrError(ctx: IExecuteFunctions, itemIndex: number, purpose: 'create' | 'upsert'): DesiredUser | Error {
	try {
		return readDesiredUser(ctx, itemIndex, purpose);
	} catch (error) {
		return error as Error;
	}
}

/** One item's write: the person, how to find their manager, and the batch to tell what was written. */
export type UserWrite = (itemIndex: number, desired: DesiredUser, manager: ManagerPlan | undefined, batch: BatchManagers) => Promise<IDataObject>;

/**
 * Create and Create or Update over all input items: every item read and checked first, then written managers
 * first through the one per-item runner (bounded concurrency, output in input order, pairedItem, continue-on-fail).
 */
export async function runUserWrites(
	ctx: IExecuteFunctions,
	client: ScimClient,
	operation: 'create' | 'upsert',
	write: UserWrite,
): Promise<INodeExecutionData[]> {
	const count = ctx.getInputData().length;
	const desired = Array.from({ length: count }, (_, itemIndex) => readOrError(ctx, itemIndex, operation));
	// Without continue-on-fail an invalid item stops the run anyway: stop before anything is sent, not halfway.
	const invalid = desired.find((d): d is Error => d instanceof Error);
	if (invalid && !ctx.continueOnFail()) throw invalid;
	const batch = new BatchManagers(desired.map((d) => (d instanceof Error ? undefined : d)));
	const results = await runEachItem(
		ctx,
		count,
		client.maxInFlight,
		async (itemIndex) => {
			try {
				const item = desired[itemIndex];
				if (item instanceof Error) throw item;
				return await write(itemIndex, item, await batch.planFor(itemIndex), batch);
			} finally {
				batch.finish(itemIndex);
			}
		},
		batch.order,
	);
	await batch.linkLoops(ctx, client, operation, results);
	return results.flat();
}
