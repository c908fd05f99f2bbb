import type { INodeProperties } from 'n8n-workflow';

// Defaults are literals (n8n's linter reads them) and equal DEFAULT_CLIENT_OPTIONS in the transport.
const EMAIL = '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$';

/** A Salesforce user picked from the org, by ID (005…), or by username. */
export function userLocator(displayName = 'User', name = 'user'): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{
				displayName: 'By Username',
				name: 'userName',
				type: 'string',
				placeholder: 'jane.doe@example.com',
				validation: [{ type: 'regex', properties: { regex: EMAIL, errorMessage: 'Not an email-shaped username' } }],
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '005xx000001Sv6nAAC',
			},
		],
	};
}

/** A profile or permission set, from the org's list, by ID (00e… / 0PS…), or by name (resolved at run time). */
export function entitlementLocator(
	displayName: string,
	name: string,
	searchListMethod: 'searchProfiles' | 'searchPermissionSets' | 'searchEntitlements',
	required = false,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'Standard User' },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: '00eXXXXXXXXXXXXXXX' },
		],
	};
}

export function groupLocator(): INodeProperties {
	return {
		displayName: 'Group',
		name: 'group',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchGroups', searchable: true },
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'All Sales' },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: '00GXXXXXXXXXXXXXXX' },
		],
	};
}

/** Options every operation honours: output shape, the transport's concurrency, retries and pacing. */
export const requestOptions: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 25 },
		default: 5,
		description:
			'Requests in flight at once across all items. Salesforce allows 25 long-running requests per org, shared with other integrations.',
	},
	{
		displayName: 'Max API Usage (%)',
		name: 'maxApiUsagePercent',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: 80,
		description:
			'Stop before the org’s 24-hour API usage (Sforce-Limit-Info) passes this share, leaving room for other integrations. 100 turns the guard off.',
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10 },
		default: 4,
		description:
			'Attempts per request on 429, 5xx and network errors. A create whose answer was lost is looked up before it is sent again.',
	},
	{
		displayName: 'Retry Delay (Ms)',
		name: 'retryDelayMs',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 500,
		description: 'First back-off delay; it doubles with each attempt, with jitter. Retry-After is honoured.',
	},
	{
		displayName: 'SCIM Dialect',
		name: 'dialect',
		type: 'options',
		options: [
			{ name: 'Salesforce', value: 'salesforce' },
			{
				name: 'Standard SCIM (RFC 7644)',
				value: 'rfc',
				description: 'For SCIM servers other than Salesforce, e.g. a test peer',
			},
		],
		default: 'salesforce',
		description: 'How group members are patched and lists are paged',
	},
	{
		displayName: 'Timeout (Ms)',
		name: 'timeoutMs',
		type: 'number',
		typeOptions: { minValue: 1000 },
		default: 60000,
		description: 'How long to wait for one answer before treating it as lost',
	},
];

export const simplifyOption: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return a flat summary of each record (ID, username, name, email, status, profile, permission sets) instead of the full SCIM resource',
};

/** n8n's Return All + Limit pair, shown by every Get Many. */
export const returnAllProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];
