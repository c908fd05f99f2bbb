/**
 * One IdP request, start to end: authenticate before reading anything, route, answer reads from Salesforce, and
 * turn writes into directory events for the workflow. The SCIM grammar and rules are scim/provider; this file only
 * joins them to n8n's request object and to Salesforce.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isPlainObject, type JsonObject } from '../../scim/attribute';
import { ScimError } from '../../scim/error';
import type { DirectoryEvent } from '../../scim/events/directoryEvent';
import { listResponse } from '../../scim/listResponse';
import { isAuthorized, unauthorizedResponse } from '../../scim/provider/auth';
import {
	groupFromBody,
	patchGroup,
	patchUser,
	replaceGroup,
	replaceUser,
	userFromBody,
} from '../../scim/provider/changes';
import { resourceTypes, schemas, serviceProviderConfig } from '../../scim/provider/discovery';
import {
	groupChangedEvents,
	groupCreatedEvent,
	groupDeletedEvent,
	userChangedEvents,
	userCreatedEvent,
	userDeletedEvent,
	type ScimRequestContext,
} from '../../scim/provider/events';
import { recogniseIdp } from '../../scim/provider/idp';
import { planLookup } from '../../scim/provider/lookup';
import { assertMethodAllowed, parseListParameters, parseRequestBody, projectAttributes, routeOf, type Route } from '../../scim/provider/request';
import { asServedResource, errorAnswer, scimAnswer, type ScimAnswer } from '../../scim/provider/respond';
import { filterEq } from '../../scim/filter';
import { ScimRequestError } from '../SalesforceScim/transport/ScimClient';
import { findResources, readPage, readResource, salesforceClient, type SalesforceResource } from './salesforce';

type Outcome = { answer: ScimAnswer } | { events: DirectoryEvent[] };

/**
 * Writes the answer. Error details quote what was sent (an unknown op, a bad value): should the token itself have
 * been sent in a body, it is cut out, so an answer can never carry the secret.
 */
function send(ctx: IWebhookFunctions, answer: ScimAnswer, secret = ''): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(answer.status);
	for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
	if (answer.body === undefined || answer.status === 204) res.end();
	else {
		const text = JSON.stringify(answer.body);
		res.end(secret.length >= 8 ? text.split(secret).join('[redacted]') : text);
	}
	return { noWebhookResponse: true };
}

/** The SCIM base URL of this endpoint, as the IdP must be given it: the production URL without `/:resource`. */
export function baseUrlOf(ctx: IWebhookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default') ?? '';
	return url.replace(/\/:resource(\/:id)?$/, '');
}

export async function handleRequest(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = ctx.getRequestObject();
	const headers = ctx.getHeaderData();
	// 1. Who is calling: nothing of the request is read before this.
	const credentials = await ctx.getCredentials('salesforceScimTriggerApi');
	const secret = String(credentials.token ?? '');
	const authorized = isAuthorized(headers.authorization, {
		token: secret,
		basicUser: credentials.basicUser ? String(credentials.basicUser) : undefined,
		basicPassword: credentials.basicPassword ? String(credentials.basicPassword) : undefined,
	});
	if (!authorized) {
		const denied = unauthorizedResponse();
		return send(ctx, scimAnswer(denied.status, denied.body, denied.headers));
	}
	try {
		const outcome = await dispatch(ctx, req.method.toUpperCase());
		if ('answer' in outcome) return send(ctx, outcome.answer, secret);
		return { workflowData: [ctx.helpers.returnJsonArray(outcome.events as unknown as IDataObject[])] };
	} catch (error) {
		if (error instanceof ScimError) return send(ctx, errorAnswer(error.status, error.detail, error.scimType), secret);
		if (error instanceof ScimRequestError) {
			// Salesforce could not be read: the IdP must try again later, not conclude "no such user".
			const status = error.decoded.status === 429 ? 429 : 503;
			return send(ctx, errorAnswer(status, `Salesforce could not be read: ${error.message}`), secret);
		}
		return send(ctx, errorAnswer(500, `The SCIM endpoint failed: ${(error as Error).message}`), secret);
	}
}

async function dispatch(ctx: IWebhookFunctions, method: string): Promise<Outcome> {
	const params = ctx.getParamsData() as { resource?: string; id?: string };
	const route = routeOf(params.resource, params.id);
	assertMethodAllowed(route, method);
	const query = ctx.getQueryData() as Record<string, unknown>;
	const baseUrl = baseUrlOf(ctx);
	const maxResults = Number(ctx.getNodeParameter('options.maxResults', 100));
	switch (route.resourceType) {
		case 'ServiceProviderConfig':
			return { answer: scimAnswer(200, serviceProviderConfig(baseUrl, maxResults)) };
		case 'ResourceTypes':
			return { answer: scimAnswer(200, listResponse(resourceTypes(baseUrl), 2, 1)) };
		case 'Schemas':
			return { answer: scimAnswer(200, listResponse(schemas(baseUrl), 3, 1)) };
		default:
			break;
	}
	const resourceType = route.resourceType as 'Users' | 'Groups';
	const client = salesforceClient(ctx);
	if (method === 'GET') return { answer: await read(client, resourceType, route, query, baseUrl, maxResults) };

	const req = ctx.getRequestObject();
	const raw = (req as unknown as { rawBody?: Uint8Array | string }).rawBody;
	const maxBytes = Number(ctx.getNodeParameter('options.maxBodyKb', 1024)) * 1024;
	const body: JsonObject = method === 'DELETE' ? {} : parseRequestBody(raw, req.headers['content-type'], ctx.getBodyData(), maxBytes);
	const context: ScimRequestContext = {
		method: method as ScimRequestContext['method'],
		resourceType,
		...(route.id !== undefined ? { id: route.id } : {}),
		baseUrl,
		idp: recogniseIdp(String(req.headers['user-agent'] ?? ''), query, body),
		rawBody: raw === undefined ? '' : typeof raw === 'string' ? raw : new TextDecoder().decode(raw),
		receivedAt: new Date().toISOString(),
	};
	return resourceType === 'Users' ? await writeUser(client, context, body) : await writeGroup(client, context, body);
}

