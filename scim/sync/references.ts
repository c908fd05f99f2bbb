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
