import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Flags } from '@oclif/core';

import { formatReport, runDemo } from '../demo';

/** `sfscim demo`: the whole pipeline on an emulated org, in seconds, with no Salesforce org and no n8n server. */
export default class DemoCommand extends Command {
	static override description =
		"Provision an emulated Salesforce org from an HR export and two identity events, running the example workflows in n8n's engine with this package's nodes; exits 0 only if the org ends in the expected state.";

	static override examples = ['<%= config.bin %> demo', '<%= config.bin %> demo --json'];

	static override flags = {
		json: Flags.boolean({ description: 'Print the result as JSON (steps, per-user actions, invalid records, requests, checks)', default: false }),
		quiet: Flags.boolean({ description: 'Print only the final line', default: false }),
	};

	async run(): Promise<void> {
		const { flags } = await this.parse(DemoCommand);
		if (!process.env.N8N_USER_FOLDER) process.env.N8N_USER_FOLDER = demoUserFolder();
		let result;
		try {
			result = await runDemo();
		} catch (err) {
			this.error(`the demo could not run: ${(err as Error).message}`, { exit: 2 });
		}
		if (flags.json) this.log(JSON.stringify(result, null, 2));
		else if (flags.quiet) this.log(formatReport(result).split('\n').pop() ?? '');
		else this.log(formatReport(result));
		if (!result.ok) this.exit(1);
	}
}

/**
 * n8n-core keeps its instance settings in the user folder: the demo gets a throwaway one, never the user's own
 * n8n settings, with an encryption key already there so n8n-core does not announce generating one.
 */
function demoUserFolder(): string {
	const folder = mkdtempSync(join(tmpdir(), 'sfscim-demo-'));
	mkdirSync(join(folder, '.n8n'));
	writeFileSync(join(folder, '.n8n', 'config'), JSON.stringify({ encryptionKey: randomBytes(24).toString('base64') }), { mode: 0o600 });
	return folder;
}
