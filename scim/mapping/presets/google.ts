import type { MappingPreset } from '../types';
import { ENTERPRISE, FAX, HOME_PHONE, MOBILE_PHONE, PAGER, WORK_ADDRESS, WORK_EMAIL, WORK_PHONE } from './shared';

/**
 * Google Workspace Directory API `users.list` (one element of `users`).
 * `emails[]` mixes the primary address, aliases and a `…test-google-a.com` address: only `primary: true` or
 * `type: work` count. `"-"` stands in for a required name the person does not have. Unset lists are omitted.
 * A leaver is `suspended: true`, or sits in a leavers organisational unit.
 */
export const googlePreset: MappingPreset = {
	name: 'google',
	displayName: 'Google Workspace',
	description: 'Google Workspace Directory API users (users.list, projection=full)',
	rows: [
		{ target: 'userName', source: 'primaryEmail | trim | lower' },
		{ target: 'externalId', source: 'id' },
		{ target: 'name.givenName', source: 'name.givenName | trim' },
		// With only "-" there, the given name is the person's one name: the placeholder-name rule (names.ts).
		{ target: 'name.familyName', source: 'name.familyName | trim' },
		{ target: 'displayName', source: 'name.fullName | trim' },
		{
			target: WORK_EMAIL,
			source: 'emails | find:primary=true | get:address ?? emails | find:type=work | get:address ?? primaryEmail',
		},
		{ target: WORK_PHONE, source: 'phones | find:type=work | get:value' },
		{ target: MOBILE_PHONE, source: 'phones | find:type=mobile | get:value ?? phones | find:type=work_mobile | get:value' },
		{ target: HOME_PHONE, source: 'phones | find:type=home | get:value' },
		{ target: FAX, source: 'phones | find:type=work_fax | get:value' },
		{ target: PAGER, source: 'phones | find:type=pager | get:value ?? phones | find:type=work_pager | get:value' },
		{ target: 'title', source: 'organizations | find:primary=true | get:title ?? organizations | first | get:title' },
		// Suspended, archived or moved to a leavers unit: each one vetoes; otherwise the user is active.
		{
			target: 'active',
			source: 'suspended | not | onlyFalse ?? archived | not | onlyFalse ?? orgUnitPath | startsWith:/Leavers,/Former | not | onlyFalse ?? "true"',
		},
		{ target: `${ENTERPRISE}employeeNumber`, source: 'externalIds | find:type=organization | get:value' },
		{
			target: `${ENTERPRISE}department`,
			source: 'organizations | find:primary=true | get:department ?? organizations | first | get:department',
		},
		{ target: `${ENTERPRISE}costCenter`, source: 'organizations | find:primary=true | get:costCenter' },
		// `locations[].area` is free text for display ("Near Seattle"), not a city: the address is `addresses[]`.
		{ target: `${WORK_ADDRESS}.streetAddress`, source: 'addresses | find:type=work | get:streetAddress' },
		{ target: `${WORK_ADDRESS}.locality`, source: 'addresses | find:type=work | get:locality' },
		{ target: `${WORK_ADDRESS}.region`, source: 'addresses | find:type=work | get:region' },
		{ target: `${WORK_ADDRESS}.postalCode`, source: 'addresses | find:type=work | get:postalCode' },
		{ target: `${WORK_ADDRESS}.country`, source: 'addresses | find:type=work | get:countryCode ?? addresses | find:type=work | get:country' },
		{ target: '_sfscim.manager.email', source: 'relations | find:type=manager | get:value | emailOnly' },
		{ target: '_sfscim.manager.displayName', source: 'relations | find:type=manager | get:value | nonEmail' },
	],
};
