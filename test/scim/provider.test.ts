/**
 * The service-provider side of SCIM (scim/provider): what the Salesforce SCIM Trigger makes of an IdP's
 * requests, table-driven over the Okta and Entra shapes from their public documentation.
 */
import { ScimError } from '../../scim/error';
import { matchesFilter } from '../../scim/filterMatch';
import {
	assertMethodAllowed,
	classifyUserChange,
	errorAnswer,
	failureAnswer,
	groupChangedEvents,
	isAuthorized,
	outcomeOf,
	parseListParameters,
	parseRequestBody,
	patchGroup,
	patchUser,
	planLookup,
	projectAttributes,
	recogniseIdp,
	replaceUser,
	rewriteValuePathComparisons,
	routeOf,
	slugProblem,
	successAnswer,
	tokenProblem,
	unauthorizedResponse,
	userFromBody,
	type ScimRequestContext,
} from '../../scim/provider';
import { SCHEMA } from '../../scim/schemas';

const PATCH = SCHEMA.patchOp;
const ENTERPRISE = SCHEMA.enterpriseUser;
const patchBody = (Operations: unknown[]) => ({ schemas: [PATCH], Operations });

function scimError(fn: () => unknown): ScimError {
	try {
		fn();
	} catch (error) {
		if (error instanceof ScimError) return error;
		throw error;
	}
	throw new Error('expected a ScimError');
}

describe('routes', () => {
	it.each([
		['Users', undefined, { resourceType: 'Users' }],
		['users', '005xx', { resourceType: 'Users', id: '005xx' }],
		['Groups', '00Gxx', { resourceType: 'Groups', id: '00Gxx' }],
		['ServiceProviderConfigs', undefined, { resourceType: 'ServiceProviderConfig' }],
		['Schemas', undefined, { resourceType: 'Schemas' }],
		['ResourceTypes', undefined, { resourceType: 'ResourceTypes' }],
	])('/%s/%s', (resource, id, expected) => {
		expect(routeOf(resource, id)).toEqual(expected);
	});

	it('an unknown endpoint is 404 naming the ones served', () => {
		const error = scimError(() => routeOf('Bulk', undefined));
		expect(error.status).toBe(404);
		expect(error.detail).toMatch(/\/Users, \/Groups/);
	});

	it.each([
		['DELETE', 'Users', undefined, 405],
		['POST', 'Users', '005', 405],
		['POST', 'ServiceProviderConfig', undefined, 405],
		['PATCH', 'Groups', '00G', 0],
		['GET', 'Schemas', undefined, 0],
	])('%s /%s/%s → %s', (method, resource, id, status) => {
		const route = routeOf(resource, id);
		if (status === 0) expect(() => assertMethodAllowed(route, method)).not.toThrow();
		else expect(scimError(() => assertMethodAllowed(route, method)).status).toBe(status);
	});
});

describe('bodies', () => {
	const user = '{"userName":"a@b.c"}';
	it.each([
		['application/scim+json', user],
		['application/scim+json; charset=utf-8', user],
		['application/json', user],
		[undefined, user],
		['application/scim+json', `\uFEFF${user}`],
	])('%s is parsed from the raw body', (contentType, raw) => {
		expect(parseRequestBody(raw, contentType, {})).toEqual({ userName: 'a@b.c' });
		expect(parseRequestBody(new TextEncoder().encode(raw), contentType, {})).toEqual({ userName: 'a@b.c' });
	});

	it.each([
		['{"userName": ', 'application/scim+json', 400, 'invalidSyntax', /not valid JSON/],
		['[]', 'application/json', 400, 'invalidSyntax', /JSON object/],
		['', 'application/json', 400, 'invalidSyntax', /JSON object/],
		['userName=a', 'application/x-www-form-urlencoded', 415, 'invalidSyntax', /not JSON/],
		['x'.repeat(2048), 'application/json', 413, 'tooMany', /at most 1024/],
	])('%j (%s) → %s %s', (raw, contentType, status, scimType, detail) => {
		const error = scimError(() => parseRequestBody(raw, contentType, {}, 1024));
		expect([error.status, error.scimType]).toEqual([status, scimType]);
		expect(error.detail).toMatch(detail);
	});

	it('n8n’s own parse is used when there is no raw body', () => {
		expect(parseRequestBody(undefined, 'application/json', { displayName: 'G' })).toEqual({ displayName: 'G' });
	});
});

