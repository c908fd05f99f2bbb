import { Args, Command, Flags } from '@oclif/core';

import {
	formatHeader,
	formatLoad,
	formatStep,
	formatSummary,
	makePeople,
	runLoad,
	runSequence,
	SEQUENCES,
	type IdpName,
} from '../idp';
import { IdpSettingsError, resolveIdpName, resolveIdpSettings, resolveLoadNumbers, type IdpSettings } from '../idp/settings';

/** `sfscim idp`: be Okta or Entra against a SCIM base URL (a SCIM Trigger workflow), without an IdP account. */
export default class IdpCommand extends Command {
	static override description =
		'Replay what an identity provider sends as a SCIM client (Okta\'s spec test, AIW provisioning and Push Groups; Entra ID in its default and aadOptscim062020 dialects) against a SCIM base URL, and print each request, its answer and whether that IdP would accept it. `load` sends many creates at once and counts lost and duplicated users. Exit code 1 when the IdP would reject an answer. The token is never printed.';

	static override examples = [
		'<%= config.bin %> idp okta --url https://n8n.example.com/webhook/<id>/<slug> --token …',
		'<%= config.bin %> idp entra --url … --token … --json',
		'<%= config.bin %> idp entra-062020 --url … --token … --verify-url http://127.0.0.1:8787/services/scim/v2 --verify-token …',
		'<%= config.bin %> idp load --url … --token … --users 200 --concurrency 200 --updates',
	];

	static override args = {
		sequence: Args.string({ description: 'okta, entra, entra-062020, or load', required: true, options: ['okta', 'entra', 'entra-062020', 'load'] }),
	};

	static override flags = {
		url: Flags.string({ description: 'SCIM base URL (what the IdP is given: Okta "SCIM connector base URL", Entra "Tenant URL")' }),
		token: Flags.string({ description: 'Bearer token the IdP sends; prefer the SFSCIM_IDP_TOKEN environment variable to keep it out of the shell history', env: 'SFSCIM_IDP_TOKEN' }),
		prefix: Flags.string({ description: 'Suffix making this run\'s userNames and group names unique (default: random); reuse it to find what a run created' }),
		domain: Flags.string({ description: 'Mail domain of the generated people', default: 'example.com' }),
		'user-attributes': Flags.string({ description: 'JSON object (or @file.json) merged into every user created or replaced, like an IdP attribute mapping; e.g. a Salesforce profile when the URL is Salesforce itself: {"entitlements":[{"value":"00e…"}]}' }),
		'verify-url': Flags.string({ description: 'SCIM server holding what the target provisioned (the Salesforce org or emulator behind the trigger): read back and check every user and group' }),
		'verify-token': Flags.string({ description: 'Bearer token for --verify-url', env: 'SFSCIM_VERIFY_TOKEN' }),
		timeout: Flags.integer({ description: 'Timeout per request in ms (Okta and Entra give up after 60 s)', default: 60_000 }),
		deletes: Flags.boolean({ description: 'End with the DELETEs the IdP sends when a group is unlinked or unassigned (Okta, Entra) and a user deleted (Entra; Okta never deletes users)', default: false }),
		json: Flags.boolean({ description: 'Print the report as JSON (requests, answers, checks)', default: false }),
		idp: Flags.string({ description: 'load: whose requests to send', options: ['okta', 'entra', 'entra-062020'], default: 'okta' }),
		users: Flags.integer({ description: 'load: users to create', default: 200 }),
		concurrency: Flags.integer({ description: 'load: requests in flight at once', default: 50 }),
		updates: Flags.boolean({ description: 'load: then update every created user once (PATCH title)', default: false }),
		resend: Flags.boolean({ description: 'load: send every create twice at once, as an IdP retrying a request it thinks timed out', default: false }),
	};

	async run(): Promise<void> {
		const { args, flags } = await this.parse(IdpCommand);
		let settings: IdpSettings;
		let numbers: { users: number; concurrency: number } | undefined;
		let idp: IdpName;
		try {
			settings = resolveIdpSettings(flags);
			idp = resolveIdpName(args.sequence === 'load' ? flags.idp : args.sequence, args.sequence === 'load' ? '--idp' : 'the sequence');
			if (args.sequence === 'load') numbers = resolveLoadNumbers(flags);
		} catch (err) {
			if (err instanceof IdpSettingsError) this.error(err.message, { exit: 2 });
			throw err;
		}
		if (numbers) {
			const report = await runLoad({ target: settings.target, verify: settings.verify, idp, ...numbers, updates: flags.updates, resend: flags.resend, suffix: settings.suffix, domain: settings.domain, userAttributes: settings.userAttributes });
			this.log(flags.json ? JSON.stringify(report, null, 2) : formatLoad(report));
			if (!report.ok) this.exit(1);
			return;
		}
		const sequence = SEQUENCES[idp];
		const people = makePeople(idp, settings.suffix, settings.domain);
		if (!flags.json) this.log(formatHeader({ idp, title: sequence.title, url: settings.target.url, suffix: settings.suffix }));
		const report = await runSequence({
			sequence,
			target: settings.target,
			verify: settings.verify,
			people,
			userAttributes: settings.userAttributes,
			deletes: flags.deletes,
			onStep: flags.json ? undefined : (step) => this.log(formatStep(step)),
		});
		this.log(flags.json ? JSON.stringify(report, null, 2) : formatSummary(report));
		if (!report.ok) this.exit(1);
	}
}
