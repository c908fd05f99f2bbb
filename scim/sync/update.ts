/**
 * The one rule for updating a Salesforce user towards a desired one: what Sync plans for a matched user and what
 * Create or Update / Update send are the same PATCH.
 */
import { getAttribute, isPlainObject } from '../attribute';
import type { PatchOperation } from '../patchop';
import { buildPatchOps } from '../patchDiff';
import type { ScimUser } from '../schemas';
import { isProfileEntitlement } from '../user';
import { withoutCreateOnly } from './createOnly';

export interface UserUpdateOptions {
	/** Paths never written on update (the Mapping node's "only on create"). */
	createOnly?: readonly string[];
	/** 'merge' (default) never drops a permission set the user holds; 'exact' makes the desired list the list. */
	permissionSetMode?: 'merge' | 'exact';
	/** Leave `active` out: Sync decides the status apart and puts it in the same write. */
	omitStatus?: boolean;
	/**
	 * Otherwise `active` is written as desired names it, except: false never reactivates an inactive user, true
	 * reactivates them even when desired does not say `active` ("Reactivate Matched Inactive User").
	 */
	reactivate?: boolean;
}

/**
 * The smallest PATCH that makes `current` hold what `desired` names: create-only paths and the side-car left out,
 * unchanged attributes not sent. [] when nothing differs: an unchanged user costs no write.
 */
export function userUpdateOperations(current: ScimUser, desired: ScimUser, options: UserUpdateOptions = {}): PatchOperation[] {
	const target = withoutCreateOnly(desired, options.createOnly ?? []);
	const inactive = current.active === false;
	if (options.omitStatus || (options.reactivate === false && inactive)) delete target.active;
	else if (options.reactivate === true && inactive && target.active === undefined) target.active = true;
	const mode = options.permissionSetMode ?? 'merge';
	if (mode === 'exact') keepHeldProfile(current, target);
	return buildPatchOps(current, target, { entitlements: mode });
}

/**
 * "Set Exact List" is about permission sets: a user always has exactly one profile, so when none is named the
 * one they hold stays in the list (without it, Salesforce refuses the whole PATCH).
 */
function keepHeldProfile(current: ScimUser, target: ScimUser) {
	if (!Array.isArray(target.entitlements)) return;
	const wanted = target.entitlements;
	if (wanted.some((e) => isProfileEntitlement(e))) return;
	const held = getAttribute(current, 'entitlements');
	const profile = (Array.isArray(held) ? held : []).find((e) => isPlainObject(e) && isProfileEntitlement(e)) as Record<string, unknown> | undefined;
	if (!profile) return;
	target.entitlements = [
		{ value: profile.value, type: 'Profile', ...(profile.display ? { display: profile.display } : {}) },
		...wanted,
	] as ScimUser['entitlements'];
}
