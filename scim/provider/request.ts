/**
 * The service-provider side of SCIM (this package answering an IdP): reading what a request says. Pure: the
 * SCIM Trigger hands in what n8n gave it (raw body, content type, path params, query) and gets back a route, a
 * parsed body and list parameters, or a ScimError with the status and scimType RFC 7644 §3.12 asks for.
 */
import { isPlainObject, type JsonObject } from '../attribute';
import { ScimError } from '../error';

export type ResourceType = 'Users' | 'Groups' | 'ServiceProviderConfig' | 'Schemas' | 'ResourceTypes';

export interface Route {
	resourceType: ResourceType;
	/** `/Users/{id}`: the id, as sent (Salesforce ids are case-sensitive). */
	id?: string;
}

const RESOURCE_TYPES: readonly ResourceType[] = ['Users', 'Groups', 'ServiceProviderConfig', 'Schemas', 'ResourceTypes'];

/** IdPs default to 1 MB-ish bodies; a SCIM user or a 1 000-member PATCH is far smaller. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** `/Users`, `/users`, `/ServiceProviderConfigs` (Salesforce's plural) all name the same endpoint. */
export function routeOf(resource: string | undefined, id: string | undefined): Route {
	const name = (resource ?? '').trim();
	const lower = name.toLowerCase().replace(/s$/, '');
	const resourceType = RESOURCE_TYPES.find((type) => type.toLowerCase().replace(/s$/, '') === lower);
	if (!resourceType) {
		throw new ScimError(404, undefined, `No SCIM endpoint "/${name}": this service provider serves /Users, /Groups, /ServiceProviderConfig, /Schemas and /ResourceTypes`);
	}
	const trimmed = id?.trim();
	return trimmed ? { resourceType, id: decodeURIComponent(trimmed) } : { resourceType };
}

/** Which methods each kind of path accepts; anything else is 405 (RFC 7644 §3.12 lists 405 among the errors). */
export function assertMethodAllowed(route: Route, method: string): void {
	const upper = method.toUpperCase();
	const discovery = route.resourceType !== 'Users' && route.resourceType !== 'Groups';
	const allowed = discovery ? ['GET'] : route.id === undefined ? ['GET', 'POST'] : ['GET', 'PUT', 'PATCH', 'DELETE'];
	if (!allowed.includes(upper)) {
		const where = `/${route.resourceType}${route.id !== undefined ? '/{id}' : ''}`;
		throw new ScimError(405, undefined, `${upper} is not allowed on ${where}; use ${allowed.join(', ')}`);
	}
}

function isJsonContentType(contentType: string | undefined): boolean {
	if (!contentType) return true; // some clients omit it on small bodies; the JSON parse below decides
	const media = contentType.split(';')[0].trim().toLowerCase();
	return media === 'application/json' || /^application\/[a-z0-9.+-]*\+json$/.test(media) || media.endsWith('/json');
}

/**
 * The request body as a JSON object. n8n parses only `application/json`, so `application/scim+json` (what Entra
 * and Okta send) arrives unparsed: the raw bytes are read here for any `*json` type. `parsed` is n8n's own parse,
 * used when there are no raw bytes.
 */
export function parseRequestBody(
	raw: string | Uint8Array | undefined,
	contentType: string | undefined,
	parsed: unknown,
	maxBytes = DEFAULT_MAX_BODY_BYTES,
): JsonObject {
	const size = raw === undefined ? 0 : typeof raw === 'string' ? utf8Length(raw) : raw.byteLength;
	if (size > maxBytes) {
		throw new ScimError(413, 'tooMany', `The request body is ${size} bytes; this endpoint accepts at most ${maxBytes}. Send fewer members per PATCH.`);
	}
	if (!isJsonContentType(contentType)) {
		throw new ScimError(415, 'invalidSyntax', `Content-Type "${contentType}" is not JSON: send application/scim+json or application/json`);
	}
	let value: unknown = parsed;
	if (size > 0) {
		const text = typeof raw === 'string' ? raw : new TextDecoder('utf-8').decode(raw);
		let reason: string | undefined;
		try {
			value = JSON.parse(text.replace(/^\uFEFF/, ''));
		} catch (error) {
			reason = (error as Error).message;
		}
		if (reason !== undefined) throw new ScimError(400, 'invalidSyntax', `The request body is not valid JSON (${reason})`);
	}
	if (!isPlainObject(value) || Object.keys(value).length === 0) {
		throw new ScimError(400, 'invalidSyntax', 'The request body must be a JSON object (a SCIM resource or a PatchOp message)');
	}
	return value;
}

function utf8Length(text: string): number {
	return new TextEncoder().encode(text).byteLength;
}

export interface ListParameters {
	filter?: string;
	/** 1-based (RFC 7644 §3.4.2.4); values below 1 are read as 1. */
	startIndex: number;
	/** Page size asked for; capped at `maxCount`. */
	count: number;
	attributes?: string[];
	excludedAttributes?: string[];
}

function integer(value: unknown, name: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(Array.isArray(value) ? value[0] : value).trim();
	if (!/^-?\d+$/.test(text)) throw new ScimError(400, 'invalidValue', `"${name}" must be an integer, not "${text}"`);
	return Number(text);
}

function nameList(value: unknown): string[] | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const list = String(Array.isArray(value) ? value.join(',') : value)
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');
	return list.length ? list : undefined;
}

/** Query parameters of a list or get request; names are matched case-insensitively (`startindex` works too). */
export function parseListParameters(query: Record<string, unknown>, maxCount = 200): ListParameters {
	const get = (name: string) => {
		const key = Object.keys(query).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
		return key === undefined ? undefined : query[key];
	};
	const filter = get('filter');
	const startIndex = Math.max(1, integer(get('startIndex'), 'startIndex') ?? 1);
	const count = Math.min(maxCount, Math.max(0, integer(get('count'), 'count') ?? maxCount));
	const result: ListParameters = { startIndex, count };
	if (typeof filter === 'string' && filter.trim() !== '') result.filter = filter.trim();
	const attributes = nameList(get('attributes'));
	const excludedAttributes = nameList(get('excludedAttributes'));
	if (attributes) result.attributes = attributes;
	if (excludedAttributes) result.excludedAttributes = excludedAttributes;
	return result;
}

/** `attributes` / `excludedAttributes` on top-level names (Entra asks `excludedAttributes=members`); id and schemas always stay. */
export function projectAttributes(resource: JsonObject, parameters: Pick<ListParameters, 'attributes' | 'excludedAttributes'>): JsonObject {
	const top = (names: string[]) => new Set(names.map((name) => name.replace(/^urn:.*:(?=[^:]+$)/i, '').split('.')[0].toLowerCase()));
	const always = (key: string) => key === 'schemas' || key === 'id' || key === 'meta';
	if (parameters.attributes) {
		const keep = top(parameters.attributes);
		return Object.fromEntries(Object.entries(resource).filter(([key]) => always(key) || keep.has(key.toLowerCase())));
	}
	if (parameters.excludedAttributes) {
		const drop = top(parameters.excludedAttributes);
		return Object.fromEntries(Object.entries(resource).filter(([key]) => always(key) || !drop.has(key.toLowerCase())));
	}
	return resource;
}
