/**
 * Each shipped Directory Change Trigger example (examples/directory-*.json), as a user imports it, polled by n8n's
 * engine against its source emulator, provisioning into the Salesforce emulator: a joiner is created once, a
 * leaver deactivated.
 */
import type { WorkflowFile } from '../../cli/src/engine';
import { ActiveTrigger, type StoredCredential } from '../../cli/src/engine';
import { loadExample } from '../../cli/src/demo';
import { startEmulator, type Emulator } from '../../cli/src/emulator';
import { BambooHrEmulator, EntraEmulator, GoogleEmulator, ListEmulator, OktaEmulator, type SourceEmulator } from '../../cli/src/sources';
import { bambooCredential, entraCredential, googleCredential, listCredential, oktaCredential, sfUserIn } from '../support/directoryTrigger';
import { clientCredentials } from '../support/scimNode';

let salesforce: Emulator;
beforeAll(async () => {
	salesforce = await startEmulator();
});
afterAll(async () => await salesforce.close());

interface Case {
	start(): Promise<SourceEmulator>;
	credential(emulator: SourceEmulator): StoredCredential;
	join(emulator: SourceEmulator, n: number): string;
	leave(emulator: SourceEmulator, id: string): void;
}

const CASES: Record<string, Case> = {
	entra: {
		start: () => new EntraEmulator().start(),
		credential: (e) => entraCredential(e as EntraEmulator),
		join: (e, n) => (e as EntraEmulator).createUser({ userPrincipalName: `ex${n}@contoso.example`, givenName: 'Ex', surname: `Entra${n}`, mail: `ex${n}@contoso.example` }).id,
		leave: (e, id) => (e as EntraEmulator).updateUser(id, { accountEnabled: false }),
	},
	okta: {
		start: () => new OktaEmulator().start(),
		credential: (e) => oktaCredential(e as OktaEmulator),
		join: (e, n) => (e as OktaEmulator).createUser({ login: `ex${n}@okta.example`, firstName: 'Ex', lastName: `Okta${n}` }).id,
		leave: (e, id) => (e as OktaEmulator).setStatus(id, 'DEPROVISIONED'),
	},
	google: {
		start: () => new GoogleEmulator().start(),
		credential: (e) => googleCredential(e as GoogleEmulator),
		join: (e, n) => (e as GoogleEmulator).createUser({ primaryEmail: `ex${n}@example.com`, name: { givenName: 'Ex', familyName: `Google${n}` } }).id,
		leave: (e, id) => (e as GoogleEmulator).updateUser(id, { suspended: true }),
	},
	bamboohr: {
		start: () => new BambooHrEmulator().start(),
		credential: (e) => bambooCredential(e as BambooHrEmulator),
		join: (e, n) => (e as BambooHrEmulator).createEmployee({ firstName: 'Ex', lastName: `Bamboo${n}`, workEmail: `ex${n}@bamboo.example` }).id,
		leave: (e, id) => (e as BambooHrEmulator).terminate(id),
	},
	list: {
		start: () => new ListEmulator().start(),
		credential: (e) => listCredential(e as ListEmulator),
		join: (e, n) => {
			(e as ListEmulator).upsert({ 'Employee ID': `EX${n}`, 'First Name': 'Ex', 'Last Name': `List${n}`, Email: `ex${n}@list.example`, Status: 'Active' });
			return `EX${n}`;
		},
		leave: (e, id) => (e as ListEmulator).upsert({ 'Employee ID': id, Status: 'Terminated' }),
	},
};

/** The example as imported, its credentials pointing at the test's (by type, as n8n's import rewires them). */
function imported(file: string, credentials: StoredCredential[]): WorkflowFile {
	const wf = loadExample(file);
	for (const node of wf.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			const credential = credentials.find((candidate) => candidate.type === type);
			if (credential) node.credentials![type] = { id: credential.id, name: credential.name };
		}
	}
	return wf;
}

test.each(Object.keys(CASES))('examples/directory-%s.json: baseline on activation, a joiner created once, a leaver deactivated', async (source) => {
	const spec = CASES[source];
	const emulator = await spec.start();
	try {
		spec.join(emulator, 1);
		const credentials = [spec.credential(emulator), clientCredentials(salesforce)];
		const trigger = new ActiveTrigger(imported(`directory-${source}.json`, credentials), credentials);
		expect((await trigger.activate()).emitted).toBeNull();
		const id = spec.join(emulator, 2);
		const joined = await trigger.poll();
		expect(joined.error).toBeUndefined();
		expect(joined.run?.error).toBeUndefined();
		expect(joined.run?.outputs['Provision in Salesforce'][0].map((item) => item.json.action)).toEqual(['created']);
		expect(sfUserIn(salesforce, id)?.active).toBe(true);
		expect((await trigger.poll()).emitted).toBeNull();
		spec.leave(emulator, id);
		const left = await trigger.poll();
		expect(left.run?.outputs['Provision in Salesforce'][0].map((item) => item.json.action)).toEqual(['updated']);
		expect(sfUserIn(salesforce, id)?.active).toBe(false);
	} finally {
		await emulator.close();
	}
});
