/**
 * PatchOp messages (RFC 7644 §3.5.2): building the request body, and applying operations the way a service
 * provider does (used by the emulator and the tests). The client-side diff lives in patchDiff.ts.
 */
import { asBoolean, cloneJson, deepEqual, findKey, getAttribute, isPlainObject, schemaContainer, type JsonObject } from './attribute';
import { ScimError } from './error';
import type { MatchOptions } from './filterMatch';
import { isWholeSchemaUrn, parsePath, printPath, removePathValue, selectElements, setPathValue, type ScimPath } from './path';
import { SCHEMA, isCoreSchema, isSchemaUrn, type ScimResource } from './schemas';

export interface PatchOperation {
	op: 'add' | 'remove' | 'replace';
	path?: string;
	value?: unknown;
}

export interface PatchRequest {
	schemas: string[];
	Operations: PatchOperation[];
}

export function patchRequest(operations: PatchOperation[]): PatchRequest {
	return { schemas: [SCHEMA.patchOp], Operations: operations };
}

/** Validate an incoming PatchOp body and return its operations (400 invalidSyntax otherwise). */
export function parsePatchRequest(body: unknown): Array<{ op: string; path?: string; value?: unknown }> {
	if (!isPlainObject(body)) throw new ScimError(400, 'invalidSyntax', 'A PATCH body must be a JSON object');
	const schemas = getAttribute(body, 'schemas');
	if (!Array.isArray(schemas) || !schemas.includes(SCHEMA.patchOp)) {
		throw new ScimError(400, 'invalidSyntax', `A PATCH body must list the schema ${SCHEMA.patchOp}`);
	}
	const operations = getAttribute(body, 'Operations');
	if (!Array.isArray(operations)) throw new ScimError(400, 'invalidSyntax', 'A PATCH body needs an "Operations" array');
	return operations as Array<{ op: string; path?: string; value?: unknown }>;
}

export interface ApplyPatchOptions extends MatchOptions {
	/**
	 * Whether the server knows an attribute: called with a top-level name (`nickName`) or an extension attribute
	 * (`urn:…:enterprise:2.0:User:department`). Unknown targets are 400 invalidPath. Without it every name is accepted.
	 */
	knownAttribute?: (attribute: string) => boolean;
}

type Mode = 'add' | 'replace';

/** Booleans that clients send as "True"/"false" strings (Salesforce and Entra both do); stored as booleans. */
const BOOLEAN_ATTRIBUTES = new Set(['active', 'primary']);

function coerceBooleans(value: unknown, name: string): unknown {
	if (Array.isArray(value)) return value.map((item) => coerceBooleans(item, name));
	if (isPlainObject(value)) {
		for (const [key, item] of Object.entries(value)) value[key] = coerceBooleans(item, key);
		return value;
	}
	return BOOLEAN_ATTRIBUTES.has(name.toLowerCase()) ? (asBoolean(value) ?? value) : value;
}

function checkKnown(options: ApplyPatchOptions, schema: string | undefined, attribute: string): void {
	if (!options.knownAttribute) return;
	const name = schema !== undefined && !isCoreSchema(schema) ? `${schema}:${attribute}` : attribute;
	if (!options.knownAttribute(name)) throw new ScimError(400, 'invalidPath', `Unknown attribute '${name}'`);
}

/** id and meta are readOnly (RFC 7643 §3.1); clients often echo them unchanged, which is harmless. */
function checkReadOnly(resource: JsonObject, name: string, value: unknown): boolean {
	const lower = name.toLowerCase();
	if (lower === 'schemas' || lower === 'meta') return true;
	if (lower === 'id') {
		const id = getAttribute(resource, 'id');
		// A view without its id (the emulator's writable view) cannot tell; an echoed id is then just dropped.
		if (value === undefined || id === undefined || deepEqual(value, id)) return true;
		throw new ScimError(400, 'mutability', 'The attribute "id" is readOnly and cannot be changed');
	}
	return false;
}

/**
 * RFC 7643 §2.4 / RFC 7644 §3.5.2: at most one value of a multi-valued attribute is primary; writing a new
 * primary value clears the flag on the others.
 */
function enforceSinglePrimary(list: unknown, written: unknown[]): void {
	if (!Array.isArray(list) || !written.some((item) => isPlainObject(item) && asBoolean(getAttribute(item, 'primary')) === true)) return;
	for (const element of list) {
		if (!isPlainObject(element) || written.some((item) => deepEqual(item, element))) continue;
		const key = findKey(element, 'primary');
		if (key !== undefined && asBoolean(element[key]) === true) element[key] = false;
	}
}

