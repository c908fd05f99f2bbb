/**
 * What the Directory Change Trigger remembers between polls, and how it turns what a source shows into
 * directory events (directoryEvent.ts). Pure: no n8n, no timers; the node keeps the state in the workflow's
 * static data and saves it only together with the events it emits.
 *
 * One record per user, compact because static data is saved with every emitted batch (10 000 users ≈ 1 MB):
 * `A|I` (active or not, as the source's mapping preset decides) + a 10-character fingerprint of the whole user +
 * a 2-character hash per top-level attribute, in the order of `attrs` (the attribute names seen so far, append
 * only), then `|` and the user's sign-in name as the source holds it (userPrincipalName, login, primaryEmail, work
 * email): a deleted user is gone from the source, and Salesforce finds the user by it. The fingerprint decides
 * whether anything changed (60 bits: a missed change is a 1 in 10^18 event); the per-attribute hashes only name
 * what changed (`changes`).
 */
import { createHash } from 'node:crypto';

import { applyMapping, compileMapping, type CompiledMapping } from '../mapping/compile';
import { PRESETS } from '../mapping/presets';
import type { MappingRow, PresetName } from '../mapping/types';
import type { DirectoryEvent, DirectoryEventName, DirectoryEventSource } from './directoryEvent';

export const STATE_VERSION = 1;

export interface DirectoryState {
	v: number;
	/** The source and settings the state belongs to: a different key (another tenant, URL, key field) re-baselines. */
	key: string;
	/** The source's own cursor: a Graph delta link, an Okta `lastUpdated`, a BambooHR `since` time. */
	cursor?: string;
	/** Group delta link (Entra, when membership is followed). */
	groupCursor?: string;
	/** Known users by the source's id: see the file comment for the encoding. */
	users: Record<string, string>;
	attrs: string[];
	/** When the baseline was taken (ISO). */
	baselineAt?: string;
}

/** One user as a source shows it in this poll. */
export interface ObservedUser {
	id: string;
	/** The user as the source shapes it: what the event carries and the preset maps. */
	user: Record<string, unknown>;
	/** The source says the user was deleted (Graph `@removed`). */
	removed?: boolean;
	/** Whether the user is active when the source says so directly; otherwise the preset's `active` rule decides. */
	active?: boolean;
}

export interface DiffOptions {
	source: DirectoryEventSource;
	preset: PresetName | string;
	/** A full list of every user: a known user missing from it was deleted. Otherwise only the users seen changed. */
	snapshot: boolean;
	/** Top-level attributes that change without the person changing (last login, etags): never fingerprinted. */
	ignore?: readonly string[];
	/** Only record what is there (a first run's baseline): no events. */
	baseline?: boolean;
	/**
	 * The `user` of a `user.deleted` the source gave no record for (a snapshot source, where a deleted user is
	 * just missing): its id, under the source's own id attribute, and the source's inactive marker, so that the
	 * preset maps it to `active: false`.
	 */
	tombstone?: (id: string, login?: string) => Record<string, unknown>;
	/** The user's sign-in name in the source (kept for `user.deleted`). */
	login?: (user: Record<string, unknown>) => string | undefined;
	now: string;
}

export interface DiffResult {
	events: DirectoryEvent[];
	state: DirectoryState;
}

export function emptyState(key: string): DirectoryState {
	return { v: STATE_VERSION, key, users: {}, attrs: [] };
}

/** The stored state if it belongs to these settings, else undefined (first run, or settings changed). */
export function readState(stored: unknown, key: string): DirectoryState | undefined {
	if (!stored || typeof stored !== 'object') return undefined;
	const state = stored as Partial<DirectoryState>;
	if (state.v !== STATE_VERSION || state.key !== key || typeof state.users !== 'object' || !Array.isArray(state.attrs)) return undefined;
	// n8n hands static data back wrapped in observing proxies, which structuredClone refuses.
	return JSON.parse(JSON.stringify(state)) as DirectoryState;
}

/** A stable id for one change, from what identifies it (source, subject, event, content fingerprint). */
export function stableEventId(parts: readonly string[]): string {
	return shortHash(parts.join('|'), 22);
}

function shortHash(text: string, length: number): string {
	return createHash('sha256').update(text).digest('base64url').slice(0, length);
}

/** JSON with object keys sorted, so the same user always hashes the same whatever order the source sent. */
function canonical(value: unknown): string {
	if (value === undefined) return 'u';
	if (value === null || typeof value !== 'object') return JSON.stringify(value);
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	const entries = Object.keys(value as Record<string, unknown>)
		.sort()
		.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
		.map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
	return `{${entries.join(',')}}`;
}

const ABSENT = 'u';
const FINGERPRINT_LENGTH = 10;
const ATTRIBUTE_HASH_LENGTH = 2;

const activeMappings = new Map<string, CompiledMapping | null>();

/** The preset's own `active` rule (the one the Mapping node will apply), so trigger and mapping never disagree. */
export function isActiveUser(preset: string, user: Record<string, unknown>): boolean {
	if (!activeMappings.has(preset)) {
		const row = (PRESETS as Record<string, { rows: MappingRow[] } | undefined>)[preset]?.rows.find((candidate) => candidate.target === 'active');
		activeMappings.set(preset, row ? compileMapping([{ ...row, label: 'active' }]) : null);
	}
	const compiled = activeMappings.get(preset);
	if (!compiled) return true;
	const { user: mapped } = applyMapping(compiled, user);
	return (mapped as { active?: unknown }).active !== false;
}

