/**
 * No secret ever leaves: the suite's credential scenarios run with canary values (client secret, private key,
 * every access and refresh token the emulator issues), and every output item, error message and description,
 * the whole run data n8n would store, and everything written to the console or stdout/stderr during the runs
 * are scanned for them.
 */
// First: the capture must be in place before the engine loads (see captureOutput).
import { restoreOutput, written } from '../support/captureOutput';

import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';

import type { IDataObject } from 'n8n-workflow';

import { runWorkflow, type RunResult, type StoredCredential } from '../../cli/src/engine';
import { startEmulator, type Emulator } from '../../cli/src/emulator';
import { connectWithPkce, pkceCredential } from '../support/oauthFlow';
import { clientCredentials, jwtCredential, NODE, scimNode, workflowWith, type AuthKind } from '../support/scimNode';

const CANARY_SECRET = 'CANARY5ECRETc0ffee0000000000000000000000000000000000000000000001';
const canaryKeys = generateKeyPairSync('rsa', {
	modulusLength: 2048,
	publicKeyEncoding: { type: 'spki', format: 'pem' },
	privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const otherKey = generateKeyPairSync('rsa', {
	modulusLength: 2048,
	publicKeyEncoding: { type: 'spki', format: 'pem' },
	privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
}).privateKey;
const CANARY_TEXT_KEY = 'CANARY-PASTED-KEY-deadbeef-not-a-pem';
const CANARY_BAD_PEM = '-----BEGIN PRIVATE KEY-----\nQ0FOQVJZYmFkcGVtYm9keWRlYWRiZWVmZGVhZGJlZWZkZWFkYmVlZg==\n-----END PRIVATE KEY-----';

let emulator: Emulator;
const issued: string[] = [];

beforeAll(async () => {
	emulator = await startEmulator({ oauth: { clientSecret: CANARY_SECRET, jwtPublicKey: canaryKeys.publicKey } });
	recordN8nLogs();
	// Every access and refresh token the org hands out becomes a canary too.
	const issue = emulator.oauth.issue.bind(emulator.oauth);
	emulator.oauth.issue = (...args: Parameters<typeof issue>) => {
		const minted = issue(...args);
		issued.push(minted.token, ...(minted.refresh ? [minted.refresh] : []));
		return minted;
	};
});
afterAll(async () => {
	restoreOutput();
	await emulator.close();
});

/**
 * n8n's own logger (winston, a singleton in n8n's DI container) may hold console functions bound before this file
 * loaded: record what it logs, with metadata, at the source as well.
 */
function recordN8nLogs() {
	const { Container } = require('@n8n/di') as { Container: { get: (type: unknown) => { getInternalLogger(): { add(t: unknown): void } } } };
	const { Logger } = require('@n8n/backend-common') as { Logger: unknown };
	const Transport = require('winston-transport') as new (options: object) => object;
	class Recorder extends Transport {
		log(info: unknown, next: () => void) {
			written.push(inspect(info, { depth: 8 }));
			next();
		}
	}
	Container.get(Logger).getInternalLogger().add(new Recorder({ level: 'debug' }));
}

/** Distinctive pieces of each secret: the whole value and, for keys, slices of the base64 body. */
function canaries(): string[] {
	const keyBody = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
	const body = keyBody(canaryKeys.privateKey);
	const slices = [0, 200, 600, 1000, 1400].map((at) => body.slice(at, at + 32));
	return [CANARY_SECRET, CANARY_TEXT_KEY, 'Q0FOQVJZYmFkcGVtYm9keWRlYWRiZWVm', ...slices, ...keyBody(otherKey).match(/.{32}/g)!.slice(0, 3), ...issued];
}

function safeJson(value: unknown): string {
	const seen = new WeakSet();
	return JSON.stringify(value, (_key, v: unknown) => {
		if (typeof v === 'object' && v !== null) {
			if (seen.has(v)) return '[circular]';
			seen.add(v);
		}
		if (typeof v === 'bigint') return String(v);
		return v;
	});
}

const results: RunResult[] = [];
const credentialsUsed: string[] = [];

async function run(auth: AuthKind, parameters: IDataObject, credential: StoredCredential, items = [{}], continueOnFail = false) {
	const node = { ...scimNode(parameters, auth), ...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}) };
	const stored = credential as never;
	const result = await runWorkflow(workflowWith(node, items), { credentials: [stored] });
	results.push(result);
	credentialsUsed.push(safeJson(result.credentialStore.get((stored as { id: string }).id)?.data ?? {}));
	return result;
}

