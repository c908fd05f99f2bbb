import type { MappingPreset } from '../types';
import { ENTERPRISE, HOME_PHONE, MOBILE_PHONE, WORK_EMAIL, WORK_PHONE } from './shared';

/**
 * A BambooHR employee (directory or custom report fields). `supervisor` is only a display name, so managers
 * are referenced by `supervisorEmail` / `supervisorEId`; `status` (Active / Inactive) is separate from the
 * employment status ("Terminated"); `0000-00-00`, null and "" all mean "no date"; `workEmail` may be null;
 * a single-name person may carry the placeholder first name `FNU`.
 */
export const bambooHrPreset: MappingPreset = {
	name: 'bamboohr',
	displayName: 'BambooHR',
	description: 'BambooHR employees (directory or a report with the fields below)',
	rows: [
		{ target: 'userName', source: 'workEmail | trim | lower' },
		{ target: 'externalId', source: 'id | string' },
		{ target: 'name.givenName', source: 'preferredName | trim ?? firstName | trim' },
		{ target: 'name.familyName', source: 'lastName | trim' },
		{ target: 'displayName', source: 'displayName | trim' },
		{ target: WORK_EMAIL, source: 'workEmail | trim' },
		{ target: WORK_PHONE, source: 'workPhone | trim' },
		{ target: MOBILE_PHONE, source: 'mobilePhone | trim' },
		{ target: HOME_PHONE, source: 'homePhone | trim' },
		{ target: 'title', source: 'jobTitle | trim' },
		// A termination date in the record vetoes; otherwise the Active / Inactive status decides.
		{
			target: 'active',
			source: 'terminationDate | date | isEmpty | onlyFalse ?? status | in:Active ?? employmentHistoryStatus | notIn:Terminated',
		},
		{ target: `${ENTERPRISE}employeeNumber`, source: 'employeeNumber | string' },
		{ target: `${ENTERPRISE}department`, source: 'department | trim' },
		{ target: `${ENTERPRISE}division`, source: 'division | trim' },
		{ target: '_sfscim.manager.email', source: 'supervisorEmail | trim' },
		{ target: '_sfscim.manager.externalId', source: 'supervisorEId | string' },
		{ target: '_sfscim.manager.displayName', source: 'supervisor | trim' },
	],
};
