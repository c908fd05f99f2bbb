/**
 * The bad-input catalog (issue 11): credentials, node input and server answers that are wrong in the ways real
 * directories, real admins and real networks are wrong. Each case names the exact message a person sees and,
 * when the problem is detectable locally, proves that nothing was sent (the emulator's request counter, and the
 * test servers' own logs, unchanged).
 */
import type { IDataObject } from 'n8n-workflow';

import { parseFilter } from '../../../scim/filter';
import type { Emulator } from '../emulator';
import type { RunResult, StoredCredential } from '../engine';
import type { Canaries } from './secrets';
import type { FrontServer, TestServer } from './servers';
import { clientCredentials, jwtCredential, runNode, type AuthKind, type NodeRun } from './workflow';

export type CatalogArea = 'credentials' | 'node input' | 'server answers';

export interface CatalogContext {
	emulator: Emulator;
	canaries: Canaries;
	/** Forwards to the emulator unless a case answers itself. */
	front: FrontServer;
	/** Another host: records the Authorization header of anything that reaches it. */
	recorder: TestServer;
	/** A token endpoint whose answer a case sets. */
	tokens: TestServer & { answer?: IDataObject };
}

export interface CaseOutcome {
	/** What the person sees: the error message, or for accepted input the outcome. */
	message: string;
	/** Requests that reached any server (emulator and test servers) during the case. */
	requests: number;
	/** Further checks that failed (empty when the case holds). */
	problems: string[];
}

export interface CatalogCase {
	id: string;
	area: CatalogArea;
	topic: string;
	title: string;
	/** The exact message (a RegExp only where a port or an id varies). */
	expect: string | RegExp;
	/** 'nothing': detectable locally, no request may be sent; 'noWrite': reads allowed, no write. */
	sends: 'nothing' | 'noWrite' | 'any';
	run(ctx: CatalogContext): Promise<CaseOutcome>;
}

export interface CaseResult {
	id: string;
	area: CatalogArea;
	topic: string;
	title: string;
	expected: string;
	message: string;
	sends: CatalogCase['sends'];
	requests: number;
	ok: boolean;
	problems: string[];
}

const USERS = '/services/scim/v2/Users';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const INJECTION = 'x" or userName pr or userName eq "';
const fast = { retryDelayMs: 5 };
const byName = (value: string) => ({ __rl: true, mode: 'name', value });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

const writes = (emulator: Emulator) =>
	Object.entries(emulator.requestLog.countsObject())
		.filter(([route]) => /^(POST|PATCH|PUT|DELETE) \/services\/scim/.test(route))
		.reduce((sum, [, n]) => sum + n, 0);

function createFields(userName: string, more: IDataObject = {}, options: IDataObject = {}): IDataObject {
	const { familyName = 'Tester', email = userName, profile = byName('Standard User'), ...additionalFields } = more;
	return { resource: 'user', operation: 'create', userName, email, familyName, profile, additionalFields, options: { ...fast, ...options } };
}

const createResource = (options: IDataObject = {}) => ({ resource: 'user', operation: 'create', userInput: 'resource', options: { ...fast, ...options } });
const upsertResource = (matchBy = 'userName', options: IDataObject = {}) => ({ resource: 'user', operation: 'upsert', userInput: 'resource', matchBy, options: { ...fast, ...options } });
const getAll = (filters: IDataObject = {}, options: IDataObject = {}) => ({ resource: 'user', operation: 'getAll', returnAll: true, filters, options: { ...fast, ...options } });
const syncParams = (options: IDataObject = {}, more: IDataObject = {}) => ({
	resource: 'user',
	operation: 'sync',
	dryRun: false,
	matchBy: 'userName',
	scope: 'all',
	options: { ...fast, ...options },
	...more,
});

/** A SCIM user as the Mapping node would emit it. */
function person(userName: string, more: IDataObject = {}): IDataObject {
	return {
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
		userName,
		name: { givenName: 'Casey', familyName: 'Tester' },
		emails: [{ value: userName, type: 'work', primary: true }],
		entitlements: [{ display: 'Standard User', type: 'Profile', primary: true }],
		...more,
	};
}

function messageOf(run: { result: RunResult; out: IDataObject[] }): string {
	if (run.result.error) return run.result.error.message;
	const failed = run.out.find((o) => typeof o.error === 'string');
	if (failed) return String(failed.error);
	if (!run.result.outputs['Salesforce SCIM']) return 'the node did not run (no input item)';
	return '';
}

function userOf(emulator: Emulator, userName: string): IDataObject | undefined {
	const record = emulator.state.findUser(userName);
	return record ? (emulator.state.renderUser(record) as unknown as IDataObject) : undefined;
}

/** The JSON body of the last request through the front server with this method and path. */
function sentBody(front: FrontServer, method: string, path: string): IDataObject | undefined {
	const body = front.requests.filter((r) => r.method === method && r.path.startsWith(path)).pop()?.body;
	return body ? (JSON.parse(body) as IDataObject) : undefined;
}

/** Totals of every server a case may reach. */
function counter(ctx: CatalogContext) {
	const total = () => ctx.emulator.requestLog.total + ctx.front.requests.length + ctx.recorder.requests.length + ctx.tokens.requests.length;
	const start = total();
	return () => total() - start;
}

type Check = (run: NodeRun, ctx: CatalogContext) => string[] | void;

/** A node run against the emulator; `check` adds assertions beyond the message. */
function nodeCase(
	parameters: IDataObject | ((ctx: CatalogContext) => IDataObject),
	options: { items?: IDataObject[] | ((ctx: CatalogContext) => IDataObject[]); auth?: AuthKind; continueOnFail?: boolean; credential?: (ctx: CatalogContext) => StoredCredential; message?: (run: NodeRun, ctx: CatalogContext) => string; check?: Check; before?: (ctx: CatalogContext) => void } = {},
) {
	return async (ctx: CatalogContext): Promise<CaseOutcome> => {
		options.before?.(ctx);
		const count = counter(ctx);
		const writesBefore = writes(ctx.emulator);
		let run: NodeRun;
		try {
			run = await runNode(ctx.emulator, ctx.canaries, typeof parameters === 'function' ? parameters(ctx) : parameters, {
				items: typeof options.items === 'function' ? options.items(ctx) : options.items,
				auth: options.auth,
				continueOnFail: options.continueOnFail,
				credential: options.credential?.(ctx),
			});
		} catch (error) {
			// n8n itself refuses a workflow whose parameters break their own validation, before any node runs.
			if ((error as Error).name !== 'WorkflowHasIssuesError') throw error;
			ctx.canaries.recordText('workflow issues', (error as Error).message);
			return { message: (error as Error).message, requests: count(), problems: [] };
		}
		const problems = [...(options.check?.(run, ctx) ?? [])];
		(run as NodeRun & { writes: number }).writes = writes(ctx.emulator) - writesBefore;
		return { message: options.message ? options.message(run, ctx) : messageOf(run), requests: count(), problems };
	};
}

/** Through the front server, which answers `answer` for SCIM requests (the token still comes from the emulator). */
function serverCase(answer: FrontServer['intercept'], parameters: IDataObject, options: { items?: IDataObject[]; check?: Check; continueOnFail?: boolean; message?: (run: NodeRun, ctx: CatalogContext) => string } = {}) {
	return nodeCase(parameters, {
		...options,
		credential: (ctx) => clientCredentials(ctx.emulator, ctx.canaries, { myDomainUrl: ctx.front.url }),
		before: (ctx) => (ctx.front.intercept = answer),
	});
}

