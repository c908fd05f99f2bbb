/**
 * buildPatchOps: the smallest PATCH that makes `current` look like `desired`, in the form Salesforce handles best —
 * one no-path `replace` whose value holds each changed top-level attribute whole (value-filter paths are not known
 * to work there). An unchanged user costs no write: the function returns [].
 *
 * "Unchanged" is judged the way Salesforce stores things: userName and email values case-insensitively (Salesforce
 * lowercases usernames), "true"/true alike, strings trimmed, lists as sets, 15- and 18-character ids alike.
 * What desired does not mention (absent, null, "", []) is "don't care": this never blanks a field.
 */
import { asBoolean, cloneJson, deepEqual, findKey, getAttribute, isPlainObject, schemaContainer, type JsonObject } from './attribute';
import { ScimError } from './error';
import { splitAttributePath } from './filter';
import { isWholeSchemaUrn } from './path';
import type { PatchOperation } from './patchop';
import { sameSalesforceId } from './salesforceId';
import type { ScimResource } from './schemas';
import { isProfileEntitlement } from './user';

export interface BuildPatchOptions {
	/** Compare only these attributes: top-level (`name`), dotted (`name.givenName`), an extension URN or `urn:…:User:department`. */
	attributes?: string[];
	/**
	 * 'merge' (default): the result is current ∪ desired — permission sets are never dropped, but a desired profile
	 * replaces the current one (a user has exactly one). 'exact': the desired list is the list.
	 */
	entitlements?: 'merge' | 'exact';
}

/** Server-managed or write-only: never diffed (a password cannot be read back, so it is set explicitly, not diffed). */
const IGNORED = new Set(['id', 'meta', 'schemas', 'groups', 'photos', 'password']);
/** Compared case-insensitively: Salesforce lowercases usernames, and email addresses are case-insensitive in practice. */
const CASE_INSENSITIVE = new Set(['username', 'emails.value']);
/** Compared by their digits: orgs store phone numbers reformatted (`+1 (415) 555-0100` kept as `+14155550100`). */
const PHONE_VALUE = 'phonenumbers.value';
/** Derived by the server from the other sub-attributes; dropped from a changed value so the stale one is not sent back. */
const DERIVED = new Set(['formatted']);

function isDontCare(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.every(isDontCare);
	if (isPlainObject(value)) return Object.values(value).every(isDontCare);
	return false;
}

/** Boolean attributes that arrive as "true"/"False" strings from CSV files and Salesforce itself. */
const BOOLEANS = new Set(['active', 'primary']);

/** Drop don't-care parts, so what is sent is exactly what is meant; boolean strings become booleans. */
function clean(value: unknown, name = ''): unknown {
	if (Array.isArray(value)) return value.filter((item) => !isDontCare(item)).map((item) => clean(item));
	if (isPlainObject(value)) {
		const out: JsonObject = {};
		for (const [key, item] of Object.entries(value)) if (!isDontCare(item)) out[key] = clean(item, key);
		return out;
	}
	const boolean = BOOLEANS.has(name.toLowerCase()) ? asBoolean(value) : undefined;
	return boolean ?? cloneJson(value);
}

export { sameSalesforceId };

function sameScalar(name: string, have: unknown, want: unknown, strict = false): boolean {
	if (typeof want === 'boolean' || (asBoolean(want) !== undefined && asBoolean(have) !== undefined)) {
		return asBoolean(have) === asBoolean(want);
	}
	if (typeof want === 'number') return (typeof have === 'number' || typeof have === 'string') && Number(have) === want;
	if (typeof want === 'string') {
		if (typeof have !== 'string' && typeof have !== 'number' && typeof have !== 'boolean') return false;
		const a = String(have).trim();
		const b = want.trim();
		if (name.toLowerCase() === 'username') return a.toLowerCase() === b.toLowerCase();
		if (strict) return a === b || (name.toLowerCase().endsWith('value') && sameSalesforceId(a, b));
		if (CASE_INSENSITIVE.has(name.toLowerCase())) return a.toLowerCase() === b.toLowerCase();
		if (name.toLowerCase() === PHONE_VALUE && /\d/.test(b)) return a.replace(/\D/g, '') === b.replace(/\D/g, '');
		return a === b || (name.toLowerCase().endsWith('value') && sameSalesforceId(a, b));
	}
	return deepEqual(have, want);
}

/**
 * Does `have` satisfy `want`? Objects by the sub-attributes want names, lists as sets. `strict`: strings exactly as
 * given (a case or format the server changed counts as a difference), for telling what a server did not keep as sent.
 */
