import type { INodeProperties } from 'n8n-workflow';

/** The environment picker both credentials share: which login host the org answers on. */
export const environmentProperties: INodeProperties[] = [
	{
		displayName: 'Environment',
		name: 'environment',
		type: 'options',
		options: [
			{ name: 'Production', value: 'production', description: 'login.salesforce.com' },
			{ name: 'Sandbox', value: 'sandbox', description: 'test.salesforce.com' },
			{ name: 'My Domain', value: 'myDomain', description: 'Your org’s own login URL' },
		],
		default: 'production',
	},
	{
		displayName: 'My Domain URL',
		name: 'myDomainUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://yourcompany.my.salesforce.com',
		description: 'Setup → My Domain. Must be https (http only for a local emulator on 127.0.0.1).',
		displayOptions: { show: { environment: ['myDomain'] } },
	},
];
