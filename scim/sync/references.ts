/** Managers named by username, email or external id, resolved against the users a sync has already read. */
import { getAttribute } from '../attribute';
import type { ScimUser } from '../schemas';
import { keyOf } from './match';

export interface ManagerReference {
	userName?: string;
	email?: string;
	externalId?: string;
	/**
	 * An LDAP distinguished name the Mapping node could not turn into an email or external ID (the manager's entry
	 * was not in the same input). It finds no one; it is kept so the item says which manager was not linked.
	 */
	dn?: string;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * The manager a desired user names, to be found among Salesforce users: the enterprise extension's `manager.value`
 * when it is a username (an email), and the side-car's `manager.email` / `manager.externalId` (the Mapping node's
 * `_sfscim.manager`). Undefined when there is none, or when `manager.value` is already an id: that is written as it is.
 */
export function managerReferenceOf(managerValue: unknown, sidecarManager: unknown): ManagerReference | undefined {
	const value = text(managerValue);
	const byName = value?.includes('@') ? value : undefined;
	if (value && !byName) return undefined;
	const sidecar = (typeof sidecarManager === 'object' && sidecarManager !== null ? sidecarManager : {}) as Record<string, unknown>;
	const reference: ManagerReference = {};
	if (byName) reference.userName = byName;
	const email = text(sidecar.email);
	if (email) reference.email = email;
	const externalId = text(sidecar.externalId);
	if (externalId) reference.externalId = externalId;
	// A DN alone finds no one, but the item then says which manager was not linked.
	const dn = text(sidecar.dn);
	if (!value && !email && !externalId && dn) reference.dn = dn;
	return Object.keys(reference).length ? reference : undefined;
}

/** "jane@x.com" (external ID "E7"), as the source named the manager. */
export function describeManager(reference: ManagerReference): string {
	const name = reference.userName ?? reference.email;
	if (!name && !reference.externalId && reference.dn) return `"${reference.dn}" (an LDAP DN)`;
	if (!reference.externalId) return `"${name}"`;
	return name ? `"${name}" (external ID "${reference.externalId}")` : `with external ID "${reference.externalId}"`;
}

/**
 * What every write says of a manager found nowhere (not in Salesforce, not created in this run): the person is
 * written without the link, and `rerun` says what links them.
 */
export function managerNotFoundNote(reference: ManagerReference, rerun = 'A later run links them once the manager exists'): string {
	if (!reference.userName && !reference.email && !reference.externalId && reference.dn) {
		return `Manager ${describeManager(reference)} is not in this input, and a DN alone names no Salesforce user, so no manager was linked. Include the manager's entry in the same input, or map the manager's email or employee ID`;
	}
	return `Manager ${describeManager(reference)} is not a Salesforce user yet, so no manager was linked. ${rerun}`;
}

/**
 * A sync reads every Salesforce user anyway, so a manager costs no request: one lookup in these maps instead of a
 * filter query per manager. A manager created in the same run is not here yet: see newUserReference.
 */
export class ManagerDirectory {
	private readonly byUserName = new Map<string, string>();
	private readonly byEmail = new Map<string, string | null>();
	private readonly byExternalId = new Map<string, string | null>();

	constructor(users: readonly ScimUser[]) {
		for (const user of users) {
			const id = getAttribute(user, 'id');
			if (typeof id !== 'string') continue;
			const userName = keyOf(user, 'userName');
			if (userName) this.byUserName.set(userName, id);
			// An email or external id shared by two users names nobody: null marks it ambiguous.
			const email = keyOf(user, 'email');
			if (email) this.byEmail.set(email, this.byEmail.has(email) ? null : id);
			const externalId = keyOf(user, 'externalId');
			if (externalId) this.byExternalId.set(externalId, this.byExternalId.has(externalId) ? null : id);
		}
	}

	/** The manager's id, or undefined when nobody (or more than one user) answers to the reference. */
	resolve(reference: ManagerReference): string | undefined {
		const userName = reference.userName?.trim().toLowerCase();
		if (userName && this.byUserName.has(userName)) return this.byUserName.get(userName);
		const email = (reference.email ?? reference.userName)?.trim().toLowerCase();
		if (email) {
			const byName = this.byUserName.get(email);
			if (byName) return byName;
			const byEmail = this.byEmail.get(email);
			if (byEmail) return byEmail;
		}
		const externalId = reference.externalId?.trim().toLowerCase();
		return externalId ? (this.byExternalId.get(externalId) ?? undefined) : undefined;
	}
}

/**
 * A manager created in the same run has no id when the plan is made: the plan names them by their matching key
 * (readable in a dry run), and apply writes the id once their create has answered, so one run leaves nothing to do.
 * Never a Salesforce id (it has spaces), so it can never be sent by mistake as one.
 */
const NEW_USER = '(created in this run) ';

export function newUserReference(key: string): string {
	return NEW_USER + key;
}

/** The key of the new user `value` stands for, or undefined for anything else (a real id). */
export function newUserKeyOf(value: unknown): string | undefined {
	return typeof value === 'string' && value.startsWith(NEW_USER) ? value.slice(NEW_USER.length) : undefined;
}