const expectTrue = (condition: boolean, problem: string) => (condition ? [] : [problem]);

/** The filter a request carried, parsed: one `attr eq "value"` node, or the reason it is not. */
function singleEq(query: string | undefined, attribute: string, value: string): string[] {
	const filter = new URLSearchParams(query ?? '').get('filter');
	if (filter === null) return [`no filter was sent (query: ${query ?? ''})`];
	const parsed = parseFilter(filter) as unknown as { kind?: string; operator?: string; attribute?: { attribute?: string; subAttribute?: string }; value?: unknown };
	const name = [parsed.attribute?.attribute, parsed.attribute?.subAttribute].filter(Boolean).join('.');
	const ok = parsed.kind === 'compare' && parsed.operator === 'eq' && name.toLowerCase() === attribute.toLowerCase() && parsed.value === value;
	return ok ? [] : [`the filter sent is not one ${attribute} eq: ${filter} → ${JSON.stringify(parsed)}`];
}

function lastFilterTo(emulator: Emulator, path: string): string | undefined {
	return emulator.requestLog
		.entries()
		.filter((e) => e.path === path && e.query?.includes('filter='))
		.pop()?.query;
}

const TEN_MB = 'x'.repeat(10 * 1024 * 1024);
const PAGE = (ids: string[], total: number, start = 1) => ({ schemas: [LIST], totalResults: total, itemsPerPage: ids.length, startIndex: start, Resources: ids.map((id) => ({ id, userName: `${id.toLowerCase()}@x.example`, active: true })) });

