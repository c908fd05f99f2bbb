/**
 * Sync at scale (issue 7): N desired users against N in Salesforce (the emulator), a share changed and a share of
 * leavers. Measures the planning CPU (planSync alone), the peak RSS, the request count against pages + actions,
 * and the elapsed time of a full apply through n8n's engine against what the concurrency setting allows.
 * Goals: planning ≤ 5 s CPU, peak ≤ 600 MB, requests = pages + actions + a small constant, elapsed within 1.2× of
 * requests × latency ÷ concurrency. Not a timed test: machines vary; the figures are printed.
 *
 * The emulator runs in a child process, as Salesforce is another machine: the peak RSS reported is the n8n side's
 * (engine, node, planner), not the fake org's 100,000 records.
 */
import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import type { IDataObject } from 'n8n-workflow';

import { ListPager } from '../../../scim/listResponse';
import { planSync } from '../../../scim/sync';
import type { ScimUser } from '../../../scim/schemas';
import { runWorkflow } from '../../../cli/src/engine';

export interface SyncBenchOptions {
	users?: number;
	changedShare?: number;
	leaverShare?: number;
	/** Emulator latency per request. */
	latencyMs?: number;
	/** The node's Concurrency option. */
	concurrency?: number;
	/** Also run the full apply through the engine (default true). */
	endToEnd?: boolean;
}

export interface SyncBenchResult {
	users: number;
	changed: number;
	leavers: number;
	/** planSync alone, on the users read from the emulator. */
	planning: { cpuSeconds: number; wallSeconds: number; writes: number; peakRssMb: number };
	/** Peak RSS of this process (engine, node, planner; the emulator runs in a child process). */
	peakRssMb: number;
	emulatorPeakRssMb?: number;
	endToEnd?: {
		requests: number;
		pages: number;
		actions: number;
		overhead: number;
		elapsedSeconds: number;
		/** requests × latency ÷ concurrency: what the concurrency setting allows. */
		idealSeconds: number;
		ratio: number | null;
		failed: number;
	};
}

const DOMAIN = 'bench.example.com';
/** The org before the synthetic users: two profiles and the integration user (outside the sync's scope). */
const BENCH_ORG = {
	profiles: [{ name: 'Standard User' }, { name: 'System Administrator' }],
	users: [{ userName: 'integration@bench-admin.example', familyName: 'Integration', email: 'integration@bench-admin.example', profile: 'System Administrator' }],
};
const pad = (n: number) => String(n).padStart(6, '0');

interface EmulatorInfo {
	url: string;
	scimUrl: string;
	clientId: string;
	clientSecret: string;
	token: string;
	profileId: string;
	userCount: number;
}

/** A desired user as the Mapping node emits it. */
function desiredUser(n: number, changed: boolean, entitlements: unknown[]): ScimUser {
	return {
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
		userName: `user${pad(n)}@${DOMAIN}`,
		externalId: `USER${pad(n)}`,
		name: { givenName: 'Bench', familyName: `User ${pad(n)}` },
		emails: [{ value: `user${pad(n)}@${DOMAIN}`, type: 'work', primary: true }],
		entitlements: entitlements as ScimUser['entitlements'],
		...(changed ? { title: 'Changed' } : {}),
		locale: 'en_US',
		_sfscim: { createOnly: ['locale'] },
	};
}

function peakRssMb(): number {
	return Math.round(process.resourceUsage().maxRSS / 1024);
}

interface EmulatorHandle {
	info: EmulatorInfo;
	/** Stops it; answers the child's peak RSS when it ran in a child process. */
	stop(): Promise<number | undefined>;
}

/**
 * The emulator in a child process, seeded, then driven over its HTTP and admin API. Loaded from TypeScript
 * (ts-jest) there is no JavaScript file to fork, so it runs in this process instead.
 */
