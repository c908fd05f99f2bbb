// The editor checks, in headless Chromium (Debian's `chromium`) driven by playwright-core: the node panel lists
// the package's nodes, an example workflow opens, each node's panel shows its parameters without an error, each
// credential form shows its fields, and the OAuth2 authorization-code flow completes from the credential modal
// against the emulator. Screenshots go to docs/screenshots (SFSCIM_N8N_SCREENSHOTS overrides).
import fs from 'node:fs';
import path from 'node:path';
import * as cases from '../../test/n8n/cases.mjs';
import { requireFromRepo } from './install.mjs';
import { check, log, REPO_ROOT, warn } from './lib.mjs';
import { OWNER, rest } from './n8n.mjs';

const CHROMIUM = process.env.SFSCIM_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];
const T = { nav: 45_000, ui: 20_000 };
const BROKEN_NODE_TEXT = /not installed|install this node|unrecognized node type|unknown node|could not load|node type .* is not known/i;

function screenshotsDir() {
	const dir = path.resolve(REPO_ROOT, process.env.SFSCIM_N8N_SCREENSHOTS || cases.EDITOR.screenshots);
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

async function shot(page, name) {
	const file = path.join(screenshotsDir(), `${name}.png`);
	await page.screenshot({ path: file });
	log(`  screenshot ${path.relative(REPO_ROOT, file)}`);
	return file;
}

/**
 * Goes to an editor route. Inside the single-page app this uses its router (as clicking a link does), which
 * avoids reloading the whole editor for every check; the first time, or without a router, a full page load.
 */
async function navigate(page, baseUrl, route) {
	// /workflow/new is redirected to the new workflow's own id: a prefix is enough there.
	const expected = route.endsWith('/new') ? route.slice(0, -'new'.length) : route;
	const arrived = (timeout) =>
		page
			.waitForFunction((p) => window.location.pathname.startsWith(p), expected, { timeout })
			.then(() => true)
			.catch(() => false);
	const pushed = await page
		.evaluate((r) => {
			const router = document.querySelector('#app')?.__vue_app__?.config?.globalProperties?.$router;
			if (!router) return false;
			router.push(r).catch(() => {});
			return true;
		}, route)
		.catch(() => false);
	if (pushed && (await arrived(5000))) return;
	await page.goto(`${baseUrl}${route}`, { waitUntil: 'domcontentloaded', timeout: T.nav });
	if (!(await arrived(T.nav))) throw new Error(`the editor did not reach ${route} (at ${page.url()})`);
}

async function login(page, baseUrl) {
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'domcontentloaded', timeout: T.nav });
	await page.locator('input[name="emailOrLdapLoginId"]').fill(OWNER.email, { timeout: T.ui });
	await page.locator('input[name="password"]').fill(OWNER.password);
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((u) => !u.pathname.includes('signin'), { timeout: T.nav });
}

async function texts(page, selector) {
	return page.$$eval(selector, (els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()).filter(Boolean));
}

