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

import { TRIGGER_CREDENTIAL } from './scimTrigger.mjs';

export * as SCIM_TRIGGER from './scimTrigger.mjs';

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
	{
		type: 'directoryChangeTrigger',
		displayName: 'Directory Change Trigger',
		file: 'dist/nodes/DirectoryChangeTrigger/DirectoryChangeTrigger.node.js',
		panelParameters: ['source', 'firstRun'],
	},
	{
		type: 'salesforceScimTrigger',
		displayName: 'Salesforce SCIM Trigger',
		file: 'dist/nodes/SalesforceScimTrigger/SalesforceScimTrigger.node.js',
		// 'authentication' is n8n's main auth field: the editor shows it with the credential, not in the parameter list (as for the Salesforce SCIM node).
		panelParameters: ['slug'],
		trigger: true,
	},
	{
		type: 'salesforceScimRespond',
		displayName: 'Salesforce SCIM Respond',
		file: 'dist/nodes/SalesforceScimRespond/SalesforceScimRespond.node.js',
		panelParameters: ['event', 'resourceId'],
	},
];

/**
 * The Directory Change Trigger's credentials. Their sources' emulators start only in step 12 (scripts/n8n/
 * directory.mjs), which imports working ones and runs n8n's credential test; here a placeholder of each is imported
 * so the editor can open its form.
 */
const directoryCredential = (type, displayName, file, formFields, data) => ({
	type,
	displayName,
	file,
	formFields,
	imports: () => [{ id: `form${type}`.slice(0, 21), name: `${displayName} (form only)`, data }],
});

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
		// The credential has a `test`: n8n runs it when the form opens, and it must pass against the emulator.
		connectionTest: true,
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
	TRIGGER_CREDENTIAL,
];

CREDENTIALS.push(
	directoryCredential('entraDirectoryOAuth2Api', 'Microsoft Entra ID Directory OAuth2 API', 'dist/credentials/EntraDirectoryOAuth2Api.credentials.js', ['tenantId', 'clientId', 'clientSecret'], { tenantId: 'contoso.onmicrosoft.com', clientId: 'form', clientSecret: 'form' }),
	directoryCredential('oktaDirectoryApi', 'Okta Directory API', 'dist/credentials/OktaDirectoryApi.credentials.js', ['domain', 'apiToken'], { domain: 'https://example.okta.com', apiToken: 'form' }),
	directoryCredential('googleWorkspaceDirectoryApi', 'Google Workspace Directory (Service Account) API', 'dist/credentials/GoogleWorkspaceDirectoryApi.credentials.js', ['clientEmail', 'privateKey', 'subject'], { clientEmail: 'form@example.iam.gserviceaccount.com', subject: 'admin@example.com' }),
	directoryCredential('bambooHrDirectoryApi', 'BambooHR Directory API', 'dist/credentials/BambooHrDirectoryApi.credentials.js', ['companyDomain', 'apiKey'], { companyDomain: 'acme', apiKey: 'form' }),
	directoryCredential('directoryListApi', 'Directory List (URL) API', 'dist/credentials/DirectoryListApi.credentials.js', ['url', 'headerName', 'headerValue'], { url: 'https://hr.example.com/people.csv' }),
);

/** Which imported credential a workflow's node gets, per credential type (nodes keep their type). */
export const DEFAULT_CREDENTIAL_FOR_TYPE = {
	salesforceScimOAuth2Api: 'sfscimOAuthCC',
	salesforceScimJwtApi: 'sfscimJwt',
	salesforceScimTriggerApi: 'sfscimIdpToken',
};

/** Emulator options (EmulatorOptions of cli/src/emulator) for the whole run: the demo's org, Aurora Logistics. */
export const EMULATOR = {
	seedFrom: { module: 'cli/dist/cli/src/demo/org.js', export: 'demoSeed' },
	oauth: {},
};

// Helpers for the checks below.
const SCIM_WRITE = /^(POST|PATCH|PUT|DELETE) \/services\/scim\/v2\//;
/** Writes the emulator saw since `before` (request counts per "METHOD /path"). */
export async function scimWritesSince(emulator, beforeCounts) {
	const after = await emulator.requestCounts();
	let writes = 0;
	for (const [key, n] of Object.entries(after)) if (SCIM_WRITE.test(key)) writes += n - (beforeCounts?.[key] ?? 0);
	return writes;
}
const userNameOf = (u) => String(u?.userName ?? u?.user?.userName ?? u?.resource?.userName ?? '').toLowerCase();
const isActive = (u) => u?.active !== false;
async function usersByName(emulator) {
	const map = new Map();
	for (const u of await emulator.users()) {
		const key = userNameOf(u);
		map.set(key, [...(map.get(key) ?? []), u]);
	}
	return map;
}

/**
 * Per-workflow checks. `expect({ result, emulator, check, before, memory, wf })` runs after the execution:
 *   result.output[nodeName] → array of outputs, each an array of item JSON
 *   result.error / result.status / result.lastNode
 *   emulator.users() / emulator.state() / emulator.requestCounts()
 *   before → { state, counts }: the emulator's state dump and request counts right before the execution
 *   memory → an object shared by all checks of the run (e.g. the HR sync's mapped users, for queue mode)
 * `trigger: 'manual'` makes a workflow that starts with another trigger runnable by `n8n execute`.
 * `expectError: true` for a workflow meant to fail; `skip: 'reason'` to import it only;
 * `onlyWithoutExamples: true` runs it only while no example workflow is runnable.
 * Pinned data on a Manual Trigger is turned into a Code node (n8n execute ignores pinned data).
 */
