import { getAdditionalKeys } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import type { HarnessCredentialTypes, HarnessNodeTypes } from './nodeTypes';

/** A stored credential, as n8n keeps it (decrypted here: the harness has no database). */
export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** Events the harness records so tests can see what n8n would have persisted (token refreshes, re-mints). */
export interface CredentialEvent {
	kind: 'preAuthentication' | 'oauthTokenData' | 'update';
	credentialId: string;
	type: string;
}

const mockNode: INode = {
	id: 'credential-resolver',
	name: 'credential-resolver',
	type: 'n8n-nodes-base.noOp',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * The credentials helper n8n's CLI gives the engine, without the database: same precedence of stored values
 * over defaults, same expression resolution, same preAuthentication rule (run when the expirable property is
 * empty or the request came back 401), same persistence of refreshed OAuth2 token data.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	readonly events: CredentialEvent[] = [];

	constructor(
		private readonly store: Map<string, StoredCredential>,
		private readonly credentialTypes: HarnessCredentialTypes,
		private readonly nodeTypes: HarnessNodeTypes,
	) {
		super();
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.credentialTypes.getByName(typeName);
		if (typeof type.authenticate === 'function') {
			return await type.authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (type.authenticate?.type === 'generic') {
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, entries] of Object.entries(type.authenticate.properties)) {
				target[outerKey] ??= {};
				for (const [key, value] of Object.entries(entries as Record<string, string>)) {
					target[outerKey][this.resolve(key, credentials, workflow, node)] = this.resolve(
						value,
						credentials,
						workflow,
						node,
					);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	private resolve(
		value: string,
		credentials: ICredentialDataDecryptedObject,
		workflow?: Workflow,
		node?: INode,
	): string {
		if (!isExpression(value) || !workflow || !node) return value;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials } as never,
			undefined,
			'',
		);
		return resolved ? String(resolved) : '';
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.credentialTypes.getByName(typeName);
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !credentialsExpired) {
			return undefined;
		}
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const details = node.credentials?.[typeName];
		if (details) {
			const stored = this.find(details, typeName);
			stored.data = { ...stored.data, ...output } as ICredentialDataDecryptedObject;
			this.events.push({ kind: 'preAuthentication', credentialId: stored.id, type: typeName });
		}
		return Object.assign(credentials, output) as ICredentialDataDecryptedObject;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.credentialTypes.getByName(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return ((await type.preAuthentication.call(helpers, credentials)) ?? undefined) as
			| ICredentialDataDecryptedObject
			| undefined;
	}

	private find(details: INodeCredentialsDetails, type: string): StoredCredential {
		const stored = details.id ? this.store.get(details.id) : undefined;
		if (!stored || stored.type !== type) {
			throw new Error(`Credential "${details.name}" (${details.id ?? 'no id'}) of type ${type} is not in the harness store`);
		}
		return stored;
	}

	async getCredentials(details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const stored = this.find(details, type);
		return {
			id: stored.id,
			name: stored.name,
			type: stored.type,
			data: undefined,
			getData: () => structuredClone(stored.data),
			getDataToSave: () => ({ id: stored.id, name: stored.name, type: stored.type, data: '' }),
			setData: (data: ICredentialDataDecryptedObject) => {
				stored.data = structuredClone(data);
			},
			updateData: (data: ICredentialDataDecryptedObject) => {
				stored.data = { ...stored.data, ...structuredClone(data) };
			},
		} as unknown as ICredentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		details: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		_executeData?: unknown,
		raw?: boolean,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.find(details, type);
		const original = structuredClone(stored.data);
		if (raw) return original;
		const properties = this.getCredentialsProperties(type);
		let data = NodeHelpers.getNodeParameters(
			properties,
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (original.oauthTokenData !== undefined) data.oauthTokenData = original.oauthTokenData;

		const workflow = new Workflow({
			nodes: [mockNode],
			connections: {},
			active: false,
			nodeTypes: this.nodeTypes,
		});
		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		await workflow.expression.acquireIsolate();
		try {
			data = workflow.expression.getComplexParameterValue(
				mockNode,
				data as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				data,
			) as ICredentialDataDecryptedObject;
		} finally {
			await workflow.expression.releaseIsolate();
		}
		return data;
	}

	async updateCredentials(
		details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.find(details, type);
		stored.data = structuredClone(data);
		this.events.push({ kind: 'update', credentialId: stored.id, type });
	}

	async updateCredentialsOauthTokenData(
		details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.find(details, type);
		stored.data = { ...stored.data, oauthTokenData: structuredClone(data.oauthTokenData) };
		this.events.push({ kind: 'oauthTokenData', credentialId: stored.id, type });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const definition = this.credentialTypes.getByName(type);
		if (!definition.extends) {
			if (type === 'oAuth2Api') {
				return [
					...definition.properties,
					{ displayName: 'oauthTokenData', name: 'oauthTokenData', type: 'json', default: {} },
				];
			}
			return definition.properties;
		}
		const combined: INodeProperties[] = [];
		for (const parent of definition.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, definition.properties);
		return combined;
	}
}