function encode(state: DirectoryState, user: Record<string, unknown>, active: boolean, ignore: ReadonlySet<string>): string {
	const keys = Object.keys(user).filter((key) => !ignore.has(key) && !key.startsWith('@odata.') && user[key] !== undefined);
	for (const key of keys) if (!state.attrs.includes(key)) state.attrs.push(key);
	const relevant: Record<string, unknown> = {};
	for (const key of keys) relevant[key] = user[key];
	const perAttribute = state.attrs.map((key) => (key in relevant ? shortHash(`${key}=${canonical(relevant[key])}`, ATTRIBUTE_HASH_LENGTH) : ABSENT.repeat(ATTRIBUTE_HASH_LENGTH)));
	return `${active ? 'A' : 'I'}${shortHash(canonical(relevant), FINGERPRINT_LENGTH)}${perAttribute.join('')}`;
}

/** The record without its sign-in name. */
function hashesOf(record: string): string {
	const bar = record.indexOf('|');
	return bar < 0 ? record : record.slice(0, bar);
}

function loginOf(record: string): string | undefined {
	const bar = record.indexOf('|');
	return bar < 0 ? undefined : record.slice(bar + 1);
}

function fingerprintOf(record: string): string {
	return record.slice(0, 1 + FINGERPRINT_LENGTH);
}

function changedAttributes(state: DirectoryState, before: string, after: string): string[] {
	const offset = 1 + FINGERPRINT_LENGTH;
	const changed: string[] = [];
	state.attrs.forEach((name, index) => {
		const at = offset + index * ATTRIBUTE_HASH_LENGTH;
		const old = before.slice(at, at + ATTRIBUTE_HASH_LENGTH) || ABSENT.repeat(ATTRIBUTE_HASH_LENGTH);
		const now = after.slice(at, at + ATTRIBUTE_HASH_LENGTH) || ABSENT.repeat(ATTRIBUTE_HASH_LENGTH);
		if (old !== now) changed.push(name);
	});
	return changed;
}

function eventFor(
	options: DiffOptions,
	name: DirectoryEventName,
	id: string,
	record: string,
	user: Record<string, unknown>,
	changes: string[],
): DirectoryEvent {
	return {
		event: name,
		// The same change seen again (a retry, a restart that re-reads the window) hashes to the same id.
		eventId: stableEventId([options.source.type, options.source.name ?? '', id, name, fingerprintOf(record)]),
		occurredAt: options.now,
		source: options.source,
		preset: options.preset,
		user,
		changes,
	};
}

/**
 * Compares what the source shows with the state and returns the events and the next state. The state passed in
 * is not modified: the caller stores the result only when its events are emitted.
 */
export function diffUsers(previous: DirectoryState, observed: readonly ObservedUser[], options: DiffOptions): DiffResult {
	const state = structuredClone(previous);
	const ignore = new Set(options.ignore ?? []);
	const events: DirectoryEvent[] = [];
	const seen = new Set<string>();
	// A user may appear on several pages of one delta round: the last sighting is the current one.
	const latest = new Map<string, ObservedUser>();
	for (const entry of observed) latest.set(entry.id, entry);

	for (const entry of latest.values()) {
		seen.add(entry.id);
		const before = state.users[entry.id];
		if (entry.removed) {
			if (before === undefined) continue; // created and deleted between two polls: nothing to undo
			const login = forget(state, entry.id);
			if (!options.baseline) events.push(eventFor(options, 'user.deleted', entry.id, before, { ...options.tombstone?.(entry.id, login), ...entry.user }, []));
			continue;
		}
		const active = entry.active ?? isActiveUser(options.preset, entry.user);
		const after = encode(state, entry.user, active, ignore);
		const login = options.login?.(entry.user);
		state.users[entry.id] = login ? `${after}|${login}` : after;
		if (options.baseline === true && before === undefined) continue;
		if (before === undefined) {
			events.push(eventFor(options, 'user.created', entry.id, after, entry.user, []));
			continue;
		}
		if (fingerprintOf(before) === fingerprintOf(after)) continue;
		const changes = changedAttributes(state, hashesOf(before), after);
		const wasActive = before.startsWith('A');
		const name: DirectoryEventName = wasActive && !active ? 'user.deactivated' : !wasActive && active ? 'user.reactivated' : 'user.updated';
		events.push(eventFor(options, name, entry.id, after, entry.user, changes));
	}

	if (options.snapshot) {
		for (const [id, record] of Object.entries(state.users)) {
			if (seen.has(id)) continue;
			const login = forget(state, id);
			if (!options.baseline) events.push(eventFor(options, 'user.deleted', id, record, options.tombstone?.(id, login) ?? { id }, []));
		}
	}
	return { events, state };
}

function forget(state: DirectoryState, id: string): string | undefined {
	const record = state.users[id];
	delete state.users[id];
	return record === undefined ? undefined : loginOf(record);
}
