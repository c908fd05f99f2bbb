// Workflow files → n8n: loading examples and harness workflows, fixed ids, credentials rewired to the imported
// ones, trigger swaps (Manual Trigger for `n8n execute`, Webhook for queue mode), and running the checks.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { check, log, REPO_ROOT } from './lib.mjs';

const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';
export const EMULATOR_URL_PLACEHOLDER = '__SFSCIM_EMULATOR_URL__';

/** A fixed n8n workflow id (≤ 21 chars) derived from the file's path, so re-imports overwrite. */
export function workflowIdFor(relPath) {
	return `sfs${crypto.createHash('sha1').update(relPath).digest('hex').slice(0, 13)}`;
}

function listJson(relDir) {
	const dir = path.join(REPO_ROOT, relDir);
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => path.posix.join(relDir, f));
}

/** Every workflow file the harness knows: examples/*.json and test/n8n/workflows/*.json. */
export function discoverWorkflowFiles() {
	return [...listJson('examples'), ...listJson('test/n8n/workflows')];
}

function incomingNodeNames(wf) {
	const incoming = new Set();
	for (const outputs of Object.values(wf.connections ?? {})) {
		for (const conns of Object.values(outputs)) {
			for (const list of conns ?? []) for (const c of list ?? []) incoming.add(c.node);
		}
	}
	return incoming;
}

/** The trigger (start) node: the first node of a trigger-ish type with no incoming connection. */
export function triggerOf(wf) {
	const incoming = incomingNodeNames(wf);
	const candidates = wf.nodes.filter((n) => !incoming.has(n.name) && !n.type.endsWith('.stickyNote'));
	return (
		candidates.find((n) => n.type === MANUAL_TRIGGER) ??
		candidates.find((n) => /trigger$/i.test(n.type) || n.type === 'n8n-nodes-base.webhook') ??
		null
	);
}

function pinnedItems(wf, nodeName) {
	const pinned = wf.pinData?.[nodeName];
	if (!Array.isArray(pinned)) return null;
	return pinned.map((p) => (p && typeof p === 'object' && 'json' in p ? p.json : p));
}

/**
 * Replaces the workflow's trigger by `newTrigger` (a node without name/position). The old trigger's name is
 * kept by a Code node that emits the old trigger's pinned items (or one empty item), so connections and
 * expressions like $('Old trigger') keep working.
 */
function swapTrigger(wf, newTrigger, newName) {
	const old = triggerOf(wf);
	if (!old) throw new Error(`workflow "${wf.name}" has no trigger node to swap`);
	const items = pinnedItems(wf, old.name) ?? [{}];
	const code = {
		parameters: { jsCode: `return ${JSON.stringify(items.map((json) => ({ json })))};` },
		id: crypto.randomUUID(),
		name: old.name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: old.position,
	};
	const trigger = {
		...newTrigger,
		id: crypto.randomUUID(),
		name: newName,
		position: [old.position[0] - 240, old.position[1]],
	};
	wf.nodes = wf.nodes.map((n) => (n.name === old.name ? code : n));
	wf.nodes.unshift(trigger);
	wf.connections = { ...wf.connections, [newName]: { main: [[{ node: old.name, type: 'main', index: 0 }]] } };
	if (wf.pinData) delete wf.pinData[old.name];
	return wf;
}

export function toManualTrigger(wf) {
	return swapTrigger(wf, { parameters: {}, type: MANUAL_TRIGGER, typeVersion: 1 }, 'Harness manual trigger');
}

export function toWebhookTrigger(wf, webhookPath) {
	return swapTrigger(
		wf,
		{
			parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: crypto.randomUUID(),
		},
		'Harness webhook',
	);
}

/**
 * Reads a workflow file and prepares it for import: placeholder URLs, a fixed id, credentials pointing at the
 * imported ones (by credential type).
 */
