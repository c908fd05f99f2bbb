/**
 * The Directory Change Trigger under faults (issue 19): for each source, rounds of random changes in its
 * emulator, each followed by a poll that may be throttled (recovered by retries), may fail outright (retries
 * exhausted: nothing emitted, the place kept), may follow an n8n restart (the next poll starts from the static
 * data persisted with the last emitted batch), and for Entra may find its delta link expired. After every
 * successful poll, every user changed since their last event must have exactly one new event (none lost), and
 * no user without a change may have one (none twice).
 */
import { ActiveTrigger, type StoredCredential, type WorkflowFile } from '../../../cli/src/engine';
import { BambooHrEmulator, EntraEmulator, GoogleEmulator, ListEmulator, OktaEmulator, type SourceEmulator, type SourceFaults } from '../../../cli/src/sources';

export type DirectorySourceName = 'entra' | 'okta' | 'google' | 'bamboohr' | 'list';

export interface DirectoryTriggerFigures {
	source: DirectorySourceName;
	users: number;
	rounds: number;
	changes: number;
	/** Users with at least one change when a poll succeeded: each needs exactly one event (changes between two successful polls coalesce). */
	eventsExpected: number;
	eventsEmitted: number;
	polls: { ok: number; throttledRecovered: number; failed: number; afterRestart: number; expiredCursor: number };
	lost: number;
	duplicates: number;
	seconds: number;
	problems: string[];
}

interface Adapter {
	emulator: SourceEmulator;
	credential: StoredCredential;
	/** Creates a user; returns the id the trigger's events carry. */
	create(n: number): string;
	change(id: string, round: number): void;
	expire?: () => void;
}

const CREDENTIAL_TYPES: Record<DirectorySourceName, string> = {
	entra: 'entraDirectoryOAuth2Api',
	okta: 'oktaDirectoryApi',
	google: 'googleWorkspaceDirectoryApi',
	bamboohr: 'bambooHrDirectoryApi',
	list: 'directoryListApi',
};

function triggerOnly(source: DirectorySourceName): WorkflowFile {
	return {
		nodes: [
			{
				id: 'directory-trigger',
				name: 'Directory Change Trigger',
				type: 'n8n-nodes-salesforce-scim.directoryChangeTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { source, pollTimes: { item: [{ mode: 'everyMinute' }] }, options: { retryDelayMs: 1, maxAttempts: 3, maxDeletionPercent: 100 } },
				credentials: { [CREDENTIAL_TYPES[source]]: { id: `cred-${source}`, name: source } },
			},
		],
		connections: {},
	};
}

async function adapterFor(source: DirectorySourceName): Promise<Adapter> {
	switch (source) {
		case 'entra': {
			const emulator = await new EntraEmulator({ pageSize: 50 }).start();
			return {
				emulator,
				credential: { id: 'cred-entra', name: 'entra', type: 'entraDirectoryOAuth2Api', data: { grantType: 'clientCredentials', tenantId: emulator.tenantId, loginUrl: emulator.url, graphUrl: emulator.url, clientId: emulator.clientId, clientSecret: emulator.clientSecret } },
				create: (n) => emulator.createUser({ userPrincipalName: `u${n}@contoso.example`, givenName: `U${n}`, surname: 'Rel', jobTitle: 'start' }).id,
				change: (id, round) => emulator.updateUser(id, { jobTitle: `round ${round}` }),
				expire: () => emulator.expireDeltaLinks(),
			};
		}
		case 'okta': {
			const emulator = await new OktaEmulator().start();
			return {
				emulator,
				credential: { id: 'cred-okta', name: 'okta', type: 'oktaDirectoryApi', data: { domain: emulator.url, apiToken: emulator.apiToken } },
				create: (n) => emulator.createUser({ login: `u${n}@example.com`, firstName: `U${n}`, lastName: 'Rel' }).id,
				change: (id, round) => emulator.updateProfile(id, { title: `round ${round}` }),
			};
		}
		case 'google': {
			const emulator = await new GoogleEmulator({ pageSize: 100 }).start();
			return {
				emulator,
				credential: { id: 'cred-google', name: 'google', type: 'googleWorkspaceDirectoryApi', data: { clientEmail: emulator.clientEmail, privateKey: emulator.privateKey, subject: emulator.adminEmail, tokenUrl: `${emulator.url}/token`, apiUrl: emulator.url } },
				create: (n) => emulator.createUser({ primaryEmail: `u${n}@example.com`, name: { givenName: `U${n}`, familyName: 'Rel' } }).id,
				change: (id, round) => emulator.updateUser(id, { organizations: [{ title: `round ${round}`, primary: true }] }),
			};
		}
		case 'bamboohr': {
			const emulator = await new BambooHrEmulator().start();
			return {
				emulator,
				credential: { id: 'cred-bamboohr', name: 'bamboohr', type: 'bambooHrDirectoryApi', data: { companyDomain: emulator.company, apiKey: emulator.apiKey, apiUrl: emulator.url } },
				create: (n) => emulator.createEmployee({ firstName: `U${n}`, lastName: 'Rel', workEmail: `u${n}@example.com` }).id,
				change: (id, round) => emulator.updateEmployee(id, { jobTitle: `round ${round}` }),
			};
		}
		case 'list': {
			const emulator = await new ListEmulator().start();
			return {
				emulator,
				credential: { id: 'cred-list', name: 'list', type: 'directoryListApi', data: { url: emulator.csvUrl, headerName: 'Authorization', headerValue: `Bearer ${emulator.token}` } },
				create: (n) => {
					emulator.upsert({ 'Employee ID': `E${n}`, 'First Name': `U${n}`, 'Last Name': 'Rel', Email: `u${n}@example.com`, Status: 'Active' });
					return `E${n}`;
				},
				change: (id, round) => emulator.upsert({ 'Employee ID': id, Title: `round ${round}` }),
			};
		}
	}
}

