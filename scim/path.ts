/**
 * PATCH paths (RFC 7644 §3.5.2): `attrPath / valuePath [subAttr]`, e.g. `name.familyName`,
 * `emails[type eq "work"].value`, `members[value eq "005…"]`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`, or a bare extension URN.
 * Reading and writing follow RFC 7643 §2.1: attribute names match existing keys case-insensitively.
 */
import { findKey, getAttribute, isPlainObject, schemaContainer, type JsonObject } from './attribute';
import { ScimError } from './error';
import { chainOperands, parseFilter, printAttributeRef, printFilter, splitAttributePath, type FilterExpression } from './filter';
import { matchesFilter, type MatchOptions } from './filterMatch';
import { SCHEMA } from './schemas';

export interface ScimPath {
	schema?: string;
	attribute: string;
	filter?: FilterExpression;
	subAttribute?: string;
}

/** Multi-valued attributes of the core User and Group schemas (RFC 7643 §4): a sub-attribute path on a missing one creates a list. */
export const MULTI_VALUED_ATTRIBUTES: ReadonlySet<string> = new Set(
	['emails', 'phoneNumbers', 'ims', 'photos', 'addresses', 'groups', 'entitlements', 'roles', 'x509Certificates', 'members'].map((name) => name.toLowerCase()),
);

const KNOWN_SCHEMAS: ReadonlySet<string> = new Set(Object.values(SCHEMA).map((urn) => urn.toLowerCase()));

/** A URN naming a whole schema (`…:2.0:User`) rather than one of its attributes (`…:2.0:User:department`). */
export function isWholeSchemaUrn(text: string): boolean {
	return KNOWN_SCHEMAS.has(text.toLowerCase()) || /^urn:[^[\]\s]*:\d+(\.\d+)*:[A-Za-z][A-Za-z0-9]*$/i.test(text);
}

function invalidPath(text: string, reason: string): ScimError {
	return new ScimError(400, 'invalidPath', `Invalid path '${text}': ${reason}`);
}

function containsValuePath(expression: FilterExpression): boolean {
	const stack: FilterExpression[] = [expression];
	while (stack.length > 0) {
		const node = stack.pop() as FilterExpression;
		if (node.kind === 'valuePath') return true;
		if (node.kind === 'and' || node.kind === 'or') stack.push(node.left, node.right);
		else if (node.kind === 'not') stack.push(node.expression);
	}
	return false;
}

/** Index of the `]` closing the `[` at `open`, skipping brackets inside JSON strings. */
function closingBracket(text: string, open: number): number {
	for (let i = open + 1; i < text.length; i++) {
		if (text[i] === '"') {
			for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
		} else if (text[i] === ']') {
			return i;
		}
	}
	return -1;
}

export function parsePath(text: string): ScimPath {
	if (typeof text !== 'string' || text.trim() === '') throw invalidPath(String(text), 'a path must not be empty');
	const trimmed = text.trim();
	if (isWholeSchemaUrn(trimmed)) return { attribute: trimmed };
	const open = trimmed.indexOf('[');
	const head = open < 0 ? trimmed : trimmed.slice(0, open);
	const ref = splitAttributePath(head);
	if (typeof ref === 'string') throw invalidPath(text, ref);
	if (open < 0) return ref;

	if (ref.subAttribute !== undefined) throw invalidPath(text, 'a value filter "[…]" must follow a multi-valued attribute, not a sub-attribute');
	const close = closingBracket(trimmed, open);
	if (close < 0) throw invalidPath(text, `expected ']' to close the '[' at position ${open + 1}`);
	let filter: FilterExpression;
	try {
		filter = parseFilter(trimmed.slice(open + 1, close));
	} catch (error) {
		throw invalidPath(text, error instanceof ScimError ? error.detail : String(error));
	}
	if (containsValuePath(filter)) throw invalidPath(text, 'value filters cannot be nested');
	const path: ScimPath = { ...ref, filter };
	const rest = trimmed.slice(close + 1);
	if (rest !== '') {
		const sub = /^\.(\$?[A-Za-z][A-Za-z0-9_-]*)$/.exec(rest);
		if (!sub) throw invalidPath(text, `expected '.subAttribute' or the end after ']', found '${rest}'`);
		path.subAttribute = sub[1];
	}
	return path;
}

