/**
 * Attribute access shared by filters, paths and PatchOps. RFC 7643 §2.1: attribute names are case-insensitive,
 * so every lookup goes through `findKey` instead of `obj[name]`.
 */
import { isCoreSchema } from './schemas';

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * `a.toLowerCase() === b.toLowerCase()`, decided without lowercasing (or allocating) while both are ASCII: ASCII
 * letters lowercase one for one and without context, so the first ASCII difference decides. Any other character
 * (which may lowercase to more than one, or by context like Σ) hands the question to `toLowerCase` itself.
 */
export function equalsIgnoringCase(a: string, b: string): boolean {
	const shorter = a.length < b.length ? a.length : b.length;
	for (let i = 0; i < shorter; i++) {
		let x = a.charCodeAt(i);
		let y = b.charCodeAt(i);
		if (x === y && x < 0x80) continue;
		if (x >= 0x80 || y >= 0x80) return a.toLowerCase() === b.toLowerCase();
		if (x >= 0x41 && x <= 0x5a) x += 0x20;
		if (y >= 0x41 && y <= 0x5a) y += 0x20;
		if (x !== y) return false;
	}
	if (a.length === b.length) return true;
	// An ASCII tail keeps the longer one longer once lowercased; only another character could change its length.
	const longer = a.length > b.length ? a : b;
	for (let i = shorter; i < longer.length; i++) if (longer.charCodeAt(i) >= 0x80) return a.toLowerCase() === b.toLowerCase();
	return false;
}

/** The first of `keys` (the own enumerable keys of an object lacking `name`) that equals `name` case-insensitively. */
export function findKeyIgnoringCase(keys: readonly string[], name: string): string | undefined {
	for (let i = 0; i < keys.length; i++) if (equalsIgnoringCase(keys[i], name)) return keys[i];
	return undefined;
}

/** The existing key of `obj` that equals `name` case-insensitively (exact spelling preferred). */
export function findKey(obj: object, name: string): string | undefined {
	if (hasOwn.call(obj, name)) return name;
	return findKeyIgnoringCase(Object.keys(obj), name);
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
