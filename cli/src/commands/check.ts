import { Command, Flags } from '@oclif/core';

import { formatCheck, resolveSettings, runCheck, SettingsError, type CheckSettings } from '../check';

/** `sfscim check`: is this connected app, user and org ready for the Salesforce SCIM node? */
export default class CheckCommand extends Command {
	static override description =
		'Connect to a Salesforce org (or the emulator) with the given connected app credentials, mint a token, read the SCIM endpoints the nodes use and the API usage, and print a checklist with the fix for each problem. Secrets are never printed.';

	static override examples = [
		'<%= config.bin %> check --environment mydomain --my-domain https://acme.my.salesforce.com --grant client-credentials --client-id 3MVG9… --client-secret …',
		'<%= config.bin %> check --environment sandbox --grant jwt --client-id 3MVG9… --username integration@acme.com.uat --private-key-file server.key',
		'<%= config.bin %> check --env-file salesforce.env --json',
	];

	static override flags = {
		environment: Flags.string({ description: 'Login host: production (login.salesforce.com), sandbox (test.salesforce.com) or mydomain (--my-domain)', options: ['production', 'sandbox', 'mydomain'] }),
		'my-domain': Flags.string({ description: 'My Domain URL, e.g. https://acme.my.salesforce.com (https; http only for localhost)' }),
		grant: Flags.string({ description: 'OAuth flow: jwt (JWT bearer) or client-credentials', options: ['jwt', 'client-credentials'] }),
		'client-id': Flags.string({ description: 'Consumer Key of the connected app / external client app' }),
		'client-secret': Flags.string({ description: 'Consumer Secret (client credentials flow); prefer --env-file to keep it out of the shell history' }),
		username: Flags.string({ description: 'Salesforce username the JWT is issued for (JWT bearer flow)' }),
		'private-key-file': Flags.string({ description: 'PEM private key whose certificate is uploaded to the connected app (JWT bearer flow)' }),
		audience: Flags.string({ description: 'JWT audience (default: the login host)' }),
		'env-file': Flags.string({ description: 'File of KEY=VALUE lines: ENVIRONMENT, MY_DOMAIN, GRANT, CLIENT_ID, CLIENT_SECRET, USERNAME, PRIVATE_KEY_FILE or PRIVATE_KEY, AUDIENCE (optional SFSCIM_ prefix); flags win' }),
		timeout: Flags.integer({ description: 'Timeout per request, in ms', default: 20_000 }),
		json: Flags.boolean({ description: 'Print the checklist as JSON', default: false }),
	};

	async run(): Promise<void> {
		const { flags } = await this.parse(CheckCommand);
		let settings: CheckSettings;
		try {
			settings = resolveSettings(flags, flags['env-file']);
		} catch (err) {
			if (err instanceof SettingsError) this.error(err.message, { exit: 2 });
			throw err;
		}
		const report = await runCheck(settings);
		this.log(flags.json ? JSON.stringify(report, null, 2) : formatCheck(report));
		if (!report.ok) this.exit(1);
	}
}
