/**
 * The one event schema both directory triggers emit (the SCIM Trigger, pushed to by an IdP, and the polling
 * Directory Change Trigger). One item per change; the Mapping node reads `user` with the preset named in
 * `preset`, so a workflow `trigger → Salesforce SCIM Mapping → Salesforce SCIM` serves every source.
 * Documented for users in docs/events.md; change both together.
 */

export const DIRECTORY_EVENT_NAMES = [
	'user.created',
	'user.updated',
	'user.deactivated',
	'user.reactivated',
	'user.deleted',
	'group.created',
	'group.updated',
	'group.deleted',
	'group.members.added',
	'group.members.removed',
] as const;

export type DirectoryEventName = (typeof DIRECTORY_EVENT_NAMES)[number];

/** Where the change came from. `scim` is the SCIM Trigger; the others are Directory Change Trigger sources. */
export type DirectorySourceType = 'scim' | 'entra' | 'okta' | 'google' | 'bamboohr' | 'list';

export interface DirectoryEventSource {
	type: DirectorySourceType;
	/** For `scim`: the client dialect recognised (`okta`, `entra`, `generic`); for polling sources, the tenant/host. */
	name?: string;
}

export interface DirectoryGroupRef {
	id: string;
	displayName?: string;
	externalId?: string;
}

export interface DirectoryMemberRef {
	/** The member's id as the source knows it (for `scim`: the id this trigger issued). */
	value: string;
	display?: string;
}

export interface DirectoryEvent {
	event: DirectoryEventName;
	/** Stable for one change: the same change seen twice (retry, restart) has the same id, so it can be de-duplicated. */
	eventId: string;
	/** ISO 8601 time the change was received or observed. */
	occurredAt: string;
	source: DirectoryEventSource;
	/**
	 * The Mapping node preset that reads `user`: `scim` for the SCIM Trigger, else the source's own
	 * (`entra`, `okta`, `google`, `bamboohr`, `csv`).
	 */
	preset: string;
	/** user.*: the whole user after the change, shaped as the source shapes it (a SCIM user for `scim`). */
	user?: Record<string, unknown>;
	/** group.*: the group after the change. */
	group?: DirectoryGroupRef & { members?: DirectoryMemberRef[] };
	/** group.members.*: the members added or removed by this change. */
	members?: DirectoryMemberRef[];
	/** Attribute names changed by this event, in the source's names (empty for created/deleted). */
	changes: string[];
	/** SCIM Trigger only: the PATCH operations as the IdP sent them (secrets such as `password` removed). */
	operations?: unknown[];
	/** SCIM Trigger only: the request this event answers, read by the SCIM Respond node to answer the IdP. */
	request?: DirectoryEventRequest;
}

export interface DirectoryEventRequest {
	method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	resourceType: 'Users' | 'Groups';
	/** The resource id in the URL (the Salesforce id); absent for POST. */
	id?: string;
	/** The endpoint's SCIM base URL, for `meta.location` in the answer. */
	baseUrl: string;
	/** How many events this one request produced: the answer waits until all of them are carried out. */
	eventCount: number;
}

export function isDirectoryEventName(value: unknown): value is DirectoryEventName {
	return typeof value === 'string' && (DIRECTORY_EVENT_NAMES as readonly string[]).includes(value);
}

/** True for an item a directory trigger emitted (the Mapping node unwraps `user` from such items). */
export function isDirectoryEvent(value: unknown): value is DirectoryEvent {
	if (value === null || typeof value !== 'object') return false;
	const record = value as Record<string, unknown>;
	return isDirectoryEventName(record.event) && typeof record.preset === 'string' && typeof record.source === 'object';
}
