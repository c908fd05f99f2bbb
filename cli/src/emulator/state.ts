/**
 * The emulated org: users, public groups, profiles, permission sets, roles, API usage and licences, with
 * Salesforce's server-side rules. These rules are written here on purpose and not borrowed from the client code in
 * scim/: if both sides shared a rule, a bug in it would be invisible to every test.
 */
import { ScimError } from '../../../scim';
import { IdFactory, to18 } from './random';
import type { BehaviourSwitches, SeedData, SeedGroup, SeedUser } from './types';

export const URN = {
	user: 'urn:ietf:params:scim:schemas:core:2.0:User',
	enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
	group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
	entitlement: 'urn:salesforce:schemas:extension:2.0:Entitlement',
	role: 'urn:salesforce:schemas:extension:2.0:Role',
} as const;

export interface Profile {
	id: string;
	name: string;
	license: string;
	description?: string;
	ssoEnabled?: boolean;
}

export interface PermissionSet {
	id: string;
	name: string;
	label: string;
	description?: string;
}

export interface Role {
	id: string;
	name: string;
	parentId?: string;
}

type Json = Record<string, unknown>;

/** What a client can write, normalised: core attributes plus the enterprise extension under `enterprise`. */
export interface UserAttrs {
	userName: string;
	externalId?: string;
	name: { givenName?: string; familyName: string; middleName?: string; honorificPrefix?: string; honorificSuffix?: string };
	nickName: string;
	alias: string;
	title?: string;
	email: string;
	phone?: { value: string; type: string };
	addresses?: Json[];
	preferredLanguage: string;
	locale: string;
	timezone: string;
	emailEncodingKey: string;
	active: boolean;
	enterprise: { employeeNumber?: string; costCenter?: string; organization?: string; division?: string; department?: string; managerId?: string };
}

export interface UserRecord {
	id: string;
	attrs: UserAttrs;
	profileId: string;
	permissionSetIds: string[];
	roleId?: string;
	pendingEmail?: string;
	created: number;
	lastModified: number;
	version: number;
	/** The last rendering and the org epoch it belongs to (see EmulatorState.epoch). */
	rendered?: Json;
	renderedAt?: number;
}

export interface GroupRecord {
	id: string;
	displayName: string;
	members: Set<string>;
	created: number;
	lastModified: number;
	version: number;
}

export interface StateOptions {
	behaviour: BehaviourSwitches;
	licenses: Record<string, number>;
	apiLimit: number;
	now: () => number;
	/** SCIM base URL, for `$ref` and `meta.location`; read lazily because the port is known only after listen. */
	scimUrl: () => string;
}

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
function sfError(status: number, code: string, message: string, scimType?: string): ScimError {
	return new ScimError(status, scimType, `${code}:${message};`);
}

const MISSING_PROFILE = () =>
	sfError(409, 'REQUIRED_FIELD_MISSING', 'user_must_have_one_entitlement_which_must_be_a_profileid');
const DUPLICATE_USERNAME = () =>
	sfError(
		409,
		'DUPLICATE_USERNAME',
		"Duplicate Username.<br>The username already exists in this or another Salesforce organization. Usernames must be unique across all Salesforce organizations. To resolve, use a different username (it doesn't need to match the user's email address).",
		'uniqueness',
	);

