/** Bad-input catalog, server answers: what a broken Salesforce, proxy or network answers (a test server in front of the emulator answers it). */
import { byId, createFields, ERROR_SCHEMA, expectTrue, fast, getAll, LIST, messageOf, nodeCase, PAGE, person, serverCase, syncParams, USERS, type CatalogCase } from './case';

export const SERVER_ANSWER_CASES: CatalogCase[] = [
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