const create = (userName: string, options: Record<string, unknown> = {}) => ({
	resource: 'user',
	operation: 'create',
	userName,
	email: userName,
	familyName: 'Canary',
	profile: { __rl: true, mode: 'name', value: 'Standard User' },
	additionalFields: {},
	options: { retryDelayMs: 5, ...options },
});
const getAllRaw = { resource: 'user', operation: 'getAll', returnAll: true, filters: {}, options: { simplify: false, retryDelayMs: 5 } };

test('the suite’s credential scenarios, with canary secrets, leak none of them anywhere', async () => {
	// JWT: success, raw output, a 401 re-mint, a key that does not match, text that is not a key, a PEM that does not parse.
	emulator.setFaults([{ kind: 'unauthorized', nth: 2, path: '/services/scim/v2/Users' }]);
	await run('jwt', create('canary.one@example.com'), jwtCredential(emulator, { privateKey: canaryKeys.privateKey }));
	await run('jwt', getAllRaw, jwtCredential(emulator, { privateKey: canaryKeys.privateKey }), [{}, {}]);
	emulator.setFaults([]);
	await run('jwt', getAllRaw, jwtCredential(emulator, { privateKey: otherKey }));
	await run('jwt', getAllRaw, jwtCredential(emulator, { privateKey: CANARY_TEXT_KEY }));
	await run('jwt', getAllRaw, jwtCredential(emulator, { privateKey: CANARY_BAD_PEM }));
	await run('jwt', getAllRaw, jwtCredential(emulator, { privateKey: canaryKeys.privateKey, clientId: 'unknown-key' }));

	// Client credentials: success, a SCIM error with continue-on-fail, a wrong secret, an HTML page, a lost create.
	await run('oAuth2', create('canary.two@example.com'), clientCredentials(emulator, { clientSecret: CANARY_SECRET }));
	await run('oAuth2', create('taken@example.com'), clientCredentials(emulator, { clientSecret: CANARY_SECRET }), [{}], true);
	await run('oAuth2', getAllRaw, clientCredentials(emulator, { clientSecret: `${CANARY_SECRET}x` }));
	emulator.setFaults([{ kind: 'html', nth: 1, path: '/services/scim/v2/Users' }]);
	await run('oAuth2', getAllRaw, clientCredentials(emulator, { clientSecret: CANARY_SECRET }));
	emulator.setFaults([{ kind: 'lostResponse', nth: 1, method: 'POST', path: '/services/scim/v2/Users' }]);
	await run('oAuth2', create('canary.three@example.com'), clientCredentials(emulator, { clientSecret: CANARY_SECRET }));
	emulator.setFaults([]);

	// Authorization code + PKCE: a run across an expiry (refresh), then a revoked refresh token.
	const tokenData = await connectWithPkce(emulator);
	emulator.expireTokens();
	await run('oAuth2', getAllRaw, pkceCredential(emulator, tokenData));
	emulator.oauth.revoke(String(tokenData.refresh_token));
	emulator.expireTokens();
	await run('oAuth2', getAllRaw, pkceCredential(emulator, tokenData), [{}], true);

	// The scenarios did what they should (so the scan below covers real successes and real failures).
	expect(results.filter((r) => r.error === undefined).length).toBeGreaterThanOrEqual(6);
	expect(results.filter((r) => r.error !== undefined).length).toBeGreaterThanOrEqual(5);
	expect(issued.length).toBeGreaterThanOrEqual(6);

	const surfaces: Array<[string, string]> = [];
	for (const [i, result] of results.entries()) {
		surfaces.push([`run ${i} outputs`, safeJson(result.outputs[NODE] ?? [])]);
		surfaces.push([`run ${i} error`, `${result.error?.message ?? ''}\n${result.error?.description ?? ''}`]);
		surfaces.push([`run ${i} error object`, safeJson(result.error?.raw ?? null) + inspect(result.error?.raw, { depth: 6 })]);
		// What n8n saves as the execution (its run data): must be clean too.
		surfaces.push([`run ${i} run data`, safeJson(result.run.data)]);
	}
	surfaces.push(['console and stdout/stderr', written.join('\n')]);

	const leaks = surfaces.flatMap(([where, text]) => canaries().filter((c) => c && text.includes(c)).map((c) => `${where}: ${c.slice(0, 12)}…`));
	expect(leaks).toEqual([]);
	// The scan is not vacuous: the canaries were in play (stored in the credentials the runs used).
	expect(credentialsUsed.join('\n')).toContain(CANARY_SECRET);
	expect(credentialsUsed.some((c) => issued.some((t) => c.includes(t)))).toBe(true);
	// The capture is live (whether n8n's logger prints at all depends on how jest shares the worker; when it
	// does, e.g. each failed execution's message, it is in \`written\` and was scanned above).
	console.error('canary-capture-check');
	process.stderr.write('canary-capture-check-stderr\n');
	expect(written.join('\n')).toMatch(/canary-capture-check[\s\S]*canary-capture-check-stderr/);
});