function satisfies(name: string, have: unknown, want: unknown, strict = false): boolean {
	if (isDontCare(want)) return true;
	if (Array.isArray(want)) {
		const wanted = want.filter((item) => !isDontCare(item));
		const held = (Array.isArray(have) ? have : have === undefined || have === null ? [] : [have]).filter((item) => !isDontCare(item));
		if (held.length !== wanted.length) return false;
		const unmatched = [...held];
		return wanted.every((item) => {
			const index = unmatched.findIndex((candidate) => satisfies(name, candidate, item, strict));
			if (index < 0) return false;
			unmatched.splice(index, 1);
			return true;
		});
	}
	if (isPlainObject(want)) {
		if (!isPlainObject(have)) return false;
		return Object.entries(want).every(([sub, item]) => satisfies(`${name}.${sub}`, getAttribute(have, sub), item, strict));
	}
	return sameScalar(name, have, want, strict);
}

/**
 * The whole new value of a changed complex attribute: current merged with desired, so sub-attributes desired does
 * not mention survive a server that replaces the attribute whole. A reference (`manager: {value}`) is taken as
 * desired gives it: the old displayName belongs to the old manager.
 */
function mergeComplex(have: unknown, want: unknown): unknown {
	if (!isPlainObject(have) || !isPlainObject(want) || findKey(want, 'value') !== undefined) return clean(want);
	const merged: JsonObject = {};
	for (const [key, item] of Object.entries(have)) {
		if (!DERIVED.has(key.toLowerCase()) || findKey(want, key) !== undefined) merged[key] = cloneJson(item);
	}
	for (const [key, item] of Object.entries(want)) {
		if (isDontCare(item)) continue;
		const target = findKey(merged, key) ?? key;
		merged[target] = isPlainObject(item) && isPlainObject(merged[target]) ? mergeComplex(merged[target], item) : clean(item, key);
	}
	return merged;
}

/** Sub-attributes of a reference the server derives from its id (RFC 7643 §4.3 manager.displayName is readOnly). */
const DERIVED_REFERENCE_PARTS = new Set(['$ref', 'display', 'displayname']);

/**
 * A value read from the server, made fit to send back: references keep their id and drop what the server derives,
 * so a write never trips over a readOnly sub-attribute (400 mutability) it did not mean to touch.
 */
function writable(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(writable);
	if (!isPlainObject(value)) return cloneJson(value);
	const isReference = findKey(value, 'value') !== undefined;
	const out: JsonObject = {};
	for (const [key, item] of Object.entries(value)) if (!(isReference && DERIVED_REFERENCE_PARTS.has(key.toLowerCase()))) out[key] = writable(item);
	return out;
}

function entitlementId(entitlement: unknown): string {
	return String((isPlainObject(entitlement) ? getAttribute(entitlement, 'value') : entitlement) ?? '');
}

/** The entitlement list to write, or undefined when current already satisfies desired. */
function nextEntitlements(have: unknown, want: unknown[], mode: 'merge' | 'exact'): unknown[] | undefined {
	const wanted = (clean(want) as unknown[]).map((item) => (isPlainObject(item) ? item : { value: String(item) })).filter((item) => entitlementId(item) !== '');
	const held = (Array.isArray(have) ? have : []).filter(isPlainObject);
	const holds = (list: unknown[], item: unknown): boolean => list.some((other) => sameSalesforceId(entitlementId(other), entitlementId(item)));
	if (mode === 'exact') {
		const same = wanted.every((item) => holds(held, item)) && held.every((item) => holds(wanted, item));
		return same ? undefined : wanted;
	}
	// One profile per user: the first desired profile wins, replacing any other profile the user holds.
	const profile = wanted.find(isProfileEntitlement);
	const otherProfile = (item: unknown): boolean => profile !== undefined && isProfileEntitlement(item) && !sameSalesforceId(entitlementId(item), entitlementId(profile));
	const kept = held.filter((item) => !otherProfile(item));
	const added = wanted.filter((item, index) => !otherProfile(item) && !holds(kept, item) && !holds(wanted.slice(0, index), item));
	if (kept.length === held.length && added.length === 0) return undefined;
	return [...kept.map(writable), ...added];
}