export function printPath(path: ScimPath): string {
	const head = printAttributeRef({ ...(path.schema !== undefined ? { schema: path.schema } : {}), attribute: path.attribute });
	return `${head}${path.filter ? `[${printFilter(path.filter)}]` : ''}${path.subAttribute !== undefined ? `.${path.subAttribute}` : ''}`;
}

function toPath(path: ScimPath | string): ScimPath {
	return typeof path === 'string' ? parsePath(path) : path;
}

function asElement(value: unknown): JsonObject {
	return isPlainObject(value) ? value : { value };
}

/** Elements of a multi-valued attribute that a value filter selects. */
export function selectElements(list: unknown[], filter: FilterExpression, options?: MatchOptions): unknown[] {
	return list.filter((element) => matchesFilter(filter, asElement(element), options));
}

/** Every value the path denotes (all matching elements, or their sub-attributes). */
export function getPathValues(resource: object, path: ScimPath | string, options?: MatchOptions): unknown[] {
	const p = toPath(path);
	if (!isPlainObject(resource)) return [];
	const container = schemaContainer(resource, p.schema, false);
	const value = getAttribute(container, p.attribute);
	if (value === undefined || value === null) return [];
	let values = Array.isArray(value) ? value : [value];
	if (p.filter) values = selectElements(values, p.filter, options);
	if (p.subAttribute !== undefined) {
		const sub = p.subAttribute;
		values = values.map((element) => getAttribute(element, sub)).filter((item) => item !== undefined);
	}
	return values;
}

/**
 * The value at a path. A value filter names one value in practice (`emails[type eq "work"].value`), so the first
 * match is returned; without a filter, `emails.value` on a list returns the list of values.
 */
export function getPathValue(resource: object, path: ScimPath | string, options?: MatchOptions): unknown {
	const p = toPath(path);
	if (p.filter) return getPathValues(resource, p, options)[0];
	if (!isPlainObject(resource)) return undefined;
	const value = getAttribute(schemaContainer(resource, p.schema, false), p.attribute);
	if (p.subAttribute === undefined) return value;
	const sub = p.subAttribute;
	return Array.isArray(value) ? value.map((element) => getAttribute(element, sub)).filter((item) => item !== undefined) : getAttribute(value, sub);
}

function setKey(target: JsonObject, name: string, value: unknown): void {
	target[findKey(target, name) ?? name] = value;
}

/** `type eq "work" and primary eq true` → `{ type: 'work', primary: true }`; undefined when the filter is not such a conjunction. */
export function templateFromFilter(filter: FilterExpression): JsonObject | undefined {
	if (filter.kind === 'compare' && filter.operator === 'eq' && filter.value !== null && filter.attribute.schema === undefined && filter.attribute.subAttribute === undefined) {
		return { [filter.attribute.attribute]: filter.value };
	}
	if (filter.kind !== 'and') return undefined;
	const template: JsonObject = {};
	for (const operand of chainOperands(filter)) {
		const part = operand.kind === 'and' ? templateFromFilter(operand) : operand.kind === 'compare' ? templateFromFilter(operand) : undefined;
		if (!part) return undefined;
		for (const [key, value] of Object.entries(part)) {
			const same = findKey(template, key);
			if (same !== undefined && template[same] !== value) return undefined;
			template[same ?? key] = value;
		}
	}
	return template;
}

/**
 * Write a value at a path (mutates `resource`). A value filter with no matching element creates one from the
 * filter's `eq` terms — `emails[type eq "work"].value` adds `{type: 'work', value}` — and never duplicates an
 * element that already matches; an object written to filtered elements is merged into them.
 */
