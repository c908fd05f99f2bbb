// `npm run test:n8n`: this package inside real n8n 2.41.1 (see issue 9 and ../shared/n8n-platform.md).
//   node scripts/n8n/main.mjs [--skip-exec] [--skip-editor] [--skip-queue] [--skip-trigger] [--keep]
// Environment: SFSCIM_N8N_CACHE (cache folder), SFSCIM_N8N_TARBALL (use this tarball, no build),
// SFSCIM_N8N_KEEP=1 (keep the temporary folder with logs), SFSCIM_N8N_ONLY_DECLARED=1 (expect only the node and
// credential types the package.json declares: for work in progress).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as cases from '../../test/n8n/cases.mjs';
import { startEmulator } from './emulator.mjs';
import { ensureInstalled } from './install.mjs';
import {
	check,
	CheckError,
	checkSummary,
	http,
	killAllSync,
	log,
	printTimings,
	REPO_ROOT,
	step,
	stopAll,
	waitFor,
	warn,
} from './lib.mjs';
import {
	checkPackageLoaded,
	createInstance,
	executeWorkflow,
	importCredentials,
	importWorkflows,
	publishWorkflow,
	rest,
	setupOwnerAndLogin,
	startMain,
	stopInstance,
} from './n8n.mjs';
import { buildAndPack, installIntoUserFolder } from './package.mjs';
import { checkExecution, discoverWorkflowFiles, planWorkflows } from './workflows.mjs';

const args = new Set(process.argv.slice(2));
const keep = args.has('--keep') || process.env.SFSCIM_N8N_KEEP === '1';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sfscim-n8n-'));
const logDir = path.join(tmpRoot, 'logs');
fs.mkdirSync(logDir, { recursive: true });

let cleaningUp = false;
let queuePrep = null; // the queue-mode preparation (a promise), awaited before cleanup
const cleanupExtra = []; // steps register their own cleanup (e.g. PostgreSQL's data folder)
async function cleanup(exitCode, { interrupted = false } = {}) {
	if (cleaningUp) return;
	cleaningUp = true;
	console.log('\n=== Cleanup ===');
	if (queuePrep && !interrupted) await Promise.race([queuePrep.catch(() => {}), new Promise((r) => setTimeout(r, 90_000))]);
	for (const fn of cleanupExtra.reverse()) await Promise.resolve().then(fn).catch((e) => warn(`cleanup: ${e.message}`));
	await stopAll().catch((e) => warn(`cleanup: ${e.message}`));
	if (keep || exitCode !== 0) log(`logs and temporary files kept in ${tmpRoot}`);
	else fs.rmSync(tmpRoot, { recursive: true, force: true });
}

process.on('exit', () => killAllSync());
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, async () => {
		warn(`received ${signal}; stopping everything`);
		await cleanup(1, { interrupted: true });
		process.exit(130);
	});
}

function expectedTypes(pkg) {
	const onlyDeclared = process.env.SFSCIM_N8N_ONLY_DECLARED === '1';
	const declared = new Set([...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])]);
	const keepIt = (entry) => !onlyDeclared || declared.has(entry.file);
	const nodes = cases.NODES.filter(keepIt);
	const credentials = cases.CREDENTIALS.filter(keepIt);
	if (onlyDeclared) {
		log(`SFSCIM_N8N_ONLY_DECLARED=1: expecting only declared types (${nodes.length} nodes, ${credentials.length} credentials)`);
	}
	return { nodes, credentials };
}

