/**
 * The transforms a source accessor may pipe a value through (`mail ?? userPrincipalName | trim | lower`).
 * Each is a small pure function chosen by name from this table, never code from the workflow: presets and
 * mapping rows are data, so a row can be shown, edited and checked before anything runs.
 *
 * A transform returns `undefined` for "no value"; the accessor then falls through to its next alternative.
 */

export type Transform = (value: unknown) => unknown;
type TransformFactory = (arg: string | undefined) => Transform;

/** Empty in the sense of every source we read: absent, null, "", whitespace-only or an empty list. */
export function isEmptyValue(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.length === 0;
	return false;
}

/**
 * What HR systems and directories write for a name part they do not have: Google's `-` (it requires both names),
 * `.`, the US federal and HR conventions FNU / LNU / NFN / NLN / NMN (first, last, middle name unknown), N/A and
 * Unknown. Compared trimmed and case-insensitively. `Na`, `None` and `Null` are left out: they are real surnames.
 */
export const PLACEHOLDER_NAMES: readonly string[] = ['-', '--', '.', '_', '?', 'fnu', 'lnu', 'nfn', 'nln', 'nmn', 'n/a', 'n.a.', 'unknown'];
const PLACEHOLDER_SET = new Set(PLACEHOLDER_NAMES);

/** The longest entry of PLACEHOLDER_NAMES: a longer name part without padding is a name (the common case, no copy). */
const PLACEHOLDER_MAX_LENGTH = Math.max(...PLACEHOLDER_NAMES.map((name) => name.length));

/** Whether a name part is empty or one of PLACEHOLDER_NAMES. */
export function isPlaceholderName(value: string): boolean {
	const length = value.length;
	if (length > PLACEHOLDER_MAX_LENGTH && value.charCodeAt(0) > 32 && value.charCodeAt(length - 1) > 32) return false;
	const text = value.trim().toLowerCase();
	return text === '' || PLACEHOLDER_SET.has(text);
}

function mapString(value: unknown, fn: (text: string) => string): unknown {
	if (typeof value === 'string') return fn(value);
	if (Array.isArray(value)) return value.map((entry) => (typeof entry === 'string' ? fn(entry) : entry));
	return value;
}

function truthy(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value !== 0;
	if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		if (text === 'true' || text === 'yes' || text === 'y' || text === '1') return true;
		if (text === 'false' || text === 'no' || text === 'n' || text === '0') return false;
	}
	return undefined;
}

function list(arg: string | undefined): string[] {
	return (arg ?? '')
		.split(',')
		.map((entry) => entry.trim().toLowerCase())
		.filter((entry) => entry !== '');
}

/** `CN=Doe\, Jane,OU=Staff,DC=example,DC=com` → `Doe, Jane` (RFC 4514 escapes: `\,` and `\2C` hex pairs). */
export function dnCommonName(dn: string): string | undefined {
	let index = 0;
	while (index < dn.length) {
		// Read one RDN up to an unescaped comma.
		let rdn = '';
		while (index < dn.length) {
			const char = dn[index];
			if (char === '\\' && index + 1 < dn.length) {
				rdn += char + dn[index + 1];
				index += 2;
				continue;
			}
			if (char === ',' || char === ';') break;
			rdn += char;
			index++;
		}
		index++;
		const equals = rdn.indexOf('=');
		if (equals > 0 && rdn.slice(0, equals).trim().toLowerCase() === 'cn') {
			return unescapeDnValue(rdn.slice(equals + 1).trim());
		}
	}
	return undefined;
}

