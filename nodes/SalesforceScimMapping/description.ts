/** The mapping node's parameters. Behaviour lives in scim/mapping; this file only says what the builder sees. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { KNOWN_TARGETS, PRESETS, TRANSFORM_NAMES } from '../../scim/mapping';

export const CUSTOM_TARGET = '__custom';

/** The preset each directory event names (Directory Change Trigger, SCIM Trigger): see docs/events.md. */
export const FROM_EVENT = 'fromEvent';

const targetOptions: INodePropertyOptions[] = [
	...KNOWN_TARGETS.map((target) => ({ name: target.name, value: target.path, description: target.description })),
	{ name: 'Custom Path…', value: CUSTOM_TARGET, description: 'Any SCIM path, e.g. phoneNumbers[type eq "fax"].value' },
];

const presetOptions: INodePropertyOptions[] = [
	{ name: 'None', value: 'none', description: 'Only the rows below' },
	{ name: 'From the Event', value: FROM_EVENT, description: 'The preset each directory trigger event names (its source’s)' },
	...Object.values(PRESETS).map((preset) => ({
		name: preset.displayName,
		value: preset.name,
		description: preset.description,
	})),
];

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Each preset's rows, shown under the picker: a preset is a starting point to read and override, not a black box. */
const presetNotices: INodeProperties[] = Object.values(PRESETS).map((preset) => ({
	displayName:
		`${escapeHtml(preset.description)}. Rows (target ← value):<br>` +
		preset.rows
			.map((row) => `<code>${escapeHtml(row.target)}</code> ← <code>${escapeHtml(row.source ?? '')}</code>${row.apply === 'onCreate' ? ' (only on create)' : ''}`)
			.join('<br>'),
	name: `${preset.name}PresetNotice`,
	type: 'notice',
	default: '',
	displayOptions: { show: { preset: [preset.name] } },
}));

/** "From Okta", "From BambooHR"…: the preset's display name under the node on the canvas. */
export const subtitle = `={{ ${JSON.stringify(
	Object.fromEntries([['none', 'Custom mapping'], [FROM_EVENT, 'From the event'], ...Object.values(PRESETS).map((preset) => [preset.name, `From ${preset.displayName}`])]),
)}[$parameter["preset"]] }}`;

