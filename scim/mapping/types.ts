/** The nouns of a mapping: rows, presets, options and what applying one yields. */

/** When a row is written: on every push, or only when the user is created (the SCIM node skips it on update). */
export type ApplyMode = 'always' | 'onCreate';

/**
 * One row of a mapping table: a target path ← a value.
 * - `source`: a source accessor (accessor.ts), read from the input record;
 * - `value`: a constant, or — with `dynamic` — a value the caller supplies per item (an n8n expression the node
 *   evaluated), passed in `ApplyContext.dynamicValues` in the order the dynamic rows were given.
 * - `remove`: drop the preset's row for this target instead of writing one.
 * Targets are SCIM paths (RFC 7644 §3.5.2 grammar: `emails[type eq "work"].value`, enterprise URN prefixes), or
 * `_sfscim.<name>` paths that write into the side-car (see index.ts), e.g. `_sfscim.manager.email`.
 */
export interface MappingRow {
	target: string;
	source?: string;
	value?: unknown;
	dynamic?: boolean;
	apply?: ApplyMode;
	/** Written when the source is empty (absent, null, "", whitespace or []). */
	default?: unknown;
	remove?: boolean;
	/** How error messages name the row, e.g. `mapping row 3 (name.familyName)`; defaults to one. */
	label?: string;
}

export type PresetName = 'entra' | 'google' | 'okta' | 'ldap' | 'bamboohr' | 'csv' | 'scim';

export interface MappingPreset {
	name: PresetName;
	displayName: string;
	/** What the input items are, for the node's hints. */
	description: string;
	rows: MappingRow[];
}

export interface DerivationOptions {
	/** `userName` from the work email when no row set it. */
	userNameFromEmail?: boolean;
	/** Appended to every userName (`.dev` → `jane@acme.com.dev`): usernames are unique across all orgs. */
	sandboxSuffix?: string;
	/** Transliterate `userName` to ASCII (Zoë → Zoe): Salesforce logins are ASCII. */
	normalizeDiacritics?: boolean;
	/** Salesforce's Alias (≤ 8 ASCII) from the name, when no row set `alias`. */
	alias?: boolean;
	/** `nickName` (Community Nickname, ≤ 40, unique in the org) from the userName when no row set it. */
	nickName?: boolean;
	/** `displayName` from given + family name when no row set it. */
	displayName?: boolean;
	/** Defaults for users created without them; empty string means "leave to Salesforce". */
	locale?: string;
	timezone?: string;
	preferredLanguage?: string;
	emailEncodingKey?: string;
	/**
	 * `active` from an HR status: an accessor for the status (`Employment Status`, `status | trim`) and the values
	 * that mean active (case-insensitive). Replaces any row writing `active`.
	 */
	activeStatus?: { source: string; activeValues: string[] };
	/** Profile by name when no row set one; the SCIM node resolves names to `00e…` ids at write time. */
	defaultProfile?: string;
	/** Permission sets by name, added to the ones rows set (the SCIM node merges, never overwrites). */
	permissionSets?: string[];
}

export interface MappingOptions {
	preset?: PresetName | 'none';
	derive?: DerivationOptions;
	/** Validate as for a create (profile required) or an update; `none` skips it (benchmarks). Default `create`. */
	validateFor?: 'create' | 'update' | 'none';
	/** Keep the source record in `_sfscim.source`. */
	keepSource?: boolean;
	/**
	 * Leave out name parts that only stand in for an unknown one (`-`, `.`, FNU, LNU, NFN, NLN, N/A, Unknown) and
	 * give single-name people their one name as Last Name (names.ts). Default true.
	 */
	ignorePlaceholderNames?: boolean;
}

export interface ApplyContext {
	/** Values of the dynamic rows for this item, in the order the dynamic rows were given to `compileMapping`. */
	dynamicValues?: readonly unknown[];
	/** Per-item permission sets (e.g. from an expression), added to `derive.permissionSets`. */
	permissionSets?: readonly string[];
}

export interface MappingIssue {
	/** The SCIM path the problem is about (or the row's target). */
	path: string;
	/** What is wrong and how to fix it. */
	message: string;
}

/** Side-car written next to the SCIM resource in each output item: `json._sfscim`. See index.ts. */
export interface SfScimSidecar {
	createOnly: string[];
	manager?: Record<string, unknown>;
	source?: unknown;
	[key: string]: unknown;
}

export interface MappedUser {
	schemas: string[];
	_sfscim?: SfScimSidecar;
	[attribute: string]: unknown;
}

export interface MappingResult {
	user: MappedUser;
	issues: MappingIssue[];
}