function unescapeDnValue(text: string): string {
	return text.replace(/\\([0-9a-fA-F]{2}|.)/g, (_match, escaped: string) =>
		escaped.length === 2 ? String.fromCharCode(parseInt(escaped, 16)) : escaped,
	);
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const NO_DATE = new Set(['0000-00-00', '0000-00-00 00:00:00', '0', '9223372036854775807']);

const factories: Record<string, TransformFactory> = {
	trim: () => (value) => mapString(value, (text) => text.trim()),
	lower: () => (value) => mapString(value, (text) => text.toLowerCase()),
	upper: () => (value) => mapString(value, (text) => text.toUpperCase()),
	string: () => (value) => (value === undefined || value === null ? undefined : String(value)),
	/** The first element of a list (LDAP gives one value as a string, several as an array, none as `[]`). */
	first: () => (value) => (Array.isArray(value) ? value.find((entry) => !isEmptyValue(entry)) : value),
	/** Split a delimited string into a list (default `;`, HR exports' usual separator for several values). */
	split: (arg) => (value) =>
		typeof value === 'string'
			? value
					.split(arg || ';')
					.map((entry) => entry.trim())
					.filter((entry) => entry !== '')
			: value,
	join: (arg) => (value) => (Array.isArray(value) ? value.join(arg ?? ' ') : value),
	/** In a list of objects, the first one whose field equals the value: `emails | find:primary=true`. */
	find: (arg) => {
		const [key, expected] = (arg ?? '').split('=').map((part) => part.trim());
		return (value) => {
			if (!Array.isArray(value)) return undefined;
			return value.find(
				(entry) =>
					entry !== null &&
					typeof entry === 'object' &&
					String((entry as Record<string, unknown>)[key]).toLowerCase() === (expected ?? '').toLowerCase(),
			);
		};
	},
	/** A field of the object in hand (after `find`): `relations | find:type=manager | get:value`. */
	get: (arg) => (value) =>
		value !== null && typeof value === 'object' && !Array.isArray(value)
			? (value as Record<string, unknown>)[arg ?? '']
			: undefined,
	/** LDAP distinguished name → its common name (`manager`, `memberOf`). */
	cn: () => (value) => {
		if (typeof value === 'string') return dnCommonName(value);
		if (Array.isArray(value)) return value.map((entry) => (typeof entry === 'string' ? dnCommonName(entry) : entry));
		return value;
	},
	/** AD `userAccountControl` → active: bit 2 (ACCOUNTDISABLE) clear. 66048 is enabled, 514 and 66050 are not. */
	uacEnabled: () => (value) => {
		const number = typeof value === 'number' ? value : Number(String(value ?? '').trim());
		if (isEmptyValue(value) || !Number.isInteger(number)) return undefined;
		return (number & 2) === 0;
	},
	/** HR "no date" markers (`0000-00-00`, AD's `0` and max-int for "never") → no value. */
	date: () => (value) => {
		if (typeof value !== 'string' && typeof value !== 'number') return value;
		const text = String(value).trim();
		return text === '' || NO_DATE.has(text) ? undefined : text;
	},
	/**
	 * Drop placeholder values that stand in for a missing name: `givenName | placeholder` (the list below) or
	 * `givenName | placeholder:-,FNU` (your own).
	 */
	placeholder: (arg) => {
		if (!arg) return (value) => (typeof value === 'string' && isPlaceholderName(value) ? undefined : value);
		const markers = new Set(list(arg));
		return (value) =>
			typeof value === 'string' && markers.has(value.trim().toLowerCase()) ? undefined : value;
	},
	/** Whether the value is one of the listed ones, case-insensitively: `status | in:ACTIVE,RECOVERY`. */
	in: (arg) => {
		const allowed = new Set(list(arg));
		return (value) => (isEmptyValue(value) ? undefined : allowed.has(String(value).trim().toLowerCase()));
	},
	/** Whether the value is none of the listed ones: `orgUnitPath | notIn:/Leavers`. */
	notIn: (arg) => {
		const denied = new Set(list(arg));
		return (value) => (isEmptyValue(value) ? undefined : !denied.has(String(value).trim().toLowerCase()));
	},
	bool: () => (value) => truthy(value),
	not: () => (value) => {
		const flag = truthy(value);
		return flag === undefined ? undefined : !flag;
	},
	/** Whether the source is empty — for "a missing End Date means active". Never falls through. */
	isEmpty: () => (value) => isEmptyValue(value),
	/** Entra `proxyAddresses`: the primary `SMTP:` address (upper-case prefix), without its prefix. */
	primarySmtp: () => (value) => {
		const entries = Array.isArray(value) ? value : [value];
		for (const entry of entries) {
			if (typeof entry === 'string' && entry.startsWith('SMTP:')) return entry.slice(5);
		}
		return undefined;
	},
	/** Whether the value starts with one of the prefixes, case-insensitively: `orgUnitPath | startsWith:/Leavers`. */
	startsWith: (arg) => {
		const prefixes = list(arg);
		return (value) =>
			isEmptyValue(value) ? undefined : prefixes.some((prefix) => String(value).trim().toLowerCase().startsWith(prefix));
	},
	/**
	 * Keep `false`, drop anything else: lets one alternative veto `active` and the next decide otherwise
	 * (`suspended | not | onlyFalse ?? orgUnitPath | startsWith:/Leavers | not`).
	 */
	onlyFalse: () => (value) => (value === false ? false : undefined),
	/** Keep only email-shaped values (Okta's `managerId` often holds an email instead of an id). */
	emailOnly: () => (value) => (typeof value === 'string' && EMAIL_SHAPE.test(value.trim()) ? value.trim() : undefined),
	nonEmail: () => (value) => (typeof value === 'string' && EMAIL_SHAPE.test(value.trim()) ? undefined : value),
	/** `en-US` (BCP 47, as directories store it) → `en_US` (Salesforce's LocaleSidKey / LanguageLocaleKey shape). */
	localeKey: () => (value) => (typeof value === 'string' ? value.trim().replace(/-/g, '_') : value),
	/** Keep the part before the `@` of an email-shaped value. */
	localPart: () => (value) => (typeof value === 'string' && value.includes('@') ? value.slice(0, value.indexOf('@')) : value),
};

export const TRANSFORM_NAMES: readonly string[] = Object.keys(factories);

/** Build a transform by name; `undefined` when the name is unknown (the caller reports the row). */
export function createTransform(name: string, arg: string | undefined): Transform | undefined {
	const factory = Object.prototype.hasOwnProperty.call(factories, name) ? factories[name] : undefined;
	return factory?.(arg);
}
