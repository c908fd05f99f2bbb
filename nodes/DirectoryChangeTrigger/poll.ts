/**
 * One poll: read the source from the saved cursor, compare with the saved state, emit the events. The state is
 * written to the workflow's static data only together with the events (n8n saves static data when a poll
 * emits, and at activation): a poll that fails emits nothing and leaves the cursor where it was, so the next
 * poll reads the same changes again, and a change already emitted is recognised by its fingerprint.
 */
import { NodeApiError, NodeOperationError, type IDataObject, type INodeExecutionData, type IPollFunctions, type JsonObject } from 'n8n-workflow';

import type { DirectoryEvent, DirectorySourceType } from '../../scim/events/directoryEvent';
import { diffUsers, emptyState, readState } from '../../scim/events/directoryState';
import { bambooHrSource } from './sources/bamboohr';
import { entraSource } from './sources/entra';
import { googleSource } from './sources/google';
import { listSource } from './sources/list';
import { oktaSource } from './sources/okta';
import type { DirectorySource } from './sources/types';
import { SourceClient, SourceRequestError } from './transport/SourceClient';

export const SOURCES: Record<Exclude<DirectorySourceType, 'scim'>, DirectorySource> = {
	entra: entraSource,
	okta: oktaSource,
	google: googleSource,
	bamboohr: bambooHrSource,
	list: listSource,
};

/** Where the state sits in the node's static data. */
export const STATE_KEY = 'directory';

/** A manual "Fetch Test Event" with no saved state shows this many current users, so the builder sees the shape. */
const SAMPLE_SIZE = 3;

export async function pollDirectory(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const sourceType = this.getNodeParameter('source') as keyof typeof SOURCES;
	const source = SOURCES[sourceType];
	if (!source) throw new NodeOperationError(this.getNode(), `Unknown source "${String(sourceType)}"`, { description: 'Choose a Source.' });
	const firstRun = this.getNodeParameter('firstRun', 'baseline') as 'baseline' | 'emitAll';
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const preset = sourceType === 'list' ? String(this.getNodeParameter('listPreset', 'csv')) : source.preset;
	const manual = this.getMode() === 'manual';

	let identity: { key: string; name: string };
	try {
		identity = await source.key(this);
	} catch (error) {
		throw asNodeError(this, error);
	}
	const staticData = this.getWorkflowStaticData('node');
	const stored = readState(staticData[STATE_KEY], identity.key);
	const client = new SourceClient(this, {
		credentialType: source.credentialType,
		label: source.label,
		maxAttempts: Number(options.maxAttempts ?? 4),
		retryDelayMs: Number(options.retryDelayMs ?? 1000),
		timeoutMs: Number(options.timeoutMs ?? 60_000),
	});
	const now = new Date().toISOString();

	let read;
	try {
		read = await source.read({ ctx: this, client, state: stored, now });
	} catch (error) {
		throw asNodeError(this, error);
	}
	if (read.restarted) this.logger.warn(`Directory Change Trigger "${this.getNode().name}": ${read.restarted}`);

	const first = stored === undefined;
	const sourceRef = { type: source.type, name: identity.name };
	const { events, state } = diffUsers(stored ?? emptyState(identity.key), read.observed, {
		source: sourceRef,
		preset,
		// A first read has nothing to compare with; a restarted delta is a full list like a snapshot.
		snapshot: !first && read.snapshot,
		ignore: source.ignore,
		baseline: first && (firstRun === 'baseline' || manual),
		tombstone: read.tombstone ?? source.tombstone,
		login: read.login ?? source.login,
		now,
	});
	state.cursor = read.cursor;
	state.groupCursor = read.groupCursor;
	state.baselineAt = stored?.baselineAt ?? now;

	guardDeletions(this, stored, events, Number(options.maxDeletionPercent ?? 20));

	const all: DirectoryEvent[] = [...events, ...(read.groupEvents ?? []).map((event) => ({ ...event, source: sourceRef }))];
	if (manual) {
		// A test run shows what a poll would emit but saves nothing: the active workflow keeps its own place.
		if (all.length > 0) return [this.helpers.returnJsonArray(all as unknown as IDataObject[])];
		if (first) return sample(read.observed.slice(0, SAMPLE_SIZE), sourceRef, preset, now);
		return null;
	}
	staticData[STATE_KEY] = state as unknown as IDataObject;
	if (all.length === 0) return null;
	return [this.helpers.returnJsonArray(all as unknown as IDataObject[])];
}

function guardDeletions(ctx: IPollFunctions, stored: { users: Record<string, string> } | undefined, events: DirectoryEvent[], maxPercent: number) {
	if (!stored || maxPercent >= 100) return;
	const known = Object.keys(stored.users).length;
	const deleted = events.filter((event) => event.event === 'user.deleted').length;
	if (known < 10 || deleted === 0) return;
	const percent = (deleted / known) * 100;
	if (percent > maxPercent) {
		throw new NodeOperationError(ctx.getNode(), `${deleted} of ${known} known users (${percent.toFixed(0)}%) would be deleted by this poll; nothing was emitted`, {
			description: `More than "Max Deletions (%)" (${maxPercent}%) at once usually means a truncated export or the wrong domain, not a wave of leavers. Check the source; if the deletions are real, raise Max Deletions (%) for one poll. The trigger keeps its place.`,
		});
	}
}

function sample(
	observed: ReadonlyArray<{ id: string; user: Record<string, unknown>; removed?: boolean }>,
	source: DirectoryEvent['source'],
	preset: string,
	now: string,
): INodeExecutionData[][] | null {
	const events: DirectoryEvent[] = observed
		.filter((entry) => !entry.removed)
		.map((entry) => ({ event: 'user.created', eventId: `sample-${entry.id}`, occurredAt: now, source, preset, user: entry.user, changes: [] }));
	return events.length ? [events.map((event) => ({ json: event as unknown as IDataObject }))] : null;
}

function asNodeError(ctx: IPollFunctions, error: unknown): Error {
	if (error instanceof SourceRequestError) {
		const body = error.body && typeof error.body === 'object' ? (error.body as JsonObject) : ({} as JsonObject);
		return new NodeApiError(ctx.getNode(), body, {
			message: error.message,
			description: error.description,
			httpCode: error.status ? String(error.status) : undefined,
		});
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error);
}
