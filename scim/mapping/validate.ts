/**
 * Validation of a mapped user: Salesforce's rules from the core (scim/user.ts: email-shaped username, last
 * name, email, profile on create, length limits, one phone number), checked on the SCIM resource alone — the
 * side-car is ours, not Salesforce's.
 */
import { validateUser } from '../user';

import type { MappedUser, MappingIssue } from './types';

export function validateMappedUser(user: MappedUser, forCreate: boolean): MappingIssue[] {
	const resource: Record<string, unknown> = { ...user };
	delete resource._sfscim;
	return validateUser(resource, { forCreate }).map((issue) => ({ path: issue.path, message: issue.message }));
}
