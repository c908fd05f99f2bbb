/**
 * The emulated org: users, public groups, profiles, permission sets, roles, API usage and licences, with
 * Salesforce's server-side rules. These rules are written here on purpose and not borrowed from the client code in
 * scim/: if both sides shared a rule, a bug in it would be invisible to every test.
 *
 *   records.ts    what the org holds (types)
 *   userRules.ts  Salesforce's rules for a User body (field limits, uniqueness, entitlements, roles, manager)
 *   render.ts     the SCIM representations of users, groups, entitlements and roles
 *   state.ts      the org itself: seeding, lookups, user and group lifecycle, licences, the admin dump
 */
import { ScimError } from '../../../scim';
import { IdFactory, to18 } from './random';
import type { GroupRecord, Json, OrgView, PermissionSet, Profile, Role, StateOptions, UserRecord } from './records';
import { renderEntitlement, renderGroup, renderRole, renderUser } from './render';
import type { BehaviourSwitches, SeedData, SeedGroup, SeedUser } from './types';
import { DUPLICATE_USERNAME, isObject, normaliseUser, sfError, str } from './userRules';

export { URN } from './records';
export type { GroupRecord, PermissionSet, Profile, Role, StateOptions, UserAttrs, UserRecord } from './records';

export class EmulatorState implements OrgView {
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
		const n = normaliseUser(this, body, undefined);
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
		const n = normaliseUser(this, body, rec);
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
		rec.rendered = renderUser(this, rec);
		rec.renderedAt = this.epoch;
		return rec.rendered;
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
		return renderGroup(this, g, withMembers);
	}

	// ---------------------------------------------------------------- entitlements and roles

	/** Profiles first, then permission sets: the order a list answers them in. */
	entitlementIds(): string[] {
		return [...this.profiles.keys(), ...this.permissionSets.keys()];
	}

	renderEntitlement(id: string): Json | undefined {
		return renderEntitlement(this, id);
	}

	renderRole(r: Role): Json {
		return renderRole(this, r);
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
