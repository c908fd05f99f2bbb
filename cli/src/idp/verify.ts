/**
 * What ended up in the system behind the target: each expected user found exactly once by userName, with the
 * right state, names, email and manager; each expected group found once by displayName with the right members.
 * The verified server issues its own ids (a trigger may or may not reuse Salesforce's), so everything is matched
 * by userName and displayName, and member ids are resolved to userNames there.
 */
import { filterEq, getPathValue } from '../../../scim';
import { getAttribute, isPlainObject, type JsonObject } from '../../../scim/attribute';
import { outcomeOf, resourcesOf, totalOf } from './checks';
import { send, type Target } from './http';
import type { CheckResult, ExpectedGroup, ExpectedUser, Outcome } from './types';

export interface VerifyItem {
	what: string;
	outcome: Outcome;
	checks: CheckResult[];
}

export interface VerifyReport {
	url: string;
	ok: boolean;
	items: VerifyItem[];
}

const HEADERS = { Accept: 'application/scim+json' };

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

function check(name: string, ok: boolean, got: unknown, severity: 'must' | 'should' = 'must'): CheckResult {
	return ok ? { name, ok, severity } : { name, ok, severity, detail: `got ${JSON.stringify(got) ?? 'nothing'}` };
}

/** The work email as servers render it: the work one, else the primary one, else the first. */
function workEmail(user: JsonObject): unknown {
	const emails = getAttribute(user, 'emails');
	if (!Array.isArray(emails)) return undefined;
	const list = emails.filter(isPlainObject);
	const pick = list.find((e) => lower(getAttribute(e, 'type')) === 'work') ?? list.find((e) => getAttribute(e, 'primary') === true || lower(getAttribute(e, 'primary')) === 'true') ?? list[0];
	return pick ? getAttribute(pick, 'value') : undefined;
}

async function userById(target: Target, id: string, cache: Map<string, JsonObject | undefined>): Promise<JsonObject | undefined> {
	if (!cache.has(id)) {
		const x = await send(target, HEADERS, { method: 'GET', path: `/Users/${encodeURIComponent(id)}` });
		cache.set(id, x.status === 200 && isPlainObject(x.json) ? x.json : undefined);
	}
	return cache.get(id);
}

export async function verifyState(target: Target, expected: { users: ExpectedUser[]; groups: ExpectedGroup[] }): Promise<VerifyReport> {
	const items: VerifyItem[] = [];
	const byId = new Map<string, JsonObject | undefined>();
	const inactive = new Set(expected.users.filter((u) => !u.active).map((u) => u.userName.toLowerCase()));
	for (const want of expected.users) {
		const x = await send(target, HEADERS, { method: 'GET', path: '/Users', query: [['filter', filterEq('userName', want.userName)]] });
		const checks: CheckResult[] = [];
		const found = resourcesOf(x);
		if (want.deleted) {
			const gone = x.status === 200 && totalOf(x) === 0;
			const inactive = found.length === 1 && getAttribute(found[0], 'active') === false;
			checks.push(check('deleted: gone, or kept inactive', gone || inactive, x.status === 200 ? `${totalOf(x)} results, active ${JSON.stringify(found.map((u) => getAttribute(u, 'active')))}` : `status ${x.status}`));
			items.push({ what: `user ${want.userName}`, outcome: outcomeOf(checks), checks });
			continue;
		}
		checks.push(check('found exactly once by userName', x.status === 200 && totalOf(x) === 1 && found.length === 1, x.status === 200 ? `${totalOf(x)} results` : `status ${x.status}`));
		const user = found[0];
		if (user) {
			checks.push(check(`active ${want.active}`, getAttribute(user, 'active') === want.active, getAttribute(user, 'active')));
			checks.push(check(`givenName ${want.givenName}`, getPathValue(user, 'name.givenName') === want.givenName, getPathValue(user, 'name.givenName')));
			checks.push(check(`familyName ${want.familyName}`, getPathValue(user, 'name.familyName') === want.familyName, getPathValue(user, 'name.familyName')));
			// Salesforce lower-cases addresses; the mailbox is the same.
			checks.push(check(`email ${want.email}`, lower(workEmail(user)) === want.email.toLowerCase(), workEmail(user)));
			if (want.manager) {
				const managerId = getPathValue(user, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value');
				const manager = typeof managerId === 'string' ? await userById(target, managerId, byId) : undefined;
				checks.push(check(`manager ${want.manager}`, lower(manager?.userName) === want.manager.toLowerCase(), manager?.userName ?? managerId));
			}
		}
		items.push({ what: `user ${want.userName}`, outcome: outcomeOf(checks), checks });
	}
	for (const want of expected.groups) {
		const x = await send(target, HEADERS, { method: 'GET', path: '/Groups', query: [['filter', filterEq('displayName', want.displayName)]] });
		const checks: CheckResult[] = [];
		const found = resourcesOf(x);
		if (want.deleted) {
			checks.push(check('deleted: not found', x.status === 200 && totalOf(x) === 0, x.status === 200 ? `${totalOf(x)} results` : `status ${x.status}`));
			items.push({ what: `group ${want.displayName}`, outcome: outcomeOf(checks), checks });
			continue;
		}
		checks.push(check('found exactly once by displayName', x.status === 200 && totalOf(x) === 1 && found.length === 1, x.status === 200 ? `${totalOf(x)} results` : `status ${x.status}`));
		let group = found[0];
		if (group && !Array.isArray(getAttribute(group, 'members')) && typeof group.id === 'string') {
			// Some servers leave members out of list answers: read the group itself.
			const one = await send(target, HEADERS, { method: 'GET', path: `/Groups/${encodeURIComponent(group.id)}` });
			if (isPlainObject(one.json)) group = one.json;
		}
		if (group) {
			const raw = getAttribute(group, 'members');
			const ids = Array.isArray(raw) ? raw.map((m) => (isPlainObject(m) ? String(getAttribute(m, 'value')) : String(m))) : [];
			const names: string[] = [];
			for (const id of ids) names.push(String(lower((await userById(target, id, byId))?.userName ?? id)));
			for (const member of want.members) {
				const has = names.includes(member.toLowerCase());
				// Salesforce drops a deactivated user's public group memberships: tolerated, and said.
				const severity = inactive.has(member.toLowerCase()) ? 'should' : 'must';
				checks.push(check(`member ${member}${severity === 'should' ? ' (deactivated: a server may drop it)' : ''}`, has, names, severity));
			}
			const extra = names.filter((n) => !want.members.some((m) => m.toLowerCase() === n));
			checks.push(check('no other members', extra.length === 0, extra));
		}
		items.push({ what: `group ${want.displayName}`, outcome: outcomeOf(checks), checks });
	}
	return { url: target.url, ok: items.every((i) => i.outcome !== 'fail'), items };
}
