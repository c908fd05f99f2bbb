/**
 * A self-signed X.509 certificate for the emulator's HTTPS listener, made at run time with node:crypto alone.
 * node:crypto reads certificates but cannot issue one, so the few DER structures a certificate needs
 * (RFC 5280: TBSCertificate, Name, Validity, extensions) are encoded here and signed with ECDSA P-256. No key or
 * certificate is ever written into the repository; a client trusts this one by its PEM (the `ca` option, or
 * NODE_EXTRA_CA_CERTS for a whole process such as n8n's).
 */
import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

export interface SelfSignedCertificate {
	/** PEM private key (PKCS#8). */
	key: string;
	/** PEM certificate, its own issuer: trust it as a CA. */
	cert: string;
}

function length(n: number): Buffer {
	if (n < 0x80) return Buffer.from([n]);
	const bytes: number[] = [];
	for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
	return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, value: Buffer) => Buffer.concat([Buffer.from([tag]), length(value.length), value]);
const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const octets = (value: Buffer) => tlv(0x04, value);
const bits = (value: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), value]));
const explicit = (n: number, value: Buffer) => tlv(0xa0 + n, value);
const bool = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0]));

function oid(dotted: string): Buffer {
	const [a, b, ...rest] = dotted.split('.').map(Number);
	const bytes = [40 * a + b];
	for (const part of rest) {
		const groups: number[] = [];
		for (let v = part; ; v = Math.floor(v / 128)) {
			groups.unshift((v & 0x7f) | (groups.length ? 0x80 : 0));
			if (v < 128) break;
		}
		bytes.push(...groups);
	}
	return tlv(0x06, Buffer.from(bytes));
}

function integer(value: Buffer): Buffer {
	const trimmed = value[0] & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value;
	return tlv(0x02, trimmed);
}

function time(date: Date): Buffer {
	// UTCTime for 1950–2049 (RFC 5280 §4.1.2.5), which covers any certificate made today.
	const s = date.toISOString().replace(/[-:T]/g, '').slice(2, 14);
	return tlv(0x17, Buffer.from(`${s}Z`, 'ascii'));
}

function ipBytes(ip: string): Buffer {
	if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
	const [head, tail = ''] = ip.split('::');
	const h = head ? head.split(':') : [];
	const t = tail ? tail.split(':') : [];
	const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
	return Buffer.concat(groups.map((g) => Buffer.from(g.padStart(4, '0'), 'hex')));
}

const ECDSA_WITH_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));

/** A certificate for `hosts` (IP addresses and DNS names, in its subjectAltName), valid from an hour ago for `days`. */
export function selfSignedCertificate(hosts: string[] = ['127.0.0.1', 'localhost'], days = 2): SelfSignedCertificate {
	const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
	const name = sequence(set(sequence(oid('2.5.4.3'), utf8('sfscim emulator (self-signed)'))));
	const now = Date.now();
	const altNames = hosts.map((host) => (isIP(host) ? tlv(0x87, ipBytes(host)) : tlv(0x82, Buffer.from(host, 'ascii'))));
	const extensions = explicit(
		3,
		sequence(
			// basicConstraints CA:TRUE, critical: the certificate is its own trust anchor.
			sequence(oid('2.5.29.19'), bool(true), octets(sequence(bool(true)))),
			// keyUsage digitalSignature + keyCertSign, critical.
			sequence(oid('2.5.29.15'), bool(true), octets(bits(Buffer.from([0x84])))),
			// extendedKeyUsage serverAuth.
			sequence(oid('2.5.29.37'), octets(sequence(oid('1.3.6.1.5.5.7.3.1')))),
			sequence(oid('2.5.29.17'), octets(sequence(...altNames))),
		),
	);
	const serial = randomBytes(16);
	serial[0] &= 0x7f;
	const tbs = sequence(
		explicit(0, integer(Buffer.from([2]))),
		integer(serial),
		ECDSA_WITH_SHA256,
		name,
		sequence(time(new Date(now - 3600_000)), time(new Date(now + days * 86400_000))),
		name,
		publicKey.export({ type: 'spki', format: 'der' }),
		extensions,
	);
	const signature = sign('sha256', tbs, privateKey);
	const der = sequence(tbs, ECDSA_WITH_SHA256, bits(signature));
	const cert = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
	// Parse it back: a mistake in the encoding fails here, not as a puzzling handshake error later.
	const parsed = new X509Certificate(cert);
	if (!parsed.verify(publicKey)) throw new Error('the self-signed certificate does not verify with its own key');
	return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cert };
}
