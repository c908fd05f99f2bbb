import { jwtAudience } from '../../scim/auth/loginHost';

// Salesforce's JWT bearer flow wants the login server as audience, even when the token comes from a My Domain.
test.each([
	['production', undefined, undefined, 'https://login.salesforce.com'],
	['sandbox', undefined, undefined, 'https://test.salesforce.com'],
	['myDomain', 'https://acme.my.salesforce.com', undefined, 'https://login.salesforce.com'],
	['myDomain', 'https://acme--uat.sandbox.my.salesforce.com', undefined, 'https://test.salesforce.com'],
	['myDomain', 'http://127.0.0.1:8787', undefined, 'http://127.0.0.1:8787'],
	['myDomain', 'https://acme.my.salesforce.com', 'https://acme.my.site.com/customers/', 'https://acme.my.site.com/customers'],
])('%s %s (override %s) → %s', (environment, myDomain, override, expected) => {
	expect(jwtAudience(environment, myDomain, override)).toBe(expected);
});

test('an http audience that is not loopback is refused', () => {
	expect(() => jwtAudience('production', undefined, 'http://login.example.com')).toThrow(/https/);
});
