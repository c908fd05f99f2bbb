/**
 * Salesforce is the record this endpoint answers from: a SCIM id here is the Salesforce user or group id, so what
 * an IdP reads is what Salesforce holds, after any n8n restart, on any n8n process, with no copy to drift.
 * Reads go through the package's one transport (retries, API-usage guard, decoded errors).
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { dialectNamed } from '../../scim/dialect';
import { matchesFilter } from '../../scim/filterMatch';
import { byId, type LookupPlan } from '../../scim/provider/lookup';
import { DEFAULT_CLIENT_OPTIONS, ScimClient, ScimRequestError, type CredentialType } from '../SalesforceScim/transport/ScimClient';
import { settle } from '../SalesforceScim/transport/settle';

export type SalesforceResource = IDataObject & { id?: string };

export function salesforceClient(ctx: IWebhookFunctions): ScimClient {
	const authentication = ctx.getNodeParameter('authentication', 'oAuth2') as string;
	const credentialType: CredentialType = authentication === 'jwt' ? 'salesforceScimJwtApi' : 'salesforceScimOAuth2Api';
	// An IdP waits at most 60 s for an answer: two attempts with a short back-off fit; more would not.
	return new ScimClient(ctx, {
		...DEFAULT_CLIENT_OPTIONS,
		credentialType,
		dialect: dialectNamed('salesforce'),
		maxAttempts: 2,
		retryDelayMs: 300,
		timeoutMs: 20_000,
	});
}

/** The resource, or undefined when Salesforce has no such id (404, or a malformed id it refuses with 400). */
export async function readResource(client: ScimClient, resourceType: 'Users' | 'Groups', id: string): Promise<SalesforceResource | undefined> {
	const outcome = await settle(client.request<SalesforceResource>({ method: 'GET', path: `/${resourceType}/${encodeURIComponent(id)}`, idempotent: true }));
	if (outcome.ok) return outcome.value;
	const error = outcome.error;
	if (error instanceof ScimRequestError && (error.decoded.status === 404 || error.decoded.status === 400)) return undefined;
	throw error;
}

export interface Page {
	resources: SalesforceResource[];
	totalResults: number;
}

/** Everything matching the plan, in a stable order (by id), filtered exactly here. */
export async function findResources(client: ScimClient, resourceType: 'Users' | 'Groups', plan: LookupPlan): Promise<SalesforceResource[]> {
	let candidates: SalesforceResource[];
	if (plan.id !== undefined) {
		const one = await readResource(client, resourceType, plan.id);
		candidates = one ? [one] : [];
	} else {
		candidates = await client.listAll<SalesforceResource>(`/${resourceType}`, plan.serverFilter ? { filter: plan.serverFilter } : {});
	}
	const expression = plan.expression;
	const matching = expression ? candidates.filter((resource) => matchesFilter(expression, resource)) : candidates;
	return matching.sort(byId);
}

/** An unfiltered page is Salesforce's own page (its order, its total): listing a whole org for one page would be waste. */
export async function readPage(client: ScimClient, resourceType: 'Users' | 'Groups', startIndex: number, count: number): Promise<Page> {
	if (count === 0) {
		const body = await client.request<IDataObject>({ method: 'GET', path: `/${resourceType}`, qs: { startIndex: 1, count: 1 }, idempotent: true });
		return { resources: [], totalResults: Number(body.totalResults ?? 0) };
	}
	const body = await client.request<IDataObject>({ method: 'GET', path: `/${resourceType}`, qs: { startIndex, count }, idempotent: true });
	const resources = (Array.isArray(body.Resources) ? body.Resources : []) as SalesforceResource[];
	return { resources: resources.slice(0, count), totalResults: Number(body.totalResults ?? resources.length) };
}
