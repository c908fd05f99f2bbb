/**
 * Okta as a SCIM 2.0 client (okta-developer-docs: scim-20 reference, SCIM FAQs, the Okta-SCIM-20-SPEC-Test Runscope
 * suite; summarised in shared/idp-scim.md §1):
 *  1. the SCIM 2.0 spec test: list with count=1, read by id, a random userName → 0 results, the same userName
 *     upper-cased → found (userName is case-insensitive), an unknown id → 404 with detail, create → 201, the same
 *     create again → 409;
 *  2. provisioning as an App Integration Wizard (AIW) app: lookup by userName, POST with the password placeholder
 *     and `groups: []`, updates as GET then a full PUT;
 *  3. deactivation and reactivation as a pathless `replace` of `{active}` (Okta never DELETEs users);
 *  4. Push Groups: lookup, POST, rename by a pathless replace of `{id, displayName}`, `add` members with a value
 *     array, `remove` with `members[value eq "…"]`.
 */
import { filterEq } from '../../../../scim';
import * as c from '../checks';
import type { CheckResult, Exchange, Person, Sequence, Step, StepContext } from '../types';
import { CORE_GROUP, CORE_USER, ENTERPRISE, patch, placeholderPassword, userNameLookup, v, withUserAttributes } from './common';

const PAGING: Array<[string, string]> = [
	['startIndex', '1'],
	['count', '100'],
];

/** Checks on every list answer Okta reads. */
const list = (exchange: Exchange): CheckResult[] => [...c.status(exchange, [200]), ...c.jsonContentType(exchange, false), ...c.listResponse(exchange)];

/** Okta's create body (developer.okta.com SCIM 2.0 reference, "Create the user"). */
export function oktaCreateBody(p: Person, ctx: StepContext): Record<string, unknown> {
	return withUserAttributes(
		{
			schemas: [CORE_USER],
			userName: p.userName,
			name: { givenName: p.givenName, familyName: p.familyName },
			emails: [{ primary: true, value: p.email, type: 'work' }],
			displayName: `${p.givenName} ${p.familyName}`,
			locale: 'en-US',
			externalId: p.externalId,
			groups: [],
			password: placeholderPassword(p.externalId),
			active: true,
		},
		ctx,
	);
}

/** The spec test's user: the Runscope suite sends only the core attributes. */
function specBody(p: Person, ctx: StepContext): Record<string, unknown> {
	return withUserAttributes(
		{
			schemas: [CORE_USER],
			userName: p.userName,
			name: { givenName: p.givenName, familyName: p.familyName },
			emails: [{ primary: true, value: p.email, type: 'work' }],
			displayName: `${p.givenName} ${p.familyName}`,
			active: true,
		},
		ctx,
	);
}

/** What the AIW app sends on update: the whole app user, with the changed attributes. */
export const OKTA_UPDATED_TITLE = 'Senior Account Executive';
function putBody(ctx: StepContext, active: boolean): Record<string, unknown> {
	const p = ctx.people.user;
	return withUserAttributes(
		{
			schemas: [CORE_USER, ENTERPRISE],
			id: v(ctx, 'userId'),
			userName: p.userName,
			name: { givenName: p.givenName, familyName: p.familyName },
			emails: [{ primary: true, value: p.email, type: 'work' }],
			displayName: `${p.givenName} ${p.familyName}`,
			locale: 'en-US',
			externalId: p.externalId,
			title: OKTA_UPDATED_TITLE,
			active,
			groups: [],
			[ENTERPRISE]: {
				employeeNumber: p.employeeNumber,
				department: p.department,
				manager: { value: v(ctx, 'managerId'), displayName: `${ctx.people.manager.givenName} ${ctx.people.manager.familyName}` },
			},
		},
		ctx,
	);
}

function createSteps(role: 'manager' | 'user', varName: string): Step[] {
	const who = (ctx: StepContext) => ctx.people[role];
	return [
		{
			id: `${role}.lookup`,
			phase: 'Create',
			title: `Look ${role === 'manager' ? 'the manager' : 'the user'} up by userName before creating`,
			request: (ctx) => userNameLookup(who(ctx).userName, PAGING),
			check: (x) => [...list(x), ...c.found(x, 0, 'not there yet')],
		},
		{
			id: `${role}.create`,
			phase: 'Create',
			title: `Create ${role === 'manager' ? 'the manager' : 'the user'} (POST with the password placeholder and groups: [])`,
			request: (ctx) => ({ method: 'POST', path: '/Users', body: oktaCreateBody(who(ctx), ctx) }),
			check: (x, ctx) => [
				...c.status(x, [201]),
				...c.jsonContentType(x, false),
				...c.resource(x, 'User', who(ctx).externalId),
				...c.attribute(x, 'userName', who(ctx).userName, { caseInsensitive: true }),
				...c.attribute(x, 'active', true),
			],
			keep: (x, ctx) => {
				if (x.status === 201) ctx.vars[varName] = c.idOf(x);
			},
		},
	];
}

