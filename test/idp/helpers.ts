/** Servers the IdP simulator runs against in tests, and the report read as {step id → outcome}. */
import { startEmulator, type Emulator, type EmulatorOptions } from '../../cli/src/emulator';
import { makePeople, runSequence, SEQUENCES, type IdpName, type IdpReport, type Target } from '../../cli/src/idp';
import { startScimmyPeer, type ScimmyPeer } from '../../cli/src/peers/scimmy';

const running: Array<{ close(): Promise<void> }> = [];
export async function closeAll(): Promise<void> {
	for (const r of running.splice(0)) await r.close();
}

/** The emulator with the two switches an RFC client needs: string `status` in errors, the RFC members array. */
export const RFC_LEANING: EmulatorOptions['behaviour'] = { errorStatusType: 'string', groupMembersArray: true };

export async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const emu = await startEmulator({ port: 0, ...options });
	running.push(emu);
	return emu;
}

export async function scimmy(): Promise<ScimmyPeer> {
	const peer = await startScimmyPeer();
	running.push(peer);
	return peer;
}

export function emulatorTarget(emu: Emulator, url = emu.scimUrl): Target {
	return { url, token: emu.issueToken(), timeoutMs: 10_000 };
}

/**
 * An IdP's attribute mapping for Salesforce: the profile Salesforce requires on every user, and Salesforce's
 * locale spelling (Okta sends "en-US", Salesforce's picklist wants "en_US").
 */
export function salesforceMapping(emu: Emulator): Record<string, unknown> {
	return { entitlements: [{ value: emu.state.findProfile('Standard User')!.id }], locale: 'en_US' };
}

let runs = 0;
export async function replay(idp: IdpName, target: Target, extra: { userAttributes?: Record<string, unknown>; verify?: Target; prefix?: string; deletes?: boolean } = {}): Promise<IdpReport> {
	const prefix = extra.prefix ?? `t${process.pid % 1000}${++runs}`;
	return runSequence({ sequence: SEQUENCES[idp], target, people: makePeople(idp, prefix, 'example.com'), userAttributes: extra.userAttributes, verify: extra.verify, deletes: extra.deletes });
}

export function outcomes(report: IdpReport): Record<string, string> {
	return Object.fromEntries(report.steps.map((s) => [s.id, s.outcome]));
}

export function failed(report: IdpReport): string[] {
	return report.steps.filter((s) => s.outcome === 'fail').map((s) => s.id);
}

/** The failed check names of one step. */
export function failedChecks(report: IdpReport, id: string): string[] {
	return report.steps.find((s) => s.id === id)!.checks.filter((c) => !c.ok && c.severity === 'must').map((c) => c.name);
}
