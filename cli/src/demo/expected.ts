/**
 * The state the org must end in after the demo, checked against the emulator's own records (not against what
 * the nodes said they did): that is what makes the demo's exit code worth trusting.
 */
import type { Emulator } from '../emulator';
import type { UserRecord } from '../emulator/state';
import { emailOf, INTEGRATION_USER, PEOPLE, PERMISSION_SETS_BY_DEPARTMENT } from './org';

export interface Check {
	name: string;
	ok: boolean;
	/** What was found instead, when it failed. */
	detail?: string;
}

export interface EventSamples {
	/** Username of the joiner in the joiner workflow's pinned event, and the group they should be in. */
	joiner: { userName: string; group: string; manager?: string };
	/** Username of the leaver in the leaver workflow's pinned event. */
	leaver: string;
}

export function verifyOrg(emulator: Emulator, events: EventSamples, initialUsers: number): Check[] {
	const { state } = emulator;
	const checks: Check[] = [];
	const check = (name: string, ok: boolean, detail?: string) => checks.push({ name, ok, ...(ok || !detail ? {} : { detail }) });
	const user = (userName: string) => state.findUser(userName);
	const groupNames = (u: UserRecord) => [...(state.userGroups.get(u.id) ?? [])].map((id) => state.groups.get(id)?.displayName ?? id).sort();
	const permissionSets = (u: UserRecord) => u.permissionSetIds.map((id) => state.permissionSets.get(id)?.label ?? id).sort();
	const idOfPerson = (employeeId: string) => {
		const person = PEOPLE.find((p) => p.id === employeeId);
		return person ? user(emailOf(person))?.id : undefined;
	};

	for (const person of PEOPLE) {
		const userName = emailOf(person);
		const found = user(userName);
		if (userName === events.leaver) continue;
		if (!person.sf && person.hr !== 'Active') continue;
		if (!found) {
			check(`${userName} exists`, false, 'not in Salesforce');
			continue;
		}
		const shouldBeActive = person.hr === 'Active';
		const title = person.hrTitle ?? person.title;
		const department = person.hrDepartment ?? person.department;
		const problems: string[] = [];
		if (found.attrs.active !== shouldBeActive) problems.push(`active is ${found.attrs.active}`);
		if (shouldBeActive && found.attrs.title !== title) problems.push(`title is "${found.attrs.title ?? ''}"`);
		if (shouldBeActive && found.attrs.enterprise.department !== department) problems.push(`department is "${found.attrs.enterprise.department ?? ''}"`);
		if (shouldBeActive && person.manager && found.attrs.enterprise.managerId !== idOfPerson(person.manager)) problems.push('manager not linked');
		const sets = permissionSets(found);
		for (const wanted of PERMISSION_SETS_BY_DEPARTMENT[department] ?? []) {
			if (shouldBeActive && !sets.includes(wanted)) problems.push(`missing permission set ${wanted}`);
		}
		const what = !person.sf ? 'created' : shouldBeActive ? (person.sf.active ? 'up to date' : 'reactivated') : 'inactive';
		check(`${userName} ${what}`, problems.length === 0, problems.join('; '));
	}

	const moved = PEOPLE.find((p) => p.hrDepartment && p.profile);
	const movedUser = moved && user(emailOf(moved));
	if (moved && movedUser) {
		const profile = state.profiles.get(movedUser.profileId)?.name;
		check(`${emailOf(moved)} keeps the profile ${moved.profile} (profiles are set on create only)`, profile === moved.profile, `profile is ${profile}`);
	}

	const joiner = user(events.joiner.userName);
	check(`${events.joiner.userName} created by the joiner event`, Boolean(joiner?.attrs.active), joiner ? 'inactive' : 'not in Salesforce');
	if (joiner) {
		check(`${events.joiner.userName} is in ${events.joiner.group}`, groupNames(joiner).includes(events.joiner.group), `groups: ${groupNames(joiner).join(', ') || 'none'}`);
		if (events.joiner.manager) {
			check(`${events.joiner.userName} reports to ${events.joiner.manager}`, joiner.attrs.enterprise.managerId === user(events.joiner.manager)?.id, 'manager not linked');
		}
	}
	const leaver = user(events.leaver);
	check(`${events.leaver} deactivated by the leaver event`, leaver?.attrs.active === false, leaver ? 'still active' : 'not in Salesforce');
	if (leaver) check(`${events.leaver} is in no public group`, groupNames(leaver).length === 0, `groups: ${groupNames(leaver).join(', ')}`);

	const unusable = [...state.users.values()].filter((u) => u.attrs.externalId === 'E183');
	check('the HR row without an email was not provisioned', unusable.length === 0, `${unusable.length} users with external ID E183`);
	check(`${INTEGRATION_USER} (outside the sync's scope) still active`, user(INTEGRATION_USER)?.attrs.active === true, 'deactivated');
	const joiners = PEOPLE.filter((p) => !p.sf && p.hr === 'Active').length;
	const expectedUsers = initialUsers + joiners + 1;
	check(`${expectedUsers} users in the org, no duplicates`, state.users.size === expectedUsers, `${state.users.size} users`);
	return checks;
}
