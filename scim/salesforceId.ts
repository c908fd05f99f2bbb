/**
 * Salesforce record ids, the one place their rules live: their shape (15 or 18 letters and digits), when two name
 * the same record, and what their key prefix says they are.
 */

/** Key prefixes of Salesforce ids: 00e Profile, 0PS PermissionSet, 005 User, 00E UserRole (case matters: 00e ≠ 00E). */
export const ID_PREFIX = { profile: '00e', permissionSet: '0PS', user: '005', role: '00E', group: '00G' } as const;

const SALESFORCE_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

/** Shaped like a Salesforce id: 15 case-sensitive characters, or those and a 3-character case suffix. */
export function isSalesforceId(value: string): boolean {
	return SALESFORCE_ID.test(value);
}

/** Same Salesforce record: 18-character ids are case-insensitive, a 15-character id is the case-sensitive head of its 18. */
export function sameSalesforceId(a: string, b: string): boolean {
	if (a === b) return true;
	if (!isSalesforceId(a) || !isSalesforceId(b)) return false;
	if (a.length === 18 && b.length === 18) return a.toLowerCase() === b.toLowerCase();
	return a.slice(0, 15) === b.slice(0, 15);
}

/**
 * The id as a key of a Set or Map in which the 15- and the 18-character form of one record meet: the 15-character
 * head of an 18-character id; any other id (not Salesforce's) as it is.
 */
export function salesforceIdKey(id: string): string {
	return id.length === 18 && isSalesforceId(id) ? id.slice(0, 15) : id;
}

export type EntitlementKind = 'Profile' | 'PermissionSet';

/** What an id's key prefix says an entitlement is: 00e… a Profile, 0PS… a PermissionSet (case-sensitive). */
export function kindOfId(id: string): EntitlementKind | undefined {
	if (id.startsWith(ID_PREFIX.profile)) return 'Profile';
	if (id.startsWith(ID_PREFIX.permissionSet)) return 'PermissionSet';
	return undefined;
}
