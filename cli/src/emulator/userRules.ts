/**
 * Salesforce's server-side rules for a User body, as observed from real orgs: which attributes exist, field
 * lengths, the one email, the one phone, nickname uniqueness, alias derivation, locale and time zone picklists,
 * exactly one profile, roles and the manager reference. Written here, not borrowed from scim/ (see state.ts).
 */
import { ScimError } from '../../../scim';
import type { Json, OrgView, UserAttrs, UserRecord } from './records';
import { URN } from './records';
import { to18 } from './random';

const ATTRIBUTE_NAMES = [
	'schemas', 'id', 'meta', 'externalId', 'userName', 'name', 'displayName', 'nickName', 'profileUrl', 'title',
	'userType', 'preferredLanguage', 'locale', 'timezone', 'active', 'password', 'emails', 'phoneNumbers', 'ims',
	'photos', 'addresses', 'groups', 'entitlements', 'roles', 'x509Certificates', 'emailEncodingKey', 'alias',
];
const CANONICAL = new Map(ATTRIBUTE_NAMES.map((n) => [n.toLowerCase(), n]));
const NAME_PARTS = ['givenName', 'familyName', 'middleName', 'formatted', 'honorificPrefix', 'honorificSuffix'];
const NAME_CANONICAL = new Map(NAME_PARTS.map((n) => [n.toLowerCase(), n]));
const ENTERPRISE_PARTS = ['employeeNumber', 'costCenter', 'organization', 'division', 'department', 'manager'];
const ENTERPRISE_CANONICAL = new Map(ENTERPRISE_PARTS.map((n) => [n.toLowerCase(), n]));

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
const LOCALE_SHAPE = /^[a-z]{2,3}(_[A-Z]{2})?(_[A-Za-z0-9]+)?$/;
let timeZones: Set<string> | undefined;
function isTimeZone(tz: string): boolean {
	if (!timeZones) {
		const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
		timeZones = new Set([...(intl.supportedValuesOf?.('timeZone') ?? []), 'GMT', 'UTC']);
	}
	return timeZones.size <= 2 || timeZones.has(tz);
}

/** Salesforce's errors travel in the SCIM detail as `CODE:message;`, as observed from real orgs. */
export function sfError(status: number, code: string, message: string, scimType?: string): ScimError {
	return new ScimError(status, scimType, `${code}:${message};`);
}

const MISSING_PROFILE = () =>
	sfError(409, 'REQUIRED_FIELD_MISSING', 'user_must_have_one_entitlement_which_must_be_a_profileid');
export const DUPLICATE_USERNAME = () =>
	sfError(
		409,
		'DUPLICATE_USERNAME',
		"Duplicate Username.<br>The username already exists in this or another Salesforce organization. Usernames must be unique across all Salesforce organizations. To resolve, use a different username (it doesn't need to match the user's email address).",
		'uniqueness',
	);

export function isObject(v: unknown): v is Json {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown, what: string, max?: number): string | undefined {
	if (v === undefined || v === null || v === '') return undefined;
	if (typeof v === 'number' || typeof v === 'boolean') v = String(v);
	if (typeof v !== 'string') throw new ScimError(400, 'invalidValue', `${what} must be a string`);
	const t = v.trim();
	if (max !== undefined && t.length > max) throw sfError(400, 'STRING_TOO_LONG', `${what}: data value too large: ${t.slice(0, 40)}… (max length=${max})`, 'invalidValue');
	return t === '' ? undefined : t;
}

function bool(v: unknown, what: string): boolean | undefined {
	if (v === undefined || v === null) return undefined;
	if (typeof v === 'boolean') return v;
	if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
	throw new ScimError(400, 'invalidValue', `${what} must be a boolean`);
}

/** Strip diacritics and anything non-alphanumeric: Salesforce aliases are short ASCII handles. */
function asciiFold(text: string): string {
	return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/[^A-Za-z0-9]/g, '');
}

/** Pick the primary (or first) element of a multi-valued attribute; `"primary": "true"` counts. */
function primaryOf(list: Json[]): Json | undefined {
	return list.find((e) => e.primary === true || (typeof e.primary === 'string' && e.primary.toLowerCase() === 'true')) ?? list[0];
}

