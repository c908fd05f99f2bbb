import type { INodeProperties } from 'n8n-workflow';

import { entitlementLocator, requestOptions, simplifyOption } from '../common.descriptions';

/**
 * The user as the builder describes it: fields in the UI, or a whole SCIM resource from the input item (what
 * the Salesforce SCIM Mapping node emits). `required` marks what a create needs.
 */
export function userInputFields(forCreate: boolean): INodeProperties[] {
	const showFields = { show: { userInput: ['fields'] } };
	return [
		{
			displayName: 'User Data',
			name: 'userInput',
			type: 'options',
			options: [
				{ name: 'Define Below', value: 'fields', description: 'Fill in the fields of this node' },
				{
					name: 'From Input Item',
					value: 'resource',
					description: 'Each input item is a SCIM user, as the Salesforce SCIM Mapping node outputs it',
				},
			],
			default: 'fields',
		},
		{
			displayName: 'Username',
			name: 'userName',
			type: 'string',
			default: '',
			required: forCreate,
			placeholder: 'jane.doe@example.com',
			description: 'Email-shaped and unique across every Salesforce org in the world',
			displayOptions: showFields,
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			required: forCreate,
			displayOptions: showFields,
		},
		{
			displayName: 'Last Name',
			name: 'familyName',
			type: 'string',
			default: '',
			required: forCreate,
			displayOptions: showFields,
		},
		{
			...entitlementLocator('Profile', 'profile', 'searchProfiles', false),
			description: 'Every Salesforce user has exactly one profile; a new user needs one',
			displayOptions: showFields,
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: showFields,
			options: [
				{ displayName: 'Active', name: 'active', type: 'boolean', default: true, description: 'Whether the user can log in' },
				{ displayName: 'Alias', name: 'alias', type: 'string', default: '', description: 'At most 8 characters; derived from the name when empty' },
				{ displayName: 'Cost Center', name: 'costCenter', type: 'string', default: '' },
				{
					displayName: 'Custom Attributes',
					name: 'customAttributes',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true },
					default: {},
					placeholder: 'Add Attribute',
					options: [
						{
							displayName: 'Attribute',
							name: 'attribute',
							values: [
								{
									displayName: 'Path',
									name: 'path',
									type: 'string',
									default: '',
									placeholder: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
									description: 'A SCIM attribute path (RFC 7644), with a schema URN prefix for extensions',
								},
								{ displayName: 'Value', name: 'value', type: 'string', default: '' },
							],
						},
					],
				},
				{ displayName: 'Department', name: 'department', type: 'string', default: '' },
				{ displayName: 'Display Name', name: 'displayName', type: 'string', default: '' },
				{ displayName: 'Division', name: 'division', type: 'string', default: '' },
				{ displayName: 'Email Encoding', name: 'emailEncodingKey', type: 'string', default: '', placeholder: 'UTF-8' },
				{ displayName: 'Employee Number', name: 'employeeNumber', type: 'string', default: '' },
				{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: 'The ID of this person in your directory or HR system' },
				{ displayName: 'First Name', name: 'givenName', type: 'string', default: '' },
				{ displayName: 'Language', name: 'preferredLanguage', type: 'string', default: '', placeholder: 'en_US' },
				{ displayName: 'Locale', name: 'locale', type: 'string', default: '', placeholder: 'en_US' },
				{
					displayName: 'Manager',
					name: 'manager',
					type: 'string',
					default: '',
					placeholder: '005… or manager@example.com',
					description: 'The manager’s Salesforce user ID, or their username (looked up)',
				},
				{ displayName: 'Nickname', name: 'nickName', type: 'string', default: '', description: 'At most 40 characters, unique in the org' },
				{ displayName: 'Organization', name: 'organization', type: 'string', default: '' },
				{
					displayName: 'Permission Sets',
					name: 'permissionSets',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true },
					default: {},
					placeholder: 'Add Permission Set',
					options: [
						{
							displayName: 'Permission Set',
							name: 'permissionSet',
							values: [entitlementLocator('Permission Set', 'permissionSet', 'searchPermissionSets', true)],
						},
					],
				},
				{ displayName: 'Phone', name: 'phone', type: 'string', default: '', description: 'Salesforce keeps one phone number per user' },
				{ displayName: 'Time Zone', name: 'timezone', type: 'string', default: '', placeholder: 'America/Los_Angeles' },
				{ displayName: 'Title', name: 'title', type: 'string', default: '' },
			],
		},
	];
}

export interface UserOptionSwitches {
	permissionSetMode?: boolean;
	username?: boolean;
	reactivate?: boolean;
}

/** The Options collection of user writes: shared request options plus what applies to this operation. */
export function userOptions(switches: UserOptionSwitches): INodeProperties {
	const options: INodeProperties[] = [simplifyOption, ...requestOptions];
	if (switches.username) {
		options.push(
			{
				displayName: 'Find a Free Username',
				name: 'findFreeUsername',
				type: 'boolean',
				default: false,
				description:
					'Whether to try jane.doe1@…, jane.doe2@… when the username is taken (Salesforce usernames are unique across all orgs)',
			},
			{
				displayName: 'Username Suffix',
				name: 'usernameSuffix',
				type: 'string',
				default: '',
				placeholder: '.sandbox',
				description: 'Appended to every username, e.g. to keep sandbox usernames globally unique',
			},
		);
	}
	if (switches.permissionSetMode) {
		options.push({
			displayName: 'Permission Sets',
			name: 'permissionSetMode',
			type: 'options',
			options: [
				{ name: 'Add to Existing', value: 'merge', description: 'Never removes a permission set the user has' },
				{ name: 'Set Exact List', value: 'exact', description: 'Removes permission sets not listed' },
			],
			default: 'merge',
		});
	}
	if (switches.reactivate) {
		options.push({
			displayName: 'Reactivate Matched Inactive User',
			name: 'reactivate',
			type: 'boolean',
			default: false,
			description: 'Whether a matched user who is inactive in Salesforce is made active again',
		});
	}
	options.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
