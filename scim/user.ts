/**
 * Salesforce's User rules, checked by the client before it sends anything: a request that would fail is reported
 * once, with the fix, instead of spending an API call (and, for a taken username, failing every sync cycle).
 * Field lengths are those of the Salesforce User object.
 */
import { asBoolean, cloneJson, getAttribute, isPlainObject } from './attribute';
import { kindOfId, type EntitlementKind } from './salesforceId';
import type { ScimUser } from './schemas';

export const SALESFORCE_LIMITS = {
	aliasMaxLength: 8,
	nickNameMaxLength: 40,
	maxPageSize: 200,
	userNameMaxLength: 80,
	emailMaxLength: 128,
	givenNameMaxLength: 40,
	familyNameMaxLength: 80,
	middleNameMaxLength: 40,
	titleMaxLength: 80,
	departmentMaxLength: 80,
	divisionMaxLength: 80,
	organizationMaxLength: 80,
	employeeNumberMaxLength: 20,
	phoneMaxLength: 40,
	externalIdMaxLength: 255,
	defaultMaxLength: 255,
	phoneNumbersMax: 1,
} as const;


/** Characters no part of `local@domain.tld` may hold: ASCII ones flagged here, others in `isEmailForbidden`. */
const EMAIL_FORBIDDEN_ASCII = new Uint8Array(0x80);
for (const c of '\t\n\v\f\r @"<>()[],;:') EMAIL_FORBIDDEN_ASCII[c.charCodeAt(0)] = 1;

/** The regex class `[\s@"<>()[\],;:]` for one UTF-16 code unit (`\s`: ECMAScript WhiteSpace and LineTerminator). */
function isEmailForbidden(code: number): boolean {
	if (code < 0x80) return EMAIL_FORBIDDEN_ASCII[code] === 1;
	return (
		code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
		code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
	);
}

/**
 * Salesforce only checks the shape `local@domain.tld`; so do we (no whitespace, one @, a dot in the domain). One
 * pass, the same answer as `/^[^\s@"<>()[\],;:]+@[^\s@"<>()[\],;:]+\.[^\s@"<>()[\],;:.]{2,}$/` and no `..`: a
 * non-empty local part, exactly one @, and after it a non-empty domain, a last dot and at least two more characters.
 */
export function isEmailShaped(value: string): boolean {
	if (typeof value !== 'string') return false;
	const length = value.length;
	let at = -1;
	let lastDot = -1;
	for (let i = 0; i < length; i++) {
		const code = value.charCodeAt(i);
		if (code === 0x2e) {
			if (lastDot === i - 1 && i > 0) return false;
			lastDot = i;
		} else if (code === 0x40) {
			if (at >= 0) return false;
			at = i;
		} else if (isEmailForbidden(code)) return false;
	}
	return at >= 1 && lastDot >= at + 2 && length - lastDot > 2;
}

/** Letters that Unicode decomposition leaves alone; Entra's NormalizeDiacritics maps them the same way. */
const LETTER_MAP: Record<string, string> = {
	ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D',
	ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th', ı: 'i', ħ: 'h', Ħ: 'H', ŋ: 'ng', Ŋ: 'NG', ĸ: 'k', ŀ: 'l', Ŀ: 'L', ſ: 's',
	'‘': "'", '’': "'", '“': '"', '”': '"', '–': '-', '—': '-',
};

/** ASCII transliteration: `Zoë Ångström-Núñez` → `Zoe Angstrom-Nunez`, `ß` → `ss`; characters with no Latin form are dropped. */
export function toAscii(value: string): string {
	return String(value)
		.replace(/[\u0080-\uffff]/g, (c) => LETTER_MAP[c] ?? c)
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[\u0080-\uffff]/g, '');
}

