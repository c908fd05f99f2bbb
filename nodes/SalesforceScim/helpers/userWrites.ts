import type { IDataObject } from 'n8n-workflow';

import { buildPatchOps, patchRequest, type PatchOperation } from '../../../scim/patchop';
import { removePathValue } from '../../../scim/path';
import { SCHEMA, type ScimUser } from '../../../scim/schemas';
import { ScimRequestError, type ScimClient } from '../transport/ScimClient';
import { settle } from '../transport/settle';
import { resolveUserEntitlements } from './entitlements';
import type { DesiredUser } from './desiredUser';
import { findUsersBy, usernameCandidates } from './users';

/** Resolve what a person wrote by name (profile, permission sets, manager username) into Salesforce ids. */
export async function resolveReferences(client: ScimClient, desired: DesiredUser): Promise<ScimUser> {
	const user = structuredClone(desired.user);
	if (Array.isArray(user.entitlements)) {
		user.entitlements = (await resolveUserEntitlements(client, user.entitlements as IDataObject[])) as ScimUser['entitlements'];
	}
	if (desired.managerUserName) {
		const [manager] = await client.memo(`manager:${desired.managerUserName.toLowerCase()}`, async () =>
			await findUsersBy(client, 'userName', desired.managerUserName!),
		);
		if (!manager?.id) {
			throw new Error(
				`The manager "${desired.managerUserName}" is not a Salesforce user. Create the manager first (run the workflow again after it exists), or leave the manager empty`,
			);
		}
		const enterprise = ((user[SCHEMA.enterpriseUser] as IDataObject | undefined) ?? {}) as IDataObject;
		enterprise.manager = { value: manager.id };
		user[SCHEMA.enterpriseUser] = enterprise;
		if (!user.schemas?.includes(SCHEMA.enterpriseUser)) user.schemas = [...(user.schemas ?? [SCHEMA.user]), SCHEMA.enterpriseUser];
	}
	return user;
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
	options: { findFreeUsername?: boolean } = {},
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
		if (outcome.ok) return { user: outcome.value, recovered };
		lastError = outcome.error;
		if (!options.findFreeUsername || !isUsernameTaken(outcome.error)) break;
	}
	throw lastError;
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
	return buildPatchOps(current as ScimUser, target, { entitlements: options.permissionSetMode ?? 'merge' });
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
	const updated = await patchUser(client, String(current.id), operations);
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
