/**
 * The emulator over HTTPS, with a certificate made at run time, and its network model: a new connection's first
 * request pays the handshakes (TCP 1, TLS 1.3 1 round trip), a kept-alive connection's later requests do not.
 * Counted on the listener; nothing here is timed.
 */
import { X509Certificate } from 'node:crypto';
import { Agent, request } from 'node:https';

import { startEmulator, type Emulator } from '../../cli/src/emulator';
import { selfSignedCertificate } from '../../cli/src/emulator/certificate';

const certificate = selfSignedCertificate();
let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ tls: certificate, handshakeRttMs: 1 });
});
afterAll(async () => {
	await emulator.close();
});

function get(agent: Agent, path: string, token: string): Promise<number> {
	const url = new URL(emulator.scimUrl + path);
	return new Promise((resolve, reject) => {
		const req = request({ host: url.hostname, port: url.port, path: url.pathname, agent, headers: { Authorization: `Bearer ${token}` } }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
		});
		req.on('error', reject);
		req.end();
	});
}

test('the certificate is a CA for 127.0.0.1 and localhost, and the emulator serves HTTPS with it', async () => {
	const parsed = new X509Certificate(certificate.cert);
	expect(parsed.ca).toBe(true);
	expect(parsed.checkIP('127.0.0.1')).toBe('127.0.0.1');
	expect(parsed.checkHost('localhost')).toBe('localhost');
	expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
	// Without trusting it, a client refuses the connection: the bench trusts it, it never switches checks off.
	await expect(get(new Agent({ keepAlive: false }), '/ServiceProviderConfig', emulator.issueToken())).rejects.toThrow(/self[- ]signed/i);
});

test('a kept-alive connection pays its handshakes once; a connection per request pays them every time', async () => {
	const token = emulator.issueToken();
	const before = { ...emulator.network };
	const keepAlive = new Agent({ keepAlive: true, maxSockets: 1, ca: certificate.cert });
	for (let i = 0; i < 3; i++) expect(await get(keepAlive, '/Users', token)).toBe(200);
	keepAlive.destroy();
	const kept = { ...emulator.network };
	expect(kept.connections - before.connections).toBe(1);
	expect(kept.tlsHandshakes - before.tlsHandshakes).toBe(1);
	expect(kept.handshakeRoundTrips - before.handshakeRoundTrips).toBe(2);

	for (let i = 0; i < 3; i++) {
		const fresh = new Agent({ keepAlive: false, ca: certificate.cert });
		expect(await get(fresh, '/Users', token)).toBe(200);
		fresh.destroy();
	}
	const after = emulator.network;
	expect(after.connections - kept.connections).toBe(3);
	expect(after.tlsHandshakes - kept.tlsHandshakes).toBe(3);
	expect(after.handshakeRoundTrips - kept.handshakeRoundTrips).toBe(6);
});
