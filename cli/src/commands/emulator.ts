import { readFileSync } from 'node:fs';
import { Command, Flags } from '@oclif/core';
import { startEmulator, type Emulator, type EmulatorOptions, type FaultKind, FAULT_KINDS, type SeedData } from '../emulator';

/** `sfscim emulator`: a local Salesforce SCIM endpoint with OAuth, for building workflows without a real org. */
export default class EmulatorCommand extends Command {
	static override description =
		'Run a local Salesforce SCIM 2.0 emulator (OAuth, users, permission sets, public groups, API limits, faults) until Ctrl+C.';

	static override examples = [
		'<%= config.bin %> emulator',
		'<%= config.bin %> emulator --port 8443 --latency 50 --jitter 30',
		'<%= config.bin %> emulator --fault-rate 0.05 --random-seed 42',
		'<%= config.bin %> emulator --seed ./my-org.json --licenses 10 --api-limit 5000',
		'<%= config.bin %> emulator --drop-attributes addresses --phone-format e164',
		'<%= config.bin %> emulator --json',
	];

	static override flags = {
		port: Flags.integer({ description: 'TCP port (0 picks a free one)', default: 8787 }),
		host: Flags.string({ description: 'Interface to listen on; keep 127.0.0.1 unless you mean to expose it', default: '127.0.0.1' }),
		latency: Flags.integer({ description: 'Fixed latency per request, in ms', default: 0 }),
		jitter: Flags.integer({ description: 'Random extra latency per request, 0..N ms', default: 0 }),
		'fault-rate': Flags.string({ description: 'Probability (0..1) that a SCIM request fails', default: '0' }),
		'fault-kinds': Flags.string({ description: `Comma-separated fault kinds used with --fault-rate (${FAULT_KINDS.join(', ')})`, default: 'status500,status503,reset' }),
		'random-seed': Flags.integer({ description: 'Seed of the faults and jitter (same seed, same run)', default: 1 }),
		seed: Flags.string({ description: 'JSON file with seed data (profiles, permissionSets, roles, groups, users, takenUsernames)' }),
		'api-limit': Flags.integer({ description: 'Daily API request allocation' }),
		licenses: Flags.integer({ description: 'Salesforce user licences' }),
		'token-ttl': Flags.integer({ description: 'Access token lifetime in seconds', default: 7200 }),
		'drop-attributes': Flags.string({ description: 'Comma-separated core User attributes the org accepts but does not keep (e.g. addresses): dropped on write, left out of /Schemas' }),
		'phone-format': Flags.string({ description: 'How the org stores phone numbers: as sent, or reformatted to +digits', options: ['asSent', 'e164'], default: 'asSent' }),
		json: Flags.boolean({ description: 'Print the connection values as JSON', default: false }),
	};

	async run(): Promise<void> {
		const { flags } = await this.parse(EmulatorCommand);
		const faultRate = Number(flags['fault-rate']);
		if (!(faultRate >= 0 && faultRate <= 1)) this.error('--fault-rate must be a number between 0 and 1');
		const kinds = flags['fault-kinds'].split(',').map((k) => k.trim()).filter(Boolean) as FaultKind[];
		for (const k of kinds) if (!FAULT_KINDS.includes(k)) this.error(`unknown fault kind "${k}" (known: ${FAULT_KINDS.join(', ')})`);
		let data: SeedData | undefined;
		if (flags.seed) {
			try {
				data = JSON.parse(readFileSync(flags.seed, 'utf8')) as SeedData;
			} catch (err) {
				this.error(`cannot read the seed file ${flags.seed}: ${(err as Error).message}`);
			}
		}
		const options: EmulatorOptions = {
			port: flags.port,
			host: flags.host,
			latencyMs: flags.latency,
			jitterMs: flags.jitter,
			faultRate,
			faultKinds: kinds,
			randomSeed: flags['random-seed'],
			apiLimit: flags['api-limit'],
			licenses: flags.licenses,
			tokenTtlSeconds: flags['token-ttl'],
			data,
			behaviour: {
				dropAttributes: (flags['drop-attributes'] ?? '').split(',').map((a) => a.trim()).filter(Boolean),
				phoneFormat: flags['phone-format'] === 'e164' ? 'e164' : 'asSent',
			},
		};
		let emu: Emulator;
		try {
			emu = await startEmulator(options);
		} catch (err) {
			this.error(`cannot start the emulator: ${(err as Error).message}`);
		}
		if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(flags.host)) {
			// The admin API has no authentication: it is meant for tests on the loopback interface.
			this.warn(`listening on ${flags.host}: the admin API (${emu.url}/__admin) is open to anyone who can reach this address`);
		}
		// A token for curl, valid as long as the emulator's token lifetime says.
		const token = emu.issueToken();
		const info = { ...emu.connectionInfo(), accessToken: token };
		if (flags.json) {
			this.log(JSON.stringify(info, null, 2));
		} else {
			this.log(`Salesforce SCIM emulator listening on ${info.url}`);
			this.log('');
			this.log(`  Login / instance URL   ${info.url}`);
			this.log(`  SCIM base URL          ${info.scimUrl}`);
			this.log(`  Token URL              ${info.tokenUrl}`);
			this.log(`  Authorize URL          ${info.authorizeUrl}`);
			this.log(`  Consumer key           ${info.clientId}`);
			this.log(`  Consumer secret        ${info.clientSecret}`);
			this.log(`  Callback URLs          ${info.redirectUris.join(', ')}`);
			this.log(`  Run-as user            ${info.runAsUser ?? '(client credentials disabled)'}`);
			this.log(`  Admin API              ${info.adminUrl}`);
			this.log('');
			this.log('Try it:');
			this.log(`  curl -s -H "Authorization: Bearer ${token}" ${info.scimUrl}/Users`);
			this.log(`  curl -s -d grant_type=client_credentials -d client_id=${info.clientId} -d client_secret=${info.clientSecret} ${info.tokenUrl}`);
			this.log('');
			this.log('Press Ctrl+C to stop.');
		}
		await new Promise<void>((resolve) => {
			const stop = () => {
				process.off('SIGINT', stop);
				process.off('SIGTERM', stop);
				resolve();
			};
			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		});
		await emu.close();
	}
}
