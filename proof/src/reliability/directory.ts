/**
 * The directory the fault and concurrency scenarios provision: people numbered 1…N in one domain, as the
 * Mapping node emits them (profile by name, create-only locale), and the check of whether Salesforce holds
 * each one the way the directory wants.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../../cli/src/emulator';

export const DOMAIN = 'reliability.example';
const pad = (n: number) => String(n).padStart(6, '0');
export const userNameOf = (n: number) => `user${pad(n)}@${DOMAIN}`;

export interface Person {
	n: number;
	userName: string;
	title: string;
	active: boolean;
}

/** A desired user as the Mapping node emits it. */
export function scimUserOf(person: Person): IDataObject {
	return {
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
		userName: person.userName,
		externalId: `USER${pad(person.n)}`,
		name: { givenName: 'Bench', familyName: `User ${pad(person.n)}` },
		emails: [{ value: person.userName, type: 'work', primary: true }],
		entitlements: [{ display: 'Standard User', type: 'Profile', primary: true }],
		title: person.title,
		active: person.active,
		locale: 'en_US',
		_sfscim: { createOnly: ['locale'] },
	};
}

/** What the emulator holds for each username of the domain (all matches, to count duplicates). */
export function orgUsers(emulator: Emulator): Map<string, Array<{ active: boolean; title?: string; externalId?: string; email?: string }>> {
	const byName = new Map<string, Array<{ active: boolean; title?: string; externalId?: string; email?: string }>>();
	for (const user of emulator.state.users.values()) {
		const attrs = user.attrs as unknown as IDataObject;
		const userName = String(attrs.userName).toLowerCase();
		if (!userName.endsWith(`@${DOMAIN}`)) continue;
		const emails = (attrs.emails as IDataObject[] | undefined) ?? [];
		const list = byName.get(userName) ?? [];
		list.push({ active: attrs.active === true, title: attrs.title as string | undefined, externalId: attrs.externalId as string | undefined, email: String(emails[0]?.value ?? '').toLowerCase() });
		byName.set(userName, list);
	}
	return byName;
}

/** Users that exist more than once for one person: the same username, external ID or email twice. */
export function duplicatesIn(emulator: Emulator): number {
	const seen = { externalId: new Map<string, number>(), email: new Map<string, number>() };
	let usernames = 0;
	for (const list of orgUsers(emulator).values()) {
		if (list.length > 1) usernames += list.length - 1;
		for (const u of list) {
			if (u.externalId) seen.externalId.set(u.externalId, (seen.externalId.get(u.externalId) ?? 0) + 1);
			if (u.email) seen.email.set(u.email, (seen.email.get(u.email) ?? 0) + 1);
		}
	}
	const extra = (m: Map<string, number>) => [...m.values()].reduce((sum, c) => sum + Math.max(0, c - 1), 0);
	return Math.max(usernames, extra(seen.externalId), extra(seen.email));
}

/** Whether Salesforce holds this person as wanted: one user, the wanted title and active flag. */
export function inDesiredState(org: ReturnType<typeof orgUsers>, person: Person): boolean {
	const list = org.get(person.userName) ?? [];
	if (list.length !== 1) return false;
	const [u] = list;
	return u.active === person.active && (!person.active || u.title === person.title);
}
