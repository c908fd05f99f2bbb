/** Bad-input catalog, credentials: keys, secrets, hosts and token endpoints that are wrong. */
import type { IDataObject } from 'n8n-workflow';
import { clientCredentials, jwtCredential, runNode } from '../workflow';
import { counter, createFields, expectTrue, getAll, messageOf, nodeCase, USERS, type CatalogCase } from './case';

export const CREDENTIAL_CASES: CatalogCase[] = [
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
];
