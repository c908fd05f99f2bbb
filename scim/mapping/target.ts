/**
 * A mapping row's target, compiled once: the core's `parsePath` checks the RFC 7644 grammar, then the shapes a
 * mapping actually writes get a dedicated setter (a plain attribute, `name.givenName`, an enterprise attribute,
 * `emails[type eq "work"].value`). Those run per item without re-reading the filter, which is where most of
 * a row's cost would otherwise go; any other path is written by the core's `setPathValue`.
 *
 * The user is built from scratch by the mapper, so keys are canonically spelled here (`Name.GivenName` and
 * `name.familyName` both write into `name`), and the exact-key reads below are correct.
 */
import type { AttributeRef, FilterExpression } from '../filter';
import { parsePath, printPath, setPathValue, templateFromFilter, type ScimPath } from '../path';
import { SCHEMA } from '../schemas';

type JsonObject = Record<string, unknown>;

export interface CompiledTarget {
	/** The path as printed by the core, names in canonical spelling. */
	readonly printed: string;
	/** What two rows must not share: the printed path, lower-cased. */
	readonly key: string;
	/** A `_sfscim.…` side-car target rather than a SCIM attribute. */
	readonly sidecar: boolean;
	readonly set: (target: JsonObject, value: unknown) => void;
	/** Bring a source value to the attribute's type (booleans for `active` / `primary`, strings for numbers). */
	readonly coerce: (value: unknown) => unknown;
}

const CANONICAL_NAMES = [
	'userName', 'externalId', 'name', 'givenName', 'familyName', 'middleName', 'formatted', 'honorificPrefix',
	'honorificSuffix', 'displayName', 'nickName', 'profileUrl', 'title', 'userType', 'preferredLanguage', 'locale',
	'timezone', 'active', 'emails', 'phoneNumbers', 'ims', 'photos', 'addresses', 'groups', 'entitlements', 'roles',
	'x509Certificates', 'value', 'type', 'primary', 'display', 'streetAddress', 'locality', 'region', 'postalCode',
	'country', 'alias', 'emailEncodingKey', 'employeeNumber', 'costCenter', 'organization', 'division', 'department',
	'manager',
];
const CANONICAL = new Map(CANONICAL_NAMES.map((name) => [name.toLowerCase(), name]));
const SCHEMAS = new Map(Object.values(SCHEMA).map((urn) => [urn.toLowerCase(), urn]));
const MULTI_VALUED = new Set(['emails', 'phoneNumbers', 'ims', 'photos', 'addresses', 'groups', 'entitlements', 'roles', 'x509Certificates']);
const BOOLEAN_NAMES = new Set(['active', 'primary']);
const SIDECAR_PREFIX = '_sfscim.';

function canonical(name: string): string {
	return CANONICAL.get(name.toLowerCase()) ?? name;
}

function canonicalRef(ref: AttributeRef): AttributeRef {
	return {
		...ref,
		attribute: canonical(ref.attribute),
		...(ref.subAttribute !== undefined ? { subAttribute: canonical(ref.subAttribute) } : {}),
	};
}

/** `Type eq "work"` and `type eq "work"` are one filter: spell its attribute names canonically too. */
function canonicalFilter(filter: FilterExpression): FilterExpression {
	switch (filter.kind) {
		case 'compare':
		case 'present':
			return { ...filter, attribute: canonicalRef(filter.attribute) };
		case 'and':
		case 'or':
			return { ...filter, left: canonicalFilter(filter.left), right: canonicalFilter(filter.right) };
		case 'not':
			return { ...filter, expression: canonicalFilter(filter.expression) };
		case 'valuePath':
			return { ...filter, attribute: canonicalRef(filter.attribute), filter: canonicalFilter(filter.filter) };
	}
}

function toBoolean(value: unknown): unknown {
	if (typeof value === 'boolean' || value === undefined || value === null) return value;
	const text = String(value).trim().toLowerCase();
	if (text === 'true' || text === 'yes' || text === '1') return true;
	if (text === 'false' || text === 'no' || text === '0') return false;
	return undefined;
}

function toScimValue(value: unknown): unknown {
	return typeof value === 'number' || typeof value === 'bigint' ? String(value) : value;
}

function containerSetter(schema: string | undefined): (user: JsonObject) => JsonObject {
	if (schema === undefined || schema === SCHEMA.user) return (user) => user;
	return (user) => (user[schema] ??= {}) as JsonObject;
}

