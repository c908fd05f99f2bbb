// What `npm run test:n8n` (scripts/test-n8n.sh → scripts/n8n/main.mjs) checks inside real n8n. Plain data and
// small functions, so that a new node, credential or example workflow needs one entry here and nothing else.
//
// Workflows come from two folders:
//   examples/*.json          the package's example workflows (all of them are imported; those that start with a
//                            Manual Trigger are executed with `n8n execute`; others only when a case below says
//                            `trigger: 'manual'`, which swaps their trigger for a Manual Trigger)
//   test/n8n/workflows/*.json workflows that exist only for this harness
// A workflow without a case must simply run without an error. A case adds checks on the output and on the
// emulator's state afterwards. Keys of WORKFLOW_CASES are paths relative to the repository root.

export const PACKAGE_NAME = 'n8n-nodes-salesforce-scim';

/** Node types the package must register in n8n, with the name the node panel shows. */
export const NODES = [
	{
		type: 'salesforceScim',
		displayName: 'Salesforce SCIM',
		file: 'dist/nodes/SalesforceScim/SalesforceScim.node.js',
		// Parameters (by name) the node's panel must show when the node is opened in the editor.
		panelParameters: ['resource', 'operation'],
	},
	{
		type: 'salesforceScimMapping',
		displayName: 'Salesforce SCIM Mapping',
		file: 'dist/nodes/SalesforceScimMapping/SalesforceScimMapping.node.js',
		panelParameters: ['preset'],
	},
];

/** Credential types, the fields their forms must show, and how the harness fills them in. */
export const CREDENTIALS = [
	{
		type: 'salesforceScimOAuth2Api',
		displayName: 'Salesforce SCIM OAuth2 API',
		file: 'dist/credentials/SalesforceScimOAuth2Api.credentials.js',
		// Fields (by parameter name) its form must show.
		formFields: ['grantType', 'environment', 'clientId', 'clientSecret'],
		/** Imported twice: client credentials (runs headless) and authorization code (connected in the editor). */
		imports: (emu) => [
			{
				id: 'sfscimOAuthCC',
				name: 'Salesforce SCIM OAuth2 (client credentials, emulator)',
				data: {
					grantType: 'clientCredentials',
					environment: 'myDomain',
					myDomainUrl: emu.url,
					instanceUrl: emu.url,
					clientId: emu.config.clientId,
					clientSecret: emu.config.clientSecret,
				},
			},
			{
				id: 'sfscimOAuthPKCE',
				name: 'Salesforce SCIM OAuth2 (authorization code, emulator)',
				data: {
					grantType: 'pkce',
					environment: 'myDomain',
					myDomainUrl: emu.url,
					clientId: emu.config.clientId,
					clientSecret: emu.config.clientSecret,
				},
			},
		],
		/** The credential the editor check connects through the OAuth2 authorization-code flow. */
		authorizationCodeCredentialId: 'sfscimOAuthPKCE',
	},
	{
		type: 'salesforceScimJwtApi',
		displayName: 'Salesforce SCIM JWT API',
		file: 'dist/credentials/SalesforceScimJwtApi.credentials.js',
		formFields: ['environment', 'clientId', 'username', 'privateKey'],
		imports: (emu, { jwtPrivateKey }) => [
			{
				id: 'sfscimJwt',
				name: 'Salesforce SCIM JWT (emulator)',
				data: {
					environment: 'myDomain',
					myDomainUrl: emu.url,
					clientId: emu.config.clientId,
					username: emu.config.runAsUser ?? emu.config.preAuthorizedUsers?.[0],
					privateKey: jwtPrivateKey,
				},
			},
		],
	},
];

/** Which imported credential a workflow's node gets, per credential type (nodes keep their type). */
export const DEFAULT_CREDENTIAL_FOR_TYPE = {
	salesforceScimOAuth2Api: 'sfscimOAuthCC',
	salesforceScimJwtApi: 'sfscimJwt',
};

/**
 * Per-workflow checks. `expect({ result, emulator, check, before })` runs after the execution:
 *   result.output[nodeName] → array of outputs, each an array of item JSON
 *   result.error / result.status / result.lastNode
 *   emulator.users() / emulator.state() / emulator.requestCounts()
 *   before → the emulator state dump taken right before the execution
 * `trigger: 'manual'` makes a workflow that starts with another trigger runnable by `n8n execute`.
 * `expectError: true` for a workflow meant to fail.
 */
export const WORKFLOW_CASES = {
	'test/n8n/workflows/baseline-builtin.json': {
		expect: async ({ result, check }) => {
			const out = result.output['Emulator usage']?.[0] ?? [];
			check(out.length === 1 && typeof out[0].used === 'number', 'built-in HTTP Request reached the emulator from n8n', {
				details: out,
			});
			const code = result.output['Make items']?.[0] ?? [];
			check(code.length === 2 && code[1].n === 2, 'Code node ran in the task runner and returned 2 items', { details: code });
		},
	},
};

/** The editor checks: which workflow opens, which nodes in it are opened (by display name of their type). */
export const EDITOR = {
	/** Preferred workflows to open, first one present wins (relative paths). */
	workflowCandidates: ['examples/hr-sync.json', 'examples/joiner-webhook.json'],
	screenshots: 'docs/screenshots',
};

/**
 * Queue mode: one sync workflow triggered twice at once through a webhook (its trigger is swapped for a Webhook
 * node; pinned sample data on the old trigger becomes a Code node so the data still flows).
 * `workflowCandidates`: first present wins; `baseline` is used when none is present (proves the infrastructure).
 * `expect({ emulator, check, executions })` checks the final state.
 */
export const QUEUE = {
	workflowCandidates: ['examples/hr-sync.json'],
	baseline: 'test/n8n/workflows/baseline-builtin.json',
	concurrentRuns: 2,
	expect: async ({ emulator, check }) => {
		const users = await emulator.users();
		const names = users.map((u) => String(u.userName ?? u.username ?? '').toLowerCase()).filter(Boolean);
		const dupes = names.filter((n, i) => names.indexOf(n) !== i);
		check(dupes.length === 0, `no duplicate userName in the emulator after concurrent runs (${names.length} users)`, {
			details: dupes,
		});
	},
};
