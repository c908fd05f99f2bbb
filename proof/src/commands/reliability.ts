import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, Flags } from '@oclif/core';

import { PACKAGE_ROOT } from '../../../cli/src/engine';
import { formatReport, runReliability, writeReport } from '../reliability';

/** `sfscim-proof reliability` (`npm run test:reliability`): the figures of issue 11. */
export default class ReliabilityCommand extends Command {
	static override description =
		'Try to break the Salesforce SCIM node: syncs and Create or Update under injected faults and a daily limit, two syncs at once, a catalog of bad credentials, input and server answers, fuzzing, and a scan for leaked secrets; write reports/reliability.json and print what was tried and what survived.';

	static override examples = ['<%= config.bin %> reliability', '<%= config.bin %> reliability --short', '<%= config.bin %> reliability --json'];

	static override flags = {
		short: Flags.boolean({ description: 'The sizes the jest short version uses (100 people); about half a minute', default: false }),
		out: Flags.string({ description: 'Where to write the JSON report', default: 'reports/reliability.json' }),
		json: Flags.boolean({ description: 'Print the JSON report instead of the table', default: false }),
	};

	async run(): Promise<void> {
		const { flags } = await this.parse(ReliabilityCommand);
		const scale = flags.short ? 'short' : 'full';
		// n8n's engine writes <folder>/.n8n/config: keep it out of the real home folder.
		process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'sfscim-reliability-'));
		process.stderr.write(`sfscim-proof reliability (${scale}): every server on 127.0.0.1, canary secrets throughout\n`);
		const report = await runReliability({ scale, command: `npm run test:reliability${scale === 'full' ? '' : ' -- --short'}`, log: (line) => process.stderr.write(`${line}\n`) });
		const file = resolve(PACKAGE_ROOT, flags.out);
		writeReport(report, file);
		if (flags.json) this.log(JSON.stringify(report, null, 2));
		else {
			this.log(formatReport(report));
			this.log(`Report: ${file}`);
		}
		if (report.problems.length) process.exitCode = 1;
	}
}
