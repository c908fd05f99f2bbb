/**
 * The answer an IdP gets once the workflow has carried out its request (the SCIM Respond node). RFC 7644 and the
 * IdPs' own rules: 201 with the full resource and its server id on create, 200 with the resource on user updates,
 * 204 on group PATCH and on DELETE. A failed Salesforce write is never a success: Salesforce's own 4xx (409
 * uniqueness, 400 invalid value) pass through, since sending the same request again cannot help; anything else
 * is 502, which Entra and Okta both treat as a failure to retry.
 */
import { isPlainObject, type JsonObject } from '../attribute';
import { scimErrorBody } from '../error';
import type { DirectoryEventRequest } from '../events/directoryEvent';
import { SCHEMA } from '../schemas';

export const SCIM_CONTENT_TYPE = 'application/scim+json';

export interface ScimAnswer {
	status: number;
	headers: Record<string, string>;
	body?: object;
}

export function scimAnswer(status: number, body?: object, headers: Record<string, string> = {}): ScimAnswer {
	return { status, headers: { 'Content-Type': SCIM_CONTENT_TYPE, ...headers }, ...(body !== undefined ? { body } : {}) };
}

export function errorAnswer(status: number, detail: string, scimType?: string): ScimAnswer {
	return scimAnswer(status, scimErrorBody(status, detail, scimType));
}

/** What one input item of the SCIM Respond node says happened to the Salesforce write. */
export interface WriteOutcome {
	/** The item's error (continue-on-fail / error output of the Salesforce SCIM node), if it failed. */
	error?: string;
	status?: number | null;
	scimType?: string;
	detail?: string;
	/** Mapping node's invalid output: what is wrong with the user the IdP sent. */
	issues?: Array<{ path?: string; message?: string }>;
}

export function outcomeOf(json: JsonObject): WriteOutcome {
	const outcome: WriteOutcome = {};
	if (typeof json.error === 'string' || isPlainObject(json.error)) {
		outcome.error = typeof json.error === 'string' ? json.error : String((json.error as JsonObject).message ?? 'error');
		if (typeof json.status === 'number') outcome.status = json.status;
		if (typeof json.scimType === 'string') outcome.scimType = json.scimType;
		if (typeof json.detail === 'string') outcome.detail = json.detail;
	}
	if (Array.isArray(json.issues) && json.issues.length) outcome.issues = json.issues as WriteOutcome['issues'];
	return outcome;
}

export function failureAnswer(outcome: WriteOutcome): ScimAnswer | undefined {
	if (outcome.issues?.length && !outcome.error) {
		const text = outcome.issues.map((issue) => `${issue.path ? `${issue.path}: ` : ''}${issue.message ?? ''}`).join('; ');
		return errorAnswer(400, `The user cannot be provisioned to Salesforce: ${text}`, 'invalidValue');
	}
	if (!outcome.error) return undefined;
	const status = outcome.status ?? 0;
	const detail = `Salesforce refused the write: ${outcome.detail ?? outcome.error}`;
	if (status === 409) return errorAnswer(409, detail, 'uniqueness');
	if (status === 404) return errorAnswer(404, detail);
	if (status === 400) return errorAnswer(400, detail, outcome.scimType ?? 'invalidValue');
	if (status === 429) return errorAnswer(429, detail, undefined);
	return errorAnswer(502, `${detail}. Nothing is confirmed; send the request again.`);
}

/** `meta.location` points at this endpoint, not at Salesforce (the IdP follows it). */
export function asServedResource(resource: JsonObject, request: Pick<DirectoryEventRequest, 'baseUrl' | 'resourceType'>): JsonObject {
	const copy: JsonObject = { ...resource };
	const meta = isPlainObject(copy.meta) ? { ...copy.meta } : {};
	meta.resourceType = request.resourceType === 'Users' ? 'User' : 'Group';
	if (typeof copy.id === 'string') meta.location = `${request.baseUrl}/${request.resourceType}/${copy.id}`;
	copy.meta = meta;
	if (!Array.isArray(copy.schemas)) copy.schemas = [request.resourceType === 'Users' ? SCHEMA.user : SCHEMA.group];
	delete copy.password;
	return copy;
}

/** The success answer, given the resource as Salesforce holds it after the write (undefined for deletes). */
export function successAnswer(request: DirectoryEventRequest, resource: JsonObject | undefined): ScimAnswer {
	if (request.method === 'DELETE') return scimAnswer(204);
	if (request.resourceType === 'Groups' && request.method === 'PATCH') return scimAnswer(204);
	if (!resource) return errorAnswer(502, 'The write was carried out but the resource could not be read back from Salesforce; send the request again.');
	const served = asServedResource(resource, request);
	if (request.method === 'POST') {
		return scimAnswer(201, served, typeof served.id === 'string' ? { Location: `${request.baseUrl}/${request.resourceType}/${served.id}` } : {});
	}
	return scimAnswer(200, served);
}