async function startBenchEmulator(users: number, latencyMs: number): Promise<EmulatorHandle> {
	const config = { users, latencyMs };
	if (__filename.endsWith('.ts')) {
		const emulator = await seededEmulator(config);
		return { info: infoOf(emulator), stop: async () => void (await emulator.close()) };
	}
	const child = fork(__filename, ['--emulator-child', JSON.stringify(config)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
	const info = await new Promise<EmulatorInfo>((resolve, reject) => {
		child.once('message', (message) => resolve(message as EmulatorInfo));
		child.once('exit', (code) => reject(new Error(`the emulator process exited (${String(code)})`)));
	});
	const stop = async () => {
		const peak = await new Promise<number | undefined>((resolve) => {
			child.once('message', (message) => resolve((message as { peakRssMb?: number }).peakRssMb));
			child.once('exit', () => resolve(undefined));
			child.send('close');
		});
		child.kill();
		return peak;
	};
	return { info, stop };
}

type Emulator = Awaited<ReturnType<typeof import('../../../cli/src/emulator').startEmulator>>;

async function seededEmulator(config: { users: number; latencyMs: number }): Promise<Emulator> {
	const { startEmulator } = await import('../../../cli/src/emulator');
	const emulator = await startEmulator({ licenses: config.users * 2, apiLimit: 100_000_000, latencyMs: config.latencyMs, requestLogLimit: 0, data: BENCH_ORG });
	emulator.state.generateUsers(config.users, { domain: DOMAIN, start: 1 });
	return emulator;
}

function infoOf(emulator: Emulator): EmulatorInfo {
	const connection = emulator.connectionInfo();
	return {
		url: emulator.url,
		scimUrl: emulator.scimUrl,
		clientId: connection.clientId,
		clientSecret: connection.clientSecret,
		token: emulator.issueToken(),
		profileId: [...emulator.state.profiles.values()].find((p) => p.name === 'Standard User')!.id,
		userCount: emulator.state.users.size,
	};
}

async function apiUsage(info: EmulatorInfo): Promise<number> {
	const response = await fetch(`${info.url}/__admin/usage`);
	return Number(((await response.json()) as { used: number }).used);
}

/** Every user, page by page, by the pager the node reads with. */
async function readAll(info: EmulatorInfo): Promise<ScimUser[]> {
	const users: ScimUser[] = [];
	const pager = new ListPager<ScimUser>(200);
	while (!pager.done) {
		const response = await fetch(`${info.scimUrl}/Users?startIndex=${pager.startIndex}&count=${pager.count}`, { headers: { Authorization: `Bearer ${info.token}` } });
		users.push(...pager.take(await response.json()));
	}
	return users;
}

export async function benchSync(options: SyncBenchOptions = {}): Promise<SyncBenchResult> {
	const users = options.users ?? 100_000;
	const latencyMs = options.latencyMs ?? 0;
	const concurrency = options.concurrency ?? 5;
	const changed = Math.round(users * (options.changedShare ?? 0.01));
	const leavers = Math.round(users * (options.leaverShare ?? 0.005));
	process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'sfscim-bench-'));

	const emulator = await startBenchEmulator(users, latencyMs);
	const { info } = emulator;
	const result: Partial<SyncBenchResult> = { users, changed, leavers };
	try {
		// Changed users spread evenly; leavers are the last ones (absent from the input).
		const changedEvery = changed > 0 ? Math.floor((users - leavers) / changed) : Infinity;
		const isChanged = (n: number) => changedEvery !== Infinity && n % changedEvery === 0 && n / changedEvery <= changed;
		const stayers = users - leavers;
		const scope = { kind: 'filter' as const, filter: `userName ew "@${DOMAIN}"` };

		// Planning alone: the users as a read returns them, the profile already resolved to its id.
		let actual = await readAll(info);
		const desired = Array.from({ length: stayers }, (_, i) => desiredUser(i + 1, isChanged(i + 1), [{ value: info.profileId, type: 'Profile' }]));
		const cpu = process.cpuUsage();
		const wall = performance.now();
		const writes = planSync(desired, actual, { confirmMassDeactivation: true, scope }).summary.writes;
		const used = process.cpuUsage(cpu);
		result.planning = { cpuSeconds: (used.user + used.system) / 1e6, wallSeconds: (performance.now() - wall) / 1000, writes, peakRssMb: peakRssMb() };
		actual = [];

		if (options.endToEnd !== false) {
			// Through n8n's engine, the same users with the profile by name as the mapping node emits it (resolved
			// once by the node). Reusing the objects keeps the bench's own copies out of the peak it reports.
			const byName = [{ display: 'Standard User', type: 'Profile', primary: true }];
			const items = desired.map((user) => ({ json: Object.assign(user, { entitlements: byName }) as IDataObject }));
			desired.length = 0;
			const node = {
				id: 'sync',
				name: 'Sync',
				type: 'n8n-nodes-salesforce-scim.salesforceScim',
				typeVersion: 1,
				position: [300, 0] as [number, number],
				parameters: {
					authentication: 'oAuth2',
					resource: 'user',
					operation: 'sync',
					dryRun: false,
					matchBy: 'userName',
					scope: 'filter',
					scopeFilter: scope.filter,
					options: { confirmMassDeactivation: true, concurrency, retryDelayMs: 50 },
				},
				credentials: { salesforceScimOAuth2Api: { id: 'bench', name: 'bench' } },
			};
			const before = await apiUsage(info);
			const start = performance.now();
			const run = await runWorkflow(
				{
					nodes: [{ id: 'trigger', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, node],
					connections: { Start: { main: [[{ node: 'Sync', type: 'main' as never, index: 0 }]] } },
					pinData: { Start: items },
				},
				{
					credentials: [
						{ id: 'bench', name: 'bench', type: 'salesforceScimOAuth2Api', data: { grantType: 'clientCredentials', environment: 'myDomain', myDomainUrl: info.url, clientId: info.clientId, clientSecret: info.clientSecret } },
					],
				},
			);
			const elapsedSeconds = (performance.now() - start) / 1000;
			if (run.error) throw new Error(`The sync failed: ${run.error.message}`);
			const out = (run.outputs.Sync?.[0] ?? []).map((item) => item.json);
			const requests = (await apiUsage(info)) - before;
			const pages = Math.ceil(info.userCount / 200);
			const actions = changed + leavers;
			const idealSeconds = (requests * latencyMs) / 1000 / concurrency;
			result.endToEnd = {
				requests,
				pages,
				actions,
				overhead: requests - pages - actions,
				elapsedSeconds,
				idealSeconds,
				ratio: idealSeconds > 0 ? elapsedSeconds / idealSeconds : null,
				failed: out.filter((o) => o.outcome === 'failed').length,
			};
		}
		result.peakRssMb = peakRssMb();
		return result as SyncBenchResult;
	} finally {
		result.emulatorPeakRssMb = await emulator.stop();
	}
}

/** The child side: start and seed the emulator, report how to reach it, close when told. */
async function emulatorChild(config: { users: number; latencyMs: number }) {
	const emulator = await seededEmulator(config);
	process.on('message', (message) => {
		if (message !== 'close') return;
		void emulator.close().then(() => process.send?.({ peakRssMb: peakRssMb() }, () => process.exit(0)));
	});
	process.send?.(infoOf(emulator));
}

if (require.main === module && process.argv[2] === '--emulator-child') {
	void emulatorChild(JSON.parse(process.argv[3]) as { users: number; latencyMs: number });
} else if (require.main === module) {
	const arg = (name: string) => {
		const index = process.argv.indexOf(`--${name}`);
		return index > 0 ? Number(process.argv[index + 1]) : undefined;
	};
	benchSync({ users: arg('users'), latencyMs: arg('latency'), concurrency: arg('concurrency'), endToEnd: !process.argv.includes('--plan-only') })
		.then((result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`))
		.catch((error: unknown) => {
			process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
			process.exitCode = 1;
		});
}
