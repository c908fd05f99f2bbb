import type { IDataObject } from 'n8n-workflow';

import { patchRequest, type PatchOperation } from '../../../scim/patchop';
import { quoteFilterValue } from '../../../scim/filter';
import { buildPatchOps, sameSalesforceId } from '../../../scim/patchDiff';
import { removePathValue } from '../../../scim/path';
import { SCHEMA, type ScimUser } from '../../../scim/schemas';
import { isProfileEntitlement } from '../../../scim/user';
import { ScimRequestError, type ScimClient } from '../transport/ScimClient';
import { settle } from '../transport/settle';
import { resolveUserEntitlements } from './entitlements';
import type { DesiredUser } from './desiredUser';
import { findUsersBy, usernameCandidates } from './users';

/**
 * Resolve what a person wrote by name (profile, permission sets) into Salesforce ids, and set the manager found
 * for them (helpers/managerLinks decides which, and what to say when there is none).
 */
export async function resolveReferences(client: ScimClient, desired: DesiredUser, managerId?: string): Promise<ScimUser> {
	let user = structuredClone(desired.user);
	if (Array.isArray(user.entitlements)) {
		user.entitlements = (await resolveUserEntitlements(client, user.entitlements as IDataObject[])) as ScimUser['entitlements'];
	}
	if (managerId) user = withManager(user, managerId);
	return user;
}

/** `user` with its manager set to `managerId` (in the enterprise extension, where RFC 7643 puts it). */
export function withManager(user: ScimUser, managerId: string): ScimUser {
	const enterprise = { ...((user[SCHEMA.enterpriseUser] as IDataObject | undefined) ?? {}), manager: { value: managerId } };
	const schemas = user.schemas?.includes(SCHEMA.enterpriseUser) ? user.schemas : [...(user.schemas ?? [SCHEMA.user]), SCHEMA.enterpriseUser];
	return { ...user, schemas, [SCHEMA.enterpriseUser]: enterprise };
}

function isUniquenessConflict(error: unknown): boolean {
	return error instanceof ScimRequestError && error.decoded.status === 409;
}

function isUsernameTaken(error: unknown): boolean {
	return (
		error instanceof ScimRequestError &&
		error.decoded.status === 409 &&
		/user ?name/i.test(`${error.decoded.detail} ${error.decoded.errorCode ?? ''}`)
	);
}

export interface CreateResult {
	user: IDataObject;
	/** True when the create's answer was lost and the user was found by its username instead of sent twice. */
	recovered: boolean;
}

/**
 * POST /Users, never twice: if the answer is lost, the transport looks the username up before trying again.
 * With `findFreeUsername`, a username taken anywhere in Salesforce is retried as jane.doe1@…, jane.doe2@….
 */
export async function createUser(
	client: ScimClient,
	user: ScimUser,
	options: { findFreeUsername?: boolean; adoptConcurrentCreate?: boolean } = {},
): Promise<CreateResult> {
	const candidates = [String(user.userName), ...(options.findFreeUsername ? usernameCandidates(String(user.userName), 9) : [])];
	let lastError: unknown;
	for (const userName of candidates) {
		const body = { ...user, userName };
		let recovered = false;
		const outcome = await settle(
			client.request<IDataObject>({
				method: 'POST',
				path: '/Users',
				body,
				idempotent: false,
				recover: async () => {
					const [found] = await findUsersBy(client, 'userName', userName);
					if (found) recovered = true;
					return found;
				},
			}),
		);
		if (outcome.ok && typeof outcome.value?.id === 'string' && outcome.value.id) return { user: outcome.value, recovered };
		if (outcome.ok) {
			// A create answered without an id cannot be told apart from one that did nothing: look before reporting.
			const [found] = await findUsersBy(client, 'userName', userName);
			if (found) return { user: found, recovered: true };
			throw new Error(
				`Salesforce answered the create of ${userName} without a user id, and no such user exists afterwards. Nothing was created; run again`,
			);
		}
		lastError = outcome.error;
		// Salesforce may check the nickname (CommunityNickname) before the username: any uniqueness 409 may be the
		// same person created a moment earlier by a concurrent execution.
		if (options.adoptConcurrentCreate && isUniquenessConflict(outcome.error)) {
			// The caller looked a moment ago and found nobody. Taken now, in this org, by this very person: another
			// execution (two runs of one workflow) or a lost answer of ours landing late created it. Not "taken in
			// another org". (An explicit Create keeps the 409: the person asked for a new user.)
			const [found] = await findUsersBy(client, 'userName', userName);
			if (found && isSamePerson(found, body)) return { user: found, recovered: true };
		}
		if (!options.findFreeUsername || !isUsernameTaken(outcome.error)) break;
	}
	throw lastError;
}

/** The user found under a username is the one we meant to create: same external ID and email, where given. */
function isSamePerson(found: IDataObject, wanted: ScimUser): boolean {
	const lower = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : undefined);
	const emailOf = (user: IDataObject) => {
		const emails = Array.isArray(user.emails) ? (user.emails as IDataObject[]) : [];
		return lower((emails.find((e) => String(e.primary).toLowerCase() === 'true') ?? emails[0])?.value);
	};
	const wantedExternalId = lower(wanted.externalId);
	if (wantedExternalId !== undefined && lower(found.externalId) !== wantedExternalId) return false;
	const wantedEmail = emailOf(wanted as IDataObject);
	return wantedEmail === undefined || emailOf(found) === wantedEmail;
}