/** Write one attribute: add appends to lists (no duplicates) and merges objects; replace swaps lists and merges objects (RFC 7644 §3.5.2.1, §3.5.2.3). */
function writeAttribute(container: JsonObject, name: string, value: unknown, mode: Mode): void {
	const key = findKey(container, name) ?? name;
	const current = container[key];
	const incoming = coerceBooleans(cloneJson(value), name);
	if (incoming === null) {
		// RFC 7643 §2.5: null is equivalent to unassigned.
		delete container[key];
	} else if (mode === 'add' && Array.isArray(current)) {
		const added = (Array.isArray(incoming) ? incoming : [incoming]).filter((item) => !current.some((existing) => deepEqual(existing, item)));
		current.push(...added);
		enforceSinglePrimary(current, added);
	} else if (isPlainObject(current) && isPlainObject(incoming)) {
		for (const [sub, item] of Object.entries(incoming)) {
			const subKey = findKey(current, sub) ?? sub;
			if (item === null) delete current[subKey];
			else current[subKey] = item;
		}
	} else {
		container[key] = incoming;
	}
}

/** A URN key naming a whole extension: a versioned schema URN, or one the resource already holds or lists in `schemas`. */
function isExtensionKey(resource: JsonObject, name: string): boolean {
	if (isWholeSchemaUrn(name)) return true;
	if (!isSchemaUrn(name)) return false;
	const schemas = resource.schemas;
	const listed = Array.isArray(schemas) && schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === name.toLowerCase());
	return listed || isPlainObject(getAttribute(resource, name));
}

