/**
 * The order to write a batch of people in so that each manager exists before the people they manage: a first
 * import of a whole company names managers who are not in Salesforce yet, often further down the same export.
 * Pure and linear (each person has at most one manager, so the graph is a forest plus loops, walked once).
 */
import type { ScimUser } from './schemas';
import { ManagerDirectory, type ManagerReference } from './sync/references';

export type { ManagerReference };

export interface ManagerOrder {
	/** Every position of the batch once, level by level (managers before the people they manage), input order within a level. */
	order: number[];
	/** Per position: the position of that person's manager, when the manager is in the batch (and is not them). */
	managerAt: Array<number | undefined>;
	/**
	 * Positions whose manager can only be written after them: one per loop (A manages B manages A). Written without
	 * the link, and linked once the rest of the batch is written.
	 */
	linkAfter: Set<number>;
	/** Positions naming themselves as manager (HR exports often do, for the CEO); Salesforce refuses that link. */
	selfManaged: Set<number>;
}

/**
 * `people[i]` is the user at position i (undefined: not a user, e.g. an item that failed validation), `managers[i]`
 * the manager that person names. Managers are matched among the batch as ManagerDirectory matches them among
 * Salesforce users (username, then email, then external id), so a reference means the same person either way.
 */
export function orderByManager(
	people: ReadonlyArray<ScimUser | undefined>,
	managers: ReadonlyArray<ManagerReference | undefined>,
): ManagerOrder {
	const count = people.length;
	const managerAt: Array<number | undefined> = new Array(count).fill(undefined);
	const selfManaged = new Set<number>();
	if (managers.some((reference) => reference !== undefined)) {
		// The directory answers with an id: here the position, as text.
		const directory = new ManagerDirectory(people.flatMap((person, index) => (person ? [{ ...person, id: String(index) }] : [])));
		for (let index = 0; index < count; index++) {
			const reference = managers[index];
			if (!reference || !people[index]) continue;
			const found = directory.resolve(reference);
			if (found === undefined) continue;
			const at = Number(found);
			if (at === index) selfManaged.add(index);
			else managerAt[index] = at;
		}
	}

	const { order, linkAfter } = managerLevels(managerAt);
	return { order, managerAt, linkAfter, selfManaged };
}

export interface ManagerLevels {
	/** Per level, the positions on it in input order: level 0 waits for nobody, level n for level n - 1. */
	levels: number[][];
	/** Every position once, level by level. */
	order: number[];
	/** Positions placed without waiting for their manager: one per loop (A manages B manages A). */
	linkAfter: Set<number>;
}

/**
 * The one ordering rule for writing managers before the people they manage (Create, Create or Update, Sync's
 * waves). `managerAt[i]` is the position of i's manager in the batch, if they are in it (never i itself).
 */
export function managerLevels(managerAt: ReadonlyArray<number | undefined>): ManagerLevels {
	const count = managerAt.length;
	const linkAfter = new Set<number>();
	// Follow each chain of managers up from a person not yet placed, then place it top-down, each one level below
	// their manager. A chain that comes back onto itself is a loop: its last person is put at the top (level 0)
	// without waiting for their manager, so is linked afterwards.
	const level = new Uint32Array(count);
	const state = new Uint8Array(count); // 0 unplaced, 1 on the chain being walked, 2 placed
	let deepest = 0;
	for (let start = 0; start < count; start++) {
		const chain: number[] = [];
		let at: number | undefined = start;
		while (at !== undefined && state[at] === 0) {
			state[at] = 1;
			chain.push(at);
			const next: number | undefined = managerAt[at];
			if (next !== undefined && state[next] === 1) {
				linkAfter.add(at);
				break;
			}
			at = next;
		}
		for (let i = chain.length - 1; i >= 0; i--) {
			const person = chain[i];
			const manager = managerAt[person];
			level[person] = manager === undefined || linkAfter.has(person) ? 0 : level[manager] + 1;
			deepest = Math.max(deepest, level[person]);
			state[person] = 2;
		}
	}
	// Level by level, input order within a level: a report then only waits at a level's boundary, not behind a
	// chain of managers each waiting for the one above.
	const levels: number[][] = Array.from({ length: count ? deepest + 1 : 0 }, () => []);
	for (let index = 0; index < count; index++) levels[level[index]].push(index);
	return { levels, order: levels.flat(), linkAfter };
}