async function main() {
	log(`temporary folder ${tmpRoot}`);
	const install = await step('1. Node 24 and n8n 2.41.1 (cached)', () => ensureInstalled());

	const tarball = await step('2. Build and pack the package', () => buildAndPack(path.join(tmpRoot, 'pack'), { logDir }));

	const userFolder = path.join(tmpRoot, 'n8n-sqlite');
	const pkg = await step('3. Install the tarball into <N8N_USER_FOLDER>/.n8n/nodes', () =>
		installIntoUserFolder(tarball, userFolder, { logDir }),
	);
	const expected = expectedTypes(pkg);

	const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {
		modulusLength: 2048,
		publicKeyEncoding: { type: 'spki', format: 'pem' },
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	});
	const emulator = await step('4. Start the Salesforce SCIM emulator', () =>
		startEmulator({
			logDir,
			options: { ...cases.EMULATOR, oauth: { ...cases.EMULATOR.oauth, redirectUris: ['*'], jwtPublicKey: publicKey } },
		}),
	);

	const instance = await createInstance({ install, name: 'sqlite', userFolder, logDir });
	const context = { memory: {}, repoRoot: REPO_ROOT, cleanupExtra, install, tarball, pkg, expected, emulator, instance, tmpRoot, logDir, jwtPrivateKey: privateKey };

	const imported = await step('5. Import credentials and workflows', async () => {
		const credentials = [];
		for (const cred of expected.credentials) {
			for (const c of cred.imports(emulator, context)) credentials.push({ ...c, type: cred.type });
		}
		const credentialsByType = {};
		for (const [type, id] of Object.entries(cases.DEFAULT_CREDENTIAL_FOR_TYPE)) {
			const c = credentials.find((x) => x.id === id);
			if (c) credentialsByType[type] = c;
		}
		if (credentials.length) await importCredentials(instance, credentials);
		log(`imported ${credentials.length} credentials: ${credentials.map((c) => `${c.type}/${c.id}`).join(', ') || 'none'}`);
		const plan = planWorkflows({
			files: discoverWorkflowFiles(),
			cases: cases.WORKFLOW_CASES,
			emulatorUrl: emulator.url,
			credentialsByType,
		});
		for (const p of plan) log(`  ${p.execute ? 'run   ' : 'import'} ${p.relPath} (${p.reason})`);
		for (const p of plan.filter((x) => x.broken)) check(false, `${p.relPath} is a readable workflow`, { details: p.reason });
		const toImport = plan.flatMap((p) => [p.original, p.wf]).filter(Boolean);
		await importWorkflows(instance, toImport);
		check(true, `imported ${toImport.length} workflows with n8n import:workflow`);
		// SCIM Trigger workflows are called at their production URLs: published (active) before n8n starts.
		if (!args.has('--skip-trigger')) {
			for (const endpoint of cases.SCIM_TRIGGER.ENDPOINTS) await publishWorkflow(instance, endpoint.workflowId);
			log(`published ${cases.SCIM_TRIGGER.ENDPOINTS.map((e) => e.workflowId).join(', ')}`);
		}
		return { credentials, credentialsByType, plan };
	});
	Object.assign(context, imported);

	// Two lanes from here on, so the machine's two cores both work:
	//   A: n8n start (the loaded-types check) and the editor in Chromium, on the imported user folder;
	//   B: `n8n execute` of each workflow on a copy of that folder (SQLite wants one process at a time), then
	//      queue mode's preparation (PostgreSQL, Redis, a third user folder, imports).
	const execInstance = await createInstance({ install, name: 'exec', userFolder: `${userFolder}-exec`, logDir });
	fs.cpSync(userFolder, execInstance.userFolder, { recursive: true });

	const laneA = async () => {
		await step('6. n8n start: the package is loaded', async () => {
			await startMain(instance);
			await setupOwnerAndLogin(instance);
			await checkPackageLoaded(instance, {
				packageName: pkg.name,
				nodeTypes: expected.nodes.map((n) => `${pkg.name}.${n.type}`),
				credentialTypes: expected.credentials.map((c) => c.type),
			});
		});
		if (!args.has('--skip-trigger')) {
			await step('6b. SCIM Trigger workflows at their production URLs (Okta, Entra; two endpoints)', async () => {
				await cases.SCIM_TRIGGER.runScimTriggerChecks({
					instance,
					emulator,
					check,
					http,
					rest,
					waitFor,
					log,
					logFile: path.join(logDir, `${instance.name}-main.log`),
				});
			});
		}
		if (!args.has('--skip-editor')) {
			await step('7. Editor in headless Chromium', async () => {
				const { runEditorChecks } = await import('./editor.mjs');
				await runEditorChecks(context);
			});
		}
		await step('8. Stop n8n start', () => stopInstance(instance));
	};

	const laneB = async () => {
		if (!args.has('--skip-exec')) {
			await step('9. n8n execute each workflow, check output and emulator state', async () => {
				const runnable = context.plan.filter((p) => p.execute);
				check(runnable.length > 0, `${runnable.length} workflows to execute`);
				for (const item of runnable) {
					const before = { state: await emulator.state(), counts: await emulator.requestCounts() };
					const started = Date.now();
					const result = await executeWorkflow(execInstance, item.wf.id);
					log(`  ${item.relPath}: status ${result.status ?? '?'}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
					await checkExecution({ item, result, emulator, before, memory: context.memory });
				}
			});
		}
		if (!args.has('--skip-queue')) {
			const { prepareQueueMode } = await import('./queue.mjs');
			queuePrep = step('10a. Queue mode: PostgreSQL, Redis, import', () => prepareQueueMode(context));
			return queuePrep;
		}
		return null;
	};

	const lanes = await Promise.allSettled([laneA(), laneB()]);
	// A failed check does not stop the other steps (they tell more); anything else does.
	const broken = lanes.filter((l) => l.status === 'rejected').map((l) => l.reason);
	const fatal = broken.find((e) => !(e instanceof CheckError));
	if (fatal) throw fatal;
	if (lanes[0].status === 'rejected') await step('8. Stop n8n start', () => stopInstance(instance));
	const prepared = lanes[1].status === 'fulfilled' ? lanes[1].value : null;

	if (prepared) {
		await step('10. Queue mode: one main and two workers, two runs at once', async () => {
			const { runQueueMode } = await import('./queue.mjs');
			await runQueueMode(context, prepared);
		});
	}

	if (!args.has('--skip-directory')) {
		await step('12. Directory Change Trigger: active workflows poll the source emulators', async () => {
			const { runDirectoryChecks } = await import('./directory.mjs');
			await runDirectoryChecks(context);
		});
	}

	await step('11. Stop the emulator', () => emulator.stop());
	if (broken.length) throw broken[0];
}

let exitCode = 0;
try {
	await main();
} catch (error) {
	exitCode = 1;
	console.log(`\n*** test:n8n FAILED${error.step ? ` in "${error.step}"` : ''}: ${error.message}`);
	if (error.stack && !error.constructor?.name?.includes('Check')) console.log(error.stack.split('\n').slice(1, 6).join('\n'));
}
await cleanup(exitCode);
printTimings();
const summary = checkSummary();
if (summary.failures.length) console.log(`failed checks:\n  - ${summary.failures.join('\n  - ')}`);
if (exitCode !== 0 && summary.failed === 0) summary.failed = 1; // a step broke outside a check
console.log(`\ntest:n8n: ${summary.passed} passed, ${summary.failed} failed`);
console.log(`${summary.passed} passed, ${summary.failed} failed`);
process.exit(exitCode);