/** `emails[type eq "work"].value`: find or create the element the filter names, then set its sub-attribute. */
function filteredSetter(
	container: (user: JsonObject) => JsonObject,
	attribute: string,
	template: JsonObject,
	sub: string,
): (user: JsonObject, value: unknown) => void {
	const entries = Object.entries(template).map(([name, expected]) => [canonical(name), expected] as const);
	const matches = (element: unknown): boolean => {
		if (element === null || typeof element !== 'object') return false;
		for (const [name, expected] of entries) {
			const actual = (element as JsonObject)[name];
			if (actual !== expected && String(actual).toLowerCase() !== String(expected).toLowerCase()) return false;
		}
		return true;
	};
	const create = (value: unknown): JsonObject => {
		const element: JsonObject = {};
		for (const [name, expected] of entries) element[name] = expected;
		element[sub] = value;
		return element;
	};
	return (user, value) => {
		const holder = container(user);
		let list = holder[attribute] as unknown[] | undefined;
		if (!Array.isArray(list)) list = holder[attribute] = list === undefined || list === null ? [] : [list];
		// A list of values (permission sets from `groups | split`) becomes one element per value, none twice.
		if (Array.isArray(value)) {
			for (const item of value) {
				if (!list.some((element) => matches(element) && (element as JsonObject)[sub] === item)) list.push(create(item));
			}
			return;
		}
		const found = list.find(matches) as JsonObject | undefined;
		if (found) found[sub] = value;
		else list.push(create(value));
	};
}

function sidecarTarget(text: string): CompiledTarget {
	const names = text.slice(SIDECAR_PREFIX.length).split('.').map((name) => name.trim());
	if (names.some((name) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) || names[0] === 'createOnly' || names[0] === 'source') {
		throw new Error(`'${text}' is not a side-car field (write _sfscim.<name>, e.g. _sfscim.manager.email)`);
	}
	const printed = SIDECAR_PREFIX + names.join('.');
	return {
		printed,
		key: printed.toLowerCase(),
		sidecar: true,
		coerce: (value) => value,
		set: (target, value) => {
			let holder = target;
			for (let index = 0; index < names.length - 1; index++) holder = (holder[names[index]] ??= {}) as JsonObject;
			holder[names[names.length - 1]] = value;
		},
	};
}

/** Compile a target path; throws (the core's ScimError `invalidPath`, or an Error) when it is not one. */
export function compileTarget(text: string): CompiledTarget {
	const trimmed = text.trim();
	if (trimmed.startsWith(SIDECAR_PREFIX)) return sidecarTarget(trimmed);
	const parsed = parsePath(trimmed);
	const path: ScimPath = { attribute: canonical(parsed.attribute) };
	// A core-schema prefix (`urn:…:core:2.0:User:userName`) names the same attribute as no prefix.
	if (parsed.schema !== undefined && parsed.schema.toLowerCase() !== SCHEMA.user.toLowerCase()) {
		path.schema = SCHEMAS.get(parsed.schema.toLowerCase()) ?? parsed.schema;
	}
	if (parsed.filter !== undefined) path.filter = canonicalFilter(parsed.filter);
	if (parsed.subAttribute !== undefined) path.subAttribute = canonical(parsed.subAttribute);
	const printed = printPath(path);
	const leaf = path.subAttribute ?? path.attribute;
	const coerce = BOOLEAN_NAMES.has(leaf) ? toBoolean : toScimValue;
	const container = containerSetter(path.schema);
	const { attribute, subAttribute: sub, filter } = path;

	let set: CompiledTarget['set'];
	const template = filter ? templateFromFilter(filter) : undefined;
	if (!filter && sub === undefined) {
		set = (user, value) => {
			container(user)[attribute] = value;
		};
	} else if (!filter && sub !== undefined && !MULTI_VALUED.has(attribute)) {
		set = (user, value) => {
			const holder = container(user);
			const current = holder[attribute];
			if (current !== null && typeof current === 'object') (current as JsonObject)[sub] = value;
			else holder[attribute] = { [sub]: value };
		};
	} else if (filter && template && sub !== undefined) {
		set = filteredSetter(container, attribute, template, sub);
	} else {
		set = (user, value) => setPathValue(user, path, value);
	}
	return { printed, key: printed.toLowerCase(), sidecar: false, set, coerce };
}
