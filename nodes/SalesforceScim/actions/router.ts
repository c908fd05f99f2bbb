import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { dialectNamed } from '../../../scim/dialect';
import { runItems, type ItemResult } from '../../shared/runItems';
import { DEFAULT_CLIENT_OPTIONS, ScimClient, type CredentialType } from '../transport/ScimClient';
import * as entitlement from './entitlement/Entitlement.resource';
import * as group from './group/Group.resource';
import * as role from './role/Role.resource';
import * as user from './user/User.resource';

type ItemOperation = { execute: (this: IExecuteFunctions, client: ScimClient, itemIndex: number) => Promise<ItemResult> };
/** Operations that take all input items at once (Sync): they plan over the whole set. */
type BatchOperation = { executeAll: (this: IExecuteFunctions, client: ScimClient) => Promise<INodeExecutionData[]> };
type Operation = ItemOperation | BatchOperation;

const resources: Record<string, Record<string, unknown>> = { user, group, entitlement, role };

export function clientFor(ctx: IExecuteFunctions, itemIndex = 0): ScimClient {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const authentication = ctx.getNodeParameter('authentication', 0, 'oAuth2') as string;
	const credentialType: CredentialType = authentication === 'jwt' ? 'salesforceScimJwtApi' : 'salesforceScimOAuth2Api';
	return new ScimClient(ctx, {
		credentialType,
		dialect: dialectNamed(options.dialect as string | undefined),
		concurrency: Number(options.concurrency ?? DEFAULT_CLIENT_OPTIONS.concurrency),
		maxAttempts: Number(options.maxAttempts ?? DEFAULT_CLIENT_OPTIONS.maxAttempts),
		retryDelayMs: Number(options.retryDelayMs ?? DEFAULT_CLIENT_OPTIONS.retryDelayMs),
		timeoutMs: Number(options.timeoutMs ?? DEFAULT_CLIENT_OPTIONS.timeoutMs),
		maxApiUsagePercent: Number(options.maxApiUsagePercent ?? DEFAULT_CLIENT_OPTIONS.maxApiUsagePercent),
	});
}

/** Reads resource and operation and hands over: one client (transport) per execution, one runner for all items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.[operationName] as Operation | undefined;
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}
	const client = clientFor(this);
	if ('executeAll' in operation) return [await operation.executeAll.call(this, client)];
	const items = this.getInputData();
	return [
		await runItems(this, items.length, client.maxInFlight, async (itemIndex) =>
			await operation.execute.call(this, client, itemIndex),
		),
	];
}
