/**
 * The discovery endpoints (RFC 7644 §4): what this service provider supports, so an IdP's probe and a person
 * reading `/ServiceProviderConfig` learn the truth (PATCH yes, bulk/sort/etag no, bearer tokens).
 */
import { SCHEMA } from '../schemas';

const CONFIG_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

export function serviceProviderConfig(baseUrl: string, maxResults: number): object {
	return {
		schemas: [CONFIG_SCHEMA],
		documentationUri: 'https://github.com/n8n-nodes-salesforce-scim/n8n-nodes-salesforce-scim#salesforce-scim-trigger',
		patch: { supported: true },
		bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
		filter: { supported: true, maxResults },
		changePassword: { supported: false },
		sort: { supported: false },
		etag: { supported: false },
		authenticationSchemes: [
			{ type: 'oauthbearertoken', name: 'Bearer token', description: 'Authorization: Bearer <the token in the trigger’s credential>', primary: true },
		],
		meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
	};
}

export function resourceTypes(baseUrl: string): object[] {
	return [
		{
			schemas: [RESOURCE_TYPE_SCHEMA],
			id: 'User',
			name: 'User',
			endpoint: '/Users',
			schema: SCHEMA.user,
			schemaExtensions: [{ schema: SCHEMA.enterpriseUser, required: false }],
			meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
		},
		{
			schemas: [RESOURCE_TYPE_SCHEMA],
			id: 'Group',
			name: 'Group',
			endpoint: '/Groups',
			schema: SCHEMA.group,
			meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
		},
	];
}

function attribute(name: string, type = 'string', extra: Record<string, unknown> = {}): object {
	return { name, type, multiValued: false, required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none', ...extra };
}

export function schemas(baseUrl: string): object[] {
	const multi = (name: string) => attribute(name, 'complex', { multiValued: true, subAttributes: [attribute('value'), attribute('type'), attribute('primary', 'boolean')] });
	return [
		{
			schemas: [SCHEMA_SCHEMA],
			id: SCHEMA.user,
			name: 'User',
			attributes: [
				attribute('userName', 'string', { required: true, uniqueness: 'server' }),
				attribute('externalId'),
				attribute('name', 'complex', { subAttributes: [attribute('givenName'), attribute('familyName'), attribute('formatted')] }),
				attribute('displayName'),
				attribute('nickName'),
				attribute('title'),
				attribute('preferredLanguage'),
				attribute('locale'),
				attribute('timezone'),
				attribute('active', 'boolean'),
				multi('emails'),
				multi('phoneNumbers'),
				multi('addresses'),
			],
			meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${SCHEMA.user}` },
		},
		{
			schemas: [SCHEMA_SCHEMA],
			id: SCHEMA.enterpriseUser,
			name: 'EnterpriseUser',
			attributes: ['employeeNumber', 'costCenter', 'organization', 'division', 'department'].map((name) => attribute(name)).concat([
				attribute('manager', 'complex', { subAttributes: [attribute('value'), attribute('$ref', 'reference')] }),
			]),
			meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${SCHEMA.enterpriseUser}` },
		},
		{
			schemas: [SCHEMA_SCHEMA],
			id: SCHEMA.group,
			name: 'Group',
			attributes: [
				attribute('displayName', 'string', { required: true }),
				attribute('members', 'complex', { multiValued: true, subAttributes: [attribute('value'), attribute('display')] }),
			],
			meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${SCHEMA.group}` },
		},
	];
}