export interface UpdateResult {
	user: IDataObject;
	/** Top-level attributes the PATCH replaced; empty when the user already matched. */
	changed: string[];
	operations: PatchOperation[];
}

/** What a PATCH would change to make `current` look like `desired`, ignoring create-only attributes. */
export function planUserPatch(
	current: IDataObject,
	desired: ScimUser,
	options: { createOnly?: string[]; permissionSetMode?: 'merge' | 'exact'; reactivate?: boolean },
): PatchOperation[] {
	const target = structuredClone(desired);
	for (const path of options.createOnly ?? []) {
		try {
			removePathValue(target, path);
		} catch {
			delete target[path];
		}
	}
	// Username case is not a change: Salesforce stores it lowercased.
	delete target.schemas;
	if (options.reactivate === false && current.active === false) delete target.active;
	// "Reactivate Matched Inactive User" must not depend on the input also carrying active: true.
	if (options.reactivate === true && current.active === false && target.active === undefined) target.active = true;
	if (options.permissionSetMode === 'exact') keepCurrentProfile(current, target);
	return buildPatchOps(current as ScimUser, target, { entitlements: options.permissionSetMode ?? 'merge' });
}

function entitlementsOf(user: IDataObject): IDataObject[] {
	return Array.isArray(user.entitlements) ? (user.entitlements as IDataObject[]) : [];
}

/**
 * "Set Exact List" is about permission sets: a user always has exactly one profile, so when none is named the
 * one they hold stays in the list (without it, Salesforce refuses the whole PATCH).
 */
function keepCurrentProfile(current: IDataObject, target: ScimUser) {
	if (!Array.isArray(target.entitlements)) return;
	const wanted = target.entitlements as IDataObject[];
	if (wanted.some((e) => isProfileEntitlement(e))) return;
	const profile = entitlementsOf(current).find((e) => isProfileEntitlement(e));
	if (!profile) return;
	target.entitlements = [
		{ value: profile.value, type: 'Profile', ...(profile.display ? { display: profile.display } : {}) },
		...wanted,
	] as ScimUser['entitlements'];
}

/** The entitlements list a PATCH writes, if it writes one. */
function writtenEntitlements(operations: PatchOperation[]): IDataObject[] | undefined {
	for (const op of operations) {
		if (op.op.toLowerCase() !== 'replace') continue;
		if (op.path?.toLowerCase() === 'entitlements' && Array.isArray(op.value)) return op.value as IDataObject[];
		const value = op.value as IDataObject | undefined;
		if (!op.path && value && Array.isArray(value.entitlements)) return value.entitlements as IDataObject[];
	}
	return undefined;
}

/**
 * Whether Salesforce's `replace` of entitlements overwrites the list or merges into it is unconfirmed. After
 * writing the list we intend, read the answer: permission sets it still holds beyond that list are removed one by
 * one, by value, so "remove" and "Set Exact List" mean the same on either kind of server.
 */
export async function removeUnintendedEntitlements(
	client: ScimClient,
	user: IDataObject,
	intended: IDataObject[],
): Promise<IDataObject> {
	const wanted = intended.map((e) => String(e.value ?? ''));
	const extra = entitlementsOf(user).filter(
		(e) => !isProfileEntitlement(e) && !wanted.some((id) => sameSalesforceId(id, String(e.value ?? ''))),
	);
	if (extra.length === 0) return user;
	return await patchUser(
		client,
		String(user.id),
		extra.map((e) => ({ op: 'remove' as const, path: `entitlements[value eq ${quoteFilterValue(String(e.value))}]` })),
	);
}

export function changedAttributes(operations: PatchOperation[]): string[] {
	const names = new Set<string>();
	for (const op of operations) {
		if (op.path) names.add(op.path);
		else if (op.value && typeof op.value === 'object') for (const key of Object.keys(op.value)) names.add(key);
	}
	return [...names];
}

/** A minimal PATCH; an unchanged user costs no write. */
export async function updateUser(
	client: ScimClient,
	current: IDataObject,
	desired: ScimUser,
	options: { createOnly?: string[]; permissionSetMode?: 'merge' | 'exact'; reactivate?: boolean },
): Promise<UpdateResult> {
	const operations = planUserPatch(current, desired, options);
	if (operations.length === 0) return { user: current, changed: [], operations };
	let updated = await patchUser(client, String(current.id), operations);
	const entitlements = writtenEntitlements(operations);
	if (entitlements) updated = await removeUnintendedEntitlements(client, updated, entitlements);
	return { user: updated, changed: changedAttributes(operations), operations };
}

/** PATCH as built here is idempotent (whole-attribute replace), so the transport may send it again. */
export async function patchUser(client: ScimClient, id: string, operations: PatchOperation[]): Promise<IDataObject> {
	const path = `/Users/${encodeURIComponent(id)}`;
	const updated = await client.request<IDataObject>({ method: 'PATCH', path, body: patchRequest(operations), idempotent: true });
	// Servers may answer 204 without a body; read the user back rather than guess.
	if (!updated || !updated.id) return await client.request({ method: 'GET', path, idempotent: true });
	return updated;
}

export async function setActive(client: ScimClient, id: string, active: boolean): Promise<IDataObject> {
	return await patchUser(client, id, [{ op: 'replace', value: { active } }]);
}
