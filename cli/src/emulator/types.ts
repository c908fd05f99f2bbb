/** Options, seed data and switches of the Salesforce SCIM emulator. */

/**
 * Behaviour the public reference marks UNCONFIRMED, switchable so tests can prove a client copes with either shape.
 * Defaults are the most likely behaviour (or the one that exposes client bugs, where nobody knows).
 */
export interface BehaviourSwitches {
	/** What `replace` on `entitlements` does to permission sets: overwrite the list (RFC) or merge into it. */
	entitlementsReplace: 'merge' | 'overwrite';
	/** POST /Groups allowed (miniOrange says provisioning creates groups; Salesforce's sheet lists read/update). */
	groupCreate: boolean;
	/** DELETE /Groups/{id} allowed. */
	groupDelete: boolean;
	/** PUT /Users/{id} supported (replaces the whole user: omitted attributes are cleared). */
	putSupported: boolean;
	/** Status of DELETE /Users/{id} (deactivation). 200 answers the deactivated user. */
	deleteStatus: 204 | 200;
	/** PATCH paths with a value filter (`emails[type eq "work"].value`) accepted. */
	valueFilterPatch: boolean;
	/** `roles: [{value: "00E…"}]` on a user assigns the UserRole; otherwise it is ignored. */
	roleAssign: boolean;
	/** Group members PATCH with the RFC array value (`value: [{value}]`) accepted besides Salesforce's wrapped object. */
	groupMembersArray: boolean;
	/** A changed email stays pending (not applied) as if the user had to confirm it. */
	emailChangeConfirmation: boolean;
	/** Which filter operators are served: everything the grammar knows, or `eq` (with and/or) only. */
	filterOperators: 'all' | 'eq';
	/** Records an Entitlements list returns at most, whatever the paging (Salesforce: 200). */
	entitlementsListCap: number;
	/** `status` in SCIM error bodies: a number (as observed from Salesforce) or a string (as RFC 7644 says). */
	errorStatusType: 'number' | 'string';
	/** Core User attributes this org does not keep: accepted on write and dropped, left out of /Schemas (orgQuirks.ts). */
	dropAttributes: string[];
	/** How phone numbers are stored: as sent, or reformatted to +digits (an org that normalises what it is given). */
	phoneFormat: 'asSent' | 'e164';
}

export const DEFAULT_BEHAVIOUR: BehaviourSwitches = {
	entitlementsReplace: 'overwrite',
	groupCreate: true,
	groupDelete: true,
	putSupported: true,
	deleteStatus: 204,
	valueFilterPatch: true,
	roleAssign: true,
	groupMembersArray: false,
	emailChangeConfirmation: false,
	filterOperators: 'all',
	entitlementsListCap: 200,
	errorStatusType: 'number',
	dropAttributes: [],
	phoneFormat: 'asSent',
};

export interface SeedProfile {
	id?: string;
	name: string;
	/** User licence the profile consumes (default "Salesforce"). */
	license?: string;
	description?: string;
	/**
	 * "Is Single Sign-On Enabled" (delegated authentication): creating a user with such a profile over SCIM v2 fails
	 * with only an opaque "unexpected error" (Salesforce known issue W-5942786).
	 */
	ssoEnabled?: boolean;
}

export interface SeedPermissionSet {
	id?: string;
	name: string;
	label?: string;
	description?: string;
}

export interface SeedRole {
	id?: string;
	name: string;
	parentId?: string;
}

export interface SeedGroup {
	id?: string;
	name: string;
	/** Member user ids or usernames. */
	members?: string[];
}

/**
 * A user to seed: any SCIM User body as POST would take it, plus conveniences (`profile` / `permissionSets` by
 * name or id, `role` by name or id, `active`). Seeded users go through the same server rules as POSTed ones.
 */
export interface SeedUser {
	userName: string;
	id?: string;
	givenName?: string;
	familyName?: string;
	email?: string;
	profile?: string;
	permissionSets?: string[];
	role?: string;
	active?: boolean;
	[scimAttribute: string]: unknown;
}

export interface SeedData {
	/** Organisation id (00D…). */
	orgId?: string;
	profiles?: SeedProfile[];
	permissionSets?: SeedPermissionSet[];
	roles?: SeedRole[];
	groups?: SeedGroup[];
	users?: SeedUser[];
	/** Usernames taken "in other orgs": creating or renaming to one answers 409 like Salesforce's global check. */
	takenUsernames?: string[];
}

