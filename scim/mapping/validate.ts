/**
 * Validation of a mapped user: Salesforce's rules from the core (scim/user.ts: email-shaped username, last
 * name, email, profile on create, length limits, one phone number), checked on the SCIM resource alone — the
 * side-car is ours, not Salesforce's.
 */
import { validateUser } from '../userValidation';

import type { MappedUser, MappingIssue } from './types';

export function validateMappedUser(user: MappedUser, forCreate: boolean): MappingIssue[] {
	// Copied without the side-car rather than copied then `delete`d: a delete turns the object into a slow
	// dictionary, and validation reads every key of it.
	let resource: Record<string, unknown> = user;
	if ('_sfscim' in user) {
		resource = {};
		for (const key in user) if (key !== '_sfscim' && Object.prototype.hasOwnProperty.call(user, key)) resource[key] = (user as Record<string, unknown>)[key];
	}
	return validateUser(resource, { forCreate }).map((issue) => ({ path: issue.path, message: issue.message }));
}
