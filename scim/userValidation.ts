/**
 * validateUser: every rule Salesforce would enforce on a SCIM User, as "what is wrong — how to fix it" messages.
 * Sources: the User object's field lengths, the SCIM create example (userName, familyName, an email, a profile),
 * "one phone number per user", and the advice never to send Salesforce field names as SCIM attributes.
 */
import { findKeyIgnoringCase, getAttribute, isPlainObject, type JsonObject } from './attribute';
import { SCHEMA, type ScimUser } from './schemas';
import { SALESFORCE_LIMITS as L, isEmailShaped, isProfileEntitlement, type UserIssue } from './user';

/** Salesforce User field names that people put where the SCIM attribute belongs. */
export const SALESFORCE_FIELD_NAMES: Readonly<Record<string, string>> = {
	username: 'userName',
	firstname: 'name.givenName',
	lastname: 'name.familyName',
	email: 'emails',
	communitynickname: 'nickName',
	profileid: 'entitlements (type Profile)',
	userroleid: 'roles',
	contactid: 'nothing: portal contacts are not provisioned over SCIM',
	isactive: 'active',
	federationidentifier: 'externalId',
	employeenumber: `${SCHEMA.enterpriseUser}:employeeNumber`,
	department: `${SCHEMA.enterpriseUser}:department`,
	timezonesidkey: 'timezone',
	localesidkey: 'locale',
	languagelocalekey: 'preferredLanguage',
};

/** [path, max length] of single-valued strings; extension attributes under the enterprise URN. */
const LENGTHS: Array<[string, number]> = [
	['userName', L.userNameMaxLength],
	['name.givenName', L.givenNameMaxLength],
	['name.familyName', L.familyNameMaxLength],
	['name.middleName', L.middleNameMaxLength],
	['nickName', L.nickNameMaxLength],
	['alias', L.aliasMaxLength],
	['title', L.titleMaxLength],
	['externalId', L.externalIdMaxLength],
	[`${SCHEMA.enterpriseUser}:employeeNumber`, L.employeeNumberMaxLength],
	[`${SCHEMA.enterpriseUser}:department`, L.departmentMaxLength],
	[`${SCHEMA.enterpriseUser}:division`, L.divisionMaxLength],
	[`${SCHEMA.enterpriseUser}:organization`, L.organizationMaxLength],
];

const HOW_TO_SHORTEN: Record<string, string> = {
	alias: 'leave it out to derive one from the name, or shorten it',
	nickName: 'leave it out to let Salesforce default it, or shorten it',
	userName: 'use a shorter address',
};

/*
 * Performance (validation runs on every mapped item): every path is split once, here; a user's top-level keys
 * are listed once and each is looked at once (its case-insensitive meaning is remembered per key string); path
 * strings are built only for an issue. Each lookup still means `getAttribute`: the exact key if present, else the
 * first key equal to it case-insensitively.
 */

/** The top-level attributes validateUser reads, each in one slot. */
const TOP_NAMES: string[] = [];
const TOP_SLOT_BY_LOWER = new Map<string, number>();

function topSlot(name: string): number {
	let slot = TOP_SLOT_BY_LOWER.get(name.toLowerCase());
	if (slot === undefined) {
		slot = TOP_NAMES.push(name) - 1;
		TOP_SLOT_BY_LOWER.set(name.toLowerCase(), slot);
	}
	return slot;
}

const USER_NAME = topSlot('userName');
const NAME = topSlot('name');
const EMAILS = topSlot('emails');
const ENTITLEMENTS = topSlot('entitlements');
const PHONE_NUMBERS = topSlot('phoneNumbers');

interface LengthRule {
	readonly path: string;
	/** The top-level attribute read first: `userName`, `name` (for `name.givenName`), or the extension URN. */
	readonly slot: number;
	/** The attribute read inside it, if any: `givenName`, or `employeeNumber` under the URN. */
	readonly inner: string | undefined;
	/** One more level (`urn…:manager.value`): read with getAttribute. */
	readonly sub: string | undefined;
	readonly max: number;
	readonly fix: string;
}

