import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';

/**
 * The OAuth 2.0 JWT bearer flow (RFC 7523) as Salesforce runs it: an RS256-signed assertion with iss = the
 * connected app's consumer key, sub = the username, aud = the login host, exp ≤ 3 minutes ahead.
 * Signed with node:crypto: n8n community packages may not ship a JWT library.
 */
export interface JwtBearerClaims {
	consumerKey: string;
	username: string;
	audience: string;
	/** Seconds since the epoch; tests pass a fixed clock. */
	now?: number;
}

export class PrivateKeyError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PrivateKeyError';
	}
}

const PEM = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/;

/**
 * Admins paste keys from a terminal, a vault or a web form: with line breaks, as one long line, or with
 * literal "\n" sequences. Rebuild a canonical PEM from whatever arrived.
 */
export function normalisePrivateKey(pasted: string): string {
	const text = pasted.replace(/\\n/g, '\n').trim();
	const match = PEM.exec(text);
	if (!match) {
		throw new PrivateKeyError(
			'The private key is not in PEM format. Paste the whole key including the "-----BEGIN PRIVATE KEY-----" and "-----END PRIVATE KEY-----" lines',
		);
	}
	const label = match[1];
	if (label.includes('PUBLIC') || label === 'CERTIFICATE') {
		throw new PrivateKeyError(
			`This is a ${label.toLowerCase()}, not a private key. Salesforce holds the certificate; n8n needs the matching private key ("-----BEGIN PRIVATE KEY-----")`,
		);
	}
	const body = match[2].replace(/[^A-Za-z0-9+/=]/g, '');
	const lines = body.match(/.{1,64}/g) ?? [];
	return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function loadKey(pasted: string): KeyObject {
	const pem = normalisePrivateKey(pasted);
	let key: KeyObject | undefined;
	try {
		key = createPrivateKey(pem);
	} catch {
		key = undefined;
	}
	if (!key) {
		// Never echo the key or the parser's message, which can quote key material.
		throw new PrivateKeyError(
			'The private key could not be read. Paste the unencrypted RSA private key (PKCS#8 "BEGIN PRIVATE KEY" or PKCS#1 "BEGIN RSA PRIVATE KEY") whose certificate is uploaded to the connected app',
		);
	}
	return key;
}

function base64Url(input: string | Buffer): string {
	return Buffer.from(input).toString('base64url');
}

export function signJwtBearerAssertion(claims: JwtBearerClaims, privateKey: string): string {
	const now = claims.now ?? Math.floor(Date.now() / 1000);
	// Salesforce rejects assertions that expire more than 3 minutes ahead.
	return signRs256Jwt({ iss: claims.consumerKey, sub: claims.username, aud: claims.audience, exp: now + 170 }, privateKey, 'Salesforce\'s JWT bearer flow');
}

/** An RS256 JWT over any claims (also Google's service-account assertion, credentials/GoogleWorkspaceDirectoryApi). */
export function signRs256Jwt(payload: Record<string, unknown>, privateKey: string, flow = 'The JWT bearer flow'): string {
	const key = loadKey(privateKey);
	if (key.asymmetricKeyType !== 'rsa') {
		throw new PrivateKeyError(`The private key is ${key.asymmetricKeyType?.toUpperCase() ?? 'not RSA'}; ${flow} needs an RSA key (RS256)`);
	}
	const header = base64Url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
	const body = base64Url(JSON.stringify(payload));
	const signer = createSign('RSA-SHA256');
	signer.update(`${header}.${body}`);
	return `${header}.${body}.${base64Url(signer.sign(key))}`;
}