export interface OAuthConfig {
	/** Consumer key of the connected app. */
	clientId: string;
	clientSecret: string;
	/** Exact callback URLs accepted by authorize; '*' accepts any. */
	redirectUris: string[];
	/** Certificate (PEM) uploaded to the app for the JWT bearer flow. */
	jwtCertificate?: string;
	/** Or a public key (PEM) instead of a certificate. */
	jwtPublicKey?: string;
	/** Usernames pre-authorised for the JWT bearer flow. */
	preAuthorizedUsers: string[];
	/** Run-as username of the client credentials flow (undefined: the flow is not enabled). */
	runAsUser?: string;
	/** Extra accepted JWT audiences besides the emulator's own base URL. */
	audiences: string[];
	/** PKCE required on authorize. */
	requirePkce: boolean;
	/** client_secret required on the authorization code / refresh token grants. */
	requireSecret: boolean;
	/** Username the authorize endpoint auto-approves as, unless `login_hint` names another user. */
	defaultUser?: string;
}

export type FaultKind =
	| 'status500'
	| 'status503'
	| 'reset'
	| 'hang'
	| 'html'
	| 'unauthorized'
	| 'lostResponse';

export const FAULT_KINDS: FaultKind[] = ['status500', 'status503', 'reset', 'hang', 'html', 'unauthorized', 'lostResponse'];

/**
 * One fault rule. A request matching `method`/`path` fires the rule when it is the `nth` matching request (or one of
 * them), every `every`-th one, or with probability `rate`. When several kinds are listed, one is picked at random.
 */
export interface FaultRule {
	kind: FaultKind | FaultKind[];
	rate?: number;
	nth?: number | number[];
	every?: number;
	/** HTTP method to match (case-insensitive); any when absent. */
	method?: string;
	/** Path to match: a string is a prefix (`/services/scim/v2/Users`), or a RegExp. Default: everything under /services/scim. */
	path?: string | RegExp;
	/** Fire at most this many times. */
	times?: number;
	/** `html`: status of the HTML page (200 by default). */
	status?: number;
	/** `hang`: how long to hold the request before answering it normally (default options.hangMs). */
	hangMs?: number;
}

export interface EmulatorOptions {
	/** TCP port; 0 picks a free one. */
	port?: number;
	/** Interface to listen on; 127.0.0.1 unless told otherwise. */
	host?: string;
	/** Fixed latency added to every non-admin request, in ms. */
	latencyMs?: number;
	/** Uniform random extra latency in [0, jitterMs). */
	jitterMs?: number;
	/**
	 * Round-trip time charged for every handshake round trip of a NEW connection, on its first request (a network's
	 * cost that 127.0.0.1 does not have): TCP 1, plus TLS 1 (TLS 1.3) or 2 (TLS 1.2; 1 when the session is resumed).
	 * With latencyMs as the request's own round trip, a request on a new HTTPS connection costs 3 round trips and
	 * one on a kept-alive connection 1, as on a real network. Default 0 (no charge).
	 */
	handshakeRttMs?: number;
	/** Serve HTTPS with this key and certificate (PEM; see certificate.ts for a self-signed one). HTTP when absent. */
	tls?: { key: string; cert: string };
	/** Seed of the PRNG behind faults and jitter. */
	randomSeed?: number;
	/** Shorthand: probability of a fault per SCIM request, the kind picked from `faultKinds`. */
	faultRate?: number;
	/** Kinds used with `faultRate` (default 500, 503, reset). */
	faultKinds?: FaultKind[];
	/** Full fault rules (added to the `faultRate` one). */
	faults?: FaultRule[];
	/** Default hold time of the `hang` fault (30 s). Always released by close(). */
	hangMs?: number;
	/** Daily API request allocation (default 100,000 + 1,000 per Salesforce licence). */
	apiLimit?: number;
	/** Salesforce licences, or licences per licence type ("Salesforce", "Salesforce Platform", "Chatter Free"). */
	licenses?: number | Record<string, number>;
	/** Access token lifetime; then SCIM answers 401 INVALID_SESSION_ID. Default 7200 s (Salesforce's default session timeout). */
	tokenTtlSeconds?: number;
	/** Seed data; defaultSeed() when absent. */
	data?: SeedData;
	/** Connected app settings (merged over the defaults). */
	oauth?: Partial<OAuthConfig>;
	/** UNCONFIRMED behaviour switches (merged over DEFAULT_BEHAVIOUR). */
	behaviour?: Partial<BehaviourSwitches>;
	/** Largest accepted request body (default 1 MiB); larger answers 413. */
	maxBodyBytes?: number;
	/** Request log entries kept (counts are kept for all). Default 10,000. */
	requestLogLimit?: number;
	/** Clock, for tests (ms since epoch). */
	now?: () => number;
}
