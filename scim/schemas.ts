/**
 * Schema URNs and resource shapes (RFC 7643 §4 core User/Group, §4.3 enterprise extension; RFC 7644 §3.4.2,
 * §3.5.2, §3.12 messages). Shapes are deliberately loose: Salesforce adds non-standard top-level attributes
 * (`emailEncodingKey`, `alias`) and accepts `"primary": "true"` as a string.
 */

export const SCHEMA = {
	user: 'urn:ietf:params:scim:schemas:core:2.0:User',
	enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
	group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
	patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
	listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
	error: 'urn:ietf:params:scim:api:messages:2.0:Error',
} as const;

/**
 * The side-car this package keeps beside a SCIM user in an n8n item (`json._sfscim`: create-only paths, a manager
 * named by email or external id, validation issues, a write's outcome). Never sent to a server.
 */
export const SIDECAR_KEY = '_sfscim';

/** Core schemas put their attributes at the top level of a resource; extensions nest under their URN (RFC 7643 §3). */
export const CORE_SCHEMA_PREFIX = 'urn:ietf:params:scim:schemas:core:';

export function isCoreSchema(urn: string): boolean {
	return urn.toLowerCase().startsWith(CORE_SCHEMA_PREFIX);
}

/** A schema URN as used for an extension key: `urn:` followed by colon-separated, non-empty segments. */
export function isSchemaUrn(text: string): boolean {
	return /^urn:[^\s:[\]]+(:[^\s:[\]]+)+$/i.test(text);
}

export interface ScimResource {
	schemas?: string[];
	id?: string;
	externalId?: string;
	meta?: Record<string, unknown>;
	[attribute: string]: unknown;
}

/** One element of a multi-valued attribute (RFC 7643 §2.4). */
export interface ScimMultiValue {
	value?: string;
	display?: string;
	type?: string;
	primary?: boolean | string;
	$ref?: string;
	[subAttribute: string]: unknown;
}

export interface ScimName {
	givenName?: string;
	familyName?: string;
	formatted?: string;
	middleName?: string;
	honorificPrefix?: string;
	honorificSuffix?: string;
}

export interface ScimEnterpriseUser {
	employeeNumber?: string;
	costCenter?: string;
	organization?: string;
	division?: string;
	department?: string;
	manager?: { value?: string; displayName?: string; $ref?: string };
}

export interface ScimUser extends ScimResource {
	userName?: string;
	name?: ScimName;
	displayName?: string;
	nickName?: string;
	title?: string;
	userType?: string;
	preferredLanguage?: string;
	locale?: string;
	timezone?: string;
	active?: boolean;
	password?: string;
	emails?: Array<{ value: string; type?: string; primary?: boolean | string; display?: string }>;
	phoneNumbers?: Array<{ value: string; type?: string; primary?: boolean | string }>;
	addresses?: Array<Record<string, unknown>>;
	entitlements?: Array<{ value: string; type?: string; display?: string; primary?: boolean | string; $ref?: string }>;
	roles?: ScimMultiValue[];
	groups?: ScimMultiValue[];
	/** Salesforce's Alias (≤ 8 characters); not a SCIM attribute, accepted at the top level. */
	alias?: string;
	'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'?: ScimEnterpriseUser;
}

export interface ScimGroup extends ScimResource {
	displayName?: string;
	members?: ScimMultiValue[];
}