/** A no-path add/replace: each key is an attribute, an extension URN holding sub-attributes, or (as Entra sends) a path. */
function writeAttributes(resource: JsonObject, value: unknown, mode: Mode, options: ApplyPatchOptions): void {
	if (!isPlainObject(value)) throw new ScimError(400, 'invalidValue', `An "${mode}" without a path needs an object value naming the attributes`);
	for (const [name, item] of Object.entries(value)) {
		if (checkReadOnly(resource, name, item)) continue;
		if (isPlainObject(item) && isExtensionKey(resource, name)) {
			const extension = schemaContainer(resource, name, true) as JsonObject;
			for (const [sub, subValue] of Object.entries(item)) {
				checkKnown(options, name, sub);
				writeAttribute(extension, sub, subValue, mode);
			}
		} else if (/[.[]/.test(name) || isSchemaUrn(name)) {
			writeAtPath(resource, parsePath(name), item, mode, options);
		} else {
			checkKnown(options, undefined, name);
			writeAttribute(resource, name, item, mode);
		}
	}
}

/** Salesforce wraps group members as `{members: [...]}` where the RFC sends the bare list; accept both. */
function unwrapList(path: ScimPath, value: unknown): unknown {
	if (!isPlainObject(value) || path.filter || path.subAttribute !== undefined) return value;
	const keys = Object.keys(value);
	return keys.length === 1 && keys[0].toLowerCase() === path.attribute.toLowerCase() && Array.isArray(value[keys[0]]) ? value[keys[0]] : value;
}

function writeAtPath(resource: JsonObject, path: ScimPath, value: unknown, mode: Mode, options: ApplyPatchOptions): void {
	if (path.schema === undefined && ['id', 'meta'].includes(path.attribute.toLowerCase())) {
		throw new ScimError(400, 'mutability', `The attribute "${path.attribute}" is readOnly and cannot be changed`);
	}
	if (path.schema === undefined && isWholeSchemaUrn(path.attribute) && isPlainObject(value)) {
		for (const sub of Object.keys(value)) checkKnown(options, path.attribute, sub);
	} else {
		checkKnown(options, path.schema, path.attribute);
	}
	if (value === undefined) throw new ScimError(400, 'invalidValue', `An "${mode}" of '${printPath(path)}' needs a value`);
	value = coerceBooleans(cloneJson(unwrapList(path, value)), path.subAttribute ?? path.attribute);
	const container = schemaContainer(resource, path.schema, true) as JsonObject;
	if (!path.filter) {
		if (path.subAttribute === undefined) writeAttribute(container, path.attribute, value, mode);
		else setPathValue(resource, path, cloneJson(value), options);
		return;
	}
	const current = getAttribute(container, path.attribute);
	if (current !== undefined && current !== null && !Array.isArray(current)) {
		throw new ScimError(400, 'invalidPath', `Invalid path '${printPath(path)}': '${path.attribute}' is not multi-valued`);
	}
	const matches = Array.isArray(current) ? selectElements(current, path.filter, options) : [];
	// RFC 7644 §3.5.2.3: replace with a filter that matches nothing is noTarget — unless the attribute does not exist at all ("treat as add").
	if (mode === 'replace' && matches.length === 0 && Array.isArray(current) && current.length > 0) {
		throw new ScimError(400, 'noTarget', `No value of '${path.attribute}' matches '${printPath(path)}'`);
	}
	if (mode === 'replace' && path.subAttribute === undefined && Array.isArray(current) && matches.length > 0) {
		for (const element of matches) current[current.indexOf(element)] = cloneJson(value);
	} else {
		setPathValue(resource, path, cloneJson(value), options);
	}
	const list = getAttribute(container, path.attribute);
	if (Array.isArray(list) && (path.subAttribute === undefined || path.subAttribute.toLowerCase() === 'primary')) {
		enforceSinglePrimary(list, [...selectElements(list, path.filter, options), ...list.filter((element) => deepEqual(element, value))]);
	}
}

function removeAtPath(resource: JsonObject, path: ScimPath, value: unknown, options: ApplyPatchOptions): void {
	if (path.schema === undefined && ['id', 'meta', 'schemas'].includes(path.attribute.toLowerCase())) {
		throw new ScimError(400, 'mutability', `The attribute "${path.attribute}" cannot be removed`);
	}
	checkKnown(options, path.schema, path.attribute);
	const container = schemaContainer(resource, path.schema, false);
	const key = container && findKey(container, path.attribute);
	const current = container && key !== undefined ? container[key] : undefined;
	// A remove carrying a value removes just those values: Salesforce's `{op:'remove', path:'members', value:{members:[…]}}`.
	if (value !== undefined && value !== null && !path.filter && path.subAttribute === undefined && Array.isArray(current) && container && key !== undefined) {
		const unwrapped = unwrapList(path, value);
		const doomed = Array.isArray(unwrapped) ? unwrapped : [unwrapped];
		const sameElement = (element: unknown, target: unknown): boolean => {
			const id = isPlainObject(target) ? getAttribute(target, 'value') : target;
			const own = isPlainObject(element) ? getAttribute(element, 'value') : element;
			return id !== undefined ? deepEqual(own, id) : deepEqual(element, target);
		};
		const kept = current.filter((element) => !doomed.some((target) => sameElement(element, target)));
		if (kept.length === 0) delete container[key];
		else container[key] = kept;
		return;
	}
	removePathValue(resource, path, options);
}

/**
 * Apply PATCH operations as a service provider would (RFC 7644 §3.5.2.1–3) and return a new resource; the input
 * is not touched. Operation names are case-insensitive (other clients send "Replace"); `remove` without a path is
 * 400 noTarget; a malformed path is 400 invalidPath.
 */
export function applyPatchOps(resource: ScimResource, operations: Array<{ op: string; path?: string; value?: unknown }>, options: ApplyPatchOptions = {}): ScimResource {
	if (!Array.isArray(operations)) throw new ScimError(400, 'invalidSyntax', 'Operations must be an array');
	const result = cloneJson(resource) as JsonObject;
	operations.forEach((operation, index) => {
		if (!isPlainObject(operation)) throw new ScimError(400, 'invalidSyntax', `Operations[${index}] must be an object`);
		const op = typeof operation.op === 'string' ? operation.op.toLowerCase() : '';
		if (op !== 'add' && op !== 'remove' && op !== 'replace') {
			throw new ScimError(400, 'invalidSyntax', `Operations[${index}].op must be "add", "remove" or "replace", not ${JSON.stringify(operation.op)}`);
		}
		const rawPath = getAttribute(operation, 'path');
		if (rawPath !== undefined && rawPath !== null && typeof rawPath !== 'string') {
			throw new ScimError(400, 'invalidPath', `Operations[${index}].path must be a string`);
		}
		const pathText = typeof rawPath === 'string' && rawPath.trim() !== '' ? rawPath : undefined;
		const value = getAttribute(operation, 'value');
		if (op === 'remove') {
			if (pathText === undefined) throw new ScimError(400, 'noTarget', `Operations[${index}]: "remove" needs a path (RFC 7644 §3.5.2.2)`);
			removeAtPath(result, parsePath(pathText), value, options);
		} else if (pathText === undefined) {
			writeAttributes(result, value, op, options);
		} else {
			writeAtPath(result, parsePath(pathText), value, op, options);
		}
	});
	listExtensionSchemas(result);
	return result as ScimResource;
}

/** An extension object added by PATCH must also appear in `schemas` (RFC 7643 §3). */
function listExtensionSchemas(resource: JsonObject): void {
	const schemas = resource.schemas;
	if (!Array.isArray(schemas)) return;
	for (const [key, value] of Object.entries(resource)) {
		if (isWholeSchemaUrn(key) && isPlainObject(value) && !schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === key.toLowerCase())) {
			schemas.push(key);
		}
	}
}