async function read(
	client: ReturnType<typeof salesforceClient>,
	resourceType: 'Users' | 'Groups',
	route: Route,
	query: Record<string, unknown>,
	baseUrl: string,
	maxResults: number,
): Promise<ScimAnswer> {
	const parameters = parseListParameters(query, maxResults);
	const serve = (resource: SalesforceResource) => projectAttributes(asServedResource(resource as JsonObject, { baseUrl, resourceType }), parameters);
	if (route.id !== undefined) {
		const resource = await readResource(client, resourceType, route.id);
		if (!resource) return errorAnswer(404, `${resourceType === 'Users' ? 'User' : 'Group'} "${route.id}" not found`);
		return scimAnswer(200, serve(resource));
	}
	if (parameters.filter === undefined) {
		const page = await readPage(client, resourceType, parameters.startIndex, parameters.count);
		return scimAnswer(200, listResponse(page.resources.map(serve), page.totalResults, parameters.startIndex, page.resources.length));
	}
	const all = await findResources(client, resourceType, planLookup(resourceType, parameters.filter));
	const page = all.slice(parameters.startIndex - 1, parameters.startIndex - 1 + parameters.count);
	return scimAnswer(200, listResponse(page.map(serve), all.length, parameters.startIndex, page.length));
}

function notFound(resourceType: 'Users' | 'Groups', id: string): ScimAnswer {
	return errorAnswer(404, `${resourceType === 'Users' ? 'User' : 'Group'} "${id}" not found`);
}

function unchanged(context: ScimRequestContext, current: SalesforceResource): ScimAnswer {
	// Nothing to carry out (a redundant membership add, a PUT of what is there): answered without a workflow run.
	if (context.resourceType === 'Groups' && context.method === 'PATCH') return scimAnswer(204);
	return scimAnswer(200, asServedResource(current as JsonObject, context));
}

async function writeUser(client: ReturnType<typeof salesforceClient>, context: ScimRequestContext, body: JsonObject): Promise<Outcome> {
	if (context.method === 'POST') {
		const user = userFromBody(body);
		const userName = String(user.userName).trim().toLowerCase();
		const existing = await findResources(client, 'Users', planLookup('Users', filterEq('userName', userName)));
		if (existing.length) {
			// Okta's spec test POSTs the same user twice and expects 409; the IdP then links by filtering on userName.
			return { answer: errorAnswer(409, `A user with userName "${userName}" already exists (id ${String(existing[0].id)})`, 'uniqueness') };
		}
		return { events: [userCreatedEvent(context, user)] };
	}
	const id = context.id as string;
	const current = await readResource(client, 'Users', id);
	if (!current) return { answer: notFound('Users', id) };
	if (context.method === 'DELETE') return { events: [userDeletedEvent(context, current as JsonObject)] };
	const change = context.method === 'PUT' ? replaceUser(current, body) : patchUser(current, body);
	if (change.changes.length === 0) return { answer: unchanged(context, current) };
	return { events: userChangedEvents(context, change) };
}

async function writeGroup(client: ReturnType<typeof salesforceClient>, context: ScimRequestContext, body: JsonObject): Promise<Outcome> {
	if (context.method === 'POST') {
		const group = groupFromBody(body);
		const displayName = String(group.displayName).trim();
		const existing = (await findResources(client, 'Groups', planLookup('Groups', filterEq('displayName', displayName)))).filter(
			(candidate) => String(candidate.displayName).toLowerCase() === displayName.toLowerCase(),
		);
		if (existing.length) {
			return { answer: errorAnswer(409, `A group named "${displayName}" already exists (id ${String(existing[0].id)})`, 'uniqueness') };
		}
		return { events: [groupCreatedEvent(context, group)] };
	}
	const id = context.id as string;
	const current = await readResource(client, 'Groups', id);
	if (!current) return { answer: notFound('Groups', id) };
	if (context.method === 'DELETE') return { events: [groupDeletedEvent(context, current as JsonObject)] };
	if (!isPlainObject(body)) throw new ScimError(400, 'invalidSyntax', 'The request body must be a JSON object');
	const change = context.method === 'PUT' ? replaceGroup(current, body) : patchGroup(current, body);
	const events = groupChangedEvents(context, change);
	if (events.length === 0) return { answer: unchanged(context, current) };
	return { events };
}