export const properties: INodeProperties[] = [
	{
		displayName: 'Preset',
		name: 'preset',
		type: 'options',
		options: presetOptions,
		default: 'none',
		description:
			'Rows for a known source, applied first. Rows below with the same target replace them; "Remove Preset Row" drops one.',
	},
	...presetNotices,
	{
		displayName: 'Mapping Rows',
		name: 'mappings',
		placeholder: 'Add Row',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		options: [
			{
				name: 'rows',
				displayName: 'Row',
				values: [
					{
						displayName: 'Target Attribute',
						name: 'target',
						type: 'options',
						options: targetOptions,
						default: 'userName',
						description: 'The Salesforce SCIM attribute to write',
					},
					{
						displayName: 'Target Path',
						name: 'customTarget',
						type: 'string',
						default: '',
						placeholder: 'e.g. phoneNumbers[type eq "mobile"].value',
						description: 'A SCIM path (RFC 7644), value filters and enterprise URN prefixes included',
						displayOptions: { show: { target: [CUSTOM_TARGET] } },
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. mail ?? userPrincipalName | lower',
						description: `An expression, or an input field name: dot paths (manager.mail), fallbacks (a ?? b), quoted constants ("Standard"), ~ for loose column names (~First Name), and transforms after | (${TRANSFORM_NAMES.join(', ')})`,
						displayOptions: { hide: { apply: ['remove'] } },
					},
					{
						displayName: 'Value If Empty',
						name: 'default',
						type: 'string',
						default: '',
						description:
							'Written when the value is empty (missing, null, blank or an empty list). An expression here is evaluated once per run.',
						displayOptions: { hide: { apply: ['remove'] } },
					},
					{
						displayName: 'Write',
						name: 'apply',
						type: 'options',
						options: [
							{ name: 'Always', value: 'always', description: 'On create and on every update' },
							{
								name: 'Only on Create',
								value: 'onCreate',
								description: 'The Salesforce SCIM node leaves it alone when it updates an existing user',
							},
							{ name: 'Remove Preset Row', value: 'remove', description: "Drop the preset's row for this target" },
						],
						default: 'always',
					},
				],
			},
		],
	},
	{
		displayName: 'Default Profile Name',
		name: 'defaultProfile',
		type: 'string',
		default: '',
		placeholder: 'e.g. Standard User',
		description:
			'Profile for users no row gives one; the Salesforce SCIM node resolves the name to its ID. Salesforce requires a profile on create.',
	},
	{
		displayName: 'Sandbox Suffix',
		name: 'sandboxSuffix',
		type: 'string',
		default: '',
		placeholder: 'e.g. .uat',
		description: 'Appended to every username (usernames are unique across all Salesforce orgs, sandboxes included)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Active From Status Field',
				name: 'activeStatusField',
				type: 'string',
				default: '',
				placeholder: 'e.g. Employment Status',
				description: 'Input field holding an HR status; the user is active when it is one of Active Status Values',
			},
			{
				displayName: 'Active Status Values',
				name: 'activeStatusValues',
				type: 'string',
				default: 'Active',
				description: 'Comma-separated status values that mean active (case-insensitive), for Active From Status Field',
			},
			{
				displayName: 'Derive Alias',
				name: 'alias',
				type: 'boolean',
				default: true,
				description: 'Whether to derive the Salesforce alias (8 ASCII characters) from the name when no row sets it',
			},
			{
				displayName: 'Derive Display Name',
				name: 'displayName',
				type: 'boolean',
				default: true,
				description: 'Whether to join first and last name into the display name when no row sets it',
			},
			{
				displayName: 'Derive Nickname',
				name: 'nickName',
				type: 'boolean',
				default: true,
				description: 'Whether to derive the nickname (40 characters) from the username when no row sets it',
			},
			{
				displayName: 'Derive Username From Email',
				name: 'userNameFromEmail',
				type: 'boolean',
				default: true,
				description: 'Whether to use the work email as username when no row sets one',
			},
			{
				displayName: 'Email Encoding',
				name: 'emailEncodingKey',
				type: 'string',
				default: '',
				placeholder: 'e.g. UTF-8',
				description: 'Email encoding for new users that have none',
			},
			{
				displayName: 'Ignore Placeholder Names',
				name: 'ignorePlaceholderNames',
				type: 'boolean',
				default: true,
				description:
					'Whether to leave out name parts that only stand in for an unknown one (-, ., FNU, LNU, NFN, NLN, N/A, Unknown). A person whose last name is a placeholder gets their one name as Last Name; with no real name at all the record is invalid.',
			},
			{
				displayName: 'Invalid Records',
				name: 'invalidRecords',
				type: 'options',
				options: [
					{
						name: 'Keep on Valid Output, Flagged',
						value: 'flag',
						description:
							'Also pass them on output 1 with _sfscim.invalid, so that a Sync knows these people still exist and never treats them as leavers; writes skip them',
					},
					{ name: 'Send to Invalid Output', value: 'output' },
				],
				default: 'output',
				description: 'Where records that fail validation go. Use "Keep on Valid Output, Flagged" in front of User → Sync.',
			},
			{
				displayName: 'Keep Source Record',
				name: 'keepSource',
				type: 'boolean',
				default: false,
				description: 'Whether to keep the input record in _sfscim.source beside the SCIM user',
			},
			{
				displayName: 'Language',
				name: 'preferredLanguage',
				type: 'string',
				default: '',
				placeholder: 'e.g. en_US',
				description: 'Language for new users that have none',
			},
			{
				displayName: 'Locale',
				name: 'locale',
				type: 'string',
				default: '',
				placeholder: 'e.g. en_US',
				description: 'Locale for new users that have none',
			},
			{
				displayName: 'Normalize Diacritics',
				name: 'normalizeDiacritics',
				type: 'boolean',
				default: true,
				description: 'Whether to turn usernames into ASCII (Zoë → Zoe), as Salesforce logins need',
			},
			{
				displayName: 'Permission Set Names',
				name: 'permissionSets',
				type: 'string',
				default: '',
				placeholder: 'e.g. Sales Cloud User, Inbox',
				description: 'Comma-separated permission sets to assign; the Salesforce SCIM node resolves names to IDs',
			},
			{
				displayName: 'Time Zone',
				name: 'timezone',
				type: 'string',
				default: '',
				placeholder: 'e.g. Europe/Paris',
				description: 'Time zone for new users that have none',
			},
			{
				displayName: 'Validate For',
				name: 'validateFor',
				type: 'options',
				options: [
					{ name: 'Create', value: 'create', description: 'Require everything a new user needs, a profile included' },
					{ name: 'Update', value: 'update', description: 'Check only what an update of an existing user needs' },
				],
				default: 'create',
				description: 'Which Salesforce rules an item must meet to reach the Valid output',
			},
		],
	},
];