const steps: Step[] = [
	// ------------------------------------------------------------------ Test Connector Configuration
	// Documented for SCIM 1.1; for 2.0 only by a third party (shared/idp-scim.md: UNCONFIRMED), and cheap to answer.
	{
		id: 'connect.users',
		phase: 'Test connector',
		title: 'Test connector configuration: list users (startIndex=1&count=2)',
		request: () => ({ method: 'GET', path: '/Users', query: [['startIndex', '1'], ['count', '2']] }),
		check: (x) => list(x),
	},
	{
		id: 'connect.groups',
		phase: 'Test connector',
		title: 'Test connector configuration: list groups (startIndex=1&count=100)',
		request: () => ({ method: 'GET', path: '/Groups', query: PAGING }),
		check: (x) => list(x),
	},
	// ------------------------------------------------------------------ the SCIM 2.0 spec test
	{
		id: 'spec.list',
		phase: 'Spec test',
		title: 'List users (GET /Users?count=1&startIndex=1)',
		request: () => ({ method: 'GET', path: '/Users', query: [['count', '1'], ['startIndex', '1']] }),
		check: (x) => {
			const out = list(x);
			const first = c.resourcesOf(x)[0];
			if (first) out.push(...c.resource({ ...x, json: first }, 'User'));
			return out;
		},
		keep: (x, ctx) => {
			const first = c.resourcesOf(x)[0];
			if (first && typeof first.id === 'string' && typeof first.userName === 'string') {
				ctx.vars.existingId = first.id;
				ctx.vars.existingUserName = first.userName;
			}
		},
	},
	{
		id: 'spec.get',
		phase: 'Spec test',
		title: 'Read the listed user by id',
		needs: ['existingId'],
		request: (ctx) => ({ method: 'GET', path: `/Users/${encodeURIComponent(v(ctx, 'existingId'))}` }),
		check: (x, ctx) => [...c.status(x, [200]), ...c.jsonContentType(x, false), ...c.resource(x, 'User'), ...c.sameId(x, ctx.vars.existingId)],
	},
	{
		id: 'spec.random-username',
		phase: 'Spec test',
		title: 'Filter on a random userName: 200 with no result',
		request: (ctx) => userNameLookup(ctx.people.unknownUserName),
		check: (x) => [...list(x), ...c.found(x, 0, 'nobody has it')],
	},
	{
		id: 'spec.uppercase-username',
		phase: 'Spec test',
		title: 'Filter on the listed userName upper-cased: found (userName is case-insensitive)',
		needs: ['existingUserName'],
		request: (ctx) => userNameLookup(v(ctx, 'existingUserName').toUpperCase()),
		check: (x, ctx) => [...list(x), ...c.foundId(x, ctx.vars.existingId, 'the listed user')],
	},
	{
		id: 'spec.unknown-id',
		phase: 'Spec test',
		title: 'Read an id that does not exist: 404 with a SCIM Error and detail',
		request: (ctx) => ({ method: 'GET', path: `/Users/${ctx.people.unknownId}` }),
		check: (x) => [...c.status(x, [404]), ...c.scimError(x, { detail: 'must' })],
	},
	{
		id: 'spec.create',
		phase: 'Spec test',
		title: 'Create a random user: 201 with the user and its id',
		request: (ctx) => ({ method: 'POST', path: '/Users', body: specBody(ctx.people.specUser, ctx) }),
		check: (x, ctx) => [...c.status(x, [201]), ...c.jsonContentType(x, false), ...c.resource(x, 'User'), ...c.attribute(x, 'userName', ctx.people.specUser.userName, { caseInsensitive: true })],
		keep: (x, ctx) => {
			if (x.status === 201) ctx.vars.specId = c.idOf(x);
		},
	},
	{
		id: 'spec.create-again',
		phase: 'Spec test',
		title: 'Create the same user again: 409 (the user exists)',
		needs: ['specId'],
		request: (ctx) => ({ method: 'POST', path: '/Users', body: specBody(ctx.people.specUser, ctx) }),
		check: (x) => [...c.status(x, [409], 'Okta stops the job on a duplicate'), ...c.scimError(x, { scimType: 'uniqueness' })],
	},
	// ------------------------------------------------------------------ provisioning (AIW app)
	...createSteps('manager', 'managerId'),
	...createSteps('user', 'userId'),
	{
		id: 'user.lookup-uppercase',
		phase: 'Create',
		title: 'Look the new user up by userName upper-cased: found with the same id',
		needs: ['userId'],
		request: (ctx) => userNameLookup(ctx.people.user.userName.toUpperCase(), PAGING),
		check: (x, ctx) => [...list(x), ...c.foundId(x, ctx.vars.userId, 'the new user')],
	},
	{
		id: 'user.read-before-put',
		phase: 'Update (AIW: GET then PUT)',
		title: 'Read the user before updating it',
		needs: ['userId'],
		request: (ctx) => ({ method: 'GET', path: `/Users/${encodeURIComponent(v(ctx, 'userId'))}` }),
		check: (x, ctx) => [...c.status(x, [200]), ...c.resource(x, 'User'), ...c.sameId(x, ctx.vars.userId)],
	},
	{
		id: 'user.put',
		phase: 'Update (AIW: GET then PUT)',
		title: 'Replace the user with a new title, department and manager (full PUT)',
		needs: ['userId', 'managerId'],
		request: (ctx) => ({ method: 'PUT', path: `/Users/${encodeURIComponent(v(ctx, 'userId'))}`, body: putBody(ctx, true) }),
		check: (x, ctx) => [
			...c.status(x, [200], 'Okta expects the updated user back'),
			...c.resource(x, 'User'),
			...c.sameId(x, ctx.vars.userId),
			...c.attribute(x, 'title', OKTA_UPDATED_TITLE),
			...c.attribute(x, 'active', true),
			...c.attribute(x, `${ENTERPRISE}:manager.value`, ctx.vars.managerId, { severity: 'should', why: 'manager kept' }),
		],
	},
	{
		id: 'user.deactivate',
		phase: 'Deactivate / reactivate',
		title: 'Deactivate: PATCH replace with the pathless value {"active": false}',
		needs: ['userId'],
		request: (ctx) => ({ method: 'PATCH', path: `/Users/${encodeURIComponent(v(ctx, 'userId'))}`, body: patch([{ op: 'replace', value: { active: false } }]) }),
		check: (x, ctx) => [...c.status(x, [200, 204]), ...c.ifBody(x, () => [...c.sameId(x, ctx.vars.userId), ...c.attribute(x, 'active', false)])],
	},
	{
		id: 'user.read-deactivated',
		phase: 'Deactivate / reactivate',
		title: 'Read the deactivated user: still there, active false (a 404 fails Okta)',
		needs: ['userId'],
		request: (ctx) => ({ method: 'GET', path: `/Users/${encodeURIComponent(v(ctx, 'userId'))}` }),
		check: (x, ctx) => [...c.status(x, [200]), ...c.sameId(x, ctx.vars.userId), ...c.attribute(x, 'active', false)],
	},
	{
		id: 'user.reactivate',
		phase: 'Deactivate / reactivate',
		title: 'Reactivate: PATCH replace with the pathless value {"active": true}',
		needs: ['userId'],
		request: (ctx) => ({ method: 'PATCH', path: `/Users/${encodeURIComponent(v(ctx, 'userId'))}`, body: patch([{ op: 'replace', value: { active: true } }]) }),
		check: (x, ctx) => [...c.status(x, [200, 204]), ...c.ifBody(x, () => [...c.sameId(x, ctx.vars.userId), ...c.attribute(x, 'active', true)])],
	},
	// ------------------------------------------------------------------ Push Groups
	{
		id: 'group.lookup',
		phase: 'Push Groups',
		title: 'Look the group up by displayName',
		request: (ctx) => ({ method: 'GET', path: '/Groups', query: [['filter', filterEq('displayName', ctx.people.group.displayName)], ...PAGING] }),
		check: (x) => [...list(x), ...c.found(x, 0, 'not there yet')],
	},
	{
		id: 'group.create',
		phase: 'Push Groups',
		title: 'Push the group (POST with members: [])',
		request: (ctx) => ({ method: 'POST', path: '/Groups', body: { schemas: [CORE_GROUP], displayName: ctx.people.group.displayName, members: [] } }),
		check: (x, ctx) => [...c.status(x, [201]), ...c.resource(x, 'Group'), ...c.attribute(x, 'displayName', ctx.people.group.displayName)],
		keep: (x, ctx) => {
			if (x.status === 201) ctx.vars.groupId = c.idOf(x);
		},
	},
	{
		id: 'group.rename',
		phase: 'Push Groups',
		title: 'Rename: PATCH replace with the pathless value {id, displayName}',
		needs: ['groupId'],
		request: (ctx) => ({
			method: 'PATCH',
			path: `/Groups/${encodeURIComponent(v(ctx, 'groupId'))}`,
			body: patch([{ op: 'replace', value: { id: v(ctx, 'groupId'), displayName: ctx.people.group.renamed } }]),
		}),
		check: (x, ctx) => [...c.status(x, [200, 204]), ...c.ifBody(x, () => c.attribute(x, 'displayName', ctx.people.group.renamed))],
	},
	{
		id: 'group.add-members',
		phase: 'Push Groups',
		title: 'Add the user and the manager: PATCH add on members with a value array',
		needs: ['groupId', 'userId', 'managerId'],
		request: (ctx) => ({
			method: 'PATCH',
			path: `/Groups/${encodeURIComponent(v(ctx, 'groupId'))}`,
			body: patch([
				{
					op: 'add',
					path: 'members',
					value: [
						{ value: v(ctx, 'userId'), display: ctx.people.user.userName },
						{ value: v(ctx, 'managerId'), display: ctx.people.manager.userName },
					],
				},
			]),
		}),
		check: (x) => c.status(x, [200, 204]),
	},
	{
		id: 'group.read-members',
		needs: ['groupId', 'userId', 'managerId'],
		phase: 'Push Groups',
		title: 'Read the group: renamed, with both members',
		request: (ctx) => ({ method: 'GET', path: `/Groups/${encodeURIComponent(v(ctx, 'groupId'))}` }),
		check: (x, ctx) => [...c.status(x, [200]), ...c.sameId(x, ctx.vars.groupId), ...c.attribute(x, 'displayName', ctx.people.group.renamed), ...c.members(x, [ctx.vars.userId, ctx.vars.managerId], 'the user and the manager')],
	},
	{
		id: 'group.remove-member',
		phase: 'Push Groups',
		title: 'Remove the manager: PATCH remove with path members[value eq "…"]',
		needs: ['groupId', 'managerId'],
		request: (ctx) => ({
			method: 'PATCH',
			path: `/Groups/${encodeURIComponent(v(ctx, 'groupId'))}`,
			body: patch([{ op: 'remove', path: `members[value eq ${JSON.stringify(v(ctx, 'managerId'))}]` }]),
		}),
		check: (x) => c.status(x, [200, 204]),
	},
	{
		id: 'group.read-after-remove',
		needs: ['groupId', 'userId'],
		phase: 'Push Groups',
		title: 'Read the group: only the user is left',
		request: (ctx) => ({ method: 'GET', path: `/Groups/${encodeURIComponent(v(ctx, 'groupId'))}` }),
		check: (x, ctx) => [...c.status(x, [200]), ...c.members(x, [ctx.vars.userId], 'the user only')],
	},
	// ------------------------------------------------------------------ unlink (--deletes)
	{
		id: 'group.delete',
		phase: 'Unlink (--deletes)',
		title: 'Unlink the pushed group with "delete the group in the target app": DELETE',
		needs: ['groupId'],
		deletes: true,
		request: (ctx) => ({ method: 'DELETE', path: `/Groups/${encodeURIComponent(v(ctx, 'groupId'))}` }),
		check: (x) => c.status(x, [204]),
	},
	{
		id: 'group.read-deleted',
		phase: 'Unlink (--deletes)',
		title: 'Read the deleted group: 404',
		needs: ['groupId'],
		deletes: true,
		request: (ctx) => ({ method: 'GET', path: `/Groups/${encodeURIComponent(v(ctx, 'groupId'))}` }),
		check: (x) => [...c.status(x, [404]), ...c.scimError(x)],
	},
];

export const okta: Sequence = {
	idp: 'okta',
	title: 'Okta (SCIM 2.0 spec test, AIW provisioning with PUT, Push Groups)',
	headers: { 'User-Agent': 'Okta SCIM Client 1.0.0', Accept: 'application/scim+json', 'Content-Type': 'application/scim+json; charset=utf-8' },
	steps,
	expected: (ctx, options) => {
		const { user, manager, specUser, group } = ctx.people;
		return {
			users: [
				{ userName: specUser.userName, active: true, givenName: specUser.givenName, familyName: specUser.familyName, email: specUser.email },
				{ userName: manager.userName, active: true, givenName: manager.givenName, familyName: manager.familyName, email: manager.email },
				{ userName: user.userName, active: true, givenName: user.givenName, familyName: user.familyName, email: user.email, manager: manager.userName },
			],
			groups: [{ displayName: group.renamed, members: [user.userName], deleted: options.deletes }],
		};
	},
};