export const CATALOG: CatalogCase[] = [
	// ───────────────────────────── credentials ─────────────────────────────
	{
		id: 'C01', area: 'credentials', topic: 'private key', title: 'JWT: text that is not a PEM key', expect: 'The private key is not in PEM format. Paste the whole key including the "-----BEGIN PRIVATE KEY-----" and "-----END PRIVATE KEY-----" lines', sends: 'nothing',
		run: nodeCase(getAll(), { auth: 'jwt', credential: (ctx) => jwtCredential(ctx.emulator, ctx.canaries, { privateKey: 'CANARY-PASTED-KEY-deadbeef-not-a-pem' }) }),
	},
	{
		id: 'C02', area: 'credentials', topic: 'private key', title: 'JWT: a PEM whose body does not parse', expect: 'The private key could not be read. Paste the unencrypted RSA private key (PKCS#8 "BEGIN PRIVATE KEY" or PKCS#1 "BEGIN RSA PRIVATE KEY") whose certificate is uploaded to the connected app', sends: 'nothing',
		run: nodeCase(getAll(), { auth: 'jwt', credential: (ctx) => jwtCredential(ctx.emulator, ctx.canaries, { privateKey: '-----BEGIN PRIVATE KEY-----\nQ0FOQVJZYmFkcGVtYm9keWRlYWRiZWVmZGVhZGJlZWZkZWFkYmVlZg==\n-----END PRIVATE KEY-----' }) }),
	},
	{
		id: 'C03', area: 'credentials', topic: 'private key', title: 'JWT: a certificate pasted instead of the key', expect: 'This is a certificate, not a private key. Salesforce holds the certificate; n8n needs the matching private key ("-----BEGIN PRIVATE KEY-----")', sends: 'nothing',
		run: nodeCase(getAll(), { auth: 'jwt', credential: (ctx) => jwtCredential(ctx.emulator, ctx.canaries, { privateKey: '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ0FOQVJZ\n-----END CERTIFICATE-----' }) }),
	},
	{
		id: 'C04', area: 'credentials', topic: 'private key', title: 'JWT: a key that does not match the app’s certificate (one token request, nothing to SCIM)', expect: 'Salesforce could not verify the JWT. The private key must match the certificate uploaded to the connected app ("Use digital signatures") (Salesforce said: invalid_grant — invalid assertion)', sends: 'noWrite',
		run: nodeCase(getAll(), {
			auth: 'jwt',
			credential: (ctx) => jwtCredential(ctx.emulator, ctx.canaries, { privateKey: ctx.canaries.otherPrivateKey }),
			check: (_run, ctx) => expectTrue(ctx.emulator.requestLog.count('GET', USERS) === 0, 'a SCIM request was sent'),
		}),
	},
	{
		id: 'C05', area: 'credentials', topic: 'consumer key', title: 'JWT: an unknown consumer key', expect: 'Salesforce does not know this Consumer Key. Copy the Consumer Key of the connected app (Setup → App Manager → View → Manage Consumer Details) into the credential, and check the Environment: a sandbox app is not known to login.salesforce.com (Salesforce said: invalid_client_id — client identifier invalid)', sends: 'noWrite',
		run: nodeCase(getAll(), { auth: 'jwt', credential: (ctx) => jwtCredential(ctx.emulator, ctx.canaries, { clientId: 'unknown-consumer-key' }) }),
	},
	{
		id: 'C06', area: 'credentials', topic: 'username', title: 'JWT: a user not pre-authorised for the app', expect: 'The user is not pre-authorised for this connected app. In Salesforce set "Permitted Users" to "Admin approved users are pre-authorized" and add the user\'s profile or a permission set to the app (Salesforce said: invalid_grant — user hasn\'t approved this consumer)', sends: 'noWrite',
		run: nodeCase(getAll(), { auth: 'jwt', credential: (ctx) => jwtCredential(ctx.emulator, ctx.canaries, { username: 'nobody@sfscim-emulator.example' }) }),
	},
	{
		id: 'C07', area: 'credentials', topic: 'https only', title: 'JWT: My Domain over http to a non-loopback host', expect: 'My Domain URL must use https:// (got http://evil.example). Plain http is only allowed for localhost / 127.0.0.1, such as the local emulator', sends: 'nothing',
		run: nodeCase(getAll(), { auth: 'jwt', credential: (ctx) => jwtCredential(ctx.emulator, ctx.canaries, { myDomainUrl: 'http://evil.example' }) }),
	},
	{
		id: 'C08', area: 'credentials', topic: 'https only', title: 'JWT: the token endpoint returns instance_url http://evil.example', expect: 'The instance_url returned by Salesforce must use https:// (got http://evil.example). Plain http is only allowed for localhost / 127.0.0.1, such as the local emulator', sends: 'noWrite',
		run: nodeCase(getAll(), {
			auth: 'jwt',
			before: (ctx) => (ctx.tokens.answer = { access_token: `CANARYTOKEN${ctx.canaries.clientSecret.slice(12, 40)}`, instance_url: 'http://evil.example', token_type: 'Bearer' }),
			credential: (ctx) => jwtCredential(ctx.emulator, ctx.canaries, { myDomainUrl: ctx.tokens.url }),
			check: (_run, ctx) => expectTrue(ctx.tokens.requests.length === 1 && ctx.tokens.requests.every((r) => r.path === '/services/oauth2/token'), `token server saw ${ctx.tokens.requests.map((r) => r.path).join(', ')}`),
		}),
	},
	{
		id: 'C09', area: 'credentials', topic: 'https only', title: 'OAuth2: a token endpoint whose instance_url is http://evil.example — the stored token is refused on the next run, nothing sent', expect: 'The instance_url in the OAuth token must use https:// (got http://evil.example). Plain http is only allowed for localhost / 127.0.0.1, such as the local emulator', sends: 'any',
		run: async (ctx) => {
			ctx.tokens.answer = { access_token: `CANARYTOKEN${ctx.canaries.clientSecret.slice(12, 40)}`, instance_url: 'http://evil.example', token_type: 'Bearer' };
			const credential = clientCredentials(ctx.emulator, ctx.canaries, { myDomainUrl: ctx.tokens.url });
			const first = await runNode(ctx.emulator, ctx.canaries, getAll(), { credential });
			const stored = first.result.credentialStore.get(credential.id)!;
			const stamp = (stored.data.oauthTokenData as IDataObject | undefined)?.instance_url;
			const count = counter(ctx);
			const second = await runNode(ctx.emulator, ctx.canaries, getAll(), { credential: stored });
			return {
				message: messageOf(second),
				requests: count(),
				problems: [...expectTrue(stamp === 'http://evil.example', `the token data holds instance_url ${String(stamp)}`), ...expectTrue(count() === 0, `${count()} requests on the second run`)],
			};
		},
	},
	{
		id: 'C10', area: 'credentials', topic: 'https only', title: 'OAuth2: My Domain over http to a non-loopback host', expect: 'My Domain URL must use https:// (got http://evil.example). Plain http is only allowed for localhost / 127.0.0.1, such as the local emulator', sends: 'nothing',
		run: nodeCase(getAll(), { credential: (ctx) => clientCredentials(ctx.emulator, ctx.canaries, { myDomainUrl: 'http://evil.example' }) }),
	},
	{
		id: 'C11', area: 'credentials', topic: 'https only', title: 'OAuth2: an Instance URL override over http', expect: 'Instance URL must use https:// (got http://evil.example). Plain http is only allowed for localhost / 127.0.0.1, such as the local emulator', sends: 'noWrite',
		run: nodeCase(getAll(), { credential: (ctx) => clientCredentials(ctx.emulator, ctx.canaries, { instanceUrl: 'http://evil.example' }) }),
	},
	{
		id: 'C12', area: 'credentials', topic: 'URL', title: 'OAuth2: My Domain URL that is not a URL', expect: 'My Domain URL "yourcompany my salesforce" is not a URL. Enter it as https://yourcompany.my.salesforce.com', sends: 'nothing',
		run: nodeCase(getAll(), { credential: (ctx) => clientCredentials(ctx.emulator, ctx.canaries, { myDomainUrl: 'yourcompany my salesforce' }) }),
	},
	{
		id: 'C13', area: 'credentials', topic: 'My Domain', title: 'OAuth2 client credentials without My Domain', expect: 'Client Credentials needs your org’s My Domain URL: in the credential set Environment to “My Domain” and enter https://yourcompany.my.salesforce.com', sends: 'nothing',
		run: nodeCase(getAll(), { credential: (ctx) => clientCredentials(ctx.emulator, ctx.canaries, { environment: 'production', myDomainUrl: '' }) }),
	},
	{
		id: 'C14', area: 'credentials', topic: 'client secret', title: 'OAuth2: a wrong consumer secret (one token request for all items)', expect: 'The Consumer Secret is wrong, or the app is not enabled for this flow. Copy the Consumer Secret again and enable "Client Credentials Flow" with a Run-As user on the connected app (Salesforce said: invalid_client — invalid client credentials)', sends: 'noWrite',
		run: nodeCase(getAll(), {
			items: [{}, {}, {}],
			credential: (ctx) => clientCredentials(ctx.emulator, ctx.canaries, { clientSecret: `${ctx.canaries.clientSecret}x` }),
			check: (_run, ctx) => expectTrue(ctx.emulator.requestLog.count('POST', '/services/oauth2/token') === 1, `${ctx.emulator.requestLog.count('POST', '/services/oauth2/token')} token requests`),
		}),
	},
	{
		id: 'C15', area: 'credentials', topic: 'session', title: 'a token endpoint that answers HTML', expect: 'The token endpoint answered with an HTML page titled "Login | Salesforce" instead of an access token: check the Environment and My Domain URL (https://yourcompany.my.salesforce.com) and that the connected app allows this flow', sends: 'noWrite',
		run: nodeCase(getAll(), {
			before: (ctx) => (ctx.tokens.answer = { __html: true }),
			credential: (ctx) => clientCredentials(ctx.emulator, ctx.canaries, { myDomainUrl: ctx.tokens.url }),
		}),
	},
	{
		id: 'C17', area: 'credentials', topic: 'session', title: 'JWT: a token endpoint that answers HTML', expect: 'The token endpoint answered HTTP 200 with an HTML page titled "Login | Salesforce" instead of an access token: check the Environment and My Domain URL (https://yourcompany.my.salesforce.com)', sends: 'noWrite',
		run: nodeCase(getAll(), {
			auth: 'jwt',
			before: (ctx) => (ctx.tokens.answer = { __html: true }),
			credential: (ctx) => jwtCredential(ctx.emulator, ctx.canaries, { myDomainUrl: ctx.tokens.url }),
		}),
	},
	{
		id: 'C18', area: 'credentials', topic: 'session', title: 'OAuth2: a token endpoint that answers 200 without an access token', expect: 'The token endpoint answered without an access token: check the Environment and My Domain URL (https://yourcompany.my.salesforce.com) and that the connected app allows this flow', sends: 'noWrite',
		run: nodeCase(getAll(), {
			before: (ctx) => (ctx.tokens.answer = { token_type: 'Bearer', instance_url: 'https://acme.my.salesforce.com' }),
			credential: (ctx) => clientCredentials(ctx.emulator, ctx.canaries, { myDomainUrl: ctx.tokens.url }),
		}),
	},
	{
		id: 'C16', area: 'credentials', topic: 'session', title: 'a session that dies mid-run (401) is renewed; no item fails', expect: 'created', sends: 'any',
		run: nodeCase(createFields('renewed.session@example.com'), {
			before: (ctx) => ctx.emulator.setFaults([{ kind: 'unauthorized', nth: 2, path: USERS }]),
			message: (run) => String(run.out[0]?.action ?? messageOf(run)),
		}),
	},

	// ───────────────────────────── node input ─────────────────────────────
	{
		id: 'N01', area: 'node input', topic: 'non-email username', title: 'Create: username "jane.doe"', expect: 'Invalid user: userName: userName "jane.doe" is not email-shaped: Salesforce usernames look like an email address (name@domain.tld), though no mailbox is needed', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('jane.doe')] }),
	},
	{
		id: 'N02', area: 'node input', topic: 'non-email username', title: 'Create: username with a space', expect: 'Invalid user: userName: userName "jane doe@example.com" is not email-shaped: Salesforce usernames look like an email address (name@domain.tld), though no mailbox is needed', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('jane doe@example.com')] }),
	},
	{
		id: 'N03', area: 'node input', topic: 'non-email username', title: 'Create or Update: username without a dot in the domain', expect: 'Invalid user: userName: userName "jane@localhost" is not email-shaped: Salesforce usernames look like an email address (name@domain.tld), though no mailbox is needed', sends: 'nothing',
		run: nodeCase(upsertResource(), { items: [person('jane@localhost')] }),
	},
	{
		id: 'N04', area: 'node input', topic: 'non-email username', title: 'Sync: a row with a non-email username is reported, the rest goes on', expect: 'Invalid user: userName: userName "jane.doe" is not email-shaped: Salesforce usernames look like an email address (name@domain.tld), though no mailbox is needed; emails[0].value: "jane.doe" is not an email address: fix the source value or leave this email out; the user was skipped (and is not deactivated)', sends: 'noWrite',
		run: nodeCase(syncParams({}, { dryRun: true }), {
			items: [person('jane.doe'), person('new.person@example.com')],
			message: (run) => String(run.out.find((o) => o.action === 'skip')?.message ?? messageOf(run)),
		}),
	},
	{
		id: 'N05', area: 'node input', topic: 'missing required field', title: 'Create: no last name', expect: 'Invalid user: name.familyName: name.familyName (Last Name) is required by Salesforce: map a family name, or a placeholder for single-name people', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('no.family@example.com', { name: { givenName: 'Only' } })] }),
	},
	{
		id: 'N06', area: 'node input', topic: 'missing required field', title: 'Create: no email', expect: 'Invalid user: emails: At least one email is required on create: add emails[{value, type: "work", primary: true}]', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('no.email@example.com', { emails: [] })] }),
	},
	{
		id: 'N07', area: 'node input', topic: 'missing required field', title: 'Create: no profile', expect: 'Invalid user: entitlements: A profile is required on create: add an entitlement {value: "00e…", type: "Profile"} (list them with the Entitlements resource)', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('no.profile@example.com', { entitlements: [] })] }),
	},
	{
		id: 'N08', area: 'node input', topic: 'missing required field', title: 'Create: no username', expect: 'Invalid user: userName: userName is required: set it to an email-shaped, globally unique username (e.g. jane.doe@example.com)', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('', {})] }),
	},
	{
		id: 'N09', area: 'node input', topic: 'missing required field', title: 'Create or Update: no match and no profile', expect: 'Cannot create the user: entitlements: A profile is required on create: add an entitlement {value: "00e…", type: "Profile"} (list them with the Entitlements resource)', sends: 'noWrite',
		run: nodeCase(upsertResource(), { items: [person('new.noprofile@example.com', { entitlements: [] })] }),
	},
	{
		id: 'N10', area: 'node input', topic: 'missing required field', title: 'Create or Update by external ID: the item has none', expect: 'The user has no externalId to match by', sends: 'nothing',
		run: nodeCase(upsertResource('externalId'), { items: [person('has.no.extid@example.com')] }),
	},
	{
		id: 'N11', area: 'node input', topic: 'missing required field', title: 'From Input Item: an item that is not a SCIM user', expect: 'The input item is not a SCIM user', sends: 'nothing',
		run: nodeCase(createResource(), { items: [{ first: 'Jane', last: 'Doe' }] }),
	},
	{
		id: 'N12', area: 'node input', topic: 'over-long value', title: 'Create: alias of 9 characters', expect: 'Invalid user: alias: alias is 9 characters; Salesforce allows at most 8: leave it out to derive one from the name, or shorten it', sends: 'nothing',
		run: nodeCase(createFields('long.alias@example.com', { alias: 'abcdefghi' })),
	},
	{
		id: 'N13', area: 'node input', topic: 'over-long value', title: 'Create: nickname of 41 characters', expect: 'Invalid user: nickName: nickName is 41 characters; Salesforce allows at most 40: leave it out to let Salesforce default it, or shorten it', sends: 'nothing',
		run: nodeCase(createFields('long.nick@example.com', { nickName: 'n'.repeat(41) })),
	},
	{
		id: 'N14', area: 'node input', topic: 'over-long value', title: 'Update: alias of 9 characters', expect: 'Invalid user: alias: alias is 9 characters; Salesforce allows at most 8: leave it out to derive one from the name, or shorten it', sends: 'nothing',
		run: nodeCase({ resource: 'user', operation: 'update', user: { __rl: true, mode: 'userName', value: 'jane.doe@sfscim-emulator.example' }, additionalFields: { alias: 'abcdefghi' }, options: fast }),
	},
	{
		id: 'N15', area: 'node input', topic: 'over-long value', title: 'Create: username of 81 characters', expect: 'Invalid user: userName: userName is 81 characters; Salesforce allows at most 80: use a shorter address', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person(`${'u'.repeat(69)}@example.com`)] }),
	},
	{
		id: 'N16', area: 'node input', topic: '10 MB value', title: 'Create: a 10 MB title', expect: 'Invalid user: title: title is 10485760 characters; Salesforce allows at most 80: shorten it', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('big.title@example.com', { title: TEN_MB })] }),
	},
	{
		id: 'N17', area: 'node input', topic: '10 MB value', title: 'Create or Update: a 10 MB attribute that is not a known field', expect: 'Invalid user: profileUrl: profileUrl is 10485760 characters; Salesforce text fields hold at most 255', sends: 'nothing',
		run: nodeCase(upsertResource(), { items: [person('big.attr@example.com', { nickName: 'big', profileUrl: TEN_MB })] }),
	},
	{
		id: 'N18', area: 'node input', topic: '10 MB value', title: 'Sync: a row with a 10 MB name is reported, not sent', expect: 'Invalid user: name.familyName: name.familyName is 10485760 characters; Salesforce allows at most 80: shorten it; the user was skipped (and is not deactivated)', sends: 'noWrite',
		run: nodeCase(syncParams({}, { dryRun: true }), {
			items: [person('big.name@example.com', { name: { givenName: 'Big', familyName: TEN_MB } }), person('small.name@example.com')],
			message: (run) => String(run.out.find((o) => o.action === 'skip')?.message ?? messageOf(run)),
		}),
	},
	{
		id: 'N19', area: 'node input', topic: 'null byte', title: 'Create: a NUL byte in the last name', expect: 'Invalid user: name.familyName: name.familyName contains a control character (NUL, tab, newline…): remove it from the source value', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('nul.byte@example.com', { name: { givenName: 'Nul', familyName: 'By\u0000te' } })] }),
	},
	{
		id: 'N20', area: 'node input', topic: 'null byte', title: 'Create or Update: a NUL byte in the username', expect: 'Invalid user: userName: userName contains a control character (NUL, tab, newline…): remove it from the source value', sends: 'nothing',
		run: nodeCase(upsertResource(), { items: [person('nul\u0000byte@example.com')] }),
	},
	{
		id: 'N21', area: 'node input', topic: 'control character', title: 'Create: a newline in the title', expect: 'Invalid user: title: title contains a control character (NUL, tab, newline…): remove it from the source value', sends: 'nothing',
		run: nodeCase(createFields('newline.title@example.com', { title: 'Head of\nSales' })),
	},
	{
		id: 'N22', area: 'node input', topic: 'non-ASCII name', title: 'Create: Zoë Ångström-Núñez is kept as written; the alias is ASCII', expect: 'created zoe.angstrom@example.com, name Zoë Ångström-Núñez, alias zangs', sends: 'any',
		run: nodeCase(createFields('zoe.angstrom@example.com', { givenName: 'Zoë', familyName: 'Ångström-Núñez' }), {
			message: (run, ctx) => {
				const user = userOf(ctx.emulator, 'zoe.angstrom@example.com');
				const name = user?.name as IDataObject | undefined;
				return `${String(run.out[0]?.action ?? messageOf(run))} ${String(user?.userName)}, name ${String(name?.givenName)} ${String(name?.familyName)}, alias ${String(user?.alias)}`;
			},
		}),
	},
	{
		id: 'N23', area: 'node input', topic: 'right-to-left name', title: 'Create: a Hebrew and an Arabic name are kept byte for byte', expect: 'created: דנה / عبد الله', sends: 'any',
		run: nodeCase(createResource(), {
			items: [person('dana.abdullah@example.com', { name: { givenName: 'דנה', familyName: 'عبد الله' } })],
			message: (run, ctx) => {
				const name = userOf(ctx.emulator, 'dana.abdullah@example.com')?.name as IDataObject | undefined;
				return `${String(run.out[0]?.action ?? messageOf(run))}: ${String(name?.givenName)} / ${String(name?.familyName)}`;
			},
		}),
	},
	{
		id: 'N24', area: 'node input', topic: 'right-to-left name', title: 'Create: Arabic with vowel marks and a Latin name with an apostrophe are kept byte for byte', expect: 'created: مُحَمَّد / Müller-O’Brien', sends: 'any',
		run: nodeCase(createResource(), {
			items: [person('mixed.script@example.com', { name: { givenName: 'مُحَمَّد', familyName: 'Müller-O’Brien' } })],
			message: (run, ctx) => {
				const name = userOf(ctx.emulator, 'mixed.script@example.com')?.name as IDataObject | undefined;
				return `${String(run.out[0]?.action ?? messageOf(run))}: ${String(name?.givenName)} / ${String(name?.familyName)}`;
			},
		}),
	},
	{
		id: 'N25', area: 'node input', topic: 'emoji', title: 'Create: emoji in the first and last name are kept', expect: 'created: Sam 🚀 / Rivera 🌮', sends: 'any',
		run: nodeCase(createResource(), {
			items: [person('sam.rivera@example.com', { name: { givenName: 'Sam 🚀', familyName: 'Rivera 🌮' } })],
			message: (run, ctx) => {
				const name = userOf(ctx.emulator, 'sam.rivera@example.com')?.name as IDataObject | undefined;
				return `${String(run.out[0]?.action ?? messageOf(run))}: ${String(name?.givenName)} / ${String(name?.familyName)}`;
			},
		}),
	},
	{
		id: 'N26', area: 'node input', topic: 'case', title: 'Create or Update: a MIXED-case username is stored lowercased and found again whatever its case', expect: 'created mixed.case@example.com, then unchanged', sends: 'any',
		run: async (ctx) => {
			const count = counter(ctx);
			const first = await runNode(ctx.emulator, ctx.canaries, upsertResource(), { items: [person('Mixed.Case@Example.COM')] });
			const again = await runNode(ctx.emulator, ctx.canaries, upsertResource(), { items: [person('MIXED.case@example.com')] });
			const users = [...ctx.emulator.state.users.values()].filter((u) => String(u.attrs.userName).toLowerCase() === 'mixed.case@example.com');
			return {
				message: `${String(first.out[0]?.action ?? messageOf(first))} ${String(users[0]?.attrs.userName)}, then ${String(again.out[0]?.action ?? messageOf(again))}`,
				requests: count(),
				problems: expectTrue(users.length === 1, `${users.length} users`),
			};
		},
	},
	{
		id: 'N27', area: 'node input', topic: 'string booleans', title: 'Create: "primary": "true" (a string) is sent as the boolean true', expect: 'created, primary sent as true (boolean)', sends: 'any',
		run: async (ctx) => {
			const outcome = await serverCase(() => undefined, createResource(), {
				items: [person('string.primary@example.com', { emails: [{ value: 'string.primary@example.com', type: 'work', primary: 'true' }] })],
				message: (run, c) => {
					const email = ((sentBody(c.front, 'POST', USERS)?.emails as IDataObject[] | undefined) ?? [])[0];
					return `${String(run.out[0]?.action ?? messageOf(run))}, primary sent as ${String(email?.primary)} (${typeof email?.primary})`;
				},
			})(ctx);
			return outcome;
		},
	},
	{
		id: 'N28', area: 'node input', topic: 'string booleans', title: 'Create or Update: "active": "False" (a string) deactivates, sent as the boolean false', expect: 'updated, active sent as false (boolean), now false', sends: 'any',
		run: serverCase(() => undefined, upsertResource(), {
			items: [{ userName: 'jane.doe@sfscim-emulator.example', active: 'False' }],
			message: (run, ctx) => {
				const operations = (sentBody(ctx.front, 'PATCH', USERS)?.Operations as IDataObject[] | undefined) ?? [];
				const sent = operations.map((op) => (op.path === 'active' ? op.value : (op.value as IDataObject | undefined)?.active)).find((v) => v !== undefined);
				return `${String(run.out[0]?.action ?? messageOf(run))}, active sent as ${String(sent)} (${typeof sent}), now ${String(userOf(ctx.emulator, 'jane.doe@sfscim-emulator.example')?.active)}`;
			},
		}),
	},
	{
		id: 'N29', area: 'node input', topic: 'string booleans', title: 'Create: "active": "yes" is not a boolean', expect: 'Invalid user: active: active "yes" is not true or false: map a boolean (or the text "true" / "false")', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('yes.active@example.com', { active: 'yes' })] }),
	},
	{
		id: 'N56', area: 'node input', topic: 'string booleans', title: 'Sync: a row with "active": 1 is reported, not sent, and not taken for a leaver', expect: 'Invalid user: active: active 1 is not true or false: map a boolean (or the text "true" / "false"); the user was skipped (and is not deactivated)', sends: 'noWrite',
		run: nodeCase(syncParams({}, { dryRun: true }), {
			items: [person('jane.doe@sfscim-emulator.example', { active: 1 }), person('new.person@example.com')],
			message: (run) => String(run.out.find((o) => o.action === 'skip')?.message ?? messageOf(run)),
			check: (run) => expectTrue(!run.out.some((o) => o.action === 'deactivate' && o.userName === 'jane.doe@sfscim-emulator.example'), 'the skipped user is planned for deactivation'),
		}),
	},
	{
		id: 'N30', area: 'node input', topic: 'numbers as strings', title: 'Create: employee number "000123" keeps its zeros', expect: 'created, employeeNumber "000123"', sends: 'any',
		run: nodeCase(createFields('zeros@example.com', { employeeNumber: '000123' }), {
			message: (run, ctx) => {
				const ext = userOf(ctx.emulator, 'zeros@example.com')?.['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] as IDataObject | undefined;
				return `${String(run.out[0]?.action ?? messageOf(run))}, employeeNumber ${JSON.stringify(ext?.employeeNumber)}`;
			},
		}),
	},
	{
		id: 'N31', area: 'node input', topic: 'numbers as strings', title: 'Create: a number where text belongs (title: 42)', expect: 'created, title "42"', sends: 'any',
		run: nodeCase(createResource(), {
			items: [person('number.title@example.com', { title: 42 })],
			message: (run, ctx) => `${String(run.out[0]?.action ?? messageOf(run))}, title ${JSON.stringify(userOf(ctx.emulator, 'number.title@example.com')?.title)}`,
		}),
	},
	{
		id: 'N32', area: 'node input', topic: 'duplicate rows', title: 'Create or Update: the same person twice in one input makes one user', expect: 'created, unchanged; 1 user', sends: 'any',
		run: nodeCase(upsertResource(), {
			items: [person('twice@example.com', { title: 'A' }), person('twice@example.com', { title: 'A' })],
			continueOnFail: true,
			message: (run, ctx) => `${run.out.map((o) => String(o.action ?? o.error)).join(', ')}; ${[...ctx.emulator.state.users.values()].filter((u) => String(u.attrs.userName) === 'twice@example.com').length} user`,
		}),
	},
	{
		id: 'N33', area: 'node input', topic: 'duplicate rows', title: 'Sync: the same username twice is one action, the duplicate reported', expect: 'The username "dup.row@example.com" is also given by input item 0; only that one is synced', sends: 'any',
		run: nodeCase(syncParams({}, { dryRun: true }), {
			items: [person('dup.row@example.com'), person('DUP.ROW@example.com')],
			message: (run) => String(run.out.find((o) => o.action === 'skip')?.message ?? messageOf(run)),
		}),
	},
	{
		id: 'N34', area: 'node input', topic: 'multi-valued limits', title: 'Create: two phone numbers', expect: 'Invalid user: phoneNumbers: Salesforce\'s SCIM API takes one phone number per user, 2 were given: keep the work or primary one', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('two.phones@example.com', { phoneNumbers: [{ value: '+1 555 0100', type: 'work' }, { value: '+1 555 0101', type: 'mobile' }] })] }),
	},
	{
		id: 'N35', area: 'node input', topic: 'multi-valued limits', title: 'Create: two profiles', expect: 'Invalid user: entitlements: A user has exactly one profile, but 2 profile entitlements were given: keep one', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('two.profiles@example.com', { entitlements: [{ value: '00e000000000001AAA', type: 'Profile' }, { value: '00e000000000002AAA', type: 'Profile' }] })] }),
	},
	{
		id: 'N36', area: 'node input', topic: 'Salesforce field names', title: 'Create: ContactId sent as a SCIM attribute', expect: 'Invalid user: ContactId: \'ContactId\' is a Salesforce field name, not a SCIM attribute, and would be rejected or ignored: use nothing: portal contacts are not provisioned over SCIM', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('contact.id@example.com', { ContactId: '003000000000001' })] }),
	},
	{
		id: 'N37', area: 'node input', topic: 'invalid email', title: 'Create: an email that is not an address', expect: 'Invalid user: emails[0].value: "n/a" is not an email address: fix the source value or leave this email out', sends: 'nothing',
		run: nodeCase(createResource(), { items: [person('bad.email@example.com', { emails: [{ value: 'n/a', type: 'work' }] })] }),
	},
	{
		id: 'N38', area: 'node input', topic: 'empty sync input', title: 'Sync: no input item at all', expect: 'the node did not run (no input item)', sends: 'nothing',
		run: nodeCase(syncParams({ confirmMassDeactivation: true }), { items: [] }),
	},
	{
		id: 'N39', area: 'node input', topic: 'empty sync input', title: 'Sync: only empty items (a trigger with no data)', expect: 'Refusing to sync an empty input: it would mean every managed Salesforce user has left. Nothing was written.', sends: 'nothing',
		run: nodeCase(syncParams({ confirmMassDeactivation: true }), { items: [{}, {}, {}] }),
	},
	{
		id: 'N40', area: 'node input', topic: 'truncated sync input', title: 'Sync: a directory cut to 2 of its users stops before any write', expect: 'Refusing to deactivate 29 of 32 managed active Salesforce users (90.6%): the threshold allows at most 20% of them. Nothing was written.', sends: 'noWrite',
		run: nodeCase(syncParams(), {
			before: (ctx) => ctx.emulator.state.generateUsers(30, { domain: 'cut.example', start: 1 }),
			items: [person('user000001@cut.example'), person('user000002@cut.example')],
		}),
	},
	{
		id: 'N41', area: 'node input', topic: 'truncated sync input', title: 'Sync: every row unreadable (the export’s columns changed) never means “deactivate everyone”', expect: 'Refusing to sync: none of the 30 input items has a usable userName, so every managed Salesforce user would look like a leaver. Nothing was read or written.', sends: 'nothing',
		run: nodeCase(syncParams({ confirmMassDeactivation: true }), {
			before: (ctx) => ctx.emulator.state.generateUsers(30, { domain: 'cut.example', start: 1 }),
			items: Array.from({ length: 30 }, (_, i) => ({ name: { givenName: 'Row', familyName: String(i) }, emails: [{ value: `row${i}@cut.example` }] })),
		}),
	},
	{
		id: 'N42', area: 'node input', topic: 'truncated sync input', title: 'Sync dry run of a truncated input: the plan comes with the refusal', expect: 'Refusing to deactivate 30 of 32 managed active Salesforce users (93.8%): the threshold allows at most 20% of them. Nothing was written.', sends: 'noWrite',
		run: nodeCase(syncParams({}, { dryRun: true }), {
			before: (ctx) => ctx.emulator.state.generateUsers(30, { domain: 'cut.example', start: 1 }),
			items: [person('user000001@cut.example')],
			message: (run) => String(run.out.find((o) => o.action === 'summary')?.refused ?? messageOf(run)),
		}),
	},
	{
		id: 'N43', area: 'node input', topic: 'invalid filter', title: 'Get Many: a raw filter with an unclosed quote', expect: 'The SCIM filter is not valid: Invalid filter at position 13: expected a closing \'"\' for the string, found \'"jane\'', sends: 'nothing',
		run: nodeCase(getAll({ raw: 'userName eq "jane' })),
	},
	{
		id: 'N44', area: 'node input', topic: 'invalid filter', title: 'Get Many: an unknown operator', expect: 'The SCIM filter is not valid: Invalid filter at position 10: expected an operator after \'userName\' (eq, ne, co, sw, ew, gt, lt, ge, le or pr), found \'like "jane%"\'', sends: 'nothing',
		run: nodeCase(getAll({ raw: 'userName like "jane%"' })),
	},
	{
		id: 'N45', area: 'node input', topic: 'invalid filter', title: 'Sync: a scope filter that does not parse', expect: 'The scope filter is not valid: Invalid filter at position 13: expected a value: a "quoted string", a number, true, false or null, found \'@example.com\'', sends: 'nothing',
		run: nodeCase(syncParams({}, { scope: 'filter', scopeFilter: 'userName ew @example.com' }), { items: [person('scope.bad@example.com')] }),
	},
	{
		id: 'N46', area: 'node input', topic: 'invalid path', title: 'Create: a custom attribute path with an unclosed filter', expect: 'Custom attribute 1: "emails[type eq "work".value" is not a valid SCIM attribute path (Invalid path \'emails[type eq "work".value\': expected \']\' to close the \'[\' at position 7)', sends: 'nothing',
		run: nodeCase(createFields('bad.path@example.com', { customAttributes: { attribute: [{ path: 'emails[type eq "work".value', value: 'x' }] } })),
	},
	{
		id: 'N47', area: 'node input', topic: 'invalid path', title: 'Create: a custom attribute path that is not an attribute name', expect: 'Custom attribute 1: "name..givenName" is not a valid SCIM attribute path (Invalid path \'name..givenName\': \'name..givenName\' has more than one sub-attribute (SCIM attributes nest at most two levels))', sends: 'nothing',
		run: nodeCase(createFields('bad.path2@example.com', { customAttributes: { attribute: [{ path: 'name..givenName', value: 'x' }] } })),
	},
	{
		id: 'N48', area: 'node input', topic: 'filter injection', title: 'Get Many: a username filter value that tries to widen the filter is sent as one eq', expect: 'no users', sends: 'any',
		run: nodeCase(getAll({ userName: INJECTION }), {
			message: (run) => (run.result.error ? run.result.error.message : run.out.length === 0 ? 'no users' : `${run.out.length} users`),
			check: (_run, ctx) => singleEq(lastFilterTo(ctx.emulator, USERS), 'userName', INJECTION),
		}),
	},
	{
		id: 'N49', area: 'node input', topic: 'filter injection', title: 'Create or Update by external ID: an injected value is sent as one eq and matches nobody', expect: 'created', sends: 'any',
		run: nodeCase(upsertResource('externalId'), {
			items: [person('injected.extid@example.com', { externalId: INJECTION })],
			message: (run) => String(run.out[0]?.action ?? messageOf(run)),
			check: (_run, ctx) => singleEq(lastFilterTo(ctx.emulator, USERS), 'externalId', INJECTION),
		}),
	},
	{
		id: 'N50', area: 'node input', topic: 'filter injection', title: 'Get Many: an injected external ID with a backslash', expect: 'no users', sends: 'any',
		run: nodeCase(getAll({ externalId: 'a\\" or id pr or x eq \\"' }), {
			message: (run) => (run.result.error ? run.result.error.message : run.out.length === 0 ? 'no users' : `${run.out.length} users`),
			check: (_run, ctx) => singleEq(lastFilterTo(ctx.emulator, USERS), 'externalId', 'a\\" or id pr or x eq \\"'),
		}),
	},
	{
		id: 'N51', area: 'node input', topic: 'filter injection', title: 'Get: a username injection in the locator is refused', expect: 'The \'Salesforce SCIM\' node has issues:\n- Not an email-shaped username', sends: 'nothing',
		run: nodeCase({ resource: 'user', operation: 'get', user: { __rl: true, mode: 'userName', value: INJECTION }, options: fast }),
	},
	{
		id: 'N52', area: 'node input', topic: 'blank value', title: 'Get: an ID of spaces', expect: 'No user given. Pick a user from the list, or enter an ID or a username', sends: 'nothing',
		run: nodeCase({ resource: 'user', operation: 'get', user: byId('   '), options: fast }),
	},
	{
		id: 'N53', area: 'node input', topic: 'blank value', title: 'Group: Create with a name of spaces', expect: 'The group needs a name', sends: 'nothing',
		run: nodeCase({ resource: 'group', operation: 'create', displayName: '   ', options: {} }),
	},
	{
		id: 'N54', area: 'node input', topic: 'blank value', title: 'Group: Remove Members with no member (it would empty the group)', expect: 'No members given. Enter the user IDs or usernames to remove; nothing was changed', sends: 'nothing',
		run: nodeCase({ resource: 'group', operation: 'removeMembers', group: byName('All Sales'), members: ' , ', options: {} }),
	},
	{
		id: 'N55', area: 'node input', topic: 'unknown reference', title: 'Create: an unknown profile name (nothing created)', expect: 'No profile named "Standard Usr" in this org. Closest: "Standard User". Pick it from the list or check the spelling', sends: 'noWrite',
		run: nodeCase(createFields('unknown.profile@example.com', { profile: byName('Standard Usr') })),
	},

	// ───────────────────────────── server answers ─────────────────────────────
	{
		id: 'S01', area: 'server answers', topic: 'malformed JSON', title: 'a list answered with truncated JSON (200)', expect: 'Salesforce\'s answer to GET /Users (HTTP 200) is not valid JSON: {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":3,"Resources":[{"id":"005', sends: 'any',
		run: serverCase((r) => (r.path === USERS ? { status: 200, body: '{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":3,"Resources":[{"id":"005' } : undefined), getAll()),
	},
	{
		id: 'S02', area: 'server answers', topic: 'malformed JSON', title: 'a create answered with malformed JSON (201): not taken for success', expect: 'Salesforce\'s answer to POST /Users (HTTP 201) is not valid JSON: {"id": 005xx,', sends: 'any',
		run: serverCase((r) => (r.method === 'POST' && r.path === USERS ? { status: 201, body: '{"id": 005xx, ' } : undefined), createFields('malformed.create@example.com')),
	},
	{
		id: 'S03', area: 'server answers', topic: 'HTML', title: 'a login page (200 text/html) instead of SCIM', expect: 'Salesforce did not answer with SCIM (HTTP 200): the server answered with an HTML page titled "Login | Salesforce" instead of SCIM JSON — this looks like a wrong host or a login page', sends: 'any',
		run: serverCase((r) => (r.path === USERS ? { status: 200, headers: { 'Content-Type': 'text/html' }, body: '<!DOCTYPE html><html><head><title>Login | Salesforce</title></head><body>Log in</body></html>' } : undefined), getAll()),
	},
	{
		id: 'S04', area: 'server answers', topic: 'HTML', title: 'a maintenance page (503 text/html), retried then reported', expect: 'Salesforce did not answer with SCIM (HTTP 503): the server answered with an HTML page titled "Down for maintenance" instead of SCIM JSON — this looks like a wrong host or a login page', sends: 'any',
		run: serverCase((r) => (r.path === USERS ? { status: 503, headers: { 'Content-Type': 'text/html' }, body: '<html><head><title>Down for maintenance</title></head><body>Back soon</body></html>' } : undefined), getAll({}, { maxAttempts: 2 })),
	},
	{
		id: 'S05', area: 'server answers', topic: '200 with an error body', title: 'a create answered 200 with a SCIM error document', expect: 'The username is taken: Duplicate username', sends: 'any',
		run: serverCase((r) => (r.method === 'POST' && r.path === USERS ? { status: 200, body: { schemas: [ERROR_SCHEMA], status: '409', scimType: 'uniqueness', detail: 'Duplicate username' } } : undefined), createFields('error.body@example.com')),
	},
	{
		id: 'S06', area: 'server answers', topic: '200 with an error body', title: 'a list answered 200 with Salesforce’s error array', expect: 'Salesforce rejected the access token: it expired or was revoked', sends: 'any',
		run: serverCase((r) => (r.path === USERS ? { status: 200, body: [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }] } : undefined), getAll()),
	},
	{
		id: 'S07', area: 'server answers', topic: 'lying totalResults', title: 'totalResults far above what exists: paging stops at the first empty page', expect: 'u1, u2, u3, u4 in 3 requests', sends: 'any',
		run: serverCase(
			(r) => {
				if (r.path !== USERS) return undefined;
				const start = Number(r.query.get('startIndex'));
				return { status: 200, body: PAGE(start <= 4 ? [`U${start}`, `U${start + 1}`] : [], 1_000_000, start) };
			},
			getAll({}, { simplify: true }),
			{ message: (run, ctx) => (run.result.error ? run.result.error.message : `${run.out.map((o) => String(o.userName).split('@')[0]).join(', ')} in ${ctx.front.requests.filter((r) => r.path === USERS).length} requests`) },
		),
	},
	{
		id: 'S08', area: 'server answers', topic: 'lying totalResults', title: 'Sync: totalResults far above what the pages hold — the read ends, nothing is written', expect: '2 unchanged, 0 writes', sends: 'noWrite',
		run: serverCase(
			(r) => {
				if (r.path !== USERS) return undefined;
				const start = Number(r.query.get('startIndex'));
				return { status: 200, body: PAGE(start === 1 ? ['005A00000000001AAA', '005A00000000002AAA'] : [], 400, start) };
			},
			syncParams({}, { dryRun: true }),
			{
				items: [person('005a00000000001aaa@x.example', { name: undefined, emails: undefined, entitlements: undefined }), person('005a00000000002aaa@x.example', { name: undefined, emails: undefined, entitlements: undefined })],
				message: (run) => {
					const summary = run.out.find((o) => o.action === 'summary');
					return summary ? `${String(summary.noop)} unchanged, ${String(summary.writes)} writes` : messageOf(run);
				},
				check: (_run, ctx) => expectTrue(ctx.front.requests.filter((r) => r.path === USERS).length <= 10, `${ctx.front.requests.filter((r) => r.path === USERS).length} list requests for 2 users`),
			},
		),
	},
	{
		id: 'S09', area: 'server answers', topic: 'same page forever', title: 'Get Many: a server that ignores startIndex is detected and stopped', expect: 'Paging stopped: the server returned the same page again at startIndex 3', sends: 'any',
		run: serverCase((r) => (r.path === USERS ? { status: 200, body: PAGE(['005A', '005B'], 5000) } : undefined), getAll()),
	},
	{
		id: 'S10', area: 'server answers', topic: 'same page forever', title: 'Sync: a server that ignores startIndex is stopped before any write', expect: 'Paging stopped: the server returned the same page again at startIndex 3', sends: 'noWrite',
		run: serverCase((r) => (r.path === USERS ? { status: 200, body: PAGE(['005A00000000001AAA', '005A00000000002AAA'], 400) } : undefined), syncParams({ confirmMassDeactivation: true }), {
			items: [person('someone@x.example')],
			check: (_run, ctx) => expectTrue(ctx.front.requests.filter((r) => r.path === USERS).length <= 10, `${ctx.front.requests.filter((r) => r.path === USERS).length} list requests before the loop was noticed`),
		}),
	},
	{
		id: 'S11', area: 'server answers', topic: 'redirect', title: 'a 302 to another host: not followed, the token never reaches it', expect: 'Salesforce answered with a redirect (HTTP 302), redirected to http://127.0.0.1:OTHER/services/scim/v2/Users; it was not followed', sends: 'any',
		run: async (ctx) => {
			const outcome = await serverCase((r) => (r.path.startsWith('/services/scim') ? { status: 302, headers: { Location: `${ctx.recorder.url}${USERS}` } } : undefined), getAll())(ctx);
			return { ...outcome, message: outcome.message.replace(ctx.recorder.url, 'http://127.0.0.1:OTHER'), problems: [...outcome.problems, ...expectTrue(ctx.recorder.requests.length === 0, `the other host received ${ctx.recorder.requests.length} requests (authorization: ${ctx.recorder.requests.some((r) => r.authorization)})`)] };
		},
	},
	{
		id: 'S12', area: 'server answers', topic: 'redirect', title: 'a 307 on a create: not followed, nothing created anywhere', expect: 'Salesforce answered with a redirect (HTTP 307), redirected to http://127.0.0.1:OTHER/services/scim/v2/Users; it was not followed', sends: 'any',
		run: async (ctx) => {
			const outcome = await serverCase((r) => (r.method === 'POST' && r.path === USERS ? { status: 307, headers: { Location: `${ctx.recorder.url}${USERS}` } } : undefined), createFields('redirected@example.com'))(ctx);
			return { ...outcome, message: outcome.message.replace(ctx.recorder.url, 'http://127.0.0.1:OTHER'), problems: [...outcome.problems, ...expectTrue(ctx.recorder.requests.length === 0, 'the other host was called')] };
		},
	},
	{
		id: 'S13', area: 'server answers', topic: 'empty answer', title: 'Get by ID answered 200 with an empty body', expect: 'Salesforce\'s answer to GET /Users/005000000000001AAA (HTTP 200) has an empty body', sends: 'any',
		run: serverCase((r) => (r.path.startsWith(`${USERS}/`) ? { status: 200, body: '' } : undefined), { resource: 'user', operation: 'get', user: byId('005000000000001AAA'), options: fast }),
	},
	{
		id: 'S14', area: 'server answers', topic: 'empty answer', title: 'a create answered 201 without an id', expect: 'Salesforce answered the create of no.id@example.com without a user id, and no such user exists afterwards. Nothing was created; run again', sends: 'any',
		run: serverCase((r) => (r.method === 'POST' && r.path === USERS ? { status: 201, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'no.id@example.com' } } : undefined), createFields('no.id@example.com')),
	},
	{
		id: 'S15', area: 'server answers', topic: 'shape', title: 'a list whose Resources is not an array', expect: 'Salesforce\'s list answer is malformed: the list answer at startIndex 1 says totalResults 1 but its Resources is not a list', sends: 'any',
		run: serverCase((r) => (r.path === USERS ? { status: 200, body: { schemas: [LIST], totalResults: 1, Resources: { id: '005A' } } } : undefined), getAll()),
	},
	{
		id: 'S16', area: 'server answers', topic: 'session', title: '401 on every request, even with a new token', expect: 'Salesforce rejected the access token: it expired or was revoked', sends: 'any',
		run: serverCase((r) => (r.path.startsWith('/services/scim') ? { status: 401, body: [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }] } : undefined), getAll()),
	},
	{
		id: 'S17', area: 'server answers', topic: 'daily limit', title: '403 REQUEST_LIMIT_EXCEEDED: stops, no retry', expect: 'Salesforce\'s daily API request limit is used up (REQUEST_LIMIT_EXCEEDED)', sends: 'any',
		run: nodeCase(getAll({}, { maxApiUsagePercent: 100 }), {
			items: [{}, {}, {}],
			before: (ctx) => (ctx.emulator.state.usage.used = ctx.emulator.state.usage.limit),
			check: (_run, ctx) => expectTrue(ctx.emulator.requestLog.count('GET', USERS) === 1, `${ctx.emulator.requestLog.count('GET', USERS)} list requests`),
		}),
	},
	{
		id: 'S18', area: 'server answers', topic: 'uniqueness', title: 'a username taken in another org (409)', expect: 'The username is taken: DUPLICATE_USERNAME:Duplicate Username.<br>The username already exists in this or another Salesforce organization. Usernames must be unique across all Salesforce organizations. To resolve, use a different username (it doesn\'t need to match the user\'s email address).;', sends: 'any',
		run: nodeCase(createFields('taken@example.com')),
	},
	{
		id: 'S19', area: 'server answers', topic: 'opaque error', title: 'Salesforce’s opaque “unexpected error” on every attempt', expect: 'Salesforce failed with an opaque internal error: UNKNOWN_EXCEPTION:An unexpected error occurred. Please include this ErrorId if you contact support: 1860233312-48374 (-740188281);', sends: 'any',
		run: nodeCase(createFields('opaque@example.com', {}, { maxAttempts: 2 }), { before: (ctx) => ctx.emulator.setFaults([{ kind: 'status500', every: 1, method: 'POST', path: USERS }]) }),
	},
	{
		id: 'S20', area: 'server answers', topic: 'hang', title: 'every attempt hangs past the timeout: bounded, then reported', expect: 'Salesforce did not answer GET /Users within 200 ms (the Timeout option)', sends: 'any',
		run: nodeCase(getAll({}, { timeoutMs: 200, maxAttempts: 2 }), { before: (ctx) => ctx.emulator.setFaults([{ kind: 'hang', every: 1, hangMs: 1000, method: 'GET', path: USERS }]) }),
	},
];

