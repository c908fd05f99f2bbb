// Step 12 of `npm run test:n8n` (issue 19): the Directory Change Trigger in a running n8n. Every example
// workflow examples/directory-<source>.json is imported (its trigger set to poll every minute), published
// (activated), and n8n is started: the activation poll takes a baseline against that source's emulator
// (cli/src/sources, started in this process on 127.0.0.1, closed by its handle). Then a joiner is created in
// every source: n8n's own poller must emit it and the workflow create the user in the Salesforce emulator, once.
// Then the joiner leaves: the Salesforce user must be deactivated, and one more poll must run nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

import { check, log, REPO_ROOT, waitFor } from './lib.mjs';
import { createInstance, importCredentials, importWorkflows, publishWorkflow, rest, setupOwnerAndLogin, startMain, stopInstance } from './n8n.mjs';
import { loadWorkflow } from './workflows.mjs';

const require = createRequire(import.meta.url);
const SOURCES = ['entra', 'okta', 'google', 'bamboohr', 'list'];
const POLL_WAIT_MS = 150_000;

function sourceCases(lib) {
	return {
		entra: {
			start: () => new lib.EntraEmulator().start(),
			credential: (e) => ({ type: 'entraDirectoryOAuth2Api', data: { grantType: 'clientCredentials', tenantId: e.tenantId, loginUrl: e.url, graphUrl: e.url, clientId: e.clientId, clientSecret: e.clientSecret } }),
			join: (e, n) => e.createUser({ userPrincipalName: `n8n.entra${n}@contoso.example`, mail: `n8n.entra${n}@contoso.example`, givenName: 'Entra', surname: `Joiner${n}` }).id,
			leave: (e, id) => e.updateUser(id, { accountEnabled: false }),
		},
		okta: {
			start: () => new lib.OktaEmulator().start(),
			credential: (e) => ({ type: 'oktaDirectoryApi', data: { domain: e.url, apiToken: e.apiToken } }),
			join: (e, n) => e.createUser({ login: `n8n.okta${n}@okta.example`, firstName: 'Okta', lastName: `Joiner${n}` }).id,
			leave: (e, id) => e.setStatus(id, 'DEPROVISIONED'),
		},
		google: {
			start: () => new lib.GoogleEmulator().start(),
			credential: (e) => ({ type: 'googleWorkspaceDirectoryApi', data: { clientEmail: e.clientEmail, privateKey: e.privateKey, subject: e.adminEmail, tokenUrl: `${e.url}/token`, apiUrl: e.url } }),
			join: (e, n) => e.createUser({ primaryEmail: `n8n.google${n}@example.com`, name: { givenName: 'Google', familyName: `Joiner${n}` } }).id,
			leave: (e, id) => e.updateUser(id, { suspended: true }),
			otherKey: () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
		},
		bamboohr: {
			start: () => new lib.BambooHrEmulator().start(),
			credential: (e) => ({ type: 'bambooHrDirectoryApi', data: { companyDomain: e.company, apiKey: e.apiKey, apiUrl: e.url } }),
			join: (e, n) => e.createEmployee({ firstName: 'Bamboo', lastName: `Joiner${n}`, workEmail: `n8n.bamboo${n}@bamboo.example` }).id,
			leave: (e, id) => e.terminate(id),
		},
		list: {
			start: () => new lib.ListEmulator().start(),
			credential: (e) => ({ type: 'directoryListApi', data: { url: e.csvUrl, headerName: 'Authorization', headerValue: `Bearer ${e.token}` } }),
			join: (e, n) => {
				e.upsert({ 'Employee ID': `N8N${n}`, 'First Name': 'List', 'Last Name': `Joiner${n}`, Email: `n8n.list${n}@list.example`, Status: 'Active' });
				return `N8N${n}`;
			},
			leave: (e, id) => e.upsert({ 'Employee ID': id, Status: 'Terminated' }),
		},
	};
}

async function executionsOf(instance, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const r = await rest(instance, 'GET', `/rest/executions?filter=${filter}&limit=50`);
	if (r.status !== 200) throw new Error(`/rest/executions answered ${r.status}`);
	return r.json?.data?.results ?? [];
}

async function salesforceUser(emulator, externalId) {
	const state = await emulator.state();
	return (state.users ?? []).find((user) => user.externalId === externalId);
}

