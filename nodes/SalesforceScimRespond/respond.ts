/**
 * One answer per IdP request. A request can be several events (a group PATCH that renames and adds members runs
 * two branches of the workflow, each reaching this node): the node's execution context counts the events carried
 * out, and the answer goes when all of them are, or at the first failure. The SCIM rules are scim/provider/respond.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { isPlainObject, type JsonObject } from '../../scim/attribute';
import { dialectNamed } from '../../scim/dialect';
import type { DirectoryEvent } from '../../scim/events/directoryEvent';
import { isDirectoryEvent } from '../../scim/events/directoryEvent';
import { failureAnswer, outcomeOf, successAnswer, type ScimAnswer } from '../../scim/provider/respond';
import { DEFAULT_CLIENT_OPTIONS, ScimClient, type CredentialType } from '../SalesforceScim/transport/ScimClient';

interface Progress {
	done?: boolean;
	seen?: string[];
	resourceId?: string;
}

function eventOf(ctx: IExecuteFunctions, index: number): DirectoryEvent {
	let value = ctx.getNodeParameter('event', index, undefined, { skipValidation: true }) as unknown;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			value = undefined;
		}
	}
	if (!isDirectoryEvent(value) || !value.request) {
		const json = ctx.getInputData()[index]?.json;
		if (isDirectoryEvent(json) && json.request) return json;
		throw new NodeOperationError(ctx.getNode(), 'No Salesforce SCIM Trigger event found for this item', {
			itemIndex: index,
			description: 'Set "Trigger Event" to the trigger’s item, e.g. {{ $(\'Salesforce SCIM Trigger\').item.json }} with your trigger’s node name.',
		});
	}
	return value;
}

function clientFor(ctx: IExecuteFunctions): ScimClient {
	const authentication = ctx.getNodeParameter('authentication', 0, 'oAuth2') as string;
	const credentialType: CredentialType = authentication === 'jwt' ? 'salesforceScimJwtApi' : 'salesforceScimOAuth2Api';
	return new ScimClient(ctx, { ...DEFAULT_CLIENT_OPTIONS, credentialType, dialect: dialectNamed('salesforce'), maxAttempts: 2, timeoutMs: 20_000 });
}

function sendAnswer(ctx: IExecuteFunctions, answer: ScimAnswer): void {
	ctx.sendResponse({ statusCode: answer.status, headers: answer.headers, body: (answer.body ?? '') as IDataObject });
}

/** Returns the status sent, or undefined while the request still has events to carry out. */
export async function respond(ctx: IExecuteFunctions): Promise<number | undefined> {
	const items = ctx.getInputData();
	const progress = ctx.getContext('node') as Progress;
	if (progress.done || items.length === 0) return undefined;
	const seen = new Set(progress.seen ?? []);
	let request: DirectoryEvent['request'];
	for (let index = 0; index < items.length; index++) {
		const event = eventOf(ctx, index);
		request = event.request;
		const failure = failureAnswer(outcomeOf(items[index].json as JsonObject));
		if (failure) {
			progress.done = true;
			sendAnswer(ctx, failure);
			return failure.status;
		}
		seen.add(event.eventId);
		const id = String(ctx.getNodeParameter('resourceId', index, '') ?? '').trim();
		if (id && /^[\w-]{3,64}$/.test(id)) progress.resourceId = id;
	}
	progress.seen = [...seen];
	if (!request || seen.size < request.eventCount) return undefined;
	progress.done = true;
	let resource: JsonObject | undefined;
	const needsBody = request.method !== 'DELETE' && !(request.resourceType === 'Groups' && request.method === 'PATCH');
	const id = progress.resourceId ?? request.id;
	if (needsBody && id) {
		const read = await clientFor(ctx)
			.request<IDataObject>({ method: 'GET', path: `/${request.resourceType}/${encodeURIComponent(id)}`, idempotent: true })
			.catch(() => undefined);
		if (isPlainObject(read)) resource = read;
	}
	const answer = successAnswer(request, resource);
	sendAnswer(ctx, answer);
	return answer.status;
}
