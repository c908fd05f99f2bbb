/**
 * The transport against a misbehaving Salesforce, through n8n's engine: every case counts the requests that
 * really reached the server, so a regression to "retry forever" or "write twice" fails here.
 */
import { runWorkflow } from '../../cli/src/engine';
import { useEmulator } from '../support/emulator';
import { startFrontProxy, type FrontProxy } from '../support/frontProxy';
import { clientCredentials, jsonOf, NODE, scimNode, workflowWith } from '../support/scimNode';

const emulator = useEmulator();
/** Forwards to the emulator unless a test makes it answer itself. */
let front: FrontProxy;
/** "Another host" a redirect points at: it must never see a request. */
let elsewhere: FrontProxy;

beforeAll(async () => {
	front = await startFrontProxy(emulator.url);
	elsewhere = await startFrontProxy(emulator.url);
});
afterAll(async () => {
	await front.close();
	await elsewhere.close();
});
beforeEach(() => {
	emulator.reset();
	front.intercept = undefined;
	front.counts.clear();
	front.authorizations.length = 0;
	elsewhere.counts.clear();
});

const USERS = '/services/scim/v2/Users';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const fast = { retryDelayMs: 5 };
const getAll = (options = {}) => ({ resource: 'user', operation: 'getAll', returnAll: true, filters: {}, options: { ...fast, ...options } });
const create = (userName: string, options = {}) => ({
	resource: 'user',
	operation: 'create',
	userName,
	email: userName,
	familyName: 'Lost',
	profile: { __rl: true, mode: 'name', value: 'Standard User' },
	additionalFields: {},
	options: { ...fast, ...options },
});
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ i }));
const count = (method: string, path = USERS) => emulator.requestLog.count(method, path);
const viaFront = () => clientCredentials(emulator, { myDomainUrl: front.url });

test('a create whose answer is lost is found by its username, not sent twice', async () => {
	emulator.setFaults([{ kind: 'lostResponse', nth: 1, method: 'POST', path: USERS }]);
	const result = await runWorkflow(workflowWith(scimNode(create('lost@example.com'))), { credentials: [clientCredentials(emulator)] });
	expect(result.error).toBeUndefined();
	expect(jsonOf(result)[0]).toMatchObject({ action: 'created', recovered: true, userName: 'lost@example.com' });
	expect(count('POST')).toBe(1);
	expect([...emulator.state.users.values()].filter((u) => u.attrs.userName === 'lost@example.com')).toHaveLength(1);
});

test('a create that failed with 500 and is not there is sent again, after looking: bounded by Max Attempts', async () => {
	emulator.setFaults([{ kind: 'status500', every: 1, method: 'POST', path: USERS }]);
	const result = await runWorkflow(workflowWith(scimNode(create('five@example.com', { maxAttempts: 3 }))), { credentials: [clientCredentials(emulator)] });
	expect(result.error?.message).toMatch(/opaque internal error.*ErrorId/);
	expect(count('POST')).toBe(3);
	// Before each new attempt the transport looked for a user the failed attempt may have created.
	expect(count('GET')).toBe(2);
});

test('retries of a read are bounded by Max Attempts', async () => {
	emulator.setFaults([{ kind: 'status503', every: 1, method: 'GET', path: USERS }]);
	const result = await runWorkflow(workflowWith(scimNode(getAll({ maxAttempts: 3 }))), { credentials: [clientCredentials(emulator)] });
	expect(result.error?.message).toMatch(/throttling or unavailable \(HTTP 503\)/);
	expect(count('GET')).toBe(3);
});

test('a connection reset is retried and succeeds', async () => {
	emulator.setFaults([{ kind: 'reset', nth: [1, 2], method: 'GET', path: USERS }]);
	const result = await runWorkflow(workflowWith(scimNode(getAll())), { credentials: [clientCredentials(emulator)] });
	expect(result.error).toBeUndefined();
	expect(jsonOf(result).length).toBeGreaterThan(0);
	expect(count('GET')).toBe(3);
});

test('503 with Retry-After: the transport waits what the server asked, not its own short back-off', async () => {
	front.intercept = (r) =>
		r.path === USERS && r.seen === 0
			? { status: 503, headers: { 'Retry-After': '1' }, body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'busy' }] }
			: undefined;
	const started = Date.now();
	const result = await runWorkflow(workflowWith(scimNode(getAll({ retryDelayMs: 1 }))), { credentials: [viaFront()] });
	const elapsed = Date.now() - started;
	expect(result.error).toBeUndefined();
	expect(front.counts.get(`GET ${USERS}`)).toBe(2);
	expect(elapsed).toBeGreaterThanOrEqual(950);
});

test('daily limit (403 REQUEST_LIMIT_EXCEEDED): stops with a clear message and sends nothing more', async () => {
	emulator.state.usage.limit = 3;
	const result = await runWorkflow(workflowWith(scimNode(getAll({ maxApiUsagePercent: 100, concurrency: 1 })), items(10)), {
		credentials: [clientCredentials(emulator)],
	});
	expect(result.error?.message).toBe("Salesforce's daily API request limit is used up (REQUEST_LIMIT_EXCEEDED)");
	expect(result.error?.description).toMatch(/no Retry-After/);
	// Three served, one refused, then nothing: no retry of the 403, no request for the items after it.
	expect(emulator.requestLog.entries().filter((e) => e.path === USERS).map((e) => e.status)).toEqual([200, 200, 200, 403]);
});