/** A deterministic pseudo-random sequence (mulberry32): the same seed, the same run. */
function random(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export async function runDirectoryTriggerScenario(options: { source: DirectorySourceName; users: number; rounds: number; seed?: number; log?: (line: string) => void }): Promise<DirectoryTriggerFigures> {
	const started = Date.now();
	const next = random(options.seed ?? 19);
	const adapter = await adapterFor(options.source);
	const figures: DirectoryTriggerFigures = {
		source: options.source,
		users: options.users,
		rounds: options.rounds,
		changes: 0,
		eventsExpected: 0,
		eventsEmitted: 0,
		polls: { ok: 0, throttledRecovered: 0, failed: 0, afterRestart: 0, expiredCursor: 0 },
		lost: 0,
		duplicates: 0,
		seconds: 0,
		problems: [],
	};
	try {
		const ids = Array.from({ length: options.users }, (_, n) => adapter.create(n + 1));
		let trigger = new ActiveTrigger(triggerOnly(options.source), [adapter.credential], {}, false);
		const activation = await trigger.activate();
		if (activation.error || activation.emitted) figures.problems.push(`${options.source}: the activation poll ${activation.error ? `failed: ${activation.error.message}` : 'emitted events'}`);
		const pending = new Set<string>();
		const seenEventIds = new Set<string>();
		for (let round = 1; round <= options.rounds + 1; round++) {
			const last = round > options.rounds;
			// Each round changes a tenth of the users, each at most once; a last fault-free round settles the rest.
			for (const id of last ? [] : ids) {
				if (next() < 0.1) {
					adapter.change(id, round);
					pending.add(id);
					figures.changes++;
				}
			}
			// Every fault, in turn, with a random start: throttled (recovered), failing (retries exhausted),
			// restarts, expired delta links.
			let faults: SourceFaults = {};
			let kind: 'plain' | 'throttled' | 'failing' = 'plain';
			if (last) kind = 'plain';
			else if (round % 4 === 1) {
				faults = { throttle: 2, retryAfterSeconds: 0, after: Math.floor(next() * 2) };
				kind = 'throttled';
			} else if (round % 4 === 2) {
				faults = { serverErrors: 50 };
				kind = 'failing';
			}
			if (!last && (round % 3 === 0 || next() < 0.1)) {
				trigger = trigger.restart();
				figures.polls.afterRestart++;
			}
			if (!last && adapter.expire && (round % 5 === 0 || next() < 0.1)) {
				adapter.expire();
				figures.polls.expiredCursor++;
			}
			adapter.emulator.setFaults(faults);
			const outcome = await trigger.poll();
			adapter.emulator.setFaults({});
			if (outcome.error) {
				if (kind !== 'failing') figures.problems.push(`${options.source}: round ${round}: the poll failed without an unrecoverable fault: ${outcome.error.message}`);
				if (outcome.emitted) figures.problems.push(`${options.source}: round ${round}: a failed poll emitted events`);
				figures.polls.failed++;
				continue;
			}
			figures.polls.ok++;
			if (kind === 'throttled') figures.polls.throttledRecovered++;
			const emitted = outcome.emitted ?? [];
			figures.eventsEmitted += emitted.length;
			const emittedIds = new Set<string>();
			for (const item of emitted) {
				const user = item.json.user as Record<string, unknown>;
				const id = String(options.source === 'list' ? user['Employee ID'] : user.id);
				if (!pending.has(id) || emittedIds.has(id) || seenEventIds.has(String(item.json.eventId))) figures.duplicates++;
				emittedIds.add(id);
				seenEventIds.add(String(item.json.eventId));
			}
			figures.eventsExpected += pending.size;
			for (const id of pending) if (!emittedIds.has(id)) figures.lost++;
			pending.clear();
		}
	} finally {
		await adapter.emulator.close();
	}
	if (figures.lost) figures.problems.push(`${options.source}: ${figures.lost} changes never emitted`);
	if (figures.duplicates) figures.problems.push(`${options.source}: ${figures.duplicates} events emitted twice or without a change`);
	figures.seconds = Math.round((Date.now() - started) / 100) / 10;
	options.log?.(`directory trigger ${options.source}: ${figures.changes} changes, ${figures.eventsEmitted} events, ${figures.polls.failed} failed polls, ${figures.polls.afterRestart} restarts, lost ${figures.lost}, twice ${figures.duplicates}`);
	return figures;
}

export const DIRECTORY_SOURCES: DirectorySourceName[] = ['entra', 'okta', 'google', 'bamboohr', 'list'];
