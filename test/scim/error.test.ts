import { SCHEMA, ScimError, decodeErrorResponse, explainError, redactSecrets, scimErrorBody, type DecodedError } from '../../scim';

describe('ScimError', () => {
	it('serialises to an RFC 7644 §3.12 body', () => {
		const error = new ScimError(409, 'uniqueness', 'userName is taken');
		expect(error).toBeInstanceOf(Error);
		expect(error.toJSON()).toEqual({ schemas: [SCHEMA.error], status: '409', scimType: 'uniqueness', detail: 'userName is taken' });
		expect(JSON.parse(JSON.stringify(new ScimError(404, undefined, 'no such user')))).toEqual({ schemas: [SCHEMA.error], status: '404', detail: 'no such user' });
		expect(scimErrorBody(400, 'bad', 'invalidFilter')).toEqual({ schemas: [SCHEMA.error], status: '400', scimType: 'invalidFilter', detail: 'bad' });
	});
});

describe('decodeErrorResponse', () => {
	const cases: Array<[string, number, unknown, string | undefined, Partial<DecodedError>]> = [
		['SCIM body, status as a string', 409, { schemas: [SCHEMA.error], status: '409', scimType: 'uniqueness', detail: 'Duplicate username' }, 'application/json', { status: 409, scimType: 'uniqueness', detail: 'Duplicate username', source: 'scim' }],
		['SCIM body as JSON text', 400, JSON.stringify(scimErrorBody(400, 'Bad filter', 'invalidFilter')), 'application/scim+json', { status: 400, scimType: 'invalidFilter', source: 'scim' }],
		['SCIM body as a Buffer', 404, Buffer.from(JSON.stringify(scimErrorBody(404, 'Resource 005x not found'))), undefined, { status: 404, detail: 'Resource 005x not found', source: 'scim' }],
		['SCIM body without schemas', 404, { status: 404, detail: 'not found' }, undefined, { status: 404, source: 'scim' }],
		['Salesforce error array', 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], undefined, { errorCode: 'INVALID_SESSION_ID', detail: 'Session expired or invalid', source: 'salesforce' }],
		['Salesforce limit error', 403, '[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]', 'application/json', { status: 403, errorCode: 'REQUEST_LIMIT_EXCEEDED', source: 'salesforce' }],
		['OAuth error', 400, { error: 'invalid_grant', error_description: 'expired access/refresh token' }, undefined, { errorCode: 'invalid_grant', detail: 'expired access/refresh token', source: 'salesforce' }],
		['SCIM 1.1 Errors array', 409, { Errors: [{ description: 'DUPLICATE_USERNAME: taken', code: 409 }] }, undefined, { status: 409, errorCode: 'DUPLICATE_USERNAME', source: 'scim' }],
		['HTML login page', 200, '<!DOCTYPE html><html><head><title>Login | Salesforce</title><script>var token="abc"</script></head><body>…</body></html>', 'text/html', { source: 'html' }],
		['empty string', 500, '', undefined, { source: 'empty', detail: 'HTTP 500 with an empty body' }],
		['undefined', 502, undefined, undefined, { source: 'empty' }],
		['empty Buffer', 503, Buffer.alloc(0), undefined, { source: 'empty' }],
		['an ArrayBuffer', 409, new TextEncoder().encode(JSON.stringify(scimErrorBody(409, 'taken', 'uniqueness'))).buffer, undefined, { scimType: 'uniqueness', source: 'scim' }],
		['plain text', 502, 'Bad Gateway', 'text/plain', { source: 'text', detail: 'Bad Gateway' }],
		['other JSON', 500, { weird: true }, undefined, { source: 'json', detail: '{"weird":true}' }],
	];
	it.each(cases)('%s', (_name, status, body, contentType, expected) => {
		expect(decodeErrorResponse(status, body, contentType)).toMatchObject(expected);
	});

	it('says what an HTML page looks like, never dumps it', () => {
		const decoded = decodeErrorResponse(200, '<html><head><title>Login | Salesforce</title></head><body>' + 'x'.repeat(5000) + '</body></html>');
		expect(decoded.detail).toContain('"Login | Salesforce"');
		expect(decoded.detail).toMatch(/wrong host or a login page/);
		expect(decoded.detail.length).toBeLessThan(300);
	});

	it('never repeats tokens', () => {
		const secrets = [
			'Authorization: Bearer 00DRM000000abcd!AQ0AQH3k.SeCrEt',
			'{"access_token":"00DRM000000abcdE!ARsecret","refresh_token":"5Aep861secret"}',
			'assertion=eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl',
		];
		for (const text of secrets) {
			const decoded = decodeErrorResponse(400, text, 'text/plain');
			expect(decoded.detail).not.toMatch(/secret|SeCrEt|c2lnbmF0dXJl/i);
		}
		expect(redactSecrets('client_secret=abc&x=1')).toBe('client_secret=[redacted]&x=1');
	});

	it('clips long details', () => {
		expect(decodeErrorResponse(500, 'y'.repeat(10000)).detail.length).toBeLessThanOrEqual(400);
	});
});