export async function runDirectoryChecks(context) {
	const { install, emulator, logDir } = context;
	const lib = require(path.join(REPO_ROOT, 'cli', 'dist', 'cli', 'src', 'sources', 'index.js'));
	const cases = sourceCases(lib);
	const sources = {};
	const present = {};
	let instance;
	try {
		for (const source of SOURCES) {
			const emu = await cases[source].start();
			present[source] = cases[source].join(emu, 1); // someone already there: the baseline must not provision them
			sources[source] = emu;
		}
		instance = await createInstance({ install, name: 'directory', userFolder: `${context.instance.userFolder}-directory`, logDir });
		fs.cpSync(context.instance.userFolder, instance.userFolder, { recursive: true });
		const credentials = SOURCES.map((source) => ({ id: `dir${source}`, name: `${source} (emulator)`, ...cases[source].credential(sources[source]) }));
		await importCredentials(instance, credentials);
		const workflows = SOURCES.map((source) => {
			const credentialsByType = { ...context.credentialsByType, [credentials.find((c) => c.id === `dir${source}`).type]: credentials.find((c) => c.id === `dir${source}`) };
			const wf = loadWorkflow(`examples/directory-${source}.json`, { emulatorUrl: emulator.url, credentialsByType, idSuffix: 'N8n' });
			const trigger = wf.nodes.find((node) => node.type.endsWith('.directoryChangeTrigger'));
			trigger.parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
			return { source, wf };
		});
		await importWorkflows(instance, workflows.map((w) => w.wf));
		for (const { wf } of workflows) await publishWorkflow(instance, wf.id);
		check(true, `imported and published ${workflows.length} Directory Change Trigger workflows`);

		await startMain(instance);
		await setupOwnerAndLogin(instance);
		// n8n's own credential test (the form's Test button) for the four credentials that have one: it passes
		// against the emulator, and a wrong secret fails with the source's answer.
		for (const credential of credentials.filter((c) => c.type !== 'entraDirectoryOAuth2Api')) {
			const good = await rest(instance, 'POST', '/rest/credentials/test', { credentials: credential });
			check(good.json?.data?.status === 'OK', `${credential.type}: n8n's credential test passes against the emulator`, { details: good.text.slice(0, 400) });
			const wrongData = { ...credential.data };
			for (const key of ['apiToken', 'apiKey', 'headerValue', 'privateKey']) if (key in wrongData) wrongData[key] = key === 'privateKey' ? cases.google.otherKey() : 'wrong-secret';
			const bad = await rest(instance, 'POST', '/rest/credentials/test', { credentials: { ...credential, data: wrongData } });
			check(bad.json?.data?.status === 'Error', `${credential.type}: with a wrong secret the credential test fails`, { details: bad.text.slice(0, 400) });
		}
		// The activation poll: each source has been read once, nothing provisioned for the user already there.
		await waitFor(() => SOURCES.every((source) => sources[source].log.length > 0), { timeoutMs: 60_000, message: 'an activation poll of every source' });
		const baseline = Object.fromEntries(await Promise.all(workflows.map(async ({ source, wf }) => [source, (await executionsOf(instance, wf.id)).length])));
		check(SOURCES.every((source) => baseline[source] === 0), 'activation took a baseline: no execution, nobody re-provisioned', { details: JSON.stringify(baseline) });

		const joiners = Object.fromEntries(SOURCES.map((source) => [source, cases[source].join(sources[source], 2)]));
		log(`joiners created in the five source emulators; waiting for n8n's next polls (every minute)`);
		for (const source of SOURCES) {
			await waitFor(async () => (await salesforceUser(emulator, joiners[source]))?.active === true, { timeoutMs: POLL_WAIT_MS, intervalMs: 2000, message: `the ${source} joiner in Salesforce` });
			check(true, `${source}: a joiner reached the Salesforce emulator through the active workflow`);
		}
		for (const { source, wf } of workflows) {
			const runs = await executionsOf(instance, wf.id);
			check(runs.length === 1 && runs[0].status === 'success', `${source}: exactly one execution for the joiner, successful`, { details: JSON.stringify(runs.map((r) => r.status)) });
		}

		for (const source of SOURCES) cases[source].leave(sources[source], joiners[source]);
		for (const source of SOURCES) {
			await waitFor(async () => (await salesforceUser(emulator, joiners[source]))?.active === false, { timeoutMs: POLL_WAIT_MS, intervalMs: 2000, message: `the ${source} leaver deactivated in Salesforce` });
			check(true, `${source}: a deactivation in the source deactivated the Salesforce user`);
		}
		// One more poll of every source after the leaver's: nothing new, so nothing runs.
		const marks = Object.fromEntries(SOURCES.map((source) => [source, sources[source].log.length]));
		await waitFor(() => SOURCES.every((source) => sources[source].log.length > marks[source]), { timeoutMs: POLL_WAIT_MS, intervalMs: 2000, message: 'one more poll of every source' });
		await new Promise((resolve) => setTimeout(resolve, 3000));
		for (const { source, wf } of workflows) {
			const runs = await executionsOf(instance, wf.id);
			check(runs.length === 2 && runs.every((r) => r.status === 'success'), `${source}: two executions in all (joiner, leaver), none repeated by later polls`, { details: JSON.stringify(runs.map((r) => r.status)) });
		}
		const preexisting = await Promise.all(SOURCES.map(async (source) => [source, await salesforceUser(emulator, present[source])]));
		check(preexisting.every(([, user]) => user === undefined), 'the users present at activation were not provisioned (baseline only)', { details: JSON.stringify(preexisting.map(([s, u]) => [s, Boolean(u)])) });
	} finally {
		if (instance?.main) await stopInstance(instance);
		for (const emu of Object.values(sources)) await emu.close().catch(() => {});
	}
}