/** LENGTHS split once, as `read` did on every call: `urn…:User:employeeNumber` → URN + attribute, `name.givenName` → name + sub. */
const LENGTH_RULES: readonly LengthRule[] = LENGTHS.map(([path, max]) => {
	const colon = path.lastIndexOf(':');
	const [attribute, sub] = (colon > 0 ? path.slice(colon + 1) : path).split('.');
	const fix = HOW_TO_SHORTEN[path] ?? 'shorten it';
	return colon > 0
		? { path, slot: topSlot(path.slice(0, colon)), inner: attribute, sub, max, fix }
		: { path, slot: topSlot(attribute), inner: sub, sub: undefined, max, fix };
});

const LENGTH_PATHS = new Set(LENGTHS.map(([path]) => path));

/** What a top-level key means: the slot it fills case-insensitively (-1: none), and its Salesforce-field advice. */
interface KeyMeaning {
	readonly slot: number;
	/** The SCIM attribute to use instead, when the key is a Salesforce field name; else null. */
	readonly advice: string | null;
}

/** Remembered per key string (bounded: keys come from the data), since the same few keys come back on every user. */
const keyMeanings = new Map<string, KeyMeaning>();
const KEY_MEANINGS_MAX = 1024;

function meaningOf(key: string): KeyMeaning {
	let meaning = keyMeanings.get(key);
	if (meaning === undefined) {
		// Own properties only: a key from the data named `constructor` or `__proto__` is just an unknown key.
		const lower = key.toLowerCase();
		const scim = Object.prototype.hasOwnProperty.call(SALESFORCE_FIELD_NAMES, lower) ? SALESFORCE_FIELD_NAMES[lower] : undefined;
		const advice = scim !== undefined && key.toLowerCase() !== scim.toLowerCase() ? scim : null;
		meaning = { slot: TOP_SLOT_BY_LOWER.get(key.toLowerCase()) ?? -1, advice };
		if (keyMeanings.size < KEY_MEANINGS_MAX) keyMeanings.set(key, meaning);
	}
	return meaning;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Scratch for one validateUser call (synchronous, never re-entered): reset when it starts, values dropped when it
 * returns. `meanings[i]` is the meaning of `meaningKeys[i]`, kept between calls: users of one batch mostly have the
 * same keys in the same order, so a key is usually recognised by identity.
 */
const meaningKeys: string[] = [];
const meanings: KeyMeaning[] = [];
const caseInsensitiveKeys: Array<string | undefined> = TOP_NAMES.map(() => undefined);
const topValues: unknown[] = TOP_NAMES.map(() => undefined);

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * NUL and other C0/C1 controls (tab and newline included: no single-line User field takes them): U+0000–U+001F and
 * U+007F–U+009F, written as "not printable ASCII nor U+00A0 and above" (every UTF-16 code unit is one or the other).
 */
const CONTROL_CHARACTER = /[^\u0020-\u007e\u00a0-\uffff]/;

/**
 * Invisible text-direction controls (LRE…RLO U+202A–U+202E, isolates U+2066–U+2069, marks U+200E/U+200F/U+061C).
 * Right-to-left names are fine; these only make text display in an order other than it is stored, the classic way
 * to disguise a name or an address ("Trojan Source").
 */
const DIRECTION_CONTROL = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

/** Salesforce usernames are ASCII even when names are not (directories hand out ASCII logins too). */
const NON_ASCII_USERNAME = /[^\u0021-\u007e]/;

function hasControlCharacter(text: string): boolean {
	return CONTROL_CHARACTER.test(text);
}

/**
 * The keys and indexes leading to the value being walked; the path string is only built for an issue. Shared by
 * every walk (validation is synchronous and does not re-enter): `depth` says how much of it is current.
 */
const segments: Array<string | number> = [];

function pathAt(depth: number): string {
	let path = '';
	for (let d = 0; d < depth; d++) {
		const segment = segments[d];
		path = typeof segment === 'number' ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment;
	}
	return path;
}

function checkText(text: string, depth: number, issues: UserIssue[]): void {
	if (hasControlCharacter(text)) {
		const path = pathAt(depth);
		issues.push({ path, message: `${path} contains a control character (NUL, tab, newline…): remove it from the source value` });
	} else if (DIRECTION_CONTROL.test(text)) {
		const path = pathAt(depth);
		issues.push({
			path,
			message: `${path} contains an invisible text-direction control (such as U+202E), which makes it display differently from what it is: remove it from the source value`,
		});
	} else if (text.length > L.defaultMaxLength) {
		const path = pathAt(depth);
		if (!LENGTH_PATHS.has(path)) issues.push({ path, message: `${path} is ${text.length} characters; Salesforce text fields hold at most ${L.defaultMaxLength}` });
	}
}

/** Every string under `value` (array holes skipped, as forEach does), checked by `checkText`. */
function walkStrings(value: unknown, depth: number, issues: UserIssue[]): void {
	if (typeof value === 'string') checkText(value, depth, issues);
	else if (Array.isArray(value)) {
		for (let i = 0, n = value.length; i < n; i++) {
			if (!(i in value)) continue;
			segments[depth] = i;
			walkStrings(value[i], depth + 1, issues);
		}
	} else if (isPlainObject(value)) {
		// for…in with the own-key check visits what Object.keys lists, in its order, without building the list.
		for (const key in value) {
			if (!hasOwn.call(value, key)) continue;
			const item = value[key];
			segments[depth] = key;
			if (typeof item === 'string') checkText(item, depth + 1, issues);
			else if (typeof item === 'object' && item !== null) walkStrings(item, depth + 1, issues);
		}
	}
}

/** The user's own walk: its keys are listed already. */
function walkObject(value: JsonObject, keys: readonly string[], depth: number, issues: UserIssue[]): void {
	for (let i = 0; i < keys.length; i++) {
		const item = value[keys[i]];
		segments[depth] = keys[i];
		if (typeof item === 'string') checkText(item, depth + 1, issues);
		else if (typeof item === 'object' && item !== null) walkStrings(item, depth + 1, issues);
	}
}

export function validateUser(user: ScimUser, options: { forCreate: boolean }): UserIssue[] {
	if (!isPlainObject(user)) return [{ path: '', message: 'The user must be an object' }];
	const issues: UserIssue[] = [];
	const forCreate = options.forCreate;

	// One look at each top-level key: which attribute it spells case-insensitively (the first such key is the
	// fallback when the exact spelling is absent), and whether it is a Salesforce field name.
	const keys = Object.keys(user);
	for (let slot = 0; slot < caseInsensitiveKeys.length; slot++) caseInsensitiveKeys[slot] = undefined;
	for (let i = 0; i < keys.length; i++) {
		const key = keys[i];
		if (meaningKeys[i] !== key) {
			meanings[i] = meaningOf(key);
			meaningKeys[i] = key;
		}
		const slot = meanings[i].slot;
		if (slot >= 0 && caseInsensitiveKeys[slot] === undefined) caseInsensitiveKeys[slot] = key;
	}
	for (let slot = 0; slot < TOP_NAMES.length; slot++) {
		const name = TOP_NAMES[slot];
		const key = hasOwn.call(user, name) ? name : caseInsensitiveKeys[slot];
		topValues[slot] = key === undefined ? undefined : user[key];
	}

	const userName = topValues[USER_NAME];
	if (isBlank(userName)) {
		if (forCreate) issues.push({ path: 'userName', message: 'userName is required: set it to an email-shaped, globally unique username (e.g. jane.doe@example.com)' });
	} else if (typeof userName !== 'string' || !isEmailShaped(userName.trim())) {
		issues.push({
			path: 'userName',
			message: `userName ${JSON.stringify(userName)} is not email-shaped: Salesforce usernames look like an email address (name@domain.tld), though no mailbox is needed`,
		});
	} else if (!hasControlCharacter(userName) && NON_ASCII_USERNAME.test(userName.trim())) {
		issues.push({
			path: 'userName',
			message: `userName ${JSON.stringify(userName)} has characters Salesforce usernames cannot hold (letters with accents, emoji, other scripts): use an ASCII username, e.g. the directory login, or transliterate it (Mapping node: Normalize Diacritics)`,
		});
	}

	if (forCreate && isBlank(getAttribute(topValues[NAME], 'familyName'))) {
		issues.push({ path: 'name.familyName', message: 'name.familyName (Last Name) is required by Salesforce: map a family name, or a placeholder for single-name people' });
	}

	const emails = topValues[EMAILS];
	const emailList = Array.isArray(emails) ? emails : emails === undefined || emails === null ? [] : [emails];
	if (forCreate) {
		let anyEmail = false;
		for (let i = 0, n = emailList.length; i < n && !anyEmail; i++) if (i in emailList && !isBlank(getAttribute(emailList[i], 'value'))) anyEmail = true;
		if (!anyEmail) issues.push({ path: 'emails', message: 'At least one email is required on create: add emails[{value, type: "work", primary: true}]' });
	}
	for (let i = 0, n = emailList.length; i < n; i++) {
		if (!(i in emailList)) continue;
		const value = getAttribute(emailList[i], 'value');
		if (isBlank(value)) continue;
		if (typeof value !== 'string' || !isEmailShaped(value.trim())) {
			issues.push({ path: `emails[${i}].value`, message: `${JSON.stringify(value)} is not an email address: fix the source value or leave this email out` });
		} else if (value.length > L.emailMaxLength) {
			issues.push({ path: `emails[${i}].value`, message: `The email is ${value.length} characters; Salesforce allows at most ${L.emailMaxLength}` });
		}
	}

	const entitlements = topValues[ENTITLEMENTS];
	let profiles = 0;
	if (Array.isArray(entitlements)) {
		for (let i = 0, n = entitlements.length; i < n; i++) if (i in entitlements && isProfileEntitlement(entitlements[i])) profiles++;
	}
	if (forCreate && profiles === 0) {
		issues.push({ path: 'entitlements', message: 'A profile is required on create: add an entitlement {value: "00e…", type: "Profile"} (list them with the Entitlements resource)' });
	}
	if (profiles > 1) issues.push({ path: 'entitlements', message: `A user has exactly one profile, but ${profiles} profile entitlements were given: keep one` });

	const phones = topValues[PHONE_NUMBERS];
	if (Array.isArray(phones) && phones.length > L.phoneNumbersMax) {
		issues.push({ path: 'phoneNumbers', message: `Salesforce's SCIM API takes one phone number per user, ${phones.length} were given: keep the work or primary one` });
	}

	// Rules reading inside the same object (name.*, the extension) follow each other: its keys are listed once.
	let containerSlot = -1;
	let container: unknown;
	let containerKeys: string[] | undefined;
	for (const rule of LENGTH_RULES) {
		let value = topValues[rule.slot];
		if (rule.inner !== undefined) {
			if (rule.slot !== containerSlot) {
				containerSlot = rule.slot;
				container = value;
				containerKeys = undefined;
			}
			if (!isPlainObject(container)) value = undefined;
			else if (hasOwn.call(container, rule.inner)) value = container[rule.inner];
			else {
				containerKeys ??= Object.keys(container);
				const key = findKeyIgnoringCase(containerKeys, rule.inner);
				value = key === undefined ? undefined : container[key];
			}
			if (rule.sub !== undefined) value = getAttribute(value, rule.sub);
		}
		if (typeof value === 'string' && value.length > rule.max) {
			issues.push({ path: rule.path, message: `${rule.path} is ${value.length} characters; Salesforce allows at most ${rule.max}: ${rule.fix}` });
		}
	}

	for (let i = 0; i < keys.length; i++) {
		const advice = meanings[i].advice;
		if (advice !== null) {
			issues.push({ path: keys[i], message: `'${keys[i]}' is a Salesforce field name, not a SCIM attribute, and would be rejected or ignored: use ${advice}` });
		}
	}

	walkObject(user, keys, 0, issues);

	for (let slot = 0; slot < topValues.length; slot++) topValues[slot] = undefined;
	return issues;
}