/** Keep only the listed attributes of desired (`name.givenName` keeps just that sub-attribute). */
function project(desired: JsonObject, attributes: string[]): JsonObject {
	const projected: JsonObject = {};
	for (const spec of attributes) {
		if (isWholeSchemaUrn(spec)) {
			const key = findKey(desired, spec);
			if (key !== undefined) projected[key] = cloneJson(desired[key]);
			continue;
		}
		const ref = splitAttributePath(spec);
		if (typeof ref === 'string') throw new ScimError(400, 'invalidPath', `buildPatchOps: '${spec}' is not an attribute: ${ref}`);
		const source = schemaContainer(desired, ref.schema, false);
		const value = getAttribute(source, ref.attribute);
		if (value === undefined) continue;
		const target = schemaContainer(projected, ref.schema, true) as JsonObject;
		const key = findKey(source as JsonObject, ref.attribute) as string;
		if (ref.subAttribute === undefined) {
			target[key] = cloneJson(value);
		} else if (isPlainObject(value) && getAttribute(value, ref.subAttribute) !== undefined) {
			const holder = (isPlainObject(target[key]) ? target[key] : (target[key] = {})) as JsonObject;
			const subKey = findKey(value, ref.subAttribute) as string;
			holder[subKey] = cloneJson(value[subKey]);
		}
	}
	return projected;
}

/** One attribute a write sent that the server's answer does not show as sent. */
export interface NotKept {
	/** Top-level name, or `urn…:User:department` for an extension. */
	attribute: string;
	sent: unknown;
	/** What the server holds instead (undefined: nothing). */
	kept: unknown;
	/** The server kept it in its own format (`+14155550100` for `+1 (415) 555-0100`): buildPatchOps takes it as unchanged. */
	reformatted: boolean;
}

/**
 * What of `sent` (a create body, or the value of a no-path replace) `response` (the user the write answered) does
 * not show as sent. A server that answers 200 and drops or rewrites a value is found here; `reformatted` tells a
 * value kept in the server's own format (compared alike by buildPatchOps, so never sent again) from one not kept.
 */
export function notKept(response: ScimResource, sent: ScimResource): NotKept[] {
	const found: NotKept[] = [];
	const check = (attribute: string, name: string, have: unknown, want: unknown) => {
		if (satisfies(name, have, want, true)) return;
		found.push({ attribute, sent: want, kept: have, reformatted: satisfies(name, have, want) });
	};
	for (const [name, want] of Object.entries(sent)) {
		if (IGNORED.has(name.toLowerCase()) || isDontCare(want) || name.toLowerCase() === 'entitlements') continue;
		const key = findKey(response, name);
		const have = key === undefined ? undefined : response[key];
		if (isWholeSchemaUrn(name) && isPlainObject(want)) {
			for (const [sub, item] of Object.entries(want)) if (!isDontCare(item)) check(`${name}:${sub}`, sub, getAttribute(have, sub), item);
		} else {
			check(name, name, have, want);
		}
	}
	return found;
}

export function buildPatchOps(current: ScimResource, desired: ScimResource, options: BuildPatchOptions = {}): PatchOperation[] {
	const wanted = options.attributes ? project(desired as JsonObject, options.attributes) : (desired as JsonObject);
	const changes: JsonObject = {};
	for (const [name, want] of Object.entries(wanted)) {
		if (IGNORED.has(name.toLowerCase()) || isDontCare(want)) continue;
		const currentKey = findKey(current, name);
		const key = currentKey ?? name;
		const have = currentKey === undefined ? undefined : current[currentKey];

		if (isWholeSchemaUrn(name) && isPlainObject(want)) {
			// Extension: compared per sub-attribute, written as the whole extension object merged with current.
			const merged = (isPlainObject(have) ? writable(have) : {}) as JsonObject;
			let changed = false;
			for (const [sub, item] of Object.entries(want)) {
				const held = getAttribute(have, sub);
				if (satisfies(sub, held, item)) continue;
				merged[findKey(merged, sub) ?? sub] = Array.isArray(item) ? clean(item) : mergeComplex(held, item);
				changed = true;
			}
			if (changed) changes[key] = merged;
		} else if (name.toLowerCase() === 'entitlements' && Array.isArray(want)) {
			const next = nextEntitlements(have, want, options.entitlements ?? 'merge');
			if (next) changes[key] = next;
		} else if (!satisfies(name, have, want)) {
			changes[key] = Array.isArray(want) ? clean(want) : isPlainObject(want) ? mergeComplex(have, want) : clean(want, name);
		}
	}
	return Object.keys(changes).length === 0 ? [] : [{ op: 'replace', value: changes }];
}
