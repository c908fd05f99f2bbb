/**
 * The IdP simulator's vocabulary: a sequence is a list of steps, each one request an identity provider would send
 * plus the checks that say whether that IdP would accept the answer. Sequences are data (sequences/<idp>.ts);
 * the runner (run.ts) sends them, the checks (checks.ts) judge, the report (report.ts) prints.
 */

export type IdpName = 'okta' | 'entra' | 'entra-062020';
export const IDP_NAMES: IdpName[] = ['okta', 'entra', 'entra-062020'];

/** A request relative to the SCIM base URL (`/Users`, `/Groups/{id}`), as the IdP sends it. */
export interface IdpRequest {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	path: string;
	/** Query parameters in the order the IdP sends them. */
	query?: Array<[string, string]>;
	body?: unknown;
}

/** One exchange as seen on the wire. The Authorization header is never kept. */
export interface Exchange {
	method: string;
	/** Path and query below the base URL, as sent. */
	target: string;
	requestBody?: unknown;
	/** 0 when no HTTP answer came (network error, timeout). */
	status: number;
	contentType?: string;
	location?: string;
	json?: unknown;
	/** The body when it was not JSON, shortened. */
	text?: string;
	ms: number;
	/** Network failure, when there was no answer. */
	error?: string;
}

/**
 * `must`: the IdP would reject the answer (the provisioning job errors, or the user ends in the wrong state).
 * `should`: what the IdP's documentation asks for but tolerates; shown as a warning, never fails the run.
 */
export type Severity = 'must' | 'should';

/** A step's verdict: `warn` when only `should` checks failed, `skip` when its input never came. */
export type Outcome = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
	name: string;
	ok: boolean;
	severity: Severity;
	/** What was found when it is not what the IdP expects. */
	detail?: string;
}

/** Values a sequence carries from one step to the next (ids the server issued, names it generated). */
export type Vars = Record<string, string | undefined>;

export interface StepContext {
	vars: Vars;
	people: People;
	/** Attributes merged into every user the IdP creates or replaces (an IdP's attribute mapping; --user-attributes). */
	userAttributes: Record<string, unknown>;
}

export interface Step {
	id: string;
	/** What the IdP is doing, in its own words. */
	title: string;
	/** Which part of the IdP's flow this is (Test Connection, Create, Update, Push Groups…). */
	phase: string;
	/** Variables this step needs; when one is missing (an earlier step failed), the step is skipped. */
	needs?: string[];
	/** Sent only with --deletes (deletions end the run, and leave less to verify). */
	deletes?: boolean;
	request(ctx: StepContext): IdpRequest;
	check(exchange: Exchange, ctx: StepContext): CheckResult[];
	/** Keep what later steps need (an issued id). Runs after the checks, whatever they found. */
	keep?(exchange: Exchange, ctx: StepContext): void;
}

/** What the provisioned directory must look like at the end, read back from --verify-url. */
export interface ExpectedUser {
	userName: string;
	active: boolean;
	givenName: string;
	familyName: string;
	email: string;
	/** userName of the manager, when the sequence sets one and the verified server supports it. */
	manager?: string;
	/** DELETEd: gone, or kept inactive (Salesforce's DELETE deactivates). */
	deleted?: boolean;
}

export interface ExpectedGroup {
	displayName: string;
	/** userNames of the members. */
	members: string[];
	/** DELETEd: must not be found. */
	deleted?: boolean;
}

export interface Sequence {
	idp: IdpName;
	title: string;
	/** Headers the IdP sends on every request (besides Authorization). */
	headers: Record<string, string>;
	steps: Step[];
	expected(ctx: StepContext, options: { deletes: boolean }): { users: ExpectedUser[]; groups: ExpectedGroup[] };
}

export interface Person {
	givenName: string;
	familyName: string;
	userName: string;
	email: string;
	/** The IdP's own id for the person (Okta 00u…, Entra object id), sent as externalId. */
	externalId: string;
	title: string;
	department: string;
	employeeNumber: string;
	/** A second work email for the update step. */
	newEmail: string;
}

export interface People {
	/** Suffix that makes this run's names unique. */
	suffix: string;
	manager: Person;
	user: Person;
	/** The user of Okta's spec test (random userName, like Runscope's). */
	specUser: Person;
	group: { displayName: string; renamed: string; externalId: string };
	/** A userName and an id no server holds. */
	unknownUserName: string;
	unknownId: string;
}