function alphanumerics(value: string | undefined): string {
	return toAscii(value ?? '').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

/** Salesforce's own default: first letter of the given name + first four of the family name (`Jane Smith` → `jsmit`), ≤ 8 ASCII characters. */
export function deriveAlias(givenName: string | undefined, familyName: string): string {
	const given = alphanumerics(givenName);
	const family = alphanumerics(familyName);
	const alias = given ? `${given[0]}${family.slice(0, 4)}` : family.slice(0, 5);
	return (alias || given.slice(0, 5) || 'user').slice(0, SALESFORCE_LIMITS.aliasMaxLength);
}

/** FNV-1a, 32 bits: a short, stable fingerprint (no crypto needed, only spread). */
function fingerprint(value: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < value.length; i++) {
		hash ^= value.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(16).padStart(8, '0').slice(0, 6);
}

/**
 * Salesforce defaults nickName (CommunityNickname, ≤ 40, unique in the org) to the userName. A longer userName is
 * cut and given a fingerprint of the whole, so two long usernames sharing a prefix still get different nicknames.
 */
export function deriveNickname(userName: string): string {
	const max = SALESFORCE_LIMITS.nickNameMaxLength;
	const name = String(userName).trim().toLowerCase();
	return name.length <= max ? name : `${name.slice(0, max - 7)}-${fingerprint(name)}`;
}

export interface UserIssue {
	path: string;
	message: string;
}

type Entitlement = NonNullable<ScimUser['entitlements']>[number];

/** An entitlement's `type` as written by people and servers ("Profile", "permission set", "PermissionSet"). */
export function entitlementTypeOf(type: unknown): EntitlementKind | undefined {
	const text = String(type ?? '').replace(/\s+/g, '').toLowerCase();
	if (text === 'profile') return 'Profile';
	if (text === 'permissionset') return 'PermissionSet';
	return undefined;
}

/** Its type says, or, untyped, its id's prefix. */
function entitlementKind(entitlement: unknown): EntitlementKind | undefined {
	if (!isPlainObject(entitlement)) return undefined;
	const type = getAttribute(entitlement, 'type');
	const declared = entitlementTypeOf(type);
	if (declared || String(type ?? '').trim() !== '') return declared;
	return kindOfId(String(getAttribute(entitlement, 'value') ?? ''));
}

export function isProfileEntitlement(entitlement: unknown): boolean {
	return entitlementKind(entitlement) === 'Profile';
}

export function isPermissionSetEntitlement(entitlement: unknown): boolean {
	return entitlementKind(entitlement) === 'PermissionSet';
}

function entitlementsOf(user: ScimUser): Entitlement[] {
	const list = getAttribute(user, 'entitlements');
	return Array.isArray(list) ? (list.filter(isPlainObject) as Entitlement[]) : [];
}

/** The profile id: the entitlement typed Profile, or untyped with a 00e id. */
export function profileIdOf(user: ScimUser): string | undefined {
	const profile = entitlementsOf(user).find(isProfileEntitlement);
	return profile ? String(getAttribute(profile, 'value')) : undefined;
}

export function permissionSetIdsOf(user: ScimUser): string[] {
	return entitlementsOf(user).filter(isPermissionSetEntitlement).map((entitlement) => String(getAttribute(entitlement, 'value')));
}

/** Why a person is not created, told the same way by Create or Update and by Sync's plan. */
export const LEAVER_NOT_CREATED = 'Inactive in the source and not in Salesforce: not created';

/**
 * The leaver rule, shared by Create or Update and Sync: a person the source marks inactive who has no Salesforce
 * user is skipped, not created inactive. Such an account gives nobody access, yet holds its username (unique across
 * every Salesforce org) and a user record for good, since Salesforce never deletes users. Returns the reason to
 * report, or undefined when the person may be created. (An explicit Create still creates what it is given.)
 */
export function leaverNotCreated(user: ScimUser): string | undefined {
	return asBoolean(getAttribute(user, 'active')) === false ? LEAVER_NOT_CREATED : undefined;
}

/** SCIM-side trims and the Salesforce-side canonical forms: userName lowercased, "true"/"False" strings as booleans. */
export function normaliseUser(user: ScimUser): ScimUser {
	const normalised = trimStrings(cloneJson(user)) as ScimUser;
	if (typeof normalised.userName === 'string') normalised.userName = normalised.userName.toLowerCase();
	const active = asBoolean(normalised.active);
	if (active !== undefined) normalised.active = active;
	for (const value of Object.values(normalised)) {
		if (!Array.isArray(value)) continue;
		for (const element of value) {
			if (!isPlainObject(element) || !('primary' in element)) continue;
			const primary = asBoolean(element.primary);
			if (primary !== undefined) element.primary = primary;
		}
	}
	return normalised;
}

function trimStrings(value: unknown): unknown {
	if (typeof value === 'string') return value.trim();
	if (Array.isArray(value)) return value.map(trimStrings);
	if (isPlainObject(value)) {
		for (const key of Object.keys(value)) value[key] = trimStrings(value[key]);
	}
	return value;
}
