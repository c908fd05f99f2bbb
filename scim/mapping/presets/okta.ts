import type { MappingPreset } from '../types';
import { ENTERPRISE, MOBILE_PHONE, WORK_EMAIL, WORK_PHONE } from './shared';

/**
 * Okta `GET /api/v1/users` (one element of the bare array). Attributes, custom ones included, sit flat in
 * `profile`; `firstName` can be null; `managerId` should be an Okta id but often holds an email or an employee
 * number. Active means the account can sign in: STAGED has never been activated, SUSPENDED and DEPROVISIONED
 * are blocked; RECOVERY, PASSWORD_EXPIRED and LOCKED_OUT are passing states of an active account.
 */
export const oktaPreset: MappingPreset = {
	name: 'okta',
	displayName: 'Okta',
	description: 'Okta users (GET /api/v1/users)',
	rows: [
		{ target: 'userName', source: 'profile.login | trim | lower' },
		{ target: 'externalId', source: 'id' },
		{ target: 'name.givenName', source: 'profile.firstName | trim' },
		{ target: 'name.familyName', source: 'profile.lastName | trim' },
		{ target: 'displayName', source: 'profile.displayName | trim' },
		{ target: WORK_EMAIL, source: 'profile.email | trim ?? profile.login | emailOnly' },
		{ target: WORK_PHONE, source: 'profile.primaryPhone' },
		{ target: MOBILE_PHONE, source: 'profile.mobilePhone' },
		{ target: 'title', source: 'profile.title | trim' },
		{ target: 'active', source: 'status | in:ACTIVE,PROVISIONED,RECOVERY,PASSWORD_EXPIRED,LOCKED_OUT' },
		{ target: 'preferredLanguage', source: 'profile.preferredLanguage | localeKey', apply: 'onCreate' },
		{ target: 'locale', source: 'profile.locale | localeKey', apply: 'onCreate' },
		{ target: 'timezone', source: 'profile.timezone', apply: 'onCreate' },
		{ target: `${ENTERPRISE}employeeNumber`, source: 'profile.employeeNumber' },
		{ target: `${ENTERPRISE}department`, source: 'profile.department | trim' },
		{ target: `${ENTERPRISE}division`, source: 'profile.division | trim' },
		{ target: `${ENTERPRISE}organization`, source: 'profile.organization | trim' },
		{ target: `${ENTERPRISE}costCenter`, source: 'profile.costCenter' },
		{ target: '_sfscim.manager.email', source: 'profile.managerId | emailOnly' },
		{ target: '_sfscim.manager.externalId', source: 'profile.managerId | nonEmail' },
		{ target: '_sfscim.manager.displayName', source: 'profile.manager | trim' },
	],
};