function isObject(v: unknown): v is Json {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, what: string, max?: number): string | undefined {
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

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

/** Pick the primary (or first) element of a multi-valued attribute; `"primary": "true"` counts. */
function primaryOf(list: Json[]): Json | undefined {
	return list.find((e) => e.primary === true || (typeof e.primary === 'string' && e.primary.toLowerCase() === 'true')) ?? list[0];
}

export class EmulatorState {
	readonly ids = new IdFactory();
	orgId = '';
	users = new Map<string, UserRecord>();
	userOrder: string[] = [];
	byUserName = new Map<string, string>();
	byExternalId = new Map<string, Set<string>>();
	byNickName = new Map<string, string>();
	userGroups = new Map<string, Set<string>>();
	groups = new Map<string, GroupRecord>();
	profiles = new Map<string, Profile>();
	permissionSets = new Map<string, PermissionSet>();
	roles = new Map<string, Role>();
	takenUsernames = new Set<string>();
	licenseUsed = new Map<string, number>();
	usage = { used: 0, limit: 0 };
	/**
	 * Bumped by every write. A user's rendering depends on other records too (group names, the manager's name,
	 * profile labels), so a cached rendering is good only while nothing at all has changed: reads, the bulk of a
	 * provisioning run's lookups, then cost one JSON.stringify.
	 */
	epoch = 0;
	/** Synthetic users made so far, so generateUsers numbers on from where it stopped. */
	private generated = 0;

	constructor(readonly opts: StateOptions) {
		this.usage.limit = opts.apiLimit;
	}

	get behaviour(): BehaviourSwitches {
		return this.opts.behaviour;
	}

	/** Empty the org (usage counter included) and restart the id counters. */
	clear(): void {
		this.epoch++;
		this.ids.reset();
		this.orgId = this.ids.next('00D');
		this.users.clear();
		this.userOrder = [];
		this.byUserName.clear();
		this.byExternalId.clear();
		this.byNickName.clear();
		this.userGroups.clear();
		this.groups.clear();
		this.profiles.clear();
		this.permissionSets.clear();
		this.roles.clear();
		this.takenUsernames.clear();
		this.licenseUsed.clear();
		this.usage.used = 0;
		this.generated = 0;
	}

	/** Add seed data to the org. Users pass the same rules as a POST (licences included). */
	seed(data: SeedData): void {
		this.epoch++;
		if (data.orgId) this.orgId = to18(data.orgId);
		for (const p of data.profiles ?? []) {
			const id = p.id ? to18(p.id) : this.ids.next('00e');
			this.profiles.set(id, { id, name: p.name, license: p.license ?? 'Salesforce', description: p.description, ssoEnabled: p.ssoEnabled });
		}
		for (const p of data.permissionSets ?? []) {
			const id = p.id ? to18(p.id) : this.ids.next('0PS');
			this.permissionSets.set(id, { id, name: p.name, label: p.label ?? p.name, description: p.description });
		}
		for (const r of data.roles ?? []) {
			const id = r.id ? to18(r.id) : this.ids.next('00E');
			this.roles.set(id, { id, name: r.name, parentId: r.parentId });
		}
		// Parents may be given by name.
		for (const r of this.roles.values()) if (r.parentId) r.parentId = this.findRole(r.parentId)?.id ?? r.parentId;
		for (const u of data.takenUsernames ?? []) this.takenUsernames.add(u.trim().toLowerCase());
		for (const u of data.users ?? []) this.seedUser(u);
		for (const g of data.groups ?? []) this.seedGroup(g);
	}

	findProfile(ref: string): Profile | undefined {
		return this.profiles.get(to18(ref)) ?? [...this.profiles.values()].find((p) => p.name.toLowerCase() === ref.toLowerCase());
	}

	findPermissionSet(ref: string): PermissionSet | undefined {
		const l = ref.toLowerCase();
		return this.permissionSets.get(to18(ref)) ?? [...this.permissionSets.values()].find((p) => p.name.toLowerCase() === l || p.label.toLowerCase() === l);
	}

	findRole(ref: string): Role | undefined {
		return this.roles.get(to18(ref)) ?? [...this.roles.values()].find((r) => r.name.toLowerCase() === ref.toLowerCase());
	}

	/** A user by id (15 or 18 characters) or username. */
	findUser(ref: string): UserRecord | undefined {
		const byId = this.users.get(to18(ref));
		if (byId) return byId;
		const id = this.byUserName.get(ref.trim().toLowerCase());
		return id ? this.users.get(id) : undefined;
	}

	seedUser(u: SeedUser): UserRecord {
		const { userName, id, givenName, familyName, email, profile, permissionSets, role, active, ...rest } = u;
		const body: Json = { ...rest, userName };
		if (!body.name) body.name = { givenName, familyName: familyName ?? userName.split('@')[0] };
		if (!body.emails) body.emails = [{ type: 'work', primary: true, value: email ?? userName }];
		if (!body.entitlements) {
			const ents: Json[] = [];
			const p = profile !== undefined ? this.findProfile(profile) : (this.findProfile('Standard User') ?? [...this.profiles.values()][0]);
			if (profile !== undefined && !p) throw new Error(`seed: unknown profile ${profile}`);
			if (p) ents.push({ value: p.id });
			for (const ps of permissionSets ?? []) {
				const found = this.findPermissionSet(ps);
				if (!found) throw new Error(`seed: unknown permission set ${ps}`);
				ents.push({ value: found.id });
			}
			body.entitlements = ents;
		}
		if (role && !body.roles) {
			const r = this.findRole(role);
			if (!r) throw new Error(`seed: unknown role ${role}`);
			body.roles = [{ value: r.id }];
		}
		if (active !== undefined) body.active = active;
		return this.createUser(body, id ? to18(id) : undefined);
	}

	seedGroup(g: SeedGroup): GroupRecord {
		const group = this.createGroup({ displayName: g.name }, g.id ? to18(g.id) : undefined);
		for (const m of g.members ?? []) {
			const u = this.findUser(m);
			if (!u) throw new Error(`seed: unknown group member ${m}`);
			this.addMember(group, u.id);
		}
		return group;
	}

	/** Fast synthetic users for benchmarks: user000001@domain … (through the normal rules). */
	generateUsers(count: number, options: { domain?: string; profile?: string; prefix?: string; start?: number } = {}): number {
		const domain = options.domain ?? 'bench.example.com';
		const prefix = options.prefix ?? 'user';
		const profile = this.findProfile(options.profile ?? 'Standard User') ?? [...this.profiles.values()][0];
		if (!profile) throw new Error('no profile to give generated users');
		const start = options.start ?? this.generated + 1;
		this.generated = start - 1 + count;
		for (let i = 0; i < count; i++) {
			const n = String(start + i).padStart(6, '0');
			this.createUser({
				userName: `${prefix}${n}@${domain}`,
				externalId: `${prefix.toUpperCase()}${n}`,
				name: { givenName: 'Bench', familyName: `User ${n}` },
				emails: [{ value: `${prefix}${n}@${domain}`, primary: true }],
				entitlements: [{ value: profile.id }],
			});
		}
		return count;
	}

	// ---------------------------------------------------------------- users

	/** Turn a SCIM User body into normalised attributes, applying Salesforce's field rules. */
	private normalise(input: unknown, existing: UserRecord | undefined): Omit<UserRecord, 'created' | 'lastModified' | 'version'> {
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
		if (existing && this.behaviour.emailChangeConfirmation && email.toLowerCase() !== existing.attrs.email.toLowerCase()) {
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
			const holder = this.byNickName.get(nickName.toLowerCase());
			if (holder && holder !== selfId) throw sfError(409, 'DUPLICATE_COMMUNITY_NICKNAME', 'Nickname already exists in this organization. Enter a unique nickname', 'uniqueness');
		} else if (existing) {
			nickName = existing.attrs.nickName;
		} else {
			nickName = this.uniqueNickName(userName);
		}

		// alias: ≤ 8, derived from the name on create (Salesforce does the same in its UI).
		let alias = str(body.alias, 'alias', 8);
		if (!alias) alias = existing?.attrs.alias ?? this.deriveAlias(givenName, familyName, userName);

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
			if (this.profiles.has(id)) {
				if (!profileIds.includes(id)) profileIds.push(id);
			} else if (this.permissionSets.has(id)) {
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
		if (this.behaviour.roleAssign && body.roles !== undefined) {
			if (body.roles === null) roleId = undefined;
			else {
				if (!Array.isArray(body.roles)) throw new ScimError(400, 'invalidValue', 'roles must be an array');
				const roles = body.roles.filter(isObject).filter((r) => str(r.value, 'roles.value'));
				if (roles.length > 1) throw new ScimError(400, 'invalidValue', 'FIELD_INTEGRITY_EXCEPTION:A user can have only one role;');
				if (roles.length === 0) roleId = undefined;
				else {
					const role = this.roles.get(to18(String(roles[0].value)));
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
				const m = this.users.get(to18(ref));
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

	private uniqueNickName(userName: string): string {
		const base = userName.slice(0, 40);
		if (!this.byNickName.has(base)) return base;
		for (let n = 1; ; n++) {
			const tail = String(n);
			const candidate = base.slice(0, 40 - tail.length) + tail;
			if (!this.byNickName.has(candidate)) return candidate;
		}
	}

	private deriveAlias(givenName: string | undefined, familyName: string, userName: string): string {
		const alias = (asciiFold(givenName ?? '').slice(0, 1) + asciiFold(familyName).slice(0, 4)).toLowerCase();
		return alias || asciiFold(userName.split('@')[0]).slice(0, 8).toLowerCase() || 'user';
	}

	private licenseOf(profileId: string): string {
		return this.profiles.get(profileId)?.license ?? 'Salesforce';
	}

	/** Throws LICENSE_LIMIT_EXCEEDED when making a user active on this profile needs a licence nobody has left. */
	private checkLicense(profileId: string): void {
		const license = this.licenseOf(profileId);
		const limit = this.opts.licenses[license];
		if (limit === undefined) return;
		if ((this.licenseUsed.get(license) ?? 0) >= limit) {
			throw sfError(400, 'LICENSE_LIMIT_EXCEEDED', `License Limit Exceeded: no ${license} licenses left (${limit} in use)`, 'invalidValue');
		}
	}

	private countLicense(profileId: string, delta: number): void {
		const license = this.licenseOf(profileId);
		this.licenseUsed.set(license, (this.licenseUsed.get(license) ?? 0) + delta);
	}

	private checkUserName(userName: string, selfId?: string): void {
		const holder = this.byUserName.get(userName);
		if ((holder && holder !== selfId) || (!holder && this.takenUsernames.has(userName))) throw DUPLICATE_USERNAME();
	}

	createUser(body: unknown, forcedId?: string): UserRecord {
		this.epoch++;
		const n = this.normalise(body, undefined);
		if (this.profiles.get(n.profileId)?.ssoEnabled) {
			// Known issue W-5942786: nothing in the answer says the profile is the cause.
			throw new ScimError(500, undefined, 'UNKNOWN_EXCEPTION:An unexpected error occurred. Please include this ErrorId if you contact support: 1860233312-48374 (-740188281);');
		}
		this.checkUserName(n.attrs.userName);
		if (n.attrs.active) this.checkLicense(n.profileId);
		const now = this.opts.now();
		const id = forcedId ?? this.ids.next('005');
		if (this.users.has(id)) throw new ScimError(409, 'uniqueness', `DUPLICATE_VALUE:duplicate value found: Id duplicates value on record with id: ${id};`);
		const rec: UserRecord = { ...n, id, created: now, lastModified: now, version: 1 };
		this.users.set(id, rec);
		this.userOrder.push(id);
		this.index(rec);
		if (rec.attrs.active) this.countLicense(rec.profileId, 1);
		return rec;
	}

	/** Replace a user's writable attributes (PUT, and the result of a PATCH). */
	replaceUser(rec: UserRecord, body: unknown): UserRecord {
		this.epoch++;
		const n = this.normalise(body, rec);
		this.checkUserName(n.attrs.userName, rec.id);
		const wasActive = rec.attrs.active;
		const licenseChanged = this.licenseOf(n.profileId) !== this.licenseOf(rec.profileId);
		if (n.attrs.active && (!wasActive || licenseChanged)) this.checkLicense(n.profileId);
		this.unindex(rec);
		if (wasActive) this.countLicense(rec.profileId, -1);
		rec.attrs = n.attrs;
		rec.profileId = n.profileId;
		rec.permissionSetIds = n.permissionSetIds;
		rec.roleId = n.roleId;
		rec.pendingEmail = n.pendingEmail;
		rec.lastModified = this.opts.now();
		rec.version++;
		this.index(rec);
		if (rec.attrs.active) this.countLicense(rec.profileId, 1);
		// Deactivation drops public group memberships; reactivation does not bring them back (as in Salesforce).
		if (wasActive && !rec.attrs.active) this.dropMemberships(rec.id);
		return rec;
	}

	deactivateUser(rec: UserRecord): UserRecord {
		this.epoch++;
		if (!rec.attrs.active) return rec;
		this.countLicense(rec.profileId, -1);
		rec.attrs.active = false;
		rec.lastModified = this.opts.now();
		rec.version++;
		this.dropMemberships(rec.id);
		return rec;
	}

	private dropMemberships(userId: string): void {
		const groups = this.userGroups.get(userId);
		if (!groups) return;
		for (const gid of groups) {
			const g = this.groups.get(gid);
			if (g) {
				g.members.delete(userId);
				this.touchGroup(g);
			}
		}
		this.userGroups.delete(userId);
	}

	private index(rec: UserRecord): void {
		this.byUserName.set(rec.attrs.userName, rec.id);
		this.byNickName.set(rec.attrs.nickName.toLowerCase(), rec.id);
		if (rec.attrs.externalId !== undefined) {
			let set = this.byExternalId.get(rec.attrs.externalId);
			if (!set) this.byExternalId.set(rec.attrs.externalId, (set = new Set()));
			set.add(rec.id);
		}
	}

	private unindex(rec: UserRecord): void {
		if (this.byUserName.get(rec.attrs.userName) === rec.id) this.byUserName.delete(rec.attrs.userName);
		if (this.byNickName.get(rec.attrs.nickName.toLowerCase()) === rec.id) this.byNickName.delete(rec.attrs.nickName.toLowerCase());
		if (rec.attrs.externalId !== undefined) this.byExternalId.get(rec.attrs.externalId)?.delete(rec.id);
	}

	/** The writable view of a user, as PATCH operations see it (read-only attributes left out). */
	writableView(rec: UserRecord): Json {
		const full = JSON.parse(JSON.stringify(this.renderUser(rec))) as Json;
		delete full.id;
		delete full.meta;
		delete full.groups;
		delete full.photos;
		delete full.userType;
		delete full.displayName;
		if (isObject(full.name)) delete full.name.formatted;
		return full;
	}

	/** The SCIM representation of a user. Shared while the org is unchanged: callers must not mutate it. */
	renderUser(rec: UserRecord): Json {
		if (rec.rendered && rec.renderedAt === this.epoch) return rec.rendered;
		rec.rendered = this.render(rec);
		rec.renderedAt = this.epoch;
		return rec.rendered;
	}

	private render(rec: UserRecord): Json {
		const a = rec.attrs;
		const base = this.opts.scimUrl();
		const formatted = [a.name.givenName, a.name.familyName].filter(Boolean).join(' ');
		const name: Json = { formatted, ...a.name };
		const profile = this.profiles.get(rec.profileId);
		const entitlements: Json[] = [
			{ value: rec.profileId, $ref: `/Entitlements/${rec.profileId}`, display: profile?.name ?? rec.profileId, type: 'Profile', primary: true },
		];
		for (const psId of rec.permissionSetIds) {
			const ps = this.permissionSets.get(psId);
			entitlements.push({ value: psId, $ref: `/Entitlements/${psId}`, display: ps?.label ?? psId, type: 'PermissionSet', primary: false });
		}
		const out: Json = {
			schemas: [URN.user, URN.enterprise],
			id: rec.id,
			userName: a.userName,
		};
		if (a.externalId !== undefined) out.externalId = a.externalId;
		out.name = name;
		out.displayName = formatted;
		out.nickName = a.nickName;
		out.alias = a.alias;
		if (a.title) out.title = a.title;
		out.emails = [{ type: 'work', primary: true, value: a.email }];
		if (a.phone) out.phoneNumbers = [{ type: a.phone.type, value: a.phone.value }];
		if (a.addresses) out.addresses = a.addresses;
		out.photos = [
			{ type: 'photo', value: `${base.replace(/\/services\/scim\/v2$/, '')}/profilephoto/005/F` },
			{ type: 'thumbnail', value: `${base.replace(/\/services\/scim\/v2$/, '')}/profilephoto/005/T` },
		];
		out.userType = profile?.license === 'Chatter Free' ? 'CsnOnly' : profile?.license === 'Salesforce Platform' ? 'Standard' : 'Standard';
		out.preferredLanguage = a.preferredLanguage;
		out.locale = a.locale;
		out.timezone = a.timezone;
		out.active = a.active;
		out.emailEncodingKey = a.emailEncodingKey;
		out.entitlements = entitlements;
		const groupIds = this.userGroups.get(rec.id);
		if (groupIds && groupIds.size > 0) {
			out.groups = [...groupIds].map((gid) => ({ value: gid, $ref: `${base}/Groups/${gid}`, display: this.groups.get(gid)?.displayName }));
		}
		if (rec.roleId) {
			out.roles = [{ value: rec.roleId, display: this.roles.get(rec.roleId)?.name, type: 'Role', primary: true }];
		}
		const ent: Json = {};
		const e = a.enterprise;
		for (const k of ['employeeNumber', 'costCenter', 'organization', 'division', 'department'] as const) if (e[k]) ent[k] = e[k];
		if (e.managerId) {
			const m = this.users.get(e.managerId);
			ent.manager = { value: e.managerId, $ref: `${base}/Users/${e.managerId}`, displayName: m ? [m.attrs.name.givenName, m.attrs.name.familyName].filter(Boolean).join(' ') : undefined };
		}
		if (Object.keys(ent).length > 0) out[URN.enterprise] = ent;
		out.meta = {
			resourceType: 'User',
			created: iso(rec.created),
			lastModified: iso(rec.lastModified),
			location: `${base}/Users/${rec.id}`,
			version: `W/"${rec.version}"`,
		};
		return out;
	}

	// ---------------------------------------------------------------- groups

	createGroup(body: unknown, forcedId?: string): GroupRecord {
		this.epoch++;
		if (!isObject(body)) throw new ScimError(400, 'invalidSyntax', 'The request body must be a SCIM Group object');
		const displayName = str(body.displayName ?? body.displayname, 'displayName', 40);
		if (!displayName) throw sfError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [Name]', 'invalidValue');
		const now = this.opts.now();
		const id = forcedId ?? this.ids.next('00G');
		const g: GroupRecord = { id, displayName, members: new Set(), created: now, lastModified: now, version: 1 };
		this.groups.set(id, g);
		if (Array.isArray(body.members)) {
			for (const m of body.members.filter(isObject)) {
				const u = this.users.get(to18(String(m.value ?? '')));
				if (!u) throw sfError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${String(m.value)}`, 'invalidValue');
				this.addMember(g, u.id);
			}
		}
		return g;
	}

	deleteGroup(g: GroupRecord): void {
		this.epoch++;
		for (const uid of g.members) this.userGroups.get(uid)?.delete(g.id);
		this.groups.delete(g.id);
	}

	addMember(g: GroupRecord, userId: string): void {
		g.members.add(userId);
		let set = this.userGroups.get(userId);
		if (!set) this.userGroups.set(userId, (set = new Set()));
		set.add(g.id);
		this.touchGroup(g);
	}

	removeMember(g: GroupRecord, userId: string): void {
		g.members.delete(userId);
		this.userGroups.get(userId)?.delete(g.id);
		this.touchGroup(g);
	}

	clearMembers(g: GroupRecord): void {
		for (const uid of [...g.members]) this.removeMember(g, uid);
		this.touchGroup(g);
	}

	touchGroup(g: GroupRecord): void {
		this.epoch++;
		g.lastModified = this.opts.now();
		g.version++;
	}

	renderGroup(g: GroupRecord, withMembers = true): Json {
		const base = this.opts.scimUrl();
		const out: Json = { schemas: [URN.group], id: g.id, displayName: g.displayName, type: 'Regular' };
		if (withMembers) {
			out.members = [...g.members].map((uid) => {
				const u = this.users.get(uid);
				return { value: uid, type: 'User', $ref: `${base}/Users/${uid}`, display: u ? [u.attrs.name.givenName, u.attrs.name.familyName].filter(Boolean).join(' ') : undefined };
			});
		}
		out.meta = { resourceType: 'Group', created: iso(g.created), lastModified: iso(g.lastModified), location: `${base}/Groups/${g.id}`, version: `W/"${g.version}"` };
		return out;
	}

	// ---------------------------------------------------------------- entitlements and roles

	/** Profiles first, then permission sets: the order a list answers them in. */
	entitlementIds(): string[] {
		return [...this.profiles.keys(), ...this.permissionSets.keys()];
	}

	renderEntitlement(id: string): Json | undefined {
		const base = this.opts.scimUrl();
		const p = this.profiles.get(id);
		if (p) {
			return { schemas: [URN.entitlement], id, displayName: p.name, type: 'Profile', license: p.license, meta: { resourceType: 'Entitlement', location: `${base}/Entitlements/${id}` } };
		}
		const ps = this.permissionSets.get(id);
		if (ps) {
			return { schemas: [URN.entitlement], id, displayName: ps.label, name: ps.name, type: 'PermissionSet', meta: { resourceType: 'Entitlement', location: `${base}/Entitlements/${id}` } };
		}
		return undefined;
	}

	renderRole(r: Role): Json {
		const base = this.opts.scimUrl();
		const out: Json = { schemas: [URN.role], id: r.id, displayName: r.name };
		if (r.parentId) out.parent = { value: r.parentId, $ref: `${base}/Roles/${r.parentId}` };
		out.meta = { resourceType: 'Role', location: `${base}/Roles/${r.id}` };
		return out;
	}

	// ---------------------------------------------------------------- inspection

	licenseSummary(): Record<string, { limit?: number; used: number }> {
		const out: Record<string, { limit?: number; used: number }> = {};
		const names = new Set([...Object.keys(this.opts.licenses), ...this.licenseUsed.keys()]);
		for (const n of names) out[n] = { limit: this.opts.licenses[n], used: this.licenseUsed.get(n) ?? 0 };
		return out;
	}

	/** A JSON dump of the org for tests (users paged: a 100k-user dump would be huge). */
	dump(options: { users?: boolean; userLimit?: number } = {}): Json {
		const limit = options.userLimit ?? 1000;
		return {
			orgId: this.orgId,
			counts: { users: this.users.size, groups: this.groups.size, profiles: this.profiles.size, permissionSets: this.permissionSets.size, roles: this.roles.size },
			usage: { ...this.usage },
			licenses: this.licenseSummary(),
			behaviour: { ...this.behaviour },
			profiles: [...this.profiles.values()],
			permissionSets: [...this.permissionSets.values()],
			roles: [...this.roles.values()],
			groups: [...this.groups.values()].map((g) => ({ id: g.id, displayName: g.displayName, members: [...g.members] })),
			takenUsernames: [...this.takenUsernames],
			users:
				options.users === false
					? undefined
					: this.userOrder.slice(0, limit).map((id) => {
							const r = this.users.get(id)!;
							return { id, ...r.attrs, profileId: r.profileId, permissionSetIds: r.permissionSetIds, roleId: r.roleId, pendingEmail: r.pendingEmail, groups: [...(this.userGroups.get(id) ?? [])] };
						}),
		};
	}
}
