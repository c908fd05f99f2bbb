/** The discovery documents: /ServiceProviderConfigs (Salesforce's plural), /Schemas and /ResourceTypes. */
import { URN } from './state';

type Json = Record<string, unknown>;

interface AttrSpec {
	name: string;
	type?: string;
	multi?: boolean;
	required?: boolean;
	caseExact?: boolean;
	mutability?: string;
	uniqueness?: string;
	sub?: AttrSpec[];
	description?: string;
}

function attribute(spec: AttrSpec): Json {
	const out: Json = {
		name: spec.name,
		type: spec.type ?? (spec.sub ? 'complex' : 'string'),
		multiValued: spec.multi ?? false,
		description: spec.description ?? spec.name,
		required: spec.required ?? false,
		caseExact: spec.caseExact ?? false,
		mutability: spec.mutability ?? 'readWrite',
		returned: 'default',
		uniqueness: spec.uniqueness ?? 'none',
	};
	if (spec.sub) out.subAttributes = spec.sub.map(attribute);
	return out;
}

const multiSub = (extra: AttrSpec[] = []): AttrSpec[] => [
	{ name: 'value' },
	{ name: 'display' },
	{ name: 'type' },
	{ name: 'primary', type: 'boolean' },
	...extra,
];

const USER_ATTRIBUTES: AttrSpec[] = [
	{ name: 'userName', required: true, uniqueness: 'global', description: 'Email-shaped, unique across all Salesforce orgs; stored lowercased' },
	{ name: 'externalId', caseExact: true },
	{ name: 'name', required: true, sub: [{ name: 'formatted', mutability: 'readOnly' }, { name: 'familyName', required: true }, { name: 'givenName' }, { name: 'middleName' }, { name: 'honorificPrefix' }, { name: 'honorificSuffix' }] },
	{ name: 'displayName', mutability: 'readOnly' },
	{ name: 'nickName', uniqueness: 'server', description: 'CommunityNickname, at most 40 characters, unique in the org' },
	{ name: 'alias', description: 'Alias, at most 8 characters (Salesforce extension attribute)' },
	{ name: 'title' },
	{ name: 'userType', mutability: 'readOnly' },
	{ name: 'preferredLanguage' },
	{ name: 'locale' },
	{ name: 'timezone' },
	{ name: 'active', type: 'boolean' },
	{ name: 'password', mutability: 'writeOnly' },
	{ name: 'emailEncodingKey' },
	{ name: 'emails', multi: true, required: true, sub: multiSub() },
	{ name: 'phoneNumbers', multi: true, sub: multiSub(), description: 'At most one phone number' },
	{ name: 'addresses', multi: true, sub: [{ name: 'streetAddress' }, { name: 'locality' }, { name: 'region' }, { name: 'postalCode' }, { name: 'country' }, { name: 'type' }] },
	{ name: 'photos', multi: true, mutability: 'readOnly', sub: multiSub() },
	{ name: 'groups', multi: true, mutability: 'readOnly', sub: multiSub([{ name: '$ref', type: 'reference' }]) },
	{ name: 'entitlements', multi: true, required: true, sub: multiSub([{ name: '$ref', type: 'reference' }]), description: 'Exactly one profile (00e…) and any permission sets (0PS…)' },
	{ name: 'roles', multi: true, sub: multiSub() },
];

const ENTERPRISE_ATTRIBUTES: AttrSpec[] = [
	{ name: 'employeeNumber' },
	{ name: 'costCenter' },
	{ name: 'organization' },
	{ name: 'division' },
	{ name: 'department' },
	{ name: 'manager', sub: [{ name: 'value' }, { name: '$ref', type: 'reference' }, { name: 'displayName', mutability: 'readOnly' }] },
];

const GROUP_ATTRIBUTES: AttrSpec[] = [
	{ name: 'displayName', required: true },
	{ name: 'members', multi: true, sub: [{ name: 'value', mutability: 'immutable' }, { name: '$ref', type: 'reference' }, { name: 'type' }, { name: 'display' }] },
];

export function schemas(scimUrl: string): Json[] {
	const schema = (id: string, name: string, attrs: AttrSpec[]) => ({
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
		id,
		name,
		description: name,
		attributes: attrs.map(attribute),
		meta: { resourceType: 'Schema', location: `${scimUrl}/Schemas/${id}` },
	});
	return [
		schema(URN.user, 'User', USER_ATTRIBUTES),
		schema(URN.enterprise, 'EnterpriseUser', ENTERPRISE_ATTRIBUTES),
		schema(URN.group, 'Group', GROUP_ATTRIBUTES),
		schema(URN.entitlement, 'Entitlement', [{ name: 'displayName' }, { name: 'type' }]),
		schema(URN.role, 'Role', [{ name: 'displayName' }, { name: 'parent', sub: [{ name: 'value' }] }]),
	];
}

export function resourceTypes(scimUrl: string): Json[] {
	const rt = (name: string, endpoint: string, schema: string, extensions: string[] = []) => ({
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
		id: name,
		name,
		endpoint,
		description: name,
		schema,
		schemaExtensions: extensions.map((s) => ({ schema: s, required: false })),
		meta: { resourceType: 'ResourceType', location: `${scimUrl}/ResourceTypes/${name}` },
	});
	return [
		rt('User', '/Users', URN.user, [URN.enterprise]),
		rt('Group', '/Groups', URN.group),
		rt('Entitlement', '/Entitlements', URN.entitlement),
		rt('Role', '/Roles', URN.role),
	];
}

export function serviceProviderConfig(scimUrl: string): Json {
	return {
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
		documentationUri: 'https://help.salesforce.com/s/articleView?id=sf.identity_scim_overview.htm',
		patch: { supported: true },
		bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
		filter: { supported: true, maxResults: 200 },
		changePassword: { supported: true },
		sort: { supported: false },
		etag: { supported: false },
		authenticationSchemes: [
			{
				type: 'oauth2',
				name: 'OAuth v2.0',
				description: 'Authentication scheme using the OAuth Standard',
				specUri: 'http://tools.ietf.org/html/rfc6749',
				documentationUri: 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_authenticate.htm',
				primary: true,
			},
		],
		meta: { resourceType: 'ServiceProviderConfig', location: `${scimUrl}/ServiceProviderConfigs` },
	};
}
