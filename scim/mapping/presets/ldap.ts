import type { MappingPreset } from '../types';
import { ENTERPRISE, FAX, HOME_PHONE, MOBILE_PHONE, PAGER, WORK_ADDRESS, WORK_EMAIL, WORK_PHONE } from './shared';

/**
 * An LDAP / Active Directory entry as n8n's LDAP node returns a search: one value is a string, several are an
 * array, a requested attribute the entry lacks is `[]`, and every value is a string — hence `| first` on each
 * field. Disabled is bit 2 of `userAccountControl` (66048 is an enabled account, 514 and 66050 are not).
 * `manager` is a DN whose common name may hold an escaped comma (`CN=Doe\, Jane,OU=…`). The Mapping node links
 * it to the manager's entry in the same input by DN (managers.ts); the DN and the name stay for the rest.
 */
export const ldapPreset: MappingPreset = {
	name: 'ldap',
	displayName: 'LDAP / Active Directory',
	description: "Entries from n8n's LDAP node (Active Directory or another directory)",
	rows: [
		{ target: 'userName', source: 'userPrincipalName | first | trim | lower ?? mail | first | trim | lower' },
		{ target: 'externalId', source: 'employeeID | first ?? sAMAccountName | first ?? uid | first' },
		{ target: 'name.givenName', source: 'givenName | first | trim' },
		{ target: 'name.familyName', source: 'sn | first | trim' },
		{ target: 'displayName', source: 'displayName | first | trim ?? cn | first | trim' },
		{ target: WORK_EMAIL, source: 'mail | first | trim ?? userPrincipalName | first | trim' },
		{ target: WORK_PHONE, source: 'telephoneNumber | first' },
		{ target: MOBILE_PHONE, source: 'mobile | first' },
		{ target: HOME_PHONE, source: 'homePhone | first' },
		{ target: FAX, source: 'facsimileTelephoneNumber | first' },
		{ target: PAGER, source: 'pager | first' },
		{ target: 'title', source: 'title | first | trim' },
		{ target: 'active', source: 'userAccountControl | first | uacEnabled' },
		{ target: `${ENTERPRISE}employeeNumber`, source: 'employeeNumber | first ?? employeeID | first' },
		{ target: `${ENTERPRISE}department`, source: 'department | first | trim' },
		{ target: `${ENTERPRISE}organization`, source: 'company | first | trim ?? o | first | trim' },
		{ target: `${ENTERPRISE}division`, source: 'division | first | trim' },
		{ target: `${WORK_ADDRESS}.streetAddress`, source: 'streetAddress | first' },
		{ target: `${WORK_ADDRESS}.locality`, source: 'l | first' },
		{ target: `${WORK_ADDRESS}.region`, source: 'st | first' },
		{ target: `${WORK_ADDRESS}.postalCode`, source: 'postalCode | first' },
		{ target: `${WORK_ADDRESS}.country`, source: 'c | first' },
		{ target: '_sfscim.manager.dn', source: 'manager | first' },
		{ target: '_sfscim.manager.displayName', source: 'manager | first | cn' },
	],
};
