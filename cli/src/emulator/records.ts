/** What the emulated org holds: its records, as state.ts keeps them and render.ts shows them. */
import type { BehaviourSwitches } from './types';

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

export type Json = Record<string, unknown>;

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

/** What the field rules and the renderings read of the org (EmulatorState is one). */
export interface OrgView {
	readonly opts: StateOptions;
	readonly behaviour: BehaviourSwitches;
	users: Map<string, UserRecord>;
	byNickName: Map<string, string>;
	userGroups: Map<string, Set<string>>;
	groups: Map<string, GroupRecord>;
	profiles: Map<string, Profile>;
	permissionSets: Map<string, PermissionSet>;
	roles: Map<string, Role>;
}
