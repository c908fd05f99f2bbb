/**
 * Attribute access shared by filters, paths and PatchOps. RFC 7643 §2.1: attribute names are case-insensitive,
 * so every lookup goes through `findKey` instead of `obj[name]`.
 */
import { isCoreSchema } from './schemas';

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** The existing key of `obj` that equals `name` case-insensitively (exact spelling preferred). */
export function findKey(obj: object, name: string): string | undefined {
	if (Object.prototype.hasOwnProperty.call(obj, name)) return name;
	const lower = name.toLowerCase();
	return Object.keys(obj).find((key) => key.toLowerCase() === lower);
}

export function getAttribute(obj: unknown, name: string): unknown {
	if (!isPlainObject(obj)) return undefined;
	const key = findKey(obj, name);
	return key === undefined ? undefined : obj[key];
}

/**
 * The object holding the attributes of `schema` inside `resource`: the resource itself for core schemas (or no
 * schema), the object under the extension URN key otherwise. With `create`, a missing extension object is added.
 */
export function schemaContainer(resource: JsonObject, schema: string | undefined, create: boolean): JsonObject | undefined {
	if (schema === undefined) return resource;
	const key = findKey(resource, schema);
	if (key !== undefined && isPlainObject(resource[key])) return resource[key] as JsonObject;
	if (isCoreSchema(schema)) return resource;
	if (!create) return undefined;
	const container: JsonObject = {};
	resource[key ?? schema] = container;
	return container;
}

/** Deep copy of JSON-like data (plain objects and arrays; other values are kept by reference). */
export function cloneJson<T>(value: T): T {
	if (Array.isArray(value)) return value.map((item) => cloneJson(item)) as unknown as T;
	if (isPlainObject(value)) {
		const copy: JsonObject = {};
		for (const [key, item] of Object.entries(value)) copy[key] = cloneJson(item);
		return copy as T;
	}
	return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) return true;
	if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
	if (isPlainObject(a) && isPlainObject(b)) {
		const keys = Object.keys(a);
		return keys.length === Object.keys(b).length && keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && deepEqual(a[key], b[key]));
	}
	return false;
}

/** `true`/`"true"`/`"True"` → true, `false`/`"False"` → false, anything else → undefined (Salesforce sends and accepts strings). */
export function asBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string') {
		const lower = value.trim().toLowerCase();
		if (lower === 'true') return true;
		if (lower === 'false') return false;
	}
	return undefined;
}

/** RFC 7644 §3.4.2.2 `pr`: a value is present unless null, empty, or a complex value of empty nodes. */
export function isPresent(value: unknown): boolean {
	if (value === undefined || value === null) return false;
	if (typeof value === 'string') return value.length > 0;
	if (Array.isArray(value)) return value.some(isPresent);
	if (isPlainObject(value)) return Object.values(value).some(isPresent);
	return true;
}