describe('explainError', () => {
	const cases: Array<[string, DecodedError, RegExp, RegExp]> = [
		['username taken', { status: 409, scimType: 'uniqueness', detail: 'Duplicate Username', source: 'scim' }, /username is taken/i, /across ALL Salesforce orgs.*sandbox suffix.*find a free username/s],
		['nickname taken', { status: 409, scimType: 'uniqueness', detail: 'Duplicate nickname', source: 'scim' }, /nickname is taken/i, /unique within the org/],
		['daily API limit', { status: 403, errorCode: 'REQUEST_LIMIT_EXCEEDED', detail: 'TotalRequests Limit exceeded.', source: 'salesforce' }, /daily API request limit/, /24-hour/],
		['expired session', { status: 401, errorCode: 'INVALID_SESSION_ID', detail: 'Session expired or invalid', source: 'salesforce' }, /expired or was revoked/, /Reconnect the credential/],
		['revoked refresh token', { status: 400, errorCode: 'invalid_grant', detail: 'expired access/refresh token', source: 'salesforce' }, /expired or was revoked/, /Reconnect/],
		['insufficient access', { status: 403, detail: 'Insufficient privileges to perform this operation', source: 'scim' }, /not allowed/, /Manage Users.*API Enabled/],
		['an id from another org', { status: 400, errorCode: 'INVALID_CROSS_REFERENCE_KEY', detail: 'invalid cross reference id', source: 'salesforce' }, /does not resolve/, /sandboxes/],
		['licence limit', { status: 400, errorCode: 'LICENSE_LIMIT_EXCEEDED', detail: 'License Limit Exceeded', source: 'salesforce' }, /licence/, /Deactivate users/],
		['opaque ErrorId', { status: 500, detail: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234-5678 (-1)', source: 'scim' }, /opaque internal error/, /Is Single Sign-On Enabled.*W-5942786/s],
		['not found', { status: 404, detail: 'Resource 005x not found', source: 'scim' }, /Not found/, /services\/scim\/v2/],
		['HTML page', { status: 200, detail: 'the server answered with an HTML page', source: 'html' }, /did not answer with SCIM/, /instance URL/],
		['empty body', { status: 500, detail: 'HTTP 500 with an empty body', source: 'empty' }, /empty body/, /instance URL/],
		['a filter error', { status: 400, scimType: 'invalidFilter', detail: 'bad filter', source: 'scim' }, /invalidFilter/, /not retried/],
		['anything else', { status: 418, detail: 'teapot', source: 'text' }, /HTTP 418.*teapot/, /detail/],
	];
	it.each(cases)('%s', (_name, decoded, message, description) => {
		const explained = explainError(decoded);
		expect(explained.message).toMatch(message);
		expect(explained.description).toMatch(description);
	});
});