describe('auth', () => {
	const token = 'tok-3f9a8b7c6d5e4f3a2b1c';
	const basic = (user: string, password: string) => `Basic ${btoa(`${user}:${password}`)}`;
	it.each([
		[`Bearer ${token}`, true],
		[`bearer ${token}`, true],
		[`Bearer ${token}x`, false],
		[`Bearer ${token.slice(0, -1)}`, false],
		['Bearer ', false],
		[token, false],
		[undefined, false],
		[basic('okta', 'pw'), false],
	])('%s → %s', (header, ok) => {
		expect(isAuthorized(header, { token })).toBe(ok);
	});

	it.each([
		[basic('okta', 'pw'), true],
		[basic('okta', 'wrong'), false],
		[basic('other', 'pw'), false],
		['Basic !!!', false],
	])('Basic when configured: %s → %s', (header, ok) => {
		expect(isAuthorized(header, { token, basicUser: 'okta', basicPassword: 'pw' })).toBe(ok);
	});

	it('an empty configured token accepts nobody', () => {
		expect(isAuthorized('Bearer ', { token: '' })).toBe(false);
		expect(isAuthorized('Bearer x', { token: '' })).toBe(false);
	});

	it('the 401 is a SCIM Error with a Bearer challenge, and echoes nothing', () => {
		const denied = unauthorizedResponse();
		expect(denied.status).toBe(401);
		expect(denied.headers['WWW-Authenticate']).toMatch(/^Bearer /);
		expect(denied.body).toMatchObject({ schemas: [SCHEMA.error], status: '401' });
	});
});

describe('list parameters and lookups', () => {
	it.each([
		[{}, { startIndex: 1, count: 100 }],
		[{ startIndex: '1', count: '1' }, { startIndex: 1, count: 1 }],
		[{ startindex: '0', COUNT: '500' }, { startIndex: 1, count: 100 }],
		[{ filter: ' userName eq "x" ', count: '-3' }, { startIndex: 1, count: 0, filter: 'userName eq "x"' }],
		[{ excludedAttributes: 'members' }, { startIndex: 1, count: 100, excludedAttributes: ['members'] }],
	])('%j', (query, expected) => {
		expect(parseListParameters(query, 100)).toEqual(expected);
	});

	it('a non-integer count is 400 invalidValue', () => {
		expect(scimError(() => parseListParameters({ count: 'ten' })).scimType).toBe('invalidValue');
	});

	it.each([
		['userName eq "Jane@Example.com"', 'Users', { serverFilter: 'userName eq "jane@example.com"' }],
		['externalId eq "00u1"', 'Users', { serverFilter: 'externalId eq "00u1"' }],
		['id eq "005A"', 'Users', { id: '005A' }],
		['emails[type eq "work"].value eq "a@b.c"', 'Users', {}],
		['displayName eq "Jane Doe"', 'Users', {}],
		['externalId eq "x" and userName eq "y"', 'Users', { serverFilter: 'userName eq "y"' }],
		['userName eq "a" or userName eq "b"', 'Users', {}],
		['displayName eq "All Sales"', 'Groups', {}],
	])('%s on %s', (filter, resourceType, expected) => {
		const plan = planLookup(resourceType as 'Users' | 'Groups', filter);
		expect(plan.expression).toBeDefined();
		expect({ id: plan.id, serverFilter: plan.serverFilter }).toEqual({ id: undefined, serverFilter: undefined, ...expected });
	});

	it.each([
		['userName eq', /Invalid filter/],
		['title eq "x"', /Cannot filter on "title"/],
		['members.value eq "x"', /Cannot filter on "members.value"/],
	])('%s is 400 invalidFilter', (filter, detail) => {
		const error = scimError(() => planLookup('Users', filter));
		expect([error.status, error.scimType]).toEqual([400, 'invalidFilter']);
		expect(error.detail).toMatch(detail);
	});

	const jane = { id: '005A', userName: 'jane@example.com', externalId: 'E1', displayName: 'Jane Doe', emails: [{ type: 'work', value: 'Jane@Example.com' }, { type: 'home', value: 'j@home.example' }] };
	it.each([
		['emails[type eq "work"].value eq "jane@example.com"', true],
		['emails[type eq "work"].value eq "j@home.example"', false],
		['userName eq "JANE@EXAMPLE.COM"', true],
		['externalId eq "E1" and userName eq "jane@example.com"', true],
		['externalId eq "E2" and userName eq "jane@example.com"', false],
		['displayName eq "Jane Doe"', true],
	])('evaluated locally: %s → %s', (filter, matches) => {
		const plan = planLookup('Users', filter);
		expect(matchesFilter(plan.expression!, jane)).toBe(matches);
	});

	it('Entra’s value-path comparison is rewritten into the RFC grammar', () => {
		expect(rewriteValuePathComparisons('emails[type eq "work"].value eq "a@b.c"')).toBe('emails[(type eq "work") and value eq "a@b.c"]');
		expect(rewriteValuePathComparisons('userName eq "a]b"')).toBe('userName eq "a]b"');
	});

	it('excludedAttributes=members drops members, keeps id and schemas', () => {
		const group = { schemas: [SCHEMA.group], id: '00G', displayName: 'G', members: [{ value: '005' }] };
		expect(projectAttributes(group, { excludedAttributes: ['members'] })).toEqual({ schemas: [SCHEMA.group], id: '00G', displayName: 'G' });
		expect(projectAttributes(group, { attributes: ['displayName'] })).toEqual({ schemas: [SCHEMA.group], id: '00G', displayName: 'G' });
	});
});

