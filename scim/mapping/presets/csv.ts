import type { MappingPreset } from '../types';
import { ENTERPRISE, FAX, HOME_PHONE, MOBILE_PHONE, PAGER, WORK_EMAIL, WORK_PHONE } from './shared';

/**
 * A generic HR row, as n8n's Extract from File reads a CSV: every value is a string with its whitespace, empty
 * cells are dropped (a missing End Date means active), email case varies, and a byte-order mark can stick to
 * the first column name. `~` matches column names loosely (`First Name`, `first_name`, `FIRSTNAME`).
 * Phone columns are those of BambooHR, Workday, Personio, HiBob, Rippling and ADP exports, each under its own SCIM
 * type; Salesforce keeps one number, the first found of work, mobile, home, fax, pager.
 */
const column = (names: string[]): string => names.map((name) => `~${name} | trim`).join(' ?? ');
export const csvPreset: MappingPreset = {
	name: 'csv',
	displayName: 'CSV / HR Export',
	description: 'Rows from a CSV or spreadsheet HR export (Extract from File, Google Sheets, …)',
	rows: [
		{ target: 'userName', source: '~Username | trim | lower ?? ~Email | trim | lower ?? ~Work Email | trim | lower' },
		{ target: 'externalId', source: '~Employee ID | trim ?? ~Employee Number | trim ?? ~ID | trim' },
		{ target: 'name.givenName', source: '~First Name | trim ?? ~Given Name | trim' },
		{
			target: 'name.familyName',
			source: '~Last Name | trim ?? ~Surname | trim ?? ~Family Name | trim',
		},
		{ target: WORK_EMAIL, source: '~Email | trim ?? ~Work Email | trim' },
		{
			target: WORK_PHONE,
			source: column([
				'Work Phone', 'Work Phone Number', 'Primary Work Phone', 'Office Phone', 'Office Phone Number', 'Business Phone',
				'Work Telephone', 'Telephone', 'Telephone Number', 'Direct Line', 'Direct Phone', 'Phone', 'Phone Number',
			]),
		},
		{
			target: MOBILE_PHONE,
			source: column([
				'Work Mobile', 'Work Mobile Phone', 'Primary Work Mobile', 'Work Cell', 'Business Mobile', 'Mobile Phone',
				'Mobile Phone Number', 'Mobile', 'Mobile Number', 'Cell Phone', 'Cell Phone Number', 'Cell', 'Cell Number',
				'Personal Mobile', 'Personal Cell', 'Private Mobile',
			]),
		},
		{
			target: HOME_PHONE,
			source: column(['Home Phone', 'Home Phone Number', 'Primary Home Phone', 'Personal Phone', 'Private Phone']),
		},
		{ target: FAX, source: column(['Fax', 'Fax Number', 'Work Fax', 'Business Fax']) },
		{ target: PAGER, source: column(['Pager', 'Pager Number']) },
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
