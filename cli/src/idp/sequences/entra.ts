/**
 * Microsoft Entra ID as a SCIM 2.0 client (MicrosoftDocs/entra-docs: use-scim-to-provision-users-and-groups.md and
 * application-provisioning-config-problem-scim-compatibility.md; summarised in shared/idp-scim.md §1), in its two
 * PATCH dialects:
 *  - default: capitalised `Add`/`Replace`/`Remove`, one operation per attribute, `"False"` as a string to disable,
 *    `Remove` on `members` with a value list;
 *  - `aadOptscim062020` (the flag in the Tenant URL): lower-case ops, a boolean to disable, several attributes in
 *    one pathless value object with dotted keys, member removal as `members[value eq "…"]`.
 * Both: Test Connection filters on a random GUID and wants 200 with an empty list; creation looks the user up
 * first; the manager is added as `[{value}]` on the enterprise extension URN; groups are created with the ADSCIM
 * schema, read with excludedAttributes=members, and their PATCHes want 204. Entra diffs what it reads back against
 * what it sent, so the reads after each change check the values are stored exactly as sent.
 */
import { filterEq } from '../../../../scim';
import * as c from '../checks';
import type { CheckResult, Exchange, IdpName, Person, Sequence, Step, StepContext } from '../types';
import { CORE_GROUP, CORE_USER, ENTERPRISE, patch, userNameLookup, v, withUserAttributes } from './common';

export const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
export const ENTRA_TITLE = 'Senior Account Executive';
export const ENTRA_DEPARTMENT = 'Strategic Accounts';

/** The user after the update step: a new work email, a new family name (and display name), a title, a department. */
export function entraUpdated(p: Person): { email: string; familyName: string; displayName: string } {
	const familyName = `${p.familyName}-Okafor`;
	return { email: p.newEmail, familyName, displayName: `${p.givenName} ${familyName}` };
}

/** Entra's create body ("Create User" request in the SCIM guide), with the enterprise extension it maps by default. */
export function entraCreateBody(p: Person, ctx: StepContext): Record<string, unknown> {
	return withUserAttributes(
		{
			schemas: [CORE_USER, ENTERPRISE],
			externalId: p.externalId,
			userName: p.userName,
			active: true,
			displayName: `${p.givenName} ${p.familyName}`,
			emails: [{ primary: true, type: 'work', value: p.email }],
			meta: { resourceType: 'User' },
			name: { formatted: `${p.givenName} ${p.familyName}`, familyName: p.familyName, givenName: p.givenName },
			roles: [],
			[ENTERPRISE]: { employeeNumber: p.employeeNumber, department: p.department },
		},
		ctx,
	);
}

type Mode = 'default' | '062020';

