import type { MappingPreset } from '../types';
import { ENTERPRISE, WORK_EMAIL, WORK_PHONE } from './shared';

/**
 * A generic HR row, as n8n's Extract from File reads a CSV: every value is a string with its whitespace, empty
 * cells are dropped (a missing End Date means active), email case varies, and a byte-order mark can stick to
 * the first column name. `~` matches column names loosely (`First Name`, `first_name`, `FIRSTNAME`).
 */
export const csvPreset: MappingPreset = {
	name: 'csv',
	displayName: 'CSV / HR Export',
	description: 'Rows from a CSV or spreadsheet HR export (Extract from File, Google Sheets, …)',
	rows: [
		{ target: 'userName', source: '~Username | trim | lower ?? ~Email | trim | lower ?? ~Work Email | trim | lower' },
		{ target: 'externalId', source: '~Employee ID | trim ?? ~Employee Number | trim ?? ~ID | trim' },
		{ target: 'name.givenName', source: '~First Name | trim | placeholder ?? ~Given Name | trim | placeholder' },
		{
			target: 'name.familyName',
			source: '~Last Name | trim | placeholder ?? ~Surname | trim | placeholder ?? ~Family Name | trim | placeholder',
		},
		{ target: WORK_EMAIL, source: '~Email | trim ?? ~Work Email | trim' },
		{ target: WORK_PHONE, source: '~Phone | trim ?? ~Work Phone | trim ?? ~Mobile | trim' },
		{ target: 'title', source: '~Title | trim ?? ~Job Title | trim' },
		{ target: 'active', source: '~Status | trim | in:active,employed ?? ~End Date | trim | date | isEmpty' },
		{ target: `${ENTERPRISE}employeeNumber`, source: '~Employee ID | trim ?? ~Employee Number | trim' },
		{ target: `${ENTERPRISE}department`, source: '~Department | trim' },
		{ target: `${ENTERPRISE}division`, source: '~Division | trim' },
		{ target: `${ENTERPRISE}costCenter`, source: '~Cost Center | trim' },
		{ target: '_sfscim.manager.email', source: '~Manager Email | trim | lower' },
		{ target: '_sfscim.manager.externalId', source: '~Manager ID | trim' },
	],
};
