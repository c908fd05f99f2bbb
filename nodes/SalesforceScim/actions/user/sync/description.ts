import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { entitlementLocator, requestOptions } from '../../common.descriptions';
import { matchByProperty } from '../upsert.operation';

const showScope = (scope: string) => ({ show: { scope: [scope] } });

const properties: INodeProperties[] = [
	{
		displayName:
			'Each input item is one person who should have Salesforce access, as the Salesforce SCIM Mapping node outputs. Send the whole directory: who is missing is deactivated.',
		name: 'syncNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: true,
		description: 'Whether to only output the plan (one item per action with the before and after of each change, and a summary) and write nothing to Salesforce',
	},
	matchByProperty,
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		options: [
			{ name: 'All Users', value: 'all', description: 'Every Salesforce user with a matching key' },
			{ name: 'Users in a Profile', value: 'profile' },
			{ name: 'Users Matching a Filter', value: 'filter', description: 'A SCIM filter, evaluated on the users read from Salesforce' },
			{ name: 'Users With an External ID', value: 'hasExternalId' },
		],
		default: 'all',
		description: 'Which Salesforce users this workflow manages. Users outside the scope are never updated or deactivated.',
	},
	{
		displayName: 'Scope Filter',
		name: 'scopeFilter',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'userName ew "@example.com"',
		description: 'An RFC 7644 filter: attribute, operator (eq, ne, co, sw, ew, gt, lt, ge, le, pr), value; and / or / not',
		displayOptions: showScope('filter'),
	},
	{ ...entitlementLocator('Scope Profile', 'scopeProfile', 'searchProfiles', true), displayOptions: showScope('profile') },
	{
		displayName: 'Allowed Actions',
		name: 'syncActions',
		type: 'multiOptions',
		options: [
			{ name: 'Create', value: 'create', description: 'Create users missing from Salesforce' },
			{ name: 'Deactivate', value: 'deactivate', description: 'Deactivate managed users missing from the input' },
			{ name: 'Reactivate', value: 'reactivate', description: 'Reactivate users in the input who are inactive in Salesforce' },
			{ name: 'Update', value: 'update', description: 'Update users whose mapped attributes differ' },
		],
		default: ['create', 'deactivate', 'reactivate', 'update'],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Allow Empty Input',
				name: 'allowEmptyInput',
				type: 'boolean',
				default: false,
				description: 'Whether an input without users may deactivate every managed user (still subject to the deactivation threshold)',
			},
			{
				displayName: 'Confirm Mass Deactivation',
				name: 'confirmMassDeactivation',
				type: 'boolean',
				default: false,
				description: 'Whether to go ahead when more users would be deactivated than the thresholds allow. Turn on for one run, after checking the dry run.',
			},
			{
				displayName: 'Include Unchanged',
				name: 'includeUnchanged',
				type: 'boolean',
				default: false,
				description: 'Whether to output an item for each user that needs no change',
			},
			{
				displayName: 'Max Deactivation (%)',
				name: 'maxDeactivationPercent',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100 },
				default: 20,
				description: 'Stop before any write when more than this share of the managed active users would be deactivated',
			},
			{
				displayName: 'Max Deactivations',
				name: 'maxDeactivations',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 100,
				description: 'Stop before any write when more users than this would be deactivated',
			},
			{
				displayName: 'Permission Sets',
				name: 'permissionSetMode',
				type: 'options',
				options: [
					{ name: 'Add to Existing', value: 'merge', description: 'Never removes a permission set the user has' },
					{ name: 'Set Exact List', value: 'exact', description: 'Removes permission sets not listed' },
				],
				default: 'merge',
			},
			...requestOptions,
			{
				displayName: 'Username Suffix',
				name: 'usernameSuffix',
				type: 'string',
				default: '',
				placeholder: '.sandbox',
				description: 'Appended to every username, e.g. to keep sandbox usernames globally unique',
			},
		].sort((a, b) => a.displayName.localeCompare(b.displayName)) as INodeProperties[],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['sync'] } }, properties);
