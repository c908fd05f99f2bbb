import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
	NodeHelpers,
	type ICredentialType,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

/** The n8n package this repository builds; its compiled output is what the engine loads, as n8n would. */
export const PACKAGE_ROOT = resolve(__dirname, findUp(__dirname, 'gulpfile.js'));
export const PACKAGE_NAME = 'n8n-nodes-salesforce-scim';

function findUp(from: string, marker: string): string {
	let dir = from;
	for (;;) {
		if (existsSync(join(dir, marker)) && existsSync(join(dir, 'package.json'))) return dir;
		const parent = dirname(dir);
		if (parent === dir) throw new Error(`Cannot find the package root (${marker}) above ${from}`);
		dir = parent;
	}
}

/**
 * n8n-nodes-base nodes the examples, demo and benchmarks use. Loaded from the real package at the version
 * n8n 2.41.1 ships, so the baseline (HTTP Request) and the triggers behave exactly as in n8n.
 */
const BASE_NODES: Record<string, string> = {
	manualTrigger: 'ManualTrigger/ManualTrigger.node.js',
	scheduleTrigger: 'Schedule/ScheduleTrigger.node.js',
	webhook: 'Webhook/Webhook.node.js',
	httpRequest: 'HttpRequest/HttpRequest.node.js',
	if: 'If/If.node.js',
	noOp: 'NoOp/NoOp.node.js',
	stickyNote: 'StickyNote/StickyNote.node.js',
	set: 'Set/Set.node.js',
	merge: 'Merge/Merge.node.js',
	splitOut: 'Transform/SplitOut/SplitOut.node.js',
	executeWorkflowTrigger: 'ExecuteWorkflowTrigger/ExecuteWorkflowTrigger.node.js',
	switch: 'Switch/Switch.node.js',
};

const BASE_CREDENTIALS: Record<string, string> = {
	oAuth2Api: 'OAuth2Api.credentials.js',
};

type NodeClass = new () => INodeType | IVersionedNodeType;
type CredentialClass = new () => ICredentialType;

function instantiate<T>(file: string): T {
	const mod = require(file) as Record<string, unknown>;
	const ctor = Object.values(mod).find((value) => typeof value === 'function') as
		| (new () => T)
		| undefined;
	if (!ctor) throw new Error(`No class exported by ${file}`);
	return new ctor();
}

function packageManifest(): { nodes: string[]; credentials: string[] } {
	const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	return pkg.n8n;
}

function requireBuilt(relative: string): string {
	const file = join(PACKAGE_ROOT, relative);
	if (!existsSync(file)) {
		throw new Error(`${relative} is not built. Run \`npm run build\` first.`);
	}
	return file;
}

/** Node types registry for the engine: this package's compiled nodes plus the n8n-nodes-base nodes above. */
export class HarnessNodeTypes implements INodeTypes {
	private readonly nodes = new Map<string, INodeType | IVersionedNodeType>();

	constructor() {
		for (const relative of packageManifest().nodes) {
			const node = instantiate<INodeType | IVersionedNodeType>(requireBuilt(relative));
			this.nodes.set(`${PACKAGE_NAME}.${node.description.name}`, node);
		}
	}

	private load(type: string): INodeType | IVersionedNodeType {
		const known = this.nodes.get(type);
		if (known) return known;
		const [pkg, name] = type.split('.');
		const file = pkg === 'n8n-nodes-base' ? BASE_NODES[name] : undefined;
		if (!file) throw new Error(`Unknown node type "${type}" (the harness knows: ${this.getKnownNames().join(', ')})`);
		const node = instantiate<INodeType | IVersionedNodeType>(
			require.resolve(`n8n-nodes-base/dist/nodes/${file}`),
		);
		this.nodes.set(type, node);
		return node;
	}

	getByName(type: string): INodeType | IVersionedNodeType {
		return this.load(type);
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.load(type), version);
	}

	getKnownTypes() {
		return {};
	}

	getKnownNames(): string[] {
		return [...this.nodes.keys(), ...Object.keys(BASE_NODES).map((n) => `n8n-nodes-base.${n}`)];
	}
}

/** Credential types: this package's compiled credentials and n8n's own oAuth2Api they extend. */
export class HarnessCredentialTypes {
	private readonly types = new Map<string, ICredentialType>();

	constructor() {
		for (const relative of packageManifest().credentials) {
			const type = instantiate<ICredentialType>(requireBuilt(relative));
			this.types.set(type.name, type);
		}
		for (const [name, file] of Object.entries(BASE_CREDENTIALS)) {
			this.types.set(
				name,
				instantiate<ICredentialType>(require.resolve(`n8n-nodes-base/dist/credentials/${file}`)),
			);
		}
	}

	getByName(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new Error(`Unknown credential type "${name}"`);
		return type;
	}

	has(name: string) {
		return this.types.has(name);
	}

	/** Mirrors n8n's CredentialTypes.getParentTypes: the transitive `extends` chain. */
	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	classes(): CredentialClass[] {
		return [...this.types.values()].map((t) => t.constructor as CredentialClass);
	}
}

export type { NodeClass };