/** Creates a workflow over REST (Manual Trigger → one node of `type`) and returns its id. */
async function createNodeWorkflow(instance, pkgName, node) {
	const name = node.displayName;
	const body = {
		name: `Harness: ${node.displayName}`,
		nodes: [
			{ parameters: {}, id: crypto.randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
			{ parameters: {}, id: crypto.randomUUID(), name, type: `${pkgName}.${node.type}`, typeVersion: 1, position: [260, 0] },
		],
		connections: { Start: { main: [[{ node: name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
	const r = await rest(instance, 'POST', '/rest/workflows', body);
	if (r.status !== 200) throw new Error(`creating the harness workflow for ${node.type} failed: ${r.status} ${r.text.slice(0, 300)}`);
	return { id: r.json.data.id, nodeName: name };
}

async function openWorkflow(page, baseUrl, id) {
	await navigate(page, baseUrl, `/workflow/${id}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ state: 'visible', timeout: T.nav });
	await page.waitForTimeout(500);
}

async function checkNodePanel(page, baseUrl) {
	await navigate(page, baseUrl, '/workflow/new');
	await page.locator('[data-test-id="node-creator-plus-button"]').click({ timeout: T.nav });
	const search = page.locator('input[data-test-id="node-creator-search-bar"], [data-test-id="node-creator-search-bar"] input').first();
	await search.waitFor({ state: 'visible', timeout: T.ui });
	await search.fill('Salesforce SCIM');
	await page.locator('[data-test-id="node-creator-item-name"]').first().waitFor({ state: 'visible', timeout: T.ui });
	await page.waitForTimeout(500);
	const names = await texts(page, '[data-test-id="node-creator-item-name"]');
	log(`  node panel lists: ${[...new Set(names)].join(', ')}`);
	return names;
}

/** Opens the node's panel (double-click on the canvas) and checks it. Returns the labels it shows. */
async function checkNodeDetails(page, nodeName, node, pageErrors) {
	const errorsBefore = pageErrors.length;
	const canvasNode = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName.replace(/"/g, '\\"')}"]`);
	await canvasNode.dblclick({ timeout: T.ui });
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.waitFor({ state: 'visible', timeout: T.ui });
	const params = page.locator('[data-test-id="node-parameters"]');
	await params.waitFor({ state: 'visible', timeout: T.ui });
	await page.waitForTimeout(1000);
	const labels = await texts(page, '[data-test-id="node-parameters"] [data-test-id="input-label"], [data-test-id="ndv"] label');
	const ndvText = await ndv.innerText();
	const paramCount = await page.locator('[data-test-id="node-parameters"] [data-test-id="parameter-item"], [data-test-id="node-parameters"] [data-test-id="parameter-input"]').count();
	check(paramCount > 0, `${node.displayName}: the node panel shows parameters (${paramCount})`, { details: ndvText.slice(0, 1500) });
	check(!BROKEN_NODE_TEXT.test(ndvText), `${node.displayName}: the node panel shows no load error`, {
		details: ndvText.slice(0, 1500),
	});
	for (const name of node.panelParameters ?? []) {
		const visible = await page.locator(`[data-test-id="node-parameters"] [data-test-id="parameter-input-${name}"]`).first().isVisible();
		check(visible, `${node.displayName}: the panel shows parameter "${name}"`, { details: labels });
	}
	const newErrors = pageErrors.slice(errorsBefore);
	check(newErrors.length === 0, `${node.displayName}: no page error while its panel opened`, { details: newErrors, soft: false });
	return labels;
}

async function closeNdv(page) {
	const close = page.locator('[data-test-id="ndv-close-button"]');
	if (await close.isVisible().catch(() => false)) await close.click();
	else await page.keyboard.press('Escape');
	await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden', timeout: T.ui }).catch(() => {});
}

async function openCredential(page, baseUrl, id, name) {
	await navigate(page, baseUrl, `/home/credentials/${id}`);
	const modal = page.locator('[data-test-id="editCredential-modal"]');
	await modal.waitFor({ state: 'visible', timeout: T.nav });
	const title = page.locator('[data-test-id="editCredential-modal"] [data-test-id="credential-name"]');
	const shows = async () => (await title.innerText().catch(() => '')).includes(name);
	if (!(await shows().catch(() => false))) {
		// The router kept another credential's modal: load the page itself.
		await page.goto(`${baseUrl}/home/credentials/${id}`, { waitUntil: 'domcontentloaded', timeout: T.nav });
		await modal.waitFor({ state: 'visible', timeout: T.nav });
	}
	await page.locator('[data-test-id="credential-connection-parameter"]').first().waitFor({ state: 'visible', timeout: T.ui });
	await page.waitForTimeout(700);
	return modal;
}

async function connectOAuth2(page, cred, emulator) {
	const countsBefore = await emulator.requestCounts();
	const banner = page.locator('[data-test-id="oauth-not-connected-banner"]');
	await banner.waitFor({ state: 'visible', timeout: T.ui });
	const popupPromise = page.waitForEvent('popup', { timeout: T.ui });
	await banner.locator('button').first().click();
	const popup = await popupPromise;
	const urls = [];
	popup.on('framenavigated', (f) => {
		if (f === popup.mainFrame()) urls.push(f.url());
	});
	await popup.waitForEvent('close', { timeout: 45_000 }).catch(async () => {
		const text = await popup.locator('body').innerText().catch(() => '');
		throw new Error(`the OAuth2 popup did not close; it shows ${popup.url()}\n${text.slice(0, 800)}`);
	});
	const success = page.locator('[data-test-id="oauth-connect-success-banner"]');
	await success.waitFor({ state: 'visible', timeout: T.ui });
	check(true, `${cred.displayName}: "Account connected" after the authorization-code flow`);
	const countsAfter = await emulator.requestCounts();
	const delta = (key) => (countsAfter[key] ?? 0) - (countsBefore[key] ?? 0);
	check(delta('GET /services/oauth2/authorize') >= 1, 'the emulator saw the authorize request from the popup', {
		details: countsAfter,
	});
	check(delta('POST /services/oauth2/token') >= 1, 'n8n exchanged the code at the emulator token endpoint', {
		details: countsAfter,
	});
	const callback = urls.find((u) => u.includes('/rest/oauth2-credential/callback'));
	check(Boolean(callback), "the popup came back to n8n's OAuth2 callback", { details: urls });
	await shot(page, `credential-${cred.type}-connected`);
}

export async function runEditorChecks(ctx) {
	const { instance, expected, pkg, plan, emulator, credentials } = ctx;
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`);
	const { chromium } = requireFromRepo(REPO_ROOT, 'playwright-core');
	// The harness handles signals itself (orderly cleanup of every process), not Playwright.
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: CHROMIUM_ARGS,
		timeout: 60_000,
		handleSIGINT: false,
		handleSIGTERM: false,
		handleSIGHUP: false,
	});
	ctx.cleanupExtra.push(() => browser.close().catch(() => {}));
	const pageErrors = [];
	try {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
		context.setDefaultTimeout(T.ui);
		const page = await context.newPage();
		page.on('pageerror', (e) => {
			pageErrors.push(e.message);
			warn(`page error: ${e.message.slice(0, 200)}`);
		});
		await login(page, instance.baseUrl);
		check(true, 'signed in to the editor as the owner');

		// 1. The node panel lists every node of the package under its display name.
		const names = await checkNodePanel(page, instance.baseUrl);
		// Trigger nodes are offered in the panel's trigger view of an empty workflow, not in this list.
		for (const node of expected.nodes.filter((n) => !n.trigger)) {
			check(names.includes(node.displayName), `node panel lists "${node.displayName}"`, { details: names });
		}
		await shot(page, 'node-panel');
		await page.keyboard.press('Escape');

		// 2. An example workflow opens with all its nodes on the canvas.
		const byPath = new Map(plan.filter((p) => p.wf).map((p) => [p.relPath, p]));
		const example =
			cases.EDITOR.workflowCandidates.map((c) => byPath.get(c)).find(Boolean) ??
			plan.find((p) => p.wf && p.relPath.startsWith('examples/')) ??
			plan.find((p) => p.wf);
		let exampleNodes = [];
		// The file as shipped (its own id), not the harness's runnable variant.
		const exampleWf = example ? (example.original ?? example.wf) : null;
		if (example) {
			await openWorkflow(page, instance.baseUrl, exampleWf.id);
			const onCanvas = await page.$$eval('[data-test-id="canvas-node"]', (els) =>
				els.map((e) => ({ name: e.getAttribute('data-node-name'), type: e.getAttribute('data-node-type') })),
			);
			const expectedCount = exampleWf.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length;
			check(
				onCanvas.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length >= expectedCount,
				`${example.relPath} opens in the editor with its ${expectedCount} nodes`,
				{ details: onCanvas },
			);
			exampleNodes = onCanvas;
			await shot(page, 'workflow');
		} else {
			warn('no workflow to open in the editor');
		}

		// 3. Each node's panel: inside the example when it has that node, else in a one-node workflow.
		for (const node of expected.nodes) {
			const fullType = `${pkg.name}.${node.type}`;
			let inExample = exampleNodes.find((n) => n.type === fullType);
			if (inExample) {
				if (!page.url().endsWith(`/workflow/${exampleWf.id}`)) await openWorkflow(page, instance.baseUrl, exampleWf.id);
			} else {
				const created = await createNodeWorkflow(instance, pkg.name, node);
				await openWorkflow(page, instance.baseUrl, created.id);
				inExample = { name: created.nodeName };
			}
			await checkNodeDetails(page, inExample.name, node, pageErrors);
			await shot(page, `node-${node.type}`);
			await closeNdv(page);
		}

		// 4. Each credential form shows its fields; 5. for OAuth2, the authorization-code flow completes from the
		// modal ("Connect" → emulator authorize, which approves at once → n8n's callback → token exchange).
		for (const cred of expected.credentials) {
			const imported =
				credentials.find((c) => c.id === cred.authorizationCodeCredentialId) ?? credentials.find((c) => c.type === cred.type);
			if (!imported) {
				check(false, `a ${cred.type} credential was imported`);
				continue;
			}
			await openCredential(page, instance.baseUrl, imported.id, imported.name);
			const labels = await texts(page, '[data-test-id="editCredential-modal"] label');
			for (const name of cred.formFields ?? []) {
				const visible = await page.locator(`[data-test-id="editCredential-modal"] [data-test-id="parameter-input-${name}"]`).first().isVisible();
				check(visible, `${cred.displayName}: the form shows field "${name}"`, { details: labels });
			}
			const modalText = await page.locator('[data-test-id="editCredential-modal"]').innerText();
			check(modalText.includes(cred.displayName), `${cred.displayName}: the modal names the credential type`);
			if (cred.connectionTest) {
				const ok = page.locator('[data-test-id="credentials-config-container-test-success"]');
				const passed = await ok.waitFor({ state: 'visible', timeout: T.ui }).then(() => true, () => false);
				const banner = passed ? '' : await page.locator('[data-test-id="editCredential-modal"]').innerText().catch(() => '');
				const serverErrors = passed
					? ''
					: fs
							.readFileSync(path.join(ctx.logDir, `${instance.name}-main.log`), 'utf8')
							.split('\n')
							.filter((l) => /error|invalid/i.test(l) && !/n8n\.io/.test(l))
							.slice(-5)
							.join('\n');
				check(passed, `${cred.displayName}: the credential test passes against the emulator`, {
					details: `${banner.slice(0, 600)}\n--- n8n log errors ---\n${serverErrors}`,
					soft: true,
				});
			}
			await shot(page, `credential-${cred.type}`);
			if (imported.id === cred.authorizationCodeCredentialId) await connectOAuth2(page, cred, emulator);
		}

		if (pageErrors.length) log(`  ${pageErrors.length} page error(s) in the session (see warnings above)`);
		await context.close();
	} catch (error) {
		// Keep what the browser showed when it failed, next to the logs.
		for (const ctx2 of browser.contexts()) {
			for (const [i, p] of ctx2.pages().entries()) {
				const file = path.join(ctx.logDir, `editor-failure-${i}.png`);
				await p.screenshot({ path: file }).catch(() => {});
				log(`  failure screenshot ${file} (${p.url()})`);
			}
		}
		throw error;
	} finally {
		await browser.close().catch(() => {});
	}
}
