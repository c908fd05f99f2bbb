/**
 * Directory events (scim/events/directoryEvent.ts) for what an IdP wrote. One item per change: a group PATCH that
 * renames and adds and removes members is three events. Each carries `request` (what the SCIM Respond node needs
 * to answer the IdP) and an `eventId` that is the same when the IdP sends the same request again (its retry).
 */
import { createHash } from 'node:crypto';

import type { JsonObject } from '../attribute';
import type { DirectoryEvent, DirectoryEventName, DirectoryEventSource } from '../events/directoryEvent';
import type { GroupChange, UserChange } from './changes';
import type { ResourceType } from './request';

export interface ScimRequestContext {
	method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	resourceType: 'Users' | 'Groups';
	/** The resource id in the URL (absent for POST). */
	id?: string;
	/** Where this endpoint is served (`https://n8n…/webhook/<id>/<slug>`), for `meta.location`. */
	baseUrl: string;
	/** The IdP dialect recognised. */
	idp: string;
	/** The request body as sent, for the event id. */
	rawBody: string;
	receivedAt: string;
}

export function eventIdOf(context: ScimRequestContext, index: number): string {
	return createHash('sha256')
		.update(`${context.method} /${context.resourceType}/${context.id ?? ''}\n${context.rawBody}\n${index}`)
		.digest('hex')
		.slice(0, 32);
}

function base(context: ScimRequestContext, event: DirectoryEventName, index: number): DirectoryEvent {
	const source: DirectoryEventSource = { type: 'scim', name: context.idp };
	return {
		event,
		eventId: eventIdOf(context, index),
		occurredAt: context.receivedAt,
		source,
		preset: 'scim',
		changes: [],
		request: { method: context.method, resourceType: context.resourceType, ...(context.id ? { id: context.id } : {}), baseUrl: context.baseUrl, eventCount: 1 },
	};
}

export function userCreatedEvent(context: ScimRequestContext, user: JsonObject): DirectoryEvent {
	return { ...base(context, 'user.created', 0), user };
}

export function userChangedEvents(context: ScimRequestContext, change: UserChange & { operations?: unknown[] }): DirectoryEvent[] {
	const event: DirectoryEvent = { ...base(context, change.event, 0), user: change.user, changes: change.changes };
	if (change.operations) event.operations = change.operations;
	return [event];
}

export function userDeletedEvent(context: ScimRequestContext, user: JsonObject): DirectoryEvent {
	return { ...base(context, 'user.deleted', 0), user };
}

function groupRef(group: JsonObject): NonNullable<DirectoryEvent['group']> {
	const ref: NonNullable<DirectoryEvent['group']> = { id: String(group.id ?? '') };
	if (typeof group.displayName === 'string') ref.displayName = group.displayName;
	if (typeof group.externalId === 'string') ref.externalId = group.externalId;
	if (Array.isArray(group.members)) {
		ref.members = group.members.flatMap((member) => {
			const value = typeof member === 'object' && member !== null ? (member as JsonObject).value : member;
			return typeof value === 'string' ? [{ value }] : [];
		});
	}
	return ref;
}

/** Okta and Entra create groups empty and PATCH members in afterwards; members sent with a create are in `group.members`. */
export function groupCreatedEvent(context: ScimRequestContext, group: JsonObject): DirectoryEvent {
	return { ...base(context, 'group.created', 0), group: groupRef(group) };
}

/** Rename first, then additions, then removals: the order the Salesforce writes are carried out in. */
export function groupChangedEvents(context: ScimRequestContext, change: GroupChange): DirectoryEvent[] {
	const group = groupRef(change.group);
	const events: DirectoryEvent[] = [];
	const withOps = (event: DirectoryEvent) => (change.operations ? { ...event, operations: change.operations } : event);
	const otherChanges = change.changes.filter((name) => name !== 'members');
	if (change.renamed || otherChanges.length) events.push(withOps({ ...base(context, 'group.updated', 0), group, changes: otherChanges }));
	if (change.added.length) events.push(withOps({ ...base(context, 'group.members.added', 1), group, members: change.added, changes: ['members'] }));
	if (change.removed.length) events.push(withOps({ ...base(context, 'group.members.removed', 2), group, members: change.removed, changes: ['members'] }));
	for (const event of events) if (event.request) event.request.eventCount = events.length;
	return events;
}

export function groupDeletedEvent(context: ScimRequestContext, group: JsonObject): DirectoryEvent {
	return { ...base(context, 'group.deleted', 0), group: groupRef(group) };
}

/** Whether a route's method is a write (starts the workflow) or a read (answered by the trigger). */
export function isWrite(method: string, resourceType: ResourceType): boolean {
	return (resourceType === 'Users' || resourceType === 'Groups') && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method.toUpperCase());
}
