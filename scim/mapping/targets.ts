/**
 * The attributes a Salesforce SCIM user accepts, as mapping targets: what the node offers in its target list.
 * Anything else is still allowed as a custom path (an org's own extension, another phone type).
 */
import { ENTERPRISE } from './presets/shared';

export interface KnownTarget {
	path: string;
	name: string;
	description: string;
}

export const PROFILE_DISPLAY_PATH = 'entitlements[type eq "Profile"].display';

export const KNOWN_TARGETS: readonly KnownTarget[] = [
	{ path: 'userName', name: 'Username', description: 'Email-shaped, unique across every Salesforce org' },
	{ path: 'externalId', name: 'External ID', description: "The source system's stable ID, used to match users" },
	{ path: 'name.givenName', name: 'First Name', description: 'name.givenName' },
	{ path: 'name.familyName', name: 'Last Name', description: 'name.familyName (required by Salesforce)' },
	{ path: 'name.middleName', name: 'Middle Name', description: 'name.middleName' },
	{ path: 'name.honorificPrefix', name: 'Salutation', description: 'name.honorificPrefix' },
	{ path: 'name.honorificSuffix', name: 'Suffix', description: 'name.honorificSuffix' },
	{ path: 'displayName', name: 'Display Name', description: 'displayName' },
	{ path: 'nickName', name: 'Nickname', description: 'Community Nickname, at most 40 characters, unique in the org' },
	{ path: 'alias', name: 'Alias', description: 'Salesforce Alias, at most 8 ASCII characters' },
	{ path: 'title', name: 'Title', description: 'title' },
	{ path: 'userType', name: 'User Type', description: 'userType' },
	{ path: 'active', name: 'Active', description: 'Whether the user can log in' },
	{ path: 'emails[type eq "work"].value', name: 'Work Email', description: 'emails[type eq "work"].value (required)' },
	{ path: 'phoneNumbers[type eq "work"].value', name: 'Work Phone', description: 'Salesforce keeps one phone number per user' },
	{ path: 'phoneNumbers[type eq "mobile"].value', name: 'Mobile Phone', description: 'Salesforce keeps one phone number per user' },
	{ path: 'addresses[type eq "work"].streetAddress', name: 'Street', description: 'Work address street' },
	{ path: 'addresses[type eq "work"].locality', name: 'City', description: 'Work address city' },
	{ path: 'addresses[type eq "work"].region', name: 'State or Region', description: 'Work address region' },
	{ path: 'addresses[type eq "work"].postalCode', name: 'Postal Code', description: 'Work address postal code' },
	{ path: 'addresses[type eq "work"].country', name: 'Country', description: 'Work address country' },
	{ path: 'preferredLanguage', name: 'Language', description: 'LanguageLocaleKey, e.g. en_US' },
	{ path: 'locale', name: 'Locale', description: 'LocaleSidKey, e.g. en_US' },
	{ path: 'timezone', name: 'Time Zone', description: 'TimeZoneSidKey, e.g. Europe/Paris' },
	{ path: 'emailEncodingKey', name: 'Email Encoding', description: 'EmailEncodingKey, e.g. UTF-8' },
	{ path: PROFILE_DISPLAY_PATH, name: 'Profile (by Name)', description: 'Resolved to its 00e… ID by the Salesforce SCIM node' },
	{ path: 'entitlements[type eq "Profile"].value', name: 'Profile (by ID)', description: 'A profile ID (00e…)' },
	{ path: `${ENTERPRISE}employeeNumber`, name: 'Employee Number', description: 'Enterprise extension' },
	{ path: `${ENTERPRISE}department`, name: 'Department', description: 'Enterprise extension' },
	{ path: `${ENTERPRISE}division`, name: 'Division', description: 'Enterprise extension' },
	{ path: `${ENTERPRISE}organization`, name: 'Company', description: 'Enterprise extension (organization)' },
	{ path: `${ENTERPRISE}costCenter`, name: 'Cost Center', description: 'Enterprise extension' },
	{ path: `${ENTERPRISE}manager.value`, name: 'Manager (Salesforce ID)', description: 'A Salesforce user ID (005…)' },
	{ path: '_sfscim.manager.email', name: "Manager's Email (Resolved Later)", description: 'Looked up among Salesforce users by the SCIM node' },
	{ path: '_sfscim.manager.externalId', name: "Manager's External ID (Resolved Later)", description: 'Looked up among Salesforce users by the SCIM node' },
];
