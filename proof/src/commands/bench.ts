import { resolve } from 'node:path';
import { Command, Flags } from '@oclif/core';

import { formatReport, runBench, writeReport, type BenchScale } from '../bench';
import { PACKAGE_ROOT } from '../../../cli/src/engine';

/** `sfscim-proof bench` (`npm run bench`): the performance figures of issue 10, each beside its baseline. */
export default class BenchCommand extends Command {
	static override description =
		'Measure provisioning speed, request counts and memory against the emulator through n8n’s engine, each figure beside its baseline (the HTTP Request node, a bare HTTP client, a hand-written mapping), and write reports/bench.json.';

	static override examples = ['<%= config.bin %> bench', '<%= config.bin %> bench --quick', '<%= config.bin %> bench --quick --json'];

	static override flags = {
		quick: Flags.boolean({ description: 'Smaller sizes; finishes in about a minute', default: false }),
		smoke: Flags.boolean({ description: 'The smallest sizes (what the test runs); figures only prove the bench works', default: false, exclusive: ['quick'] }),
		out: Flags.string({ description: 'Where to write the JSON report', default: 'reports/bench.json' }),
		json: Flags.boolean({ description: 'Print the JSON report instead of the table', default: false }),
		load: Flags.integer({ description: 'Run this many busy processes meanwhile (one spinning loop each): the loaded-machine figures, reproducibly', default: 0, min: 0 }),
	};

	async run(): Promise<void> {
		const { flags } = await this.parse(BenchCommand);
		const scale: BenchScale = flags.smoke ? 'smoke' : flags.quick ? 'quick' : 'full';
		const command = `npm run bench${scale === 'full' && !flags.load ? '' : ' --'}${scale === 'full' ? '' : ` --${scale}`}${flags.load ? ` --load ${flags.load}` : ''}`;
		process.stderr.write(`sfscim-proof bench (${scale}): every run against its own emulator on 127.0.0.1, one after the other\n`);
		const report = await runBench({ scale, command, load: flags.load, log: (line) => process.stderr.write(`${line}\n`) });
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