export function entraSequence(mode: Mode): Sequence {
	const compliant = mode === '062020';
	/** Entra's op names: capitalised by default, lower-case with the flag. */
	const op = (name: 'add' | 'replace' | 'remove') => (compliant ? name : name[0].toUpperCase() + name.slice(1));
	const list = (x: Exchange): CheckResult[] => [...c.status(x, [200]), ...c.jsonContentType(x, true), ...c.listResponse(x)];
	const userPath = (ctx: StepContext, name = 'userId') => `/Users/${encodeURIComponent(v(ctx, name))}`;
	const groupPath = (ctx: StepContext) => `/Groups/${encodeURIComponent(v(ctx, 'groupId'))}`;

	function createSteps(role: 'manager' | 'user', varName: string): Step[] {
		const who = (ctx: StepContext) => ctx.people[role];
		const label = role === 'manager' ? 'the manager' : 'the user';
		return [
			{
				id: `${role}.lookup`,
				phase: 'Create',
				title: `Match ${label} by userName before creating`,
				request: (ctx) => userNameLookup(who(ctx).userName),
				check: (x) => [...list(x), ...c.found(x, 0, 'not there yet')],
			},
			{
				id: `${role}.create`,
				phase: 'Create',
				title: `Create ${label} (core + enterprise extension)`,
				request: (ctx) => ({ method: 'POST', path: '/Users', body: entraCreateBody(who(ctx), ctx) }),
				check: (x, ctx) => [
					...c.status(x, [201]),
					...c.jsonContentType(x, true),
					...c.resource(x, 'User', who(ctx).externalId),
					...c.attribute(x, 'userName', who(ctx).userName, { caseInsensitive: true }),
					...c.attribute(x, 'externalId', who(ctx).externalId, { severity: 'should', why: 'Entra matches on it' }),
				],
				keep: (x, ctx) => {
					if (x.status === 201) ctx.vars[varName] = c.idOf(x);
				},
			},
		];
	}

	function updateOperations(ctx: StepContext): Array<Record<string, unknown>> {
		const p = ctx.people.user;
		const u = entraUpdated(p);
		if (!compliant) {
			return [
				{ op: 'Replace', path: 'emails[type eq "work"].value', value: u.email },
				{ op: 'Replace', path: 'name.familyName', value: u.familyName },
				{ op: 'Replace', path: 'displayName', value: u.displayName },
				{ op: 'Add', path: 'title', value: ENTRA_TITLE },
				{ op: 'Replace', path: `${ENTERPRISE}:department`, value: ENTRA_DEPARTMENT },
			];
		}
		return [
			{ op: 'replace', path: 'emails[type eq "work"].value', value: u.email },
			{ op: 'replace', value: { displayName: u.displayName, 'name.familyName': u.familyName, [`${ENTERPRISE}:department`]: ENTRA_DEPARTMENT } },
			{ op: 'add', path: 'title', value: ENTRA_TITLE },
		];
	}

	const steps: Step[] = [
		{
			id: 'test-connection',
			phase: 'Test Connection',
			title: 'Test Connection: filter on a random GUID, expect 200 with an empty list',
			request: (ctx) => userNameLookup(ctx.people.unknownId),
			check: (x) => [...list(x), ...c.found(x, 0, 'nobody has it')],
		},
		...createSteps('manager', 'managerId'),
		...createSteps('user', 'userId'),
		{
			id: 'user.read',
			phase: 'Update',
			title: 'Read the user by id before updating it',
			needs: ['userId'],
			request: (ctx) => ({ method: 'GET', path: userPath(ctx) }),
			check: (x, ctx) => [...c.status(x, [200]), ...c.jsonContentType(x, true), ...c.resource(x, 'User'), ...c.sameId(x, ctx.vars.userId)],
		},
		{
			id: 'user.match',
			phase: 'Update',
			title: 'Match the user by userName: found with the same id',
			needs: ['userId'],
			request: (ctx) => userNameLookup(ctx.people.user.userName),
			check: (x, ctx) => [...list(x), ...c.foundId(x, ctx.vars.userId, 'the user')],
		},
		{
			id: 'user.update',
			phase: 'Update',
			title: compliant
				? 'Update email, name, title, department: one pathless replace with dotted keys, lower-case ops'
				: 'Update email, name, title, department: one capitalised operation per attribute, extension URN path',
			needs: ['userId'],
			request: (ctx) => ({ method: 'PATCH', path: userPath(ctx), body: patch(updateOperations(ctx)) }),
			check: (x, ctx) => [...c.status(x, [200, 204]), ...c.ifBody(x, () => c.sameId(x, ctx.vars.userId))],
		},
		{
			id: 'user.read-updated',
			phase: 'Update',
			title: 'Read the user back: every value exactly as sent (Entra diffs against it)',
			needs: ['userId'],
			request: (ctx) => ({ method: 'GET', path: userPath(ctx) }),
			check: (x, ctx) => {
				const u = entraUpdated(ctx.people.user);
				return [
					...c.status(x, [200]),
					...c.attribute(x, 'emails[type eq "work"].value', u.email),
					...c.attribute(x, 'name.familyName', u.familyName),
					...c.attribute(x, 'displayName', u.displayName),
					...c.attribute(x, 'title', ENTRA_TITLE),
					...c.attribute(x, `${ENTERPRISE}:department`, ENTRA_DEPARTMENT),
				];
			},
		},
		{
			id: 'user.manager',
			phase: 'Update',
			title: `Set the manager: ${op('add')} on ${ENTERPRISE}:manager with [{value}]`,
			needs: ['userId', 'managerId'],
			request: (ctx) => ({ method: 'PATCH', path: userPath(ctx), body: patch([{ op: op('add'), path: `${ENTERPRISE}:manager`, value: [{ value: v(ctx, 'managerId') }] }]) }),
			check: (x) => c.status(x, [200, 204]),
		},
		{
			id: 'user.read-manager',
			phase: 'Update',
			title: 'Read the user back: the manager is set',
			needs: ['userId', 'managerId'],
			request: (ctx) => ({ method: 'GET', path: userPath(ctx) }),
			check: (x, ctx) => [...c.status(x, [200]), ...c.attribute(x, `${ENTERPRISE}:manager.value`, ctx.vars.managerId)],
		},
		// ------------------------------------------------------------------ groups
		{
			id: 'group.lookup',
			phase: 'Groups',
			title: 'Match the group by displayName (excludedAttributes=members)',
			request: (ctx) => ({ method: 'GET', path: '/Groups', query: [['excludedAttributes', 'members'], ['filter', filterEq('displayName', ctx.people.group.displayName)]] }),
			check: (x) => [...list(x), ...c.found(x, 0, 'not there yet')],
		},
		{
			id: 'group.create',
			phase: 'Groups',
			title: 'Create the group (core + ADSCIM Group schema, no members)',
			request: (ctx) => ({
				method: 'POST',
				path: '/Groups',
				body: { schemas: [CORE_GROUP, ADSCIM_GROUP], externalId: ctx.people.group.externalId, displayName: ctx.people.group.displayName, meta: { resourceType: 'Group' } },
			}),
			check: (x, ctx) => [...c.status(x, [201]), ...c.jsonContentType(x, true), ...c.resource(x, 'Group', ctx.people.group.externalId), ...c.attribute(x, 'displayName', ctx.people.group.displayName)],
			keep: (x, ctx) => {
				if (x.status === 201) ctx.vars.groupId = c.idOf(x);
			},
		},
		{
			id: 'group.read',
			phase: 'Groups',
			title: 'Read the group by id with excludedAttributes=members',
			needs: ['groupId'],
			request: (ctx) => ({ method: 'GET', path: groupPath(ctx), query: [['excludedAttributes', 'members']] }),
			check: (x, ctx) => [...c.status(x, [200]), ...c.sameId(x, ctx.vars.groupId), ...c.membersExcluded(x)],
		},
		{
			id: 'group.rename',
			phase: 'Groups',
			title: `Rename: ${op('replace')} on displayName`,
			needs: ['groupId'],
			request: (ctx) => ({ method: 'PATCH', path: groupPath(ctx), body: patch([{ op: op('replace'), path: 'displayName', value: ctx.people.group.renamed }]) }),
			check: (x) => [...c.status(x, [200, 204]), ...c.preferredStatus(x, 204, 'Entra documents 204 for group PATCH')],
		},
		{
			id: 'group.add-members',
			phase: 'Groups',
			title: `Add the user and the manager: ${op('add')} on members with [{"$ref": null, "value": …}]`,
			needs: ['groupId', 'userId', 'managerId'],
			request: (ctx) => ({
				method: 'PATCH',
				path: groupPath(ctx),
				body: patch([
					{
						op: op('add'),
						path: 'members',
						value: [
							{ $ref: null, value: v(ctx, 'userId') },
							{ $ref: null, value: v(ctx, 'managerId') },
						],
					},
				]),
			}),
			check: (x) => [...c.status(x, [200, 204]), ...c.preferredStatus(x, 204, 'Entra documents 204 for group PATCH')],
		},
		{
			id: 'group.read-members',
			needs: ['groupId', 'userId', 'managerId'],
			phase: 'Groups',
			title: 'Read the group with its members (a check of the simulator, Entra itself never reads members)',
			request: (ctx) => ({ method: 'GET', path: groupPath(ctx) }),
			check: (x, ctx) => [...c.status(x, [200]), ...c.attribute(x, 'displayName', ctx.people.group.renamed), ...c.members(x, [ctx.vars.userId, ctx.vars.managerId], 'the user and the manager')],
		},
		{
			id: 'group.remove-member',
			phase: 'Groups',
			title: compliant ? 'Remove the manager: remove with path members[value eq "…"]' : 'Remove the manager: Remove on members with a value list',
			needs: ['groupId', 'managerId'],
			request: (ctx) => ({
				method: 'PATCH',
				path: groupPath(ctx),
				body: patch(compliant ? [{ op: 'remove', path: `members[value eq ${JSON.stringify(v(ctx, 'managerId'))}]` }] : [{ op: 'Remove', path: 'members', value: [{ value: v(ctx, 'managerId') }] }]),
			}),
			check: (x) => [...c.status(x, [200, 204]), ...c.preferredStatus(x, 204, 'Entra documents 204 for group PATCH')],
		},
		{
			id: 'group.read-after-remove',
			needs: ['groupId', 'userId'],
			phase: 'Groups',
			title: 'Read the group: only the user is left (a check of the simulator)',
			request: (ctx) => ({ method: 'GET', path: groupPath(ctx) }),
			check: (x, ctx) => [...c.status(x, [200]), ...c.members(x, [ctx.vars.userId], 'the user only')],
		},
		// ------------------------------------------------------------------ disable
		{
			id: 'user.disable',
			phase: 'Disable',
			title: compliant ? 'Disable: replace on active with the boolean false' : 'Disable: Replace on active with the string "False"',
			needs: ['userId'],
			request: (ctx) => ({ method: 'PATCH', path: userPath(ctx), body: patch([{ op: op('replace'), path: 'active', value: compliant ? false : 'False' }]) }),
			check: (x, ctx) => [...c.status(x, [200, 204]), ...c.ifBody(x, () => [...c.sameId(x, ctx.vars.userId), ...c.attribute(x, 'active', false)])],
		},
		{
			id: 'user.read-disabled',
			phase: 'Disable',
			title: 'Read the disabled user: still there, active is the boolean false',
			needs: ['userId'],
			request: (ctx) => ({ method: 'GET', path: userPath(ctx) }),
			check: (x, ctx) => [...c.status(x, [200]), ...c.sameId(x, ctx.vars.userId), ...c.attribute(x, 'active', false)],
		},
		// ------------------------------------------------------------------ deletes (--deletes)
		{
			id: 'group.delete',
			phase: 'Delete (--deletes)',
			title: 'Delete the group (unassigned from the app)',
			needs: ['groupId'],
			deletes: true,
			request: (ctx) => ({ method: 'DELETE', path: groupPath(ctx) }),
			check: (x) => c.status(x, [204]),
		},
		{
			id: 'user.delete',
			phase: 'Delete (--deletes)',
			title: 'Delete the disabled user (deleted in Entra)',
			needs: ['userId'],
			deletes: true,
			request: (ctx) => ({ method: 'DELETE', path: userPath(ctx) }),
			check: (x) => c.status(x, [204]),
		},
	];

	const idp: IdpName = compliant ? 'entra-062020' : 'entra';
	return {
		idp,
		title: compliant ? 'Microsoft Entra ID, aadOptscim062020 (RFC-compliant PATCH)' : 'Microsoft Entra ID, default PATCH dialect',
		headers: { Accept: 'application/scim+json', 'Content-Type': 'application/scim+json' },
		steps,
		expected: (ctx, options) => {
			const { user, manager, group } = ctx.people;
			const u = entraUpdated(user);
			return {
				users: [
					{ userName: manager.userName, active: true, givenName: manager.givenName, familyName: manager.familyName, email: manager.email },
					{ userName: user.userName, active: false, givenName: user.givenName, familyName: u.familyName, email: u.email, manager: manager.userName, deleted: options.deletes },
				],
				groups: [{ displayName: group.renamed, members: [user.userName], deleted: options.deletes }],
			};
		},
	};
}

export const entra = entraSequence('default');
export const entra062020 = entraSequence('062020');