export function loadWorkflow(relPath, { emulatorUrl, credentialsByType, idSuffix = '' }) {
	const text = fs.readFileSync(path.join(REPO_ROOT, relPath), 'utf8').split(EMULATOR_URL_PLACEHOLDER).join(emulatorUrl);
	const wf = JSON.parse(text);
	// Keep the file's own id when n8n accepts it (≤ 21 characters), else derive one from the path.
	const baseId = typeof wf.id === 'string' && /^[A-Za-z0-9]{1,20}$/.test(wf.id) ? wf.id : workflowIdFor(relPath);
	wf.id = `${baseId}${idSuffix}`.slice(0, 21);
	wf.active = false;
	wf.settings = { executionOrder: 'v1', ...(wf.settings ?? {}) };
	for (const node of wf.nodes ?? []) {
		for (const [type, ref] of Object.entries(node.credentials ?? {})) {
			const cred = credentialsByType[type];
			if (cred) node.credentials[type] = { id: cred.id, name: cred.name };
			else log(`  (workflow ${relPath}: node "${node.name}" uses credential type ${type}, none imported)`);
			void ref;
		}
	}
	// Fields that belong to another instance.
	delete wf.versionId;
	delete wf.activeVersionId;
	delete wf.shared;
	delete wf.meta;
	if (!Array.isArray(wf.tags)) delete wf.tags;
	return wf;
}

/**
 * Builds the run plan: every workflow file, whether it is executed headless, and its case (if any).
 * Returns [{ relPath, wf, execute: boolean, reason, caseDef }].
 */
export function planWorkflows({ files, cases, emulatorUrl, credentialsByType }) {
	const plan = files.map((relPath) => {
		const caseDef = cases[relPath] ?? {};
		let wf;
		try {
			wf = loadWorkflow(relPath, { emulatorUrl, credentialsByType });
		} catch (error) {
			return { relPath, wf: null, execute: false, reason: `unreadable: ${error.message}`, caseDef, broken: true };
		}
		const trigger = triggerOf(wf);
		if (caseDef.skip) return { relPath, wf, execute: false, reason: caseDef.skip, caseDef };
		if (trigger?.type === MANUAL_TRIGGER && !wf.pinData?.[trigger.name]) {
			return { relPath, wf, execute: true, reason: 'starts with a Manual Trigger', caseDef };
		}
		if (trigger?.type === MANUAL_TRIGGER || caseDef.trigger === 'manual') {
			// Pinned data is not used by `n8n execute` (cli mode): it becomes a Code node in a runnable variant
			// (id + "x"); the file as shipped is imported too, under its own id, for the editor.
			const variant = toManualTrigger(loadWorkflow(relPath, { emulatorUrl, credentialsByType, idSuffix: 'x' }));
			variant.name = `${wf.name} (harness run)`;
			return { relPath, wf: variant, original: wf, execute: true, reason: `trigger ${trigger?.type} swapped`, caseDef };
		}
		return { relPath, wf, execute: false, reason: `starts with ${trigger?.type ?? 'no trigger'} (no case asks to run it)`, caseDef };
	});
	// Infrastructure proofs (`onlyWithoutExamples`) run only while no example is runnable.
	const examplesRun = plan.some((p) => p.execute && p.relPath.startsWith('examples/'));
	for (const p of plan) {
		if (p.execute && p.caseDef.onlyWithoutExamples && examplesRun) {
			p.execute = false;
			p.reason = 'infrastructure proof, not needed: examples run';
		}
	}
	return plan;
}

/** Checks one execution result against its case. */
export async function checkExecution({ item, result, emulator, before, memory }) {
	const { relPath, caseDef } = item;
	if (caseDef.expectError) {
		check(Boolean(result.error), `${relPath}: fails as expected`, { details: result.error });
	} else {
		check(!result.error && result.run, `${relPath}: ran without error (last node "${result.lastNode}")`, {
			details: result.error ? { error: result.error, logTail: result.log.split('\n').slice(-40).join('\n') } : result.log.slice(-3000),
		});
	}
	if (caseDef.expect) await caseDef.expect({ result, emulator, check, before, memory, wf: item.wf });
}
