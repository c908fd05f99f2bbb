/** The trigger's parameters. Behaviour lives in poll.ts and sources/; this file only says what the builder sees. */
import type { INodeProperties } from 'n8n-workflow';

import { PRESETS } from '../../scim/mapping';

const onlyFor = (...source: string[]) => ({ show: { source } });
/** Inside the Options collection, a top-level parameter is addressed from the root. */
const optionFor = (...source: string[]) => ({ show: { '/source': source } });

export const properties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Any List (CSV or JSON at a URL)', value: 'list', description: 'A list of people, compared with the last poll' },
			{ name: 'BambooHR', value: 'bamboohr', description: 'Employees changed since the last poll' },
			{ name: 'Google Workspace', value: 'google', description: 'Directory users, compared with the last poll' },
			{ name: 'Microsoft Entra ID', value: 'entra', description: 'Microsoft Graph delta query (users, and group membership)' },
			{ name: 'Okta', value: 'okta', description: 'Users whose lastUpdated moved since the last poll' },
		],
		default: 'entra',
	},
	{
		// Only there to show the list credential (see the credentials in DirectoryChangeTrigger.node.ts): present,
		// with its default, exactly when Source is "Any list", so workflows that never stored it work unchanged.
		displayName: 'List Access',
		name: 'listAccess',
		type: 'hidden',
		displayOptions: onlyFor('list'),
		default: 'url',
	},
	{
		displayName: 'First Run',
		name: 'firstRun',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Only Take a Baseline',
				value: 'baseline',
				description: 'Record who is there now and emit only later changes (activating does not re-provision everyone)',
			},
			{ name: 'Emit Everyone as Created', value: 'emitAll', description: 'The first poll emits user.created for every current user' },
		],
		default: 'baseline',
	},
	{
		displayName: 'List Format',
		name: 'listFormat',
		type: 'options',
		displayOptions: onlyFor('list'),
		options: [
			{ name: 'Detect', value: 'auto', description: 'JSON if the answer says so or starts with [ or {, else CSV' },
			{ name: 'CSV', value: 'csv' },
			{ name: 'JSON', value: 'json' },
		],
		default: 'auto',
	},
	{
		displayName: 'Key Field',
		name: 'keyField',
		type: 'string',
		displayOptions: onlyFor('list'),
		default: '',
		placeholder: 'Employee ID',
		description:
			'The column or property that identifies a person and never changes. Empty: the first of Employee ID, Employee Number, ID, User ID, Username, Email found in the list.',
	},
	{
		displayName: 'Mapping Preset',
		name: 'listPreset',
		type: 'options',
		displayOptions: onlyFor('list'),
		options: Object.values(PRESETS).map((preset) => ({ name: preset.displayName, value: preset.name, description: preset.description })),
		default: 'csv',
		description: 'The Salesforce SCIM Mapping preset that reads these records (the events name it, and it decides who is active)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'CSV Delimiter',
				name: 'delimiter',
				type: 'string',
				default: ',',
				displayOptions: optionFor('list'),
			},
			{
				displayName: 'Domain',
				name: 'googleDomain',
				type: 'string',
				default: '',
				displayOptions: optionFor('google'),
				placeholder: 'example.com',
				description: 'Only this domain’s users. Empty: every domain of the account (customer my_customer).',
			},
			{
				displayName: 'Group Membership',
				name: 'groupMembership',
				type: 'boolean',
				default: false,
				displayOptions: optionFor('entra'),
				description: 'Whether to follow group membership too (groups/delta): emits group.members.added and group.members.removed',
			},
			{
				displayName: 'List Property',
				name: 'listProperty',
				type: 'string',
				default: '',
				displayOptions: optionFor('list'),
				placeholder: 'data.people',
				description: 'For JSON: the property holding the array of people. Empty: the top-level array, or users / value / data / employees.',
			},
			{
				displayName: 'Max Attempts',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 4,
				description: 'Attempts per request when the source throttles (429) or fails (5xx), the first included',
			},
			{
				displayName: 'Max Deletions (%)',
				name: 'maxDeletionPercent',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100 },
				default: 20,
				displayOptions: optionFor('google', 'list', 'entra'),
				description:
					'Stop with an error instead of emitting, when more than this share of known users would be deleted in one poll (a truncated export, the wrong domain). 100 disables the guard.',
			},
			{
				displayName: 'Retry Delay (Ms)',
				name: 'retryDelayMs',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1000,
				description: 'First back-off delay when the source sends no Retry-After; doubles per attempt',
			},
			{
				displayName: 'Timeout (Ms)',
				name: 'timeoutMs',
				type: 'number',
				typeOptions: { minValue: 1000 },
				default: 60000,
			},
		],
	},
];
