import type { SeedData } from './types';

/** The emulator's built-in org: a realistic handful of profiles, permission sets, roles, groups and users. */
export function defaultSeed(): SeedData {
	return {
		profiles: [
			{ name: 'System Administrator', license: 'Salesforce' },
			{ name: 'Standard User', license: 'Salesforce' },
			{ name: 'Read Only', license: 'Salesforce' },
			{ name: 'Marketing User', license: 'Salesforce' },
			{ name: 'Solution Manager', license: 'Salesforce' },
			{ name: 'Standard Platform User', license: 'Salesforce Platform' },
			{ name: 'Chatter Free User', license: 'Chatter Free' },
			{ name: 'SSO Delegated User', license: 'Salesforce', ssoEnabled: true },
		],
		permissionSets: [
			{ name: 'API_Enabled', label: 'API Enabled' },
			{ name: 'Knowledge_User', label: 'Knowledge User' },
			{ name: 'Service_Console', label: 'Service Console' },
			{ name: 'Flow_User', label: 'Flow User' },
			{ name: 'Sales_Cloud_User', label: 'Sales Cloud User' },
			{ name: 'Reports_Manager', label: 'Reports Manager' },
		],
		roles: [
			{ name: 'CEO' },
			{ name: 'VP Sales', parentId: 'CEO' },
			{ name: 'Sales Manager', parentId: 'VP Sales' },
			{ name: 'Sales Rep', parentId: 'Sales Manager' },
			{ name: 'Support Agent', parentId: 'CEO' },
		],
		groups: [
			{ name: 'All Sales', members: ['jane.doe@sfscim-emulator.example'] },
			{ name: 'EMEA' },
			{ name: 'Support Team' },
		],
		users: [
			{
				userName: 'admin@sfscim-emulator.example',
				givenName: 'Ada',
				familyName: 'Admin',
				email: 'admin@sfscim-emulator.example',
				profile: 'System Administrator',
				role: 'CEO',
			},
			{
				userName: 'jane.doe@sfscim-emulator.example',
				givenName: 'Jane',
				familyName: 'Doe',
				email: 'jane.doe@sfscim-emulator.example',
				profile: 'Standard User',
				permissionSets: ['Sales_Cloud_User'],
				role: 'Sales Rep',
				externalId: 'E1001',
			},
		],
		takenUsernames: ['taken@example.com', 'john.smith@example.com', 'admin@example.com'],
	};
}
