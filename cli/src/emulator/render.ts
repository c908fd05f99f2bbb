/** The SCIM representations the emulator answers with: users, groups, entitlements and roles. */
import type { GroupRecord, Json, OrgView, Role, UserRecord } from './records';
import { URN } from './records';

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

/** The SCIM representation of a user (EmulatorState.renderUser caches it). */
export function renderUser(org: OrgView, rec: UserRecord): Json {
	const a = rec.attrs;
	const base = org.opts.scimUrl();
	const formatted = [a.name.givenName, a.name.familyName].filter(Boolean).join(' ');
	const name: Json = { formatted, ...a.name };
	const profile = org.profiles.get(rec.profileId);
	const entitlements: Json[] = [
		{ value: rec.profileId, $ref: `/Entitlements/${rec.profileId}`, display: profile?.name ?? rec.profileId, type: 'Profile', primary: true },
	];
	for (const psId of rec.permissionSetIds) {
		const ps = org.permissionSets.get(psId);
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
	const groupIds = org.userGroups.get(rec.id);
	if (groupIds && groupIds.size > 0) {
		out.groups = [...groupIds].map((gid) => ({ value: gid, $ref: `${base}/Groups/${gid}`, display: org.groups.get(gid)?.displayName }));
	}
	if (rec.roleId) {
		out.roles = [{ value: rec.roleId, display: org.roles.get(rec.roleId)?.name, type: 'Role', primary: true }];
	}
	const ent: Json = {};
	const e = a.enterprise;
	for (const k of ['employeeNumber', 'costCenter', 'organization', 'division', 'department'] as const) if (e[k]) ent[k] = e[k];
	if (e.managerId) {
		const m = org.users.get(e.managerId);
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

export function renderGroup(org: OrgView, g: GroupRecord, withMembers = true): Json {
	const base = org.opts.scimUrl();
	const out: Json = { schemas: [URN.group], id: g.id, displayName: g.displayName, type: 'Regular' };
	if (withMembers) {
		out.members = [...g.members].map((uid) => {
			const u = org.users.get(uid);
			return { value: uid, type: 'User', $ref: `${base}/Users/${uid}`, display: u ? [u.attrs.name.givenName, u.attrs.name.familyName].filter(Boolean).join(' ') : undefined };
		});
	}
	out.meta = { resourceType: 'Group', created: iso(g.created), lastModified: iso(g.lastModified), location: `${base}/Groups/${g.id}`, version: `W/"${g.version}"` };
	return out;
}

export function renderEntitlement(org: OrgView, id: string): Json | undefined {
	const base = org.opts.scimUrl();
	const p = org.profiles.get(id);
	if (p) {
		return { schemas: [URN.entitlement], id, displayName: p.name, type: 'Profile', license: p.license, meta: { resourceType: 'Entitlement', location: `${base}/Entitlements/${id}` } };
	}
	const ps = org.permissionSets.get(id);
	if (ps) {
		return { schemas: [URN.entitlement], id, displayName: ps.label, name: ps.name, type: 'PermissionSet', meta: { resourceType: 'Entitlement', location: `${base}/Entitlements/${id}` } };
	}
	return undefined;
}

export function renderRole(org: OrgView, r: Role): Json {
	const base = org.opts.scimUrl();
	const out: Json = { schemas: [URN.role], id: r.id, displayName: r.name };
	if (r.parentId) out.parent = { value: r.parentId, $ref: `${base}/Roles/${r.parentId}` };
	out.meta = { resourceType: 'Role', location: `${base}/Roles/${r.id}` };
	return out;
}