/** Turn a SCIM User body into normalised attributes, applying Salesforce's field rules. */
export function normaliseUser(org: OrgView, input: unknown, existing: UserRecord | undefined): Omit<UserRecord, 'created' | 'lastModified' | 'version'> {
	if (!isObject(input)) throw new ScimError(400, 'invalidSyntax', 'The request body must be a SCIM User object');
	const body: Json = {};
	let enterpriseIn: Json = {};
	for (const [key, value] of Object.entries(input)) {
		if (key.toLowerCase() === URN.enterprise.toLowerCase()) {
			if (value !== null && !isObject(value)) throw new ScimError(400, 'invalidValue', `${URN.enterprise} must be an object`);
			for (const [k, v] of Object.entries(value ?? {})) {
				const canonical = ENTERPRISE_CANONICAL.get(k.toLowerCase());
				if (!canonical) throw new ScimError(400, 'invalidValue', `INVALID_FIELD:No such attribute on the enterprise extension: ${k};`);
				enterpriseIn[canonical] = v;
			}
			continue;
		}
		if (key.toLowerCase().startsWith(URN.user.toLowerCase() + ':')) {
			// A core attribute written with its schema prefix.
			const canonical = CANONICAL.get(key.slice(URN.user.length + 1).toLowerCase());
			if (canonical) body[canonical] = value;
			continue;
		}
		if (key.toLowerCase().startsWith(URN.enterprise.toLowerCase() + ':')) {
			const canonical = ENTERPRISE_CANONICAL.get(key.slice(URN.enterprise.length + 1).toLowerCase());
			if (canonical) enterpriseIn = { ...enterpriseIn, [canonical]: value };
			continue;
		}
		const canonical = CANONICAL.get(key.toLowerCase());
		// Salesforce field names (ContactId, ProfileId …) are not SCIM attributes; Salesforce rejects them.
		if (!canonical) throw new ScimError(400, 'invalidValue', `INVALID_FIELD:No such attribute on User: ${key};`);
		body[canonical] = value;
	}

	const userNameRaw = str(body.userName, 'userName', 80);
	if (!userNameRaw) throw sfError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [Username]', 'invalidValue');
	if (!EMAIL_SHAPE.test(userNameRaw)) {
		throw sfError(400, 'INVALID_NEW_USERNAME', 'Username must be in the form of an email address (for example, john@acme.com)', 'invalidValue');
	}
	const userName = userNameRaw.toLowerCase();

	// name
	const nameIn: Json = {};
	if (body.name !== undefined && body.name !== null) {
		if (!isObject(body.name)) throw new ScimError(400, 'invalidValue', 'name must be an object');
		for (const [k, v] of Object.entries(body.name)) {
			const canonical = NAME_CANONICAL.get(k.toLowerCase());
			if (canonical) nameIn[canonical] = v;
		}
	}
	const familyName = str(nameIn.familyName, 'name.familyName', 80);
	if (!familyName) throw sfError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [LastName]', 'invalidValue');
	const name: UserAttrs['name'] = { familyName };
	const givenName = str(nameIn.givenName, 'name.givenName', 40);
	if (givenName) name.givenName = givenName;
	const middleName = str(nameIn.middleName, 'name.middleName', 40);
	if (middleName) name.middleName = middleName;
	const prefix = str(nameIn.honorificPrefix, 'name.honorificPrefix', 40);
	if (prefix) name.honorificPrefix = prefix;
	const suffix = str(nameIn.honorificSuffix, 'name.honorificSuffix', 40);
	if (suffix) name.honorificSuffix = suffix;

	// emails: Salesforce keeps one address (the primary).
	if (body.emails !== undefined && body.emails !== null && !Array.isArray(body.emails)) throw new ScimError(400, 'invalidValue', 'emails must be an array');
	const emails = ((body.emails as unknown[] | undefined) ?? []).filter(isObject).filter((e) => str(e.value, 'emails.value') !== undefined);
	const emailEntry = primaryOf(emails);
	let email = emailEntry ? str(emailEntry.value, 'emails.value', 128)! : undefined;
	if (!email) throw sfError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [Email]', 'invalidValue');
	if (!EMAIL_SHAPE.test(email)) throw sfError(400, 'INVALID_EMAIL_ADDRESS', `Email: invalid email address: ${email}`, 'invalidValue');
	let pendingEmail = existing?.pendingEmail;
	if (existing && org.behaviour.emailChangeConfirmation && email.toLowerCase() !== existing.attrs.email.toLowerCase()) {
		// The new address waits for the user's confirmation; the old one stays in force.
		pendingEmail = email;
		email = existing.attrs.email;
	}

	// one phone number only
	let phone: UserAttrs['phone'];
	if (body.phoneNumbers !== undefined && body.phoneNumbers !== null) {
		if (!Array.isArray(body.phoneNumbers)) throw new ScimError(400, 'invalidValue', 'phoneNumbers must be an array');
		const phones = body.phoneNumbers.filter(isObject).filter((p) => str(p.value, 'phoneNumbers.value') !== undefined);
		if (phones.length > 1) throw new ScimError(400, 'invalidValue', 'INVALID_FIELD:Salesforce supports only one phone number per user;');
		if (phones.length === 1) phone = { value: str(phones[0].value, 'phoneNumbers.value', 40)!, type: str(phones[0].type, 'phoneNumbers.type') ?? 'work' };
	}

	// nickName (CommunityNickname): ≤ 40, unique in the org, defaulted from the username.
	let nickName = str(body.nickName, 'nickName', 40);
	const selfId = existing?.id;
	if (nickName) {
		const holder = org.byNickName.get(nickName.toLowerCase());
		if (holder && holder !== selfId) throw sfError(409, 'DUPLICATE_COMMUNITY_NICKNAME', 'Nickname already exists in this organization. Enter a unique nickname', 'uniqueness');
	} else if (existing) {
		nickName = existing.attrs.nickName;
	} else {
		nickName = uniqueNickName(org, userName);
	}

	// alias: ≤ 8, derived from the name on create (Salesforce does the same in its UI).
	let alias = str(body.alias, 'alias', 8);
	if (!alias) alias = existing?.attrs.alias ?? deriveAlias(givenName, familyName, userName);

	const active = bool(body.active, 'active') ?? existing?.attrs.active ?? true;

	const preferredLanguage = str(body.preferredLanguage, 'preferredLanguage') ?? existing?.attrs.preferredLanguage ?? 'en_US';
	const locale = str(body.locale, 'locale') ?? existing?.attrs.locale ?? 'en_US';
	if (!LOCALE_SHAPE.test(locale)) throw sfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `Locale: bad value for restricted picklist field: ${locale}`, 'invalidValue');
	if (!LOCALE_SHAPE.test(preferredLanguage.replace('-', '_'))) {
		throw sfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `Language: bad value for restricted picklist field: ${preferredLanguage}`, 'invalidValue');
	}
	const timezone = str(body.timezone, 'timezone') ?? existing?.attrs.timezone ?? 'America/Los_Angeles';
	if (!isTimeZone(timezone)) throw sfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `Time Zone: bad value for restricted picklist field: ${timezone}`, 'invalidValue');
	const emailEncodingKey = str(body.emailEncodingKey, 'emailEncodingKey') ?? existing?.attrs.emailEncodingKey ?? 'UTF-8';

	// entitlements: exactly one profile, any number of permission sets.
	if (body.entitlements !== undefined && body.entitlements !== null && !Array.isArray(body.entitlements)) throw new ScimError(400, 'invalidValue', 'entitlements must be an array');
	const profileIds: string[] = [];
	const permissionSetIds: string[] = [];
	for (const e of ((body.entitlements as unknown[] | undefined) ?? []).filter(isObject)) {
		const value = str(e.value, 'entitlements.value');
		if (!value) continue;
		const id = to18(value);
		if (org.profiles.has(id)) {
			if (!profileIds.includes(id)) profileIds.push(id);
		} else if (org.permissionSets.has(id)) {
			if (!permissionSetIds.includes(id)) permissionSetIds.push(id);
		} else {
			throw sfError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${value}`, 'invalidValue');
		}
	}
	// Adding a new profile to an existing user changes the profile: the new one wins over the old.
	if (profileIds.length > 1 && existing) {
		const i = profileIds.indexOf(existing.profileId);
		if (i >= 0) profileIds.splice(i, 1);
	}
	if (profileIds.length === 0) throw MISSING_PROFILE();
	if (profileIds.length > 1) throw sfError(400, 'FIELD_INTEGRITY_EXCEPTION', 'A user can have only one profile', 'invalidValue');

	// roles: one UserRole, when the switch says roles are assignable.
	let roleId = existing?.roleId;
	if (org.behaviour.roleAssign && body.roles !== undefined) {
		if (body.roles === null) roleId = undefined;
		else {
			if (!Array.isArray(body.roles)) throw new ScimError(400, 'invalidValue', 'roles must be an array');
			const roles = body.roles.filter(isObject).filter((r) => str(r.value, 'roles.value'));
			if (roles.length > 1) throw new ScimError(400, 'invalidValue', 'FIELD_INTEGRITY_EXCEPTION:A user can have only one role;');
			if (roles.length === 0) roleId = undefined;
			else {
				const role = org.roles.get(to18(String(roles[0].value)));
				if (!role) throw sfError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${String(roles[0].value)}`, 'invalidValue');
				roleId = role.id;
			}
		}
	}

	// enterprise extension
	const enterprise: UserAttrs['enterprise'] = {};
	for (const k of ['employeeNumber', 'costCenter', 'organization', 'division', 'department'] as const) {
		const v = str(enterpriseIn[k], k, 80);
		if (v) enterprise[k] = v;
	}
	const manager = enterpriseIn.manager;
	if (manager !== undefined && manager !== null && manager !== '') {
		const ref = typeof manager === 'string' ? manager : isObject(manager) ? str(manager.value ?? manager.managerId, 'manager.value') : undefined;
		if (ref) {
			const m = org.users.get(to18(ref));
			if (!m) throw sfError(400, 'INVALID_CROSS_REFERENCE_KEY', `Manager: invalid cross reference id: ${ref}`, 'invalidValue');
			if (m.id === selfId) throw sfError(400, 'FIELD_INTEGRITY_EXCEPTION', 'Manager: A user cannot be their own manager', 'invalidValue');
			enterprise.managerId = m.id;
		}
	}

	let addresses: Json[] | undefined;
	if (Array.isArray(body.addresses)) {
		addresses = body.addresses.filter(isObject).slice(0, 1).map((a) => ({ ...a, type: a.type ?? 'work' }));
		if (addresses.length === 0) addresses = undefined;
	}

	const attrs: UserAttrs = {
		userName,
		name,
		nickName,
		alias,
		email,
		preferredLanguage,
		locale,
		timezone,
		emailEncodingKey,
		active,
		enterprise,
	};
	const externalId = str(body.externalId, 'externalId', 255);
	if (externalId) attrs.externalId = externalId;
	const title = str(body.title, 'title', 80);
	if (title) attrs.title = title;
	if (phone) attrs.phone = phone;
	if (addresses) attrs.addresses = addresses;
	return { id: selfId ?? '', attrs, profileId: profileIds[0], permissionSetIds, roleId, pendingEmail };
}

function uniqueNickName(org: OrgView, userName: string): string {
	const base = userName.slice(0, 40);
	if (!org.byNickName.has(base)) return base;
	for (let n = 1; ; n++) {
		const tail = String(n);
		const candidate = base.slice(0, 40 - tail.length) + tail;
		if (!org.byNickName.has(candidate)) return candidate;
	}
}

function deriveAlias(givenName: string | undefined, familyName: string, userName: string): string {
	const alias = (asciiFold(givenName ?? '').slice(0, 1) + asciiFold(familyName).slice(0, 4)).toLowerCase();
	return alias || asciiFold(userName.split('@')[0]).slice(0, 8).toLowerCase() || 'user';
}
