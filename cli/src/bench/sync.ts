/**
 * Sync at scale (issue 7): N desired users against N in Salesforce (the emulator), a share changed and a share of
 * leavers. Measures the planning CPU (planSync alone), the peak RSS, the request count against pages + actions,
 * and the elapsed time of a full apply through n8n's engine against what the concurrency setting allows.
 * Goals: planning ≤ 5 s CPU, peak ≤ 600 MB, requests = pages + actions + a small constant, elapsed within 1.2× of
 * requests × latency ÷ concurrency. Not a timed test: machines vary; the figures are printed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import type { IDataObject } from 'n8n-workflow';

import { planSync } from '../../../scim/sync';
import type { ScimUser } from '../../../scim/schemas';
import { startEmulator } from '../emulator';
import { runWorkflow } from '../engine';

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
	/** planSync alone; its peak RSS includes the emulator holding the same users. */
	planning: { cpuSeconds: number; wallSeconds: number; writes: number; peakRssMb: number };
	/** Peak RSS of the whole process at the end: emulator, n8n engine, node and bench together. */
	peakRssMb: number;
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

/** A desired user as the Mapping node emits it; every `changedEvery`-th one with a new title. */
function desiredUser(n: number, changed: boolean, profile: IDataObject): ScimUser {
	return {
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
		userName: `user${pad(n)}@${DOMAIN}`,
		externalId: `USER${pad(n)}`,
		name: { givenName: 'Bench', familyName: `User ${pad(n)}` },
		emails: [{ value: `user${pad(n)}@${DOMAIN}`, type: 'work', primary: true }],
		entitlements: [profile] as ScimUser['entitlements'],
		...(changed ? { title: 'Changed' } : {}),
		locale: 'en_US',
		_sfscim: { createOnly: ['locale'] },
	};
}

function peakRssMb(): number {
	return Math.round(process.resourceUsage().maxRSS / 1024);
}

export async function benchSync(options: SyncBenchOptions = {}): Promise<SyncBenchResult> {
	const users = options.users ?? 100_000;
	const latencyMs = options.latencyMs ?? 0;
	const concurrency = options.concurrency ?? 5;
	const changed = Math.round(users * (options.changedShare ?? 0.01));
	const leavers = Math.round(users * (options.leaverShare ?? 0.005));
	process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'sfscim-bench-'));

	const emulator = await startEmulator({ licenses: users * 2, apiLimit: 100_000_000, latencyMs, requestLogLimit: 0, data: BENCH_ORG });
	const result: Partial<SyncBenchResult> = { users, changed, leavers };
	try {
		emulator.state.generateUsers(users, { domain: DOMAIN, start: 1 });
		const profile = [...emulator.state.profiles.values()].find((p) => p.name === 'Standard User')!;
		// Changed users spread evenly; leavers are the last ones (absent from the input).
		const changedEvery = changed > 0 ? Math.floor((users - leavers) / changed) : Infinity;
		const isChanged = (n: number) => changedEvery !== Infinity && n % changedEvery === 0 && n / changedEvery <= changed;
		const stayers = users - leavers;

		// Planning alone, on the objects the emulator renders (what a read returns; no extra copy), profile by id.
		const actual = emulator.state.userOrder.map((id) => emulator.state.renderUser(emulator.state.users.get(id)!) as ScimUser);
		const desired = Array.from({ length: stayers }, (_, i) => desiredUser(i + 1, isChanged(i + 1), { value: profile.id, type: 'Profile' }));
		const cpu = process.cpuUsage();
		const wall = performance.now();
		const plan = planSync(desired, actual, { confirmMassDeactivation: true, scope: { kind: 'filter', filter: `userName ew "@${DOMAIN}"` } });
		const used = process.cpuUsage(cpu);
		result.planning = { cpuSeconds: (used.user + used.system) / 1e6, wallSeconds: (performance.now() - wall) / 1000, writes: plan.summary.writes, peakRssMb: peakRssMb() };
		actual.length = 0;

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
					scopeFilter: `userName ew "@${DOMAIN}"`,
					options: { confirmMassDeactivation: true, concurrency, retryDelayMs: 50 },
				},
				credentials: { salesforceScimOAuth2Api: { id: 'bench', name: 'bench' } },
			};
			const info = emulator.connectionInfo();
			const before = emulator.state.usage.used;
			const start = performance.now();
			const run = await runWorkflow(
				{
					nodes: [{ id: 'trigger', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, node],
					connections: { Start: { main: [[{ node: 'Sync', type: 'main' as never, index: 0 }]] } },
					pinData: { Start: items },
				},
				{
					credentials: [
						{ id: 'bench', name: 'bench', type: 'salesforceScimOAuth2Api', data: { grantType: 'clientCredentials', environment: 'myDomain', myDomainUrl: emulator.url, clientId: info.clientId, clientSecret: info.clientSecret } },
					],
				},
			);
			const elapsedSeconds = (performance.now() - start) / 1000;
			if (run.error) throw new Error(`The sync failed: ${run.error.message}`);
			const out = (run.outputs.Sync?.[0] ?? []).map((item) => item.json);
			const requests = emulator.state.usage.used - before;
			const pages = Math.ceil(emulator.state.users.size / 200);
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
		await emulator.close();
	}
}

if (require.main === module) {
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
