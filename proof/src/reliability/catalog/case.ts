/**
 * What a bad-input case is, how one runs (through n8n's engine, against the emulator or a test server in front of
 * it), and the helpers the cases share. The cases themselves live beside this file, one file per area.
 */
import type { IDataObject } from 'n8n-workflow';

import { parseFilter } from '../../../../scim/filter';
import type { Emulator } from '../../../../cli/src/emulator';
import type { RunResult, StoredCredential } from '../../../../cli/src/engine';
import type { Canaries } from '../secrets';
import type { FrontProxy } from '../../fixtures/frontProxy';
import type { TestServer } from '../servers';
import { clientCredentials, runNode, type AuthKind, type NodeRun } from '../workflow';

export type CatalogArea = 'credentials' | 'node input' | 'server answers';

export interface CatalogContext {
	emulator: Emulator;
	canaries: Canaries;
	/** Forwards to the emulator unless a case answers itself. */
	front: FrontProxy;
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

export const USERS = '/services/scim/v2/Users';
export const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const INJECTION = 'x" or userName pr or userName eq "';
export const fast = { retryDelayMs: 5 };
export const byName = (value: string) => ({ __rl: true, mode: 'name', value });
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

export const writes = (emulator: Emulator) =>
	Object.entries(emulator.requestLog.countsObject())
		.filter(([route]) => /^(POST|PATCH|PUT|DELETE) \/services\/scim/.test(route))
		.reduce((sum, [, n]) => sum + n, 0);

export function createFields(userName: string, more: IDataObject = {}, options: IDataObject = {}): IDataObject {
	const { familyName = 'Tester', email = userName, profile = byName('Standard User'), ...additionalFields } = more;
	return { resource: 'user', operation: 'create', userName, email, familyName, profile, additionalFields, options: { ...fast, ...options } };
}

export const createResource = (options: IDataObject = {}) => ({ resource: 'user', operation: 'create', userInput: 'resource', options: { ...fast, ...options } });
export const upsertResource = (matchBy = 'userName', options: IDataObject = {}) => ({ resource: 'user', operation: 'upsert', userInput: 'resource', matchBy, options: { ...fast, ...options } });
export const getAll = (filters: IDataObject = {}, options: IDataObject = {}) => ({ resource: 'user', operation: 'getAll', returnAll: true, filters, options: { ...fast, ...options } });
export const syncParams = (options: IDataObject = {}, more: IDataObject = {}) => ({
	resource: 'user',
	operation: 'sync',
	dryRun: false,
	matchBy: 'userName',
	scope: 'all',
	options: { ...fast, ...options },
	...more,
});

/** A SCIM user as the Mapping node would emit it. */
export function person(userName: string, more: IDataObject = {}): IDataObject {
	return {
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
		userName,
		name: { givenName: 'Casey', familyName: 'Tester' },
		emails: [{ value: userName, type: 'work', primary: true }],
		entitlements: [{ display: 'Standard User', type: 'Profile', primary: true }],
		...more,
	};
}

export function messageOf(run: { result: RunResult; out: IDataObject[] }): string {
	if (run.result.error) return run.result.error.message;
	const failed = run.out.find((o) => typeof o.error === 'string');
	if (failed) return String(failed.error);
	if (!run.result.outputs['Salesforce SCIM']) return 'the node did not run (no input item)';
	return '';
}

export function userOf(emulator: Emulator, userName: string): IDataObject | undefined {
	const record = emulator.state.findUser(userName);
	return record ? (emulator.state.renderUser(record) as unknown as IDataObject) : undefined;
}

/** The JSON body of the last request through the front server with this method and path. */
export function sentBody(front: FrontProxy, method: string, path: string): IDataObject | undefined {
	const body = front.requests.filter((r) => r.method === method && r.path.startsWith(path)).pop()?.body;
	return body ? (JSON.parse(body) as IDataObject) : undefined;
}

/** Totals of every server a case may reach. */
export function counter(ctx: CatalogContext) {
	const total = () => ctx.emulator.requestLog.total + ctx.front.requests.length + ctx.recorder.requests.length + ctx.tokens.requests.length;
	const start = total();
	return () => total() - start;
}

type Check = (run: NodeRun, ctx: CatalogContext) => string[] | void;

/** A node run against the emulator; `check` adds assertions beyond the message. */
export function nodeCase(
	parameters: IDataObject | ((ctx: CatalogContext) => IDataObject),
	options: { items?: IDataObject[] | ((ctx: CatalogContext) => IDataObject[]); auth?: AuthKind; continueOnFail?: boolean; credential?: (ctx: CatalogContext) => StoredCredential; message?: (run: NodeRun, ctx: CatalogContext) => string; check?: Check; before?: (ctx: CatalogContext) => void } = {},
) {
	return async (ctx: CatalogContext): Promise<CaseOutcome> => {
		options.before?.(ctx);
		const count = counter(ctx);
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
		return { message: options.message ? options.message(run, ctx) : messageOf(run), requests: count(), problems };
	};
}

/** Through the front server, which answers `answer` for SCIM requests (the token still comes from the emulator). */
export function serverCase(answer: FrontProxy['intercept'], parameters: IDataObject, options: { items?: IDataObject[]; check?: Check; continueOnFail?: boolean; message?: (run: NodeRun, ctx: CatalogContext) => string } = {}) {
	return nodeCase(parameters, {
		...options,
		credential: (ctx) => clientCredentials(ctx.emulator, ctx.canaries, { myDomainUrl: ctx.front.url }),
		before: (ctx) => (ctx.front.intercept = answer),
	});
}

export const expectTrue = (condition: boolean, problem: string) => (condition ? [] : [problem]);

/** The filter a request carried, parsed: one `attr eq "value"` node, or the reason it is not. */
export function singleEq(query: string | undefined, attribute: string, value: string): string[] {
	const filter = new URLSearchParams(query ?? '').get('filter');
	if (filter === null) return [`no filter was sent (query: ${query ?? ''})`];
	const parsed = parseFilter(filter) as unknown as { kind?: string; operator?: string; attribute?: { attribute?: string; subAttribute?: string }; value?: unknown };
	const name = [parsed.attribute?.attribute, parsed.attribute?.subAttribute].filter(Boolean).join('.');
	const ok = parsed.kind === 'compare' && parsed.operator === 'eq' && name.toLowerCase() === attribute.toLowerCase() && parsed.value === value;
	return ok ? [] : [`the filter sent is not one ${attribute} eq: ${filter} → ${JSON.stringify(parsed)}`];
}

export function lastFilterTo(emulator: Emulator, path: string): string | undefined {
	return emulator.requestLog
		.entries()
		.filter((e) => e.path === path && e.query?.includes('filter='))
		.pop()?.query;
}

export const TEN_MB = 'x'.repeat(10 * 1024 * 1024);
export const PAGE = (ids: string[], total: number, start = 1) => ({ schemas: [LIST], totalResults: total, itemsPerPage: ids.length, startIndex: start, Resources: ids.map((id) => ({ id, userName: `${id.toLowerCase()}@x.example`, active: true })) });

export async function runCase(entry: CatalogCase, ctx: CatalogContext): Promise<CaseResult> {
	ctx.emulator.reset();
	ctx.front.reset();
	ctx.recorder.requests.length = 0;
	ctx.tokens.requests.length = 0;
	ctx.tokens.answer = undefined;
	let outcome: CaseOutcome;
	const writesBefore = writesAnywhere(ctx);
	try {
		outcome = await entry.run(ctx);
	} catch (error) {
		outcome = { message: `the case itself failed: ${(error as Error).stack ?? String(error)}`, requests: -1, problems: ['threw'] };
	}
	const problems = [...outcome.problems];
	const matches = typeof entry.expect === 'string' ? outcome.message === entry.expect : entry.expect.test(outcome.message);
	if (!matches) problems.push(`message: expected ${String(entry.expect)}, got ${JSON.stringify(outcome.message)}`);
	if (entry.sends === 'nothing' && outcome.requests !== 0) problems.push(`${outcome.requests} requests were sent; nothing should have been`);
	const written = writesAnywhere(ctx) - writesBefore;
	if (entry.sends !== 'any' && written !== 0) problems.push(`${written} writes were sent; none should have been`);
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

/** Writes (POST, PATCH, PUT, DELETE to SCIM) that reached the emulator or any test server. */
function writesAnywhere(ctx: CatalogContext): number {
	const isWrite = (r: { method: string; path: string }) => r.method !== 'GET' && r.path.startsWith('/services/scim');
	return writes(ctx.emulator) + [...ctx.front.requests, ...ctx.recorder.requests, ...ctx.tokens.requests].filter(isWrite).length;
}
