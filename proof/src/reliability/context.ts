/** The servers the bad-input catalog runs against, started once and closed by their handles. */
import { startEmulator } from '../../../cli/src/emulator';
import type { CatalogContext } from './catalog';
import type { Canaries } from './secrets';
import { startFrontProxy } from '../fixtures/frontProxy';
import { startRecorder, startScripted } from './servers';

export async function startCatalogContext(canaries: Canaries): Promise<CatalogContext & { close(): Promise<void> }> {
	const emulator = canaries.watch(await startEmulator({ ...canaries.emulatorOptions(), licenses: 500 }));
	const front = await startFrontProxy(emulator.url);
	const recorder = await startRecorder();
	const tokens = (await startScripted((request) => {
		const answer = tokens.answer;
		if (request.path !== '/services/oauth2/token') return { status: 200, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] } };
		if (!answer) return { status: 404, body: { error: 'not_found' } };
		if (answer.__html) return { status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html><head><title>Login | Salesforce</title></head><body>Log in</body></html>' };
		if (typeof answer.access_token === 'string') canaries.extra.push(answer.access_token);
		return { status: 200, body: answer };
	})) as CatalogContext['tokens'];
	return {
		emulator,
		canaries,
		front,
		recorder,
		tokens,
		close: async () => {
			await tokens.close();
			await recorder.close();
			await front.close();
			await emulator.close();
		},
	};
}
