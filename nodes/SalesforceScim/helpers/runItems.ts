import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { ScimRequestError } from '../transport/ScimClient';

/** What an operation returns for one input item: one result or several (Get Many). */
export type ItemResult = IDataObject | IDataObject[];

/**
 * The one per-item loop every operation shares: bounded concurrency, results in input order, pairedItem on
 * every output, continue-on-fail per item with the SCIM error detail. An operation is then only
 * "this item → these requests → this result".
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
	if (order && order.length !== itemCount) throw new Error(`The run order names ${order.length} items, not ${itemCount}`);
	const results: INodeExecutionData[][] = Array.from({ length: itemCount }, () => []);
	const continueOnFail = ctx.continueOnFail();
	let next = 0;
	let fatal: unknown;

	const worker = async () => {
		while (fatal === undefined && next < itemCount) {
			const itemIndex = order ? order[next++] : next++;
			try {
				const result = await handle(itemIndex);
				const list = Array.isArray(result) ? result : [result];
				results[itemIndex] = list.map((json) => ({ json, pairedItem: { item: itemIndex } }));
			} catch (error) {
				const nodeError = toNodeError(ctx, error, itemIndex);
				if (continueOnFail) {
					results[itemIndex] = [{ json: errorItem(nodeError, error), pairedItem: { item: itemIndex } }];
				} else {
					fatal ??= nodeError;
				}
			}
		}
	};
	const workers = Array.from({ length: Math.max(1, Math.min(concurrency, itemCount)) }, worker);
	await Promise.all(workers);
	if (fatal !== undefined) throw fatal;
	return results;
}

export function toNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context) error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (error instanceof ScimRequestError) {
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

function errorItem(nodeError: NodeApiError | NodeOperationError, original: unknown): IDataObject {
	const item: IDataObject = { error: nodeError.message };
	if (nodeError.description) item.description = nodeError.description;
	if (original instanceof ScimRequestError) {
		item.status = original.decoded.status || null;
		if (original.decoded.scimType) item.scimType = original.decoded.scimType;
		if (original.decoded.errorCode) item.errorCode = original.decoded.errorCode;
		item.detail = original.decoded.detail;
	}
	return item;
}
