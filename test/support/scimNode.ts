/**
 * Building blocks for engine tests of the Salesforce SCIM node: the shared engine fixture
 * (proof/src/fixtures/workflow.ts, also used by the reliability suite), plus the test process's JWT key pair.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../cli/src/emulator';
import type { StoredCredential } from '../../cli/src/engine';
import { jwtCredential as signedWith } from '../../proof/src/fixtures/workflow';

export { clientCredentials, jsonOf, JWT_ID, NODE, OAUTH2_ID, scimNode, TRIGGER, workflowWith, type AuthKind } from '../../proof/src/fixtures/workflow';

let keys: { privateKey: string; publicKey: string } | undefined;

/** One RSA key pair per test process: the emulator holds the public half as the app's certificate would. */
export function jwtKeys() {
	keys ??= generateKeyPairSync('rsa', {
		modulusLength: 2048,
		publicKeyEncoding: { type: 'spki', format: 'pem' },
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	});
	return keys;
}

/** The JWT credential signed with this process's key (start the emulator with `jwtPublicKey: jwtKeys().publicKey`). */
export function jwtCredential(emulator: Emulator, overrides: IDataObject = {}): StoredCredential {
	return signedWith(emulator, jwtKeys().privateKey, overrides);
}
