import type { MappingPreset } from '../types';
import { ENTERPRISE, WORK_EMAIL, WORK_PHONE } from './shared';

/**
 * A SCIM 2.0 user as an IdP pushes it to the Salesforce SCIM Trigger (the `user` of its events): Okta, Entra ID or
 * any SCIM client. Values stay as the IdP sent them, because Entra compares what it reads back with what it sent.
 * The enterprise extension is read as `enterprise.*` (the Mapping node exposes
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` under that name, since a URN has dots in it).
 * The manager's `value` is already a Salesforce id: the IdP knows users by the ids this endpoint gave it.
 */
export const scimPreset: MappingPreset = {
	name: 'scim',
	displayName: 'SCIM (Salesforce SCIM Trigger)',
	description: 'SCIM 2.0 users an identity provider (Okta, Entra ID) pushed to the Salesforce SCIM Trigger',
	rows: [
		{ target: 'userName', source: 'userName | trim' },
		{ target: 'externalId', source: 'externalId' },
		{ target: 'name.givenName', source: 'name.givenName | trim' },
		// Salesforce requires a last name: a single-name person keeps their display name there.
		{ target: 'name.familyName', source: 'name.familyName | trim ?? displayName | trim' },
		{ target: 'displayName', source: 'displayName | trim' },
		{ target: 'nickName', source: 'nickName | trim' },
		{
			target: WORK_EMAIL,
			source: 'emails | find:type=work | get:value ?? emails | find:primary=true | get:value ?? emails.0.value ?? userName | emailOnly',
		},
		{ target: WORK_PHONE, source: 'phoneNumbers | find:type=work | get:value ?? phoneNumbers.0.value' },
		{ target: 'title', source: 'title | trim' },
		{ target: 'active', source: 'active | bool' },
		{ target: 'preferredLanguage', source: 'preferredLanguage | localeKey', apply: 'onCreate' },
		{ target: 'locale', source: 'locale | localeKey', apply: 'onCreate' },
		{ target: 'timezone', source: 'timezone', apply: 'onCreate' },
		{ target: `${ENTERPRISE}employeeNumber`, source: 'enterprise.employeeNumber' },
		{ target: `${ENTERPRISE}department`, source: 'enterprise.department | trim' },
		{ target: `${ENTERPRISE}division`, source: 'enterprise.division | trim' },
		{ target: `${ENTERPRISE}organization`, source: 'enterprise.organization | trim' },
		{ target: `${ENTERPRISE}costCenter`, source: 'enterprise.costCenter' },
		{ target: `${ENTERPRISE}manager.value`, source: 'enterprise.manager.value' },
	],
};
