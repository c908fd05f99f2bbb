/**
 * The one per-item runner of every node in this package: a bounded pool of workers, per-item errors
 * (continue-on-fail: the item's index and a clear message) and paired-item links. A node then only says
 * "this item → this result"; nothing else in nodes/ loops over items or catches an item's error.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import type { DecodedError } from '../../scim/error';

/** What an operation returns for one input item: one result or several (Get Many). */
export type ItemResult = IDataObject | IDataObject[];

export type NodeError = NodeApiError | NodeOperationError;

/** One job's outcome: its value, or (continue-on-fail only) the n8n error it ended in and what was thrown. */
export type JobOutcome<T> = { ok: true; value: T } | { ok: false; error: NodeError; cause: unknown };

export interface PoolOptions {
	/** Jobs in progress at once (at least 1). */
	concurrency: number;
	/** The jobs in the order to take them (every job once); input order when absent. Results stay by job. */
	order?: readonly number[];
	/** Take no further job once this says so (a read that has seen its last page). */
	stop?: () => boolean;
}

/**
 * `count` jobs through at most `concurrency` workers: never `count` pending promises (100,000 users), and a
 * job taken only when a worker is free. A job that throws stops the pool; its error is thrown once the jobs
 * in progress are done.
 */
export async function pool(count: number, options: PoolOptions, job: (index: number) => Promise<void>): Promise<void> {
	const { order, stop } = options;
	if (order && order.length !== count) throw new Error(`The run order names ${order.length} jobs, not ${count}`);
	let next = 0;
	let failed = false;
	let failure: unknown;
	const worker = async () => {
		while (!failed && next < count && !stop?.()) {
			const index = order ? order[next++] : next++;
			try {
				await job(index);
			} catch (error) {
				if (!failed) failure = error;
				failed = true;
			}
		}
	};
	const width = Math.max(1, Math.min(Math.floor(options.concurrency) || 1, count));
	await Promise.all(Array.from({ length: width }, worker));
	if (failed) throw failure;
}

/**
 * Jobs that belong to input items, through the pool. `itemOf` names the input item a job answers for (the job's
 * own index when absent): its errors carry that index. Without continue-on-fail the first failure stops the run
 * and is thrown as an n8n error; with it, every job runs and a failure is returned in the job's place.
 */
export async function runJobs<T>(
	ctx: IExecuteFunctions,
	count: number,
	options: PoolOptions & { itemOf?: (job: number) => number },
	handle: (job: number) => Promise<T>,
): Promise<Array<JobOutcome<T>>> {
	const continueOnFail = ctx.continueOnFail();
	const outcomes: Array<JobOutcome<T>> = new Array(count);
	await pool(count, options, async (job) => {
		try {
			outcomes[job] = { ok: true, value: await handle(job) };
		} catch (cause) {
			const error = toNodeError(ctx, cause, options.itemOf ? options.itemOf(job) : job);
			if (!continueOnFail) throw error;
			outcomes[job] = { ok: false, error, cause };
		}
	});
	return outcomes;
}

/**
 * runEachItem, flattened: every operation of the SCIM node that takes items one by one. Output in input order,
 * pairedItem on every output, a failed item (continue-on-fail) as an error item in its place.
 */
export async function runItems(
	ctx: IExecuteFunctions,
	itemCount: number,
	concurrency: number,
	handle: (itemIndex: number) => Promise<ItemResult>,
): Promise<INodeExecutionData[]> {
	return (await runEachItem(ctx, itemCount, concurrency, handle)).flat();
}

/**
 * runItems, each item's outputs kept apart (index = input item), items taken in `order` when given (every index
 * once: managers before their reports). Output stays in input order whatever order the items ran in.
 */
export async function runEachItem(
	ctx: IExecuteFunctions,
	itemCount: number,
	concurrency: number,
	handle: (itemIndex: number) => Promise<ItemResult>,
	order?: readonly number[],
): Promise<INodeExecutionData[][]> {
	const outcomes = await runJobs(ctx, itemCount, { concurrency, order }, handle);
	return outcomes.map((outcome, itemIndex) => {
		const pairedItem = { item: itemIndex };
		if (!outcome.ok) return [{ json: errorItem(outcome), pairedItem }];
		return (Array.isArray(outcome.value) ? outcome.value : [outcome.value]).map((json) => ({ json, pairedItem }));
	});
}

/**
 * The transport's ScimRequestError, known by what it carries (the decoded SCIM answer and the fix), so that a
 * node without a transport (Mapping) shares this runner without importing one.
 */
interface ScimFailure extends Error {
	decoded: DecodedError;
	description: string;
}

function isScimFailure(error: unknown): error is ScimFailure {
	const decoded = (error as { decoded?: unknown } | undefined)?.decoded;
	return error instanceof Error && typeof (error as ScimFailure).description === 'string' && typeof decoded === 'object' && decoded !== null && typeof (decoded as DecodedError).status === 'number';
}

/** Any failure as the n8n error that names the item: a SCIM answer as a NodeApiError with its status and detail. */
export function toNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context) error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (isScimFailure(error)) {
		const { decoded } = error;
		return new NodeApiError(
			ctx.getNode(),
			{ message: error.message, status: decoded.status, scimType: decoded.scimType ?? null, detail: decoded.detail } as JsonObject,
			{
				message: error.message,
				description: error.description,
				httpCode: decoded.status ? String(decoded.status) : undefined,
				itemIndex,
			},
		);
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** A failed item's output under continue-on-fail: the message, the fix, and the SCIM answer's status and detail. */
export function errorItem(failure: { error: NodeError; cause: unknown }): IDataObject {
	const { error, cause } = failure;
	const item: IDataObject = { error: error.message };
	if (error.description) item.description = error.description;
	if (isScimFailure(cause)) {
		item.status = cause.decoded.status || null;
		if (cause.decoded.scimType) item.scimType = cause.decoded.scimType;
		if (cause.decoded.errorCode) item.errorCode = cause.decoded.errorCode;
		item.detail = cause.decoded.detail;
	}
	return item;
}
