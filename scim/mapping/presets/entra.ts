import type { MappingPreset } from '../types';
import { ENTERPRISE, FAX, MOBILE_PHONE, WORK_ADDRESS, WORK_EMAIL, WORK_PHONE } from './shared';

/**
 * Microsoft Graph `GET /users` (one element of `value`), ideally with `$expand=manager`.
 * `mail` may be null while `userPrincipalName` is set; `surname` is null for single-name people; a leaver is
 * `accountEnabled: false`; `businessPhones` is a list of at most one number; the primary address among
 * `proxyAddresses` is the one with the upper-case `SMTP:` prefix.
 */
export const entraPreset: MappingPreset = {
	name: 'entra',
	displayName: 'Microsoft Entra ID',
	description: 'Microsoft Graph user objects (GET /users, with $expand=manager for managers)',
	rows: [
		{ target: 'userName', source: 'userPrincipalName | trim | lower' },
		{ target: 'externalId', source: 'id' },
		{ target: 'name.givenName', source: 'givenName | trim' },
		// A single-name person (no surname) gets their one name as Last Name: the placeholder-name rule (names.ts).
		{ target: 'name.familyName', source: 'surname | trim' },
		{ target: 'displayName', source: 'displayName | trim' },
		{ target: WORK_EMAIL, source: 'mail | trim ?? proxyAddresses | primarySmtp ?? userPrincipalName | trim' },
		// One phone per Salesforce user: the business number, else the mobile, else the fax, each as what it is.
		{ target: WORK_PHONE, source: 'businessPhones | first' },
		{ target: MOBILE_PHONE, source: 'mobilePhone' },
		{ target: FAX, source: 'faxNumber' },
		{ target: 'title', source: 'jobTitle | trim' },
		{ target: 'active', source: 'accountEnabled | bool' },
		{ target: 'preferredLanguage', source: 'preferredLanguage | localeKey', apply: 'onCreate' },
		{ target: `${ENTERPRISE}employeeNumber`, source: 'employeeId' },
		{ target: `${ENTERPRISE}department`, source: 'department | trim' },
		{ target: `${ENTERPRISE}organization`, source: 'companyName | trim' },
		{ target: `${ENTERPRISE}costCenter`, source: 'employeeOrgData.costCenter' },
		{ target: `${ENTERPRISE}division`, source: 'employeeOrgData.division' },
		{ target: `${WORK_ADDRESS}.streetAddress`, source: 'streetAddress' },
		{ target: `${WORK_ADDRESS}.locality`, source: 'city' },
		{ target: `${WORK_ADDRESS}.region`, source: 'state' },
		{ target: `${WORK_ADDRESS}.postalCode`, source: 'postalCode' },
		{ target: `${WORK_ADDRESS}.country`, source: 'country' },
		{ target: '_sfscim.manager.email', source: 'manager.mail | trim ?? manager.userPrincipalName | trim' },
		{ target: '_sfscim.manager.externalId', source: 'manager.id' },
	],
};
