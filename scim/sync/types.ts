/** The vocabulary of a directory sync: what the caller wants, what Salesforce has, and the plan between them. */
import type { PatchOperation } from '../patchop';
import type { ScimUser } from '../schemas';

/**
 * How a desired user finds its Salesforce user (Sync, Create or Update, a manager reference). Salesforce shows the
 * Federation ID as the SCIM externalId.
 */
export type MatchKey = 'userName' | 'externalId' | 'email' | 'federationId';

/** Which Salesforce users this sync manages; everyone else is never touched (not updated, not deactivated). */
export type SyncScope =
	| { kind: 'all' }
	| { kind: 'hasExternalId' }
	/** An RFC 7644 filter evaluated on the fetched users, e.g. `userName ew "@corp.example.com"`. */
	| { kind: 'filter'; filter: string }
	/** Users whose profile is one of these (ids or names, compared case-insensitively). */
	| { kind: 'profile'; profiles: string[] };

export const DEFAULT_SYNC_OPTIONS = {
	matchBy: 'userName',
	maxDeactivations: 100,
	maxDeactivationPercent: 20,
	permissionSetMode: 'merge',
} as const;

export type SyncActionKind = 'create' | 'update' | 'deactivate' | 'reactivate' | 'noop';

export interface SyncOptions {
	matchBy?: MatchKey;
	scope?: SyncScope;
	/** Each action can be switched off; a switched-off action is planned as nothing at all. */
	actions?: Partial<Record<Exclude<SyncActionKind, 'noop'>, boolean>>;
	/** Attribute paths never written on update, for every user (besides each user's own `_sfscim.createOnly`). */
	createOnly?: string[];
	/** 'merge' (default) never drops a permission set the user holds; 'exact' makes the desired list the list. */
	permissionSetMode?: 'merge' | 'exact';
	/** Refuse when more users than this would be deactivated (default 100). */
	maxDeactivations?: number;
	/** Refuse when more than this share (percent) of the managed active users would be deactivated (default 20). */
	maxDeactivationPercent?: number;
	/** The person has seen the numbers and means it: no threshold applies. */
	confirmMassDeactivation?: boolean;
	/** An empty desired list is refused unless this is set (it would deactivate everyone in scope). */
	allowEmptyInput?: boolean;
	/**
	 * Desired users the caller found invalid (index → why). They are reported and not acted on, but their key still
	 * counts as present: a bad value in someone's row must never make them a leaver.
	 */
	invalid?: ReadonlyMap<number, string>;
	/** Ids never deactivated, whatever the input says (the integration user the sync runs as). */
	protectedIds?: string[];
}

/** One attribute an update changes, as the person reviewing the plan wants to see it. */
export interface AttributeChange {
	attribute: string;
	before: unknown;
	after: unknown;
}

export interface SyncAction {
	action: SyncActionKind;
	/** The matching key, lowercased. */
	key: string;
	/** Position of the desired user this action comes from; absent for deactivations. */
	desiredIndex?: number;
	/** Salesforce id; absent for creates. */
	id?: string;
	userName?: string;
	/** Attribute by attribute, what an update / reactivation / deactivation changes. */
	changes: AttributeChange[];
	/** The PATCH operations apply sends (update, reactivate, deactivate): exactly these, nothing rebuilt. */
	operations: PatchOperation[];
	/** The body apply POSTs (create only), metadata stripped. */
	user?: ScimUser;
	/** Why nothing is done (noop), or a note a reviewer should see. */
	reason?: string;
}

/** A desired user the plan could not act on: no key, a key given twice, a key shared by several Salesforce users… */
export interface SyncIssue {
	desiredIndex: number;
	key?: string;
	kind: 'noKey' | 'duplicate' | 'ambiguous' | 'outOfScope' | 'invalid';
	message: string;
}

export interface SyncSummary {
	desired: number;
	salesforce: number;
	/** Salesforce users in scope (with a key): those this sync may touch. */
	managed: number;
	/** Managed users that are active: the base of the deactivation share. */
	managedActive: number;
	create: number;
	update: number;
	deactivate: number;
	reactivate: number;
	noop: number;
	issues: number;
	/** Writes apply would send: one per action other than noop. */
	writes: number;
}

export interface SyncPlan {
	matchBy: MatchKey;
	actions: SyncAction[];
	issues: SyncIssue[];
	summary: SyncSummary;
}

/** A plan the safety rules refuse: nothing may be written. The message says how many and how to go ahead. */
export class SyncRefusedError extends Error {
	constructor(
		message: string,
		readonly reason: 'emptyInput' | 'deactivationThreshold',
		readonly hint: string,
		readonly plan?: SyncPlan,
	) {
		super(message);
		this.name = 'SyncRefusedError';
	}
}