export function setPathValue(resource: object, path: ScimPath | string, value: unknown, options?: MatchOptions): void {
	const p = toPath(path);
	if (!isPlainObject(resource)) throw invalidPath(printPath(p), 'the target is not an object');
	const container = schemaContainer(resource, p.schema, true) as JsonObject;
	const key = findKey(container, p.attribute) ?? p.attribute;
	const current = container[key];
	const sub = p.subAttribute;

	if (!p.filter) {
		if (sub === undefined) {
			container[key] = value;
		} else if (Array.isArray(current)) {
			for (const element of current) if (isPlainObject(element)) setKey(element, sub, value);
			if (current.length === 0) current.push({ [sub]: value });
		} else if (isPlainObject(current)) {
			setKey(current, sub, value);
		} else if (current === undefined || current === null) {
			container[key] = MULTI_VALUED_ATTRIBUTES.has(p.attribute.toLowerCase()) ? [{ [sub]: value }] : { [sub]: value };
		} else {
			throw invalidPath(printPath(p), `'${p.attribute}' is not a complex attribute`);
		}
		return;
	}

	let list: unknown[];
	if (Array.isArray(current)) list = current;
	else if (current === undefined || current === null) list = container[key] = [];
	else if (isPlainObject(current) && MULTI_VALUED_ATTRIBUTES.has(p.attribute.toLowerCase())) list = container[key] = [current];
	else throw invalidPath(printPath(p), `'${p.attribute}' is not multi-valued`);

	const matches = selectElements(list, p.filter, options);
	if (matches.length === 0) {
		const template = templateFromFilter(p.filter);
		if (!template) {
			throw new ScimError(400, 'noTarget', `No value of '${p.attribute}' matches '${printFilter(p.filter)}', and a new one can only be made from "eq" terms joined by "and"`);
		}
		if (sub !== undefined) template[sub] = value;
		else if (isPlainObject(value)) Object.assign(template, value);
		else template.value = value;
		list.push(template);
		return;
	}
	for (const element of matches) {
		const index = list.indexOf(element);
		if (sub !== undefined) {
			if (isPlainObject(element)) setKey(element, sub, value);
			else list[index] = { value: element, [sub]: value };
		} else if (isPlainObject(element) && isPlainObject(value)) {
			for (const [name, item] of Object.entries(value)) setKey(element, name, item);
		} else {
			list[index] = value;
		}
	}
}

/** Remove what a path names (mutates `resource`). A multi-valued attribute left empty is removed (RFC 7644 §3.5.2.2). */
export function removePathValue(resource: object, path: ScimPath | string, options?: MatchOptions): void {
	const p = toPath(path);
	if (!isPlainObject(resource)) return;
	const container = schemaContainer(resource, p.schema, false);
	if (!container) return;
	const key = findKey(container, p.attribute);
	if (key === undefined) return;
	const current = container[key];
	const sub = p.subAttribute;

	if (!p.filter) {
		if (sub === undefined) {
			delete container[key];
			return;
		}
		const targets = Array.isArray(current) ? current : [current];
		for (const element of targets) {
			if (!isPlainObject(element)) continue;
			const subKey = findKey(element, sub);
			if (subKey !== undefined) delete element[subKey];
		}
		if (isPlainObject(current) && Object.keys(current).length === 0) delete container[key];
		return;
	}

	const list = Array.isArray(current) ? current : [current];
	const matches = selectElements(list, p.filter, options);
	if (sub === undefined) {
		const kept = list.filter((element) => !matches.includes(element));
		if (kept.length === 0) delete container[key];
		else container[key] = Array.isArray(current) ? kept : kept[0];
		return;
	}
	for (const element of matches) {
		if (!isPlainObject(element)) continue;
		const subKey = findKey(element, sub);
		if (subKey !== undefined) delete element[subKey];
	}
}