export async function runCase(entry: CatalogCase, ctx: CatalogContext): Promise<CaseResult> {
	ctx.emulator.reset();
	ctx.front.intercept = undefined;
	ctx.front.requests.length = 0;
	ctx.recorder.requests.length = 0;
	ctx.tokens.requests.length = 0;
	ctx.tokens.answer = undefined;
	let outcome: CaseOutcome;
	try {
		outcome = await entry.run(ctx);
	} catch (error) {
		outcome = { message: `the case itself failed: ${(error as Error).stack ?? String(error)}`, requests: -1, problems: ['threw'] };
	}
	const problems = [...outcome.problems];
	const matches = typeof entry.expect === 'string' ? outcome.message === entry.expect : entry.expect.test(outcome.message);
	if (!matches) problems.push(`message: expected ${String(entry.expect)}, got ${JSON.stringify(outcome.message)}`);
	if (entry.sends === 'nothing' && outcome.requests !== 0) problems.push(`${outcome.requests} requests were sent; nothing should have been`);
	return {
		id: entry.id,
		area: entry.area,
		topic: entry.topic,
		title: entry.title,
		expected: String(entry.expect),
		message: outcome.message,
		sends: entry.sends,
		requests: outcome.requests,
		ok: problems.length === 0,
		problems,
	};
}
