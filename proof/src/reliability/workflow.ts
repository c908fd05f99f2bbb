/**
 * How the reliability suite runs the Salesforce SCIM node: the shared engine fixture (../fixtures/workflow),
 * with credentials that carry the suite's canary secrets, and every run handed to the secrets scan.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../../cli/src/emulator';
import type { StoredCredential } from '../../../cli/src/engine';
import * as fixture from '../fixtures/workflow';
import type { AuthKind, NodeRun } from '../fixtures/workflow';
import type { Canaries } from './secrets';

export { NODE, type AuthKind, type NodeRun } from '../fixtures/workflow';

/** OAuth2 client credentials against a server's My Domain (the emulator, or a test server in front of it). */
export function clientCredentials(emulator: Emulator, canaries: Canaries, overrides: IDataObject = {}): StoredCredential {
	return fixture.clientCredentials(emulator, { clientSecret: canaries.clientSecret, ...overrides });
}

export function jwtCredential(emulator: Emulator, canaries: Canaries, overrides: IDataObject = {}): StoredCredential {
	return fixture.jwtCredential(emulator, canaries.privateKey, overrides);
}

/** Every run of the suite goes through here, so the secrets scan sees every output and error. */
export async function runNode(
	emulator: Emulator,
	canaries: Canaries,
	parameters: IDataObject,
	options: { items?: IDataObject[]; auth?: AuthKind; continueOnFail?: boolean; credential?: StoredCredential } = {},
): Promise<NodeRun> {
	const auth = options.auth ?? 'oAuth2';
	const credential = options.credential ?? (auth === 'jwt' ? jwtCredential(emulator, canaries) : clientCredentials(emulator, canaries));
	const run = await fixture.runNode(emulator, parameters, { ...options, auth, credential, settings: { executionOrder: 'v1' } });
	canaries.record(run.result);
	return run;
}
