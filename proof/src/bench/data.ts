/**
 * Benchmark data: an emulator sized for provisioning (licences and API allocation out of the way, a short
 * request log), and a directory export whose users are new, changed or unchanged in Salesforce in chosen shares.
 */
import type { IDataObject } from 'n8n-workflow';

import { defaultSeed, startEmulator, type Emulator, type EmulatorOptions } from '../../../cli/src/emulator';

export const BENCH_DOMAIN = 'bench.example.com';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** The default org without its sample users and memberships, but with its admin (the run-as user). */
export async function startBenchEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const seed = defaultSeed();
	seed.users = (seed.users ?? []).filter((user) => user.userName.startsWith('admin@'));
	seed.groups = (seed.groups ?? []).map((group) => ({ ...group, members: [] }));
	return startEmulator({
		licenses: 10_000_000,
		apiLimit: 1_000_000_000,
		requestLogLimit: 100,
		randomSeed: 7,
		data: seed,
		...options,
	});
}

export function profileId(emulator: Emulator, name = 'Standard User'): string {
	const profile = emulator.state.findProfile(name);
	if (!profile) throw new Error(`the emulator has no profile "${name}"`);
	return profile.id;
}

/** Person i of the directory, as a SCIM user (what the Salesforce SCIM Mapping node outputs). */
export function directoryUser(i: number, profile: string, title = 'Engineer'): IDataObject {
	const n = String(i).padStart(6, '0');
	const userName = `person${n}@${BENCH_DOMAIN}`;
	return {
		schemas: [CORE],
		userName,
		externalId: `P${n}`,
		name: { givenName: `Given${n}`, familyName: `Family${n}` },
		emails: [{ type: 'work', value: userName, primary: true }],
		title,
		active: true,
		entitlements: [{ value: profile }],
	};
}

export interface Mix {
	new: number;
	changed: number;
	unchanged: number;
}

/** Shares rounded to whole users; unchanged takes the remainder. */
export function mixOf(users: number, shares = { new: 0.2, changed: 0.1 }): Mix {
	const fresh = Math.round(users * shares.new);
	const changed = Math.round(users * shares.changed);
	return { new: fresh, changed, unchanged: users - fresh - changed };
}

/**
 * Seeds the emulator with the users who already exist (unchanged ones exactly as the directory has them,
 * changed ones with another title) and returns the directory export: unchanged first, then changed, then new.
 */
export function seedMixedDirectory(emulator: Emulator, mix: Mix): IDataObject[] {
	const profile = profileId(emulator);
	const items: IDataObject[] = [];
	const total = mix.unchanged + mix.changed + mix.new;
	for (let i = 0; i < total; i++) {
		const desired = directoryUser(i, profile);
		items.push(desired);
		if (i < mix.unchanged) emulator.state.createUser(structuredClone(desired));
		else if (i < mix.unchanged + mix.changed) emulator.state.createUser({ ...structuredClone(desired), title: 'Analyst' });
	}
	return items;
}

/** A directory of people none of whom exists in Salesforce yet. */
export function newDirectory(emulator: Emulator, users: number): IDataObject[] {
	const profile = profileId(emulator);
	return Array.from({ length: users }, (_, i) => directoryUser(i, profile));
}