test('daily limit with continue-on-fail: every later item fails without a request', async () => {
	emulator.state.usage.limit = 2;
	const node = { ...scimNode(getAll({ maxApiUsagePercent: 100, concurrency: 1 })), onError: 'continueRegularOutput' as const };
	const result = await runWorkflow(workflowWith(node, items(5)), { credentials: [clientCredentials(emulator)] });
	const out = result.outputs[NODE][0];
	expect(out.filter((i) => i.json.errorCode === 'REQUEST_LIMIT_EXCEEDED')).toHaveLength(3);
	expect(count('GET')).toBe(3);
});

test('usage guard: stops before the org passes the configured share, even with requests in flight', async () => {
	emulator.state.usage.limit = 100;
	emulator.state.usage.used = 60;
	const result = await runWorkflow(workflowWith(scimNode(getAll({ maxApiUsagePercent: 70, concurrency: 5 })), items(40)), {
		credentials: [clientCredentials(emulator)],
	});
	expect(result.error?.message).toMatch(/^Stopped to protect the org's daily API allocation: \d+ of 100 requests used .*up to 70%/);
	expect(result.error?.description).toMatch(/No further request was sent.*Max API Usage/);
	expect(emulator.state.usage.used).toBe(70);
	expect(count('GET')).toBe(10);
});

test('usage guard: 80% by default; 100% turns it off', async () => {
	emulator.state.usage.limit = 100;
	emulator.state.usage.used = 78;
	const guarded = await runWorkflow(workflowWith(scimNode(getAll()), items(5)), { credentials: [clientCredentials(emulator)] });
	expect(guarded.error?.message).toMatch(/may use up to 80%/);
	expect(emulator.state.usage.used).toBe(80);
	const unguarded = await runWorkflow(workflowWith(scimNode(getAll({ maxApiUsagePercent: 100 })), items(5)), { credentials: [clientCredentials(emulator)] });
	expect(unguarded.error).toBeUndefined();
	expect(emulator.state.usage.used).toBe(85);
});

test('usage guard with many items resuming at once after the first answer: still never past the share', async () => {
	emulator.state.usage.limit = 1000;
	emulator.state.usage.used = 940;
	const result = await runWorkflow(workflowWith(scimNode(getAll({ maxApiUsagePercent: 95, concurrency: 20 })), items(60)), {
		credentials: [clientCredentials(emulator)],
	});
	expect(result.error?.message).toMatch(/may use up to 95%/);
	expect(emulator.state.usage.used).toBeLessThanOrEqual(950);
	expect(emulator.state.usage.used).toBeGreaterThanOrEqual(945);
});

test('an HTML login page from a wrong host becomes a readable error, not retried', async () => {
	emulator.setFaults([{ kind: 'html', every: 1, path: USERS }]);
	const result = await runWorkflow(workflowWith(scimNode(getAll())), { credentials: [clientCredentials(emulator)] });
	expect(result.error?.message).toMatch(/^Salesforce did not answer with SCIM \(HTTP 200\): .*HTML page titled "Login \| Salesforce"/);
	expect(result.error?.description).toMatch(/wrong host.*instance URL/);
	expect(count('GET')).toBe(1);
});

test('a redirect is not followed: the token never reaches the other host', async () => {
	front.intercept = (r) => (r.path.startsWith('/services/scim') ? { status: 302, headers: { Location: `${elsewhere.url}${USERS}` } } : undefined);
	const result = await runWorkflow(workflowWith(scimNode(getAll())), { credentials: [viaFront()] });
	expect(result.error?.message).toMatch(/^Salesforce answered with a redirect \(HTTP 302\), redirected to http:\/\/127\.0\.0\.1:\d+\/services\/scim\/v2\/Users; it was not followed/);
	expect(result.error?.description).toMatch(/token was not sent to the new address/);
	expect([...elsewhere.counts.values()].reduce((a, b) => a + b, 0)).toBe(0);
	expect(front.counts.get(`GET ${USERS}`)).toBe(1);
});

test('a server that returns the same page whatever startIndex says is detected, not paged forever', async () => {
	const page = { schemas: [LIST], totalResults: 5000, itemsPerPage: 2, startIndex: 1, Resources: [{ id: '005A', userName: 'a@x.com' }, { id: '005B', userName: 'b@x.com' }] };
	front.intercept = (r) => (r.path === USERS ? { status: 200, body: page } : undefined);
	const result = await runWorkflow(workflowWith(scimNode(getAll())), { credentials: [viaFront()] });
	expect(result.error?.message).toMatch(/^Paging stopped: the server returned the same page again at startIndex 3/);
	expect(result.error?.description).toMatch(/ignores startIndex/);
	expect(front.counts.get(`GET ${USERS}`)).toBe(2);
});

test('totalResults lying high: paging stops at the first empty page', async () => {
	front.intercept = (r) => {
		if (r.path !== USERS) return undefined;
		const start = Number(r.query.get('startIndex'));
		const resources = start <= 4 ? [{ id: `005${start}`, userName: `u${start}@x.com` }, { id: `005${start + 1}`, userName: `u${start + 1}@x.com` }] : [];
		return { status: 200, body: { schemas: [LIST], totalResults: 1_000_000, itemsPerPage: resources.length, startIndex: start, Resources: resources } };
	};
	const result = await runWorkflow(workflowWith(scimNode(getAll())), { credentials: [viaFront()] });
	expect(result.error).toBeUndefined();
	expect(jsonOf(result).map((u) => u.userName)).toEqual(['u1@x.com', 'u2@x.com', 'u3@x.com', 'u4@x.com']);
	expect(front.counts.get(`GET ${USERS}`)).toBe(3);
});

test('a server that honours a smaller count than asked is paged to the end by startIndex', async () => {
	const all = Array.from({ length: 7 }, (_, i) => ({ id: `005P${i}`, userName: `p${i}@x.com` }));
	const asked: string[] = [];
	front.intercept = (r) => {
		if (r.path !== USERS) return undefined;
		asked.push(`${r.query.get('startIndex')}/${r.query.get('count')}`);
		const start = Number(r.query.get('startIndex'));
		const resources = all.slice(start - 1, start - 1 + 3);
		return { status: 200, body: { schemas: [LIST], totalResults: all.length, itemsPerPage: resources.length, startIndex: start, Resources: resources } };
	};
	const result = await runWorkflow(workflowWith(scimNode(getAll())), { credentials: [viaFront()] });
	expect(result.error).toBeUndefined();
	expect(jsonOf(result).map((u) => u.id)).toEqual(all.map((u) => u.id));
	expect(asked).toEqual(['1/200', '4/200', '7/200']);
});

test('a request that hangs past the timeout is abandoned and retried', async () => {
	emulator.setFaults([{ kind: 'hang', nth: 1, hangMs: 10_000, method: 'GET', path: USERS }]);
	const started = Date.now();
	const result = await runWorkflow(workflowWith(scimNode(getAll({ timeoutMs: 1000 }))), { credentials: [clientCredentials(emulator)] });
	expect(result.error).toBeUndefined();
	expect(jsonOf(result).length).toBeGreaterThan(0);
	// The hung one, then its retry (more only if this machine is so loaded that 1 s is not enough).
	expect(count('GET')).toBeGreaterThanOrEqual(2);
	expect(Date.now() - started).toBeLessThan(8_000);
});

test('a create that hangs past the timeout is looked up before it is sent again', async () => {
	emulator.setFaults([{ kind: 'hang', nth: 1, hangMs: 2500, method: 'POST', path: USERS }]);
	const result = await runWorkflow(workflowWith(scimNode(create('slow@example.com', { timeoutMs: 1000 }))), { credentials: [clientCredentials(emulator)] });
	expect(result.error).toBeUndefined();
	// The hung POST may or may not have landed by the time of the lookup; either way, one user.
	await new Promise((r) => setTimeout(r, 2600));
	expect([...emulator.state.users.values()].filter((u) => u.attrs.userName === 'slow@example.com')).toHaveLength(1);
});

test('a group create whose answer is lost is found by its name, not created twice', async () => {
	emulator.setFaults([{ kind: 'lostResponse', nth: 1, method: 'POST', path: '/services/scim/v2/Groups' }]);
	const result = await runWorkflow(workflowWith(scimNode({ resource: 'group', operation: 'create', displayName: 'Night Shift', options: fast })), {
		credentials: [clientCredentials(emulator)],
	});
	expect(result.error).toBeUndefined();
	expect(jsonOf(result)[0]).toMatchObject({ action: 'created', displayName: 'Night Shift' });
	expect(count('POST', '/services/scim/v2/Groups')).toBe(1);
	expect([...emulator.state.groups.values()].filter((g) => emulator.state.renderGroup(g).displayName === 'Night Shift')).toHaveLength(1);
});

test('a member PATCH whose answer is lost is sent again (adding twice is harmless) and succeeds', async () => {
	emulator.setFaults([{ kind: 'lostResponse', nth: 1, method: 'PATCH', path: '/services/scim/v2/Groups' }]);
	const params = { resource: 'group', operation: 'addMembers', group: { __rl: true, mode: 'name', value: 'EMEA' }, members: 'jane.doe@sfscim-emulator.example', options: fast };
	const result = await runWorkflow(workflowWith(scimNode(params)), { credentials: [clientCredentials(emulator)] });
	expect(result.error).toBeUndefined();
	expect(count('PATCH', '/services/scim/v2/Groups/{id}')).toBe(2);
	const emea = [...emulator.state.groups.values()].find((g) => emulator.state.renderGroup(g).displayName === 'EMEA')!;
	expect((emulator.state.renderGroup(emea).members as unknown[]).length).toBe(1);
});