describe('user writes in every IdP dialect', () => {
	const current = {
		schemas: [SCHEMA.user, ENTERPRISE],
		id: '005A',
		userName: 'jane@example.com',
		name: { givenName: 'Jane', familyName: 'Doe' },
		title: 'Planner',
		active: true,
		emails: [{ type: 'work', value: 'jane@example.com', primary: true }],
		[ENTERPRISE]: { department: 'Ops' },
	};
	it.each([
		['okta deactivate (pathless)', [{ op: 'replace', value: { active: false } }], 'user.deactivated', ['active']],
		['entra default deactivate ("False" string)', [{ op: 'Replace', path: 'active', value: 'False' }], 'user.deactivated', ['active']],
		['entra062020 pathless dotted keys', [{ op: 'replace', value: { 'name.givenName': 'Janet', title: 'Lead' } }], 'user.updated', ['name', 'title']],
		['entra enterprise URN path', [{ op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Logistics' }], 'user.updated', [`${ENTERPRISE}:department`]],
		['entra manager add as [{value}]', [{ op: 'Add', path: `${ENTERPRISE}:manager`, value: [{ $ref: null, value: '005M' }] }], 'user.updated', [`${ENTERPRISE}:manager`]],
		['entra work email path', [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'janet@example.com' }], 'user.updated', ['emails']],
		['nothing changes', [{ op: 'replace', path: 'title', value: 'Planner' }], 'user.updated', []],
	])('%s', (_name, ops, event, changes) => {
		const change = patchUser(current, patchBody(ops));
		expect(change.event).toBe(event);
		expect(change.changes).toEqual(changes);
	});

	it('the manager ends up single-valued', () => {
		const change = patchUser(current, patchBody([{ op: 'Add', path: `${ENTERPRISE}:manager`, value: [{ $ref: null, value: '005M' }] }]));
		expect((change.user[ENTERPRISE] as Record<string, unknown>).manager).toEqual({ $ref: null, value: '005M' });
	});

	it('a reactivation is its own event', () => {
		expect(patchUser({ ...current, active: false }, patchBody([{ op: 'replace', value: { active: true } }])).event).toBe('user.reactivated');
	});

	it('passwords never travel: not in the user, not in the operations', () => {
		const change = patchUser(current, patchBody([{ op: 'replace', path: 'password', value: 'S3cret!' }, { op: 'replace', value: { password: 'S3cret!', title: 'X' } }]));
		expect(JSON.stringify(change)).not.toContain('S3cret!');
		expect(JSON.stringify(userFromBody({ userName: 'a@b.c', password: 'S3cret!' }))).not.toContain('S3cret!');
	});

	it.each([
		[{ schemas: [PATCH], Operations: [{ op: 'rename', path: 'title' }] }, 'invalidSyntax'],
		[{ Operations: [] }, 'invalidSyntax'],
		[{ schemas: [PATCH], Operations: [{ op: 'remove' }] }, 'noTarget'],
		[{ schemas: [PATCH], Operations: [{ op: 'replace', path: 'emails[type eq', value: 'x' }] }, 'invalidPath'],
	])('a bad PATCH is a 400 (%j)', (body, scimType) => {
		const error = scimError(() => patchUser(current, body));
		expect([error.status, error.scimType]).toEqual([400, scimType]);
	});

	it('PUT (Okta AIW) replaces; dropping active suspends', () => {
		const { id: _id, ...rest } = current;
		void _id;
		const withTitle = replaceUser(current, { ...rest, title: 'Lead' });
		expect([withTitle.event, withTitle.changes]).toEqual(['user.updated', ['title']]);
		const { active: _active, ...withoutActive } = rest;
		void _active;
		expect(replaceUser(current, withoutActive).event).toBe('user.deactivated');
	});

	it('a POST needs a userName and a real boolean for active', () => {
		expect(scimError(() => userFromBody({ displayName: 'x' })).scimType).toBe('invalidValue');
		expect(userFromBody({ userName: 'a@b.c', active: 'True' }).active).toBe(true);
		expect(scimError(() => userFromBody({ userName: 'a@b.c', active: 'maybe' })).scimType).toBe('invalidValue');
	});

	it('classifies by the active flag', () => {
		expect(classifyUserChange({ active: true }, { active: false }).event).toBe('user.deactivated');
	});
});

describe('group writes', () => {
	const group = { schemas: [SCHEMA.group], id: '00G', displayName: 'Sales', members: [{ value: '005A' }, { value: '005B' }] };
	const context: ScimRequestContext = { method: 'PATCH', resourceType: 'Groups', id: '00G', baseUrl: 'https://n8n/webhook/x/okta', idp: 'okta', rawBody: '{}', receivedAt: '2026-01-01T00:00:00Z' };
	it.each([
		['okta add members', [{ op: 'add', path: 'members', value: [{ value: '005C', display: 'c' }] }], ['group.members.added'], ['005C']],
		['okta remove by filter', [{ op: 'remove', path: 'members[value eq "005A"]' }], ['group.members.removed'], ['005A']],
		['entra Remove with a value list', [{ op: 'Remove', path: 'members', value: [{ value: '005A' }, { value: '005B' }] }], ['group.members.removed'], ['005A', '005B']],
		['entra Add with $ref null', [{ op: 'Add', path: 'members', value: [{ $ref: null, value: '005C' }] }], ['group.members.added'], ['005C']],
		['okta rename with id echoed', [{ op: 'replace', value: { id: '00G', displayName: 'Sales EMEA' } }], ['group.updated'], []],
		['rename and add at once', [{ op: 'replace', value: { displayName: 'Sales EMEA' } }, { op: 'add', path: 'members', value: [{ value: '005C' }] }], ['group.updated', 'group.members.added'], ['005C']],
		['redundant add', [{ op: 'add', path: 'members', value: [{ value: '005A' }] }], [], []],
		['replace whole members list', [{ op: 'replace', path: 'members', value: [{ value: '005B' }, { value: '005D' }] }], ['group.members.added', 'group.members.removed'], ['005D', '005A']],
	])('%s', (_name, ops, events, memberValues) => {
		const emitted = groupChangedEvents(context, patchGroup(group, patchBody(ops)));
		expect(emitted.map((event) => event.event)).toEqual(events);
		expect(emitted.flatMap((event) => (event.members ?? []).map((member) => member.value))).toEqual(memberValues);
		for (const event of emitted) {
			expect(event.request?.eventCount).toBe(emitted.length);
			expect(event.preset).toBe('scim');
		}
		expect(new Set(emitted.map((event) => event.eventId)).size).toBe(emitted.length);
	});

	it('the same request gives the same event ids (an IdP retry can be recognised)', () => {
		const ops = patchBody([{ op: 'add', path: 'members', value: [{ value: '005C' }] }]);
		const first = groupChangedEvents(context, patchGroup(group, ops));
		const again = groupChangedEvents({ ...context, receivedAt: '2026-01-02T00:00:00Z' }, patchGroup(group, ops));
		expect(again.map((event) => event.eventId)).toEqual(first.map((event) => event.eventId));
	});
});

describe('IdP recognition', () => {
	it.each([
		['Okta SCIM Client 1.0.0', {}, undefined, 'okta'],
		['', { aadOptscim062020: '' }, undefined, 'entra'],
		['', {}, patchBody([{ op: 'Replace', path: 'active', value: 'False' }]), 'entra'],
		['curl/8', {}, patchBody([{ op: 'replace', path: 'active', value: false }]), 'generic'],
	])('%s', (agent, query, body, idp) => {
		expect(recogniseIdp(agent, query, body)).toBe(idp);
	});
});

describe('answers', () => {
	const request = { method: 'POST' as const, resourceType: 'Users' as const, baseUrl: 'https://n8n/webhook/x/okta', eventCount: 1 };
	it('201 with the resource as served here and its Location', () => {
		const answer = successAnswer(request, { id: '005A', userName: 'a@b.c', meta: { location: 'https://org.my.salesforce.com/services/scim/v2/Users/005A' }, password: 'x' });
		expect(answer.status).toBe(201);
		expect(answer.headers).toMatchObject({ 'Content-Type': 'application/scim+json', Location: 'https://n8n/webhook/x/okta/Users/005A' });
		expect(answer.body).toMatchObject({ id: '005A', meta: { location: 'https://n8n/webhook/x/okta/Users/005A', resourceType: 'User' } });
		expect(answer.body).not.toHaveProperty('password');
	});

	it.each([
		[{ ...request, method: 'PATCH' as const }, 200],
		[{ ...request, method: 'PUT' as const }, 200],
		[{ ...request, method: 'DELETE' as const }, 204],
		[{ ...request, method: 'PATCH' as const, resourceType: 'Groups' as const }, 204],
		[{ ...request, resourceType: 'Groups' as const }, 201],
	])('%j → %s', (req, status) => {
		expect(successAnswer(req, { id: '005A' }).status).toBe(status);
	});

	it('a write that cannot be read back is not a success', () => {
		expect(successAnswer(request, undefined).status).toBe(502);
	});

	it.each([
		[{ error: 'Duplicate username', status: 409 }, 409, 'uniqueness'],
		[{ error: 'bad', status: 400, scimType: 'invalidValue' }, 400, 'invalidValue'],
		[{ error: 'Service unavailable', status: 503 }, 502, undefined],
		[{ error: 'socket hang up', status: null }, 502, undefined],
		[{ error: 'rate', status: 429 }, 429, undefined],
		[{ issues: [{ path: 'name.familyName', message: 'is required' }], user: {} }, 400, 'invalidValue'],
	])('failure %j → %s', (json, status, scimType) => {
		const answer = failureAnswer(outcomeOf(json as Record<string, unknown>));
		expect(answer?.status).toBe(status);
		expect((answer?.body as { scimType?: string }).scimType).toBe(scimType);
	});

	it('a success item is no failure', () => {
		expect(failureAnswer(outcomeOf({ id: '005A', userName: 'a@b.c' }))).toBeUndefined();
		expect(errorAnswer(404, 'x').body).toMatchObject({ status: '404', detail: 'x' });
	});
});

describe('endpoint settings, checked at activation', () => {
	it.each([
		['', /empty/],
		['short-token', /11 characters/],
		['a'.repeat(30) + ' b', /spaces/],
		['f'.repeat(64), undefined],
	])('token %j', (token, problem) => {
		const found = tokenProblem(token);
		if (problem) expect(found).toMatch(problem);
		else expect(found).toBeUndefined();
	});

	it.each([
		['okta', undefined],
		['okta-salesforce_2.0', undefined],
		['', /empty/],
		['okta/salesforce', /one URL segment/],
		[':resource', /one URL segment/],
	])('slug %j', (slug, problem) => {
		const found = slugProblem(slug);
		if (problem) expect(found).toMatch(problem);
		else expect(found).toBeUndefined();
	});
});
