/**
 * A 1,000-item workflow through n8n's engine: requests in flight never exceed the Concurrency option (observed at
 * the server side, through a front that adds latency so requests overlap), and every output is paired to its
 * input, in input order.
 */
import { runWorkflow } from '../../cli/src/engine';
import { useEmulator } from '../support/emulator';
import { startFrontProxy, type FrontProxy } from '../support/frontProxy';
import { clientCredentials, NODE, scimNode, workflowWith } from '../support/scimNode';

const emulator = useEmulator({ licenses: { 'Chatter Free': 5000 } });
let front: FrontProxy;

beforeAll(async () => {
	front = await startFrontProxy(emulator.url);
	front.delayMs = 2;
});
afterAll(async () => {
	await front.close();
});

test('1,000 creates: bounded concurrency, every output paired to its input', async () => {
	const items = Array.from({ length: 1000 }, (_, i) => ({
		userName: `scale${i}@example.com`,
		name: { familyName: `Scale${i}` },
		emails: [{ value: `scale${i}@example.com` }],
		entitlements: [{ display: 'Chatter Free User', type: 'Profile' }],
	}));
	const node = scimNode({ resource: 'user', operation: 'create', userInput: 'resource', options: { concurrency: 8 } });
	const result = await runWorkflow(workflowWith(node, items), { credentials: [clientCredentials(emulator, { myDomainUrl: front.url })] });

	expect(result.error).toBeUndefined();
	const out = result.outputs[NODE][0];
	expect(out).toHaveLength(1000);
	out.forEach((item, i) => {
		expect(item.pairedItem).toEqual({ item: i });
		expect(item.json).toMatchObject({ action: 'created', userName: `scale${i}@example.com` });
	});
	expect(front.counts.get('POST /services/scim/v2/Users')).toBe(1000);
	// One entitlement list for the whole run (memoised per execution), one token.
	expect(front.counts.get('GET /services/scim/v2/Entitlements')).toBe(1);
	expect(front.counts.get('POST /services/oauth2/token')).toBe(1);
	expect(front.peakInFlight).toBeLessThanOrEqual(8);
	expect(front.peakInFlight).toBeGreaterThanOrEqual(4);
}, 120_000);