export const WORKFLOW_CASES = {
	'test/n8n/workflows/baseline-builtin.json': {
		// Proves n8n, the task runner and the emulator without the package's nodes; queue mode's fallback too.
		onlyWithoutExamples: true,
		expect: async ({ result, check }) => {
			const out = result.output['Emulator usage']?.[0] ?? [];
			check(out.length === 1 && typeof out[0].used === 'number', 'built-in HTTP Request reached the emulator from n8n', {
				details: out,
			});
			const code = result.output['Make items']?.[0] ?? [];
			check(code.length === 2 && code[1].n === 2, 'Code node ran in the task runner and returned 2 items', { details: code });
		},
	},
	'test/n8n/workflows/jwt-get-users.json': {
		// The JWT bearer credential end to end in real n8n: preAuthentication signs, the emulator verifies.
		expect: async ({ result, emulator, check, before }) => {
			const users = result.output['Users via JWT']?.[0] ?? [];
			check(users.length > 0 && users.length <= 5 && users.every((u) => userNameOf(u)), `JWT: Get Many returned ${users.length} users (limit 5)`, {
				details: users.slice(0, 2),
			});
			const after = await emulator.requestCounts();
			const tokens = (after['POST /services/oauth2/token'] ?? 0) - (before.counts['POST /services/oauth2/token'] ?? 0);
			check(tokens >= 1, `JWT: a token was minted at the emulator (${tokens})`);
		},
	},
	'examples/hr-sync.json': {
		// As shipped: a dry run. It plans, and writes nothing.
		expect: async ({ result, emulator, check, before, memory }) => {
			const [valid = [], invalid = []] = result.output['Map HR rows'] ?? [];
			check(valid.length > 0, `HR sync: the Mapping node mapped ${valid.length} valid rows (${invalid.length} invalid)`, {
				details: result.output['Map HR rows'],
			});
			const plan = result.output['Sync Salesforce users']?.[0] ?? [];
			check(plan.length > 0, `HR sync: the dry run returned a plan of ${plan.length} items`, { details: plan.slice(0, 5) });
			const writes = await scimWritesSince(emulator, before.counts);
			check(writes === 0, `HR sync: the dry run wrote nothing to the emulator (${writes} writes)`);
			memory.hrValid = valid.map((u) => ({ userName: userNameOf(u), active: isActive(u) })).filter((u) => u.userName);
		},
	},
	'examples/joiner-webhook.json': {
		expect: async ({ result, emulator, check }) => {
			const mapped = result.output['Map Entra user']?.[0] ?? [];
			check(mapped.length === 1, 'joiner: the sample event mapped to one user', { details: result.output['Map Entra user'] });
			const name = userNameOf(mapped[0]);
			const users = (await usersByName(emulator)).get(name) ?? [];
			check(users.length === 1 && isActive(users[0]), `joiner: ${name} exists once in the emulator, active`, { details: users });
			const added = result.output['Add to department group']?.[0] ?? [];
			check(added.length >= 1, 'joiner: the group step returned a result', { details: result.output['Add to department group'] });
		},
	},
	'examples/leaver-event.json': {
		expect: async ({ result, emulator, check, wf }) => {
			const sample = wf.nodes.find((n) => n.type === 'n8n-nodes-base.code')?.parameters?.jsCode ?? '';
			const email = (sample.match(/"workEmail":"([^"]+)"/) ?? [])[1]?.toLowerCase();
			const users = email ? ((await usersByName(emulator)).get(email) ?? []) : [];
			check(
				users.every((u) => !isActive(u)),
				`leaver: ${email ?? '(sample leaver)'} is not active in the emulator (${users.length} user(s) with that name)`,
				{ details: users },
			);
			check(Boolean(result.output['Deactivate leaver']), 'leaver: the Deactivate step ran');
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
	/** Applied, not a dry run. */
	prepare: (wf) => {
		for (const node of wf.nodes) {
			if (node.type.endsWith('.salesforceScim') && node.parameters?.operation === 'sync') node.parameters.dryRun = false;
		}
	},
	expect: async ({ emulator, check, memory, baseline }) => {
		const byName = await usersByName(emulator);
		const dupes = [...byName.entries()].filter(([, list]) => list.length > 1).map(([name]) => name);
		check(dupes.length === 0, `no duplicate userName in the emulator after concurrent runs (${byName.size} users)`, {
			details: dupes,
		});
		const all = [...byName.values()].flat();
		const externalIds = all.map((u) => u.externalId).filter(Boolean);
		const dupExt = externalIds.filter((x, i) => externalIds.indexOf(x) !== i);
		check(dupExt.length === 0, 'no duplicate externalId in the emulator', { details: dupExt });
		if (baseline) return;
		const desired = memory.hrValid ?? [];
		check(desired.length > 0, `the desired state is known from the dry run (${desired.length} users)`);
		const wrong = desired.filter((d) => {
			const list = byName.get(d.userName) ?? [];
			return list.length !== 1 || isActive(list[0]) !== d.active;
		});
		check(wrong.length === 0, `every mapped HR user exists once with the desired active flag (${desired.length - wrong.length}/${desired.length})`, {
			details: wrong.map((d) => ({ ...d, found: byName.get(d.userName) ?? [] })),
		});
	},
};
