/**
 * The example workflows as the demo runs them: read from examples/ unchanged, their credential references
 * pointed at the harness's credential, the sample data taken from the trigger's own pinned data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INode } from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { PACKAGE_ROOT, type StoredCredential, type WorkflowFile } from '../engine';

export const EXAMPLES_DIR = join(PACKAGE_ROOT, 'examples');

/** The examples the harness can run (the AI-agent one needs a language model, so only n8n runs it). */
export const RUNNABLE_EXAMPLES = ['hr-sync.json', 'joiner-webhook.json', 'leaver-event.json'] as const;
export const AGENT_EXAMPLE = 'ai-agent-tool.json';

export const DEMO_CREDENTIAL_ID = 'sfscim-demo-oauth2';

export function loadExample(file: string, dir = EXAMPLES_DIR): WorkflowFile {
	return JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowFile;
}

/** OAuth2 client credentials against the emulator's My Domain, as a user would fill in the credential. */
export function emulatorCredential(emulator: Emulator, id = DEMO_CREDENTIAL_ID): StoredCredential {
	const info = emulator.connectionInfo();
	return {
		id,
		name: 'Salesforce SCIM (emulator)',
		type: 'salesforceScimOAuth2Api',
		data: {
			grantType: 'clientCredentials',
			environment: 'myDomain',
			myDomainUrl: info.url,
			clientId: info.clientId,
			clientSecret: info.clientSecret,
		},
	};
}

/**
 * Every node's reference to a credential of the stored one's type now names the stored one, as importing the
 * workflow and picking a credential in n8n would. Returns a copy.
 */
export function withCredential(workflow: WorkflowFile, credential: StoredCredential): WorkflowFile {
	const copy = structuredClone(workflow);
	for (const node of copy.nodes) {
		if (node.credentials?.[credential.type]) node.credentials[credential.type] = { id: credential.id, name: credential.name };
	}
	return copy;
}

export function nodeNamed(workflow: WorkflowFile, name: string): INode {
	const node = workflow.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`The workflow "${workflow.name ?? '?'}" has no node "${name}"`);
	return node;
}

/** The node of a given type and operation (`salesforceScim` + `sync`), so the demo does not depend on node names. */
export function nodeOf(workflow: WorkflowFile, type: string, operation?: string): INode | undefined {
	return workflow.nodes.find((n) => n.type.endsWith(`.${type}`) && (operation === undefined || n.parameters.operation === operation));
}

/** The Manual Trigger: the start the harness (and `n8n execute`) uses; its pinned data is the sample input. */
export function manualTriggerOf(workflow: WorkflowFile): string {
	const trigger = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger' && !n.disabled);
	if (!trigger) throw new Error(`The workflow "${workflow.name ?? '?'}" has no Manual Trigger`);
	return trigger.name;
}
