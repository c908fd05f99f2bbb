import type { IPollFunctions } from 'n8n-workflow';

import type { DirectoryEvent, DirectorySourceType } from '../../../scim/events/directoryEvent';
import type { DirectoryState, ObservedUser } from '../../../scim/events/directoryState';
import type { SourceClient } from '../transport/SourceClient';

/** What one read of a source gives: the users it shows, and where to start next time. */
export interface SourceRead {
	observed: ObservedUser[];
	/** The list is every user (a known user missing from it was deleted), not just the changed ones. */
	snapshot: boolean;
	cursor?: string;
	groupCursor?: string;
	/** Group membership events (Entra), already in the event schema. */
	groupEvents?: DirectoryEvent[];
	/** Set when the stored cursor was refused (expired) and the read started again from a full list. */
	restarted?: string;
	/** Overrides the source's tombstone and login for this read (a list's columns are known only once read). */
	tombstone?: DirectorySource['tombstone'];
	login?: DirectorySource['login'];
}

export interface ReadInput {
	ctx: IPollFunctions;
	client: SourceClient;
	/** The stored state, undefined on the first run. */
	state?: DirectoryState;
	now: string;
}

export interface DirectorySource {
	type: DirectorySourceType;
	/** The credential type this source authenticates with. */
	credentialType: string;
	/** The Mapping preset that reads this source's users. */
	preset: string;
	/** Messages name the source so. */
	label: string;
	/** Attributes that change without the person changing: not fingerprinted. */
	ignore?: readonly string[];
	/** The `user` of a deleted user, from its id and its sign-in name (see DiffOptions.tombstone). */
	tombstone?: (id: string, login?: string) => Record<string, unknown>;
	/** The user's sign-in name as the source holds it. */
	login?: (user: Record<string, unknown>) => string | undefined;
	/** The tenant / host / URL and the settings the state depends on: another key starts from a new baseline. */
	key(ctx: IPollFunctions): Promise<{ key: string; name: string }>;
	read(input: ReadInput): Promise<SourceRead>;
}

export function trimSlash(url: string): string {
	return url.trim().replace(/\/+$/, '');
}
