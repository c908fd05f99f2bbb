/**
 * The mapping core: directory / HR records → Salesforce SCIM users. Pure TypeScript (no n8n, no timers).
 *
 * ## Output contract (read by the Salesforce SCIM node)
 * Each mapped item's `json` is a SCIM User resource with correct `schemas` (core User, plus the enterprise
 * extension URN when an attribute was written under it), and — only when there is something to say — a
 * top-level, non-SCIM side-car that must be stripped before anything is sent to Salesforce:
 *
 *   json._sfscim = {
 *     createOnly: string[];   // SCIM paths written "only on create": on update, leave them out of the PATCH.
 *                             // Whole attributes (`nickName`, `alias`, `locale`) or value-filtered paths
 *                             // (`entitlements[type eq "Profile"]`, `emails[type eq "work"].value`).
 *     manager?: {             // The manager as the source knows them; resolve to a Salesforce user id (005…) and
 *       email?: string;       //   write urn:…:enterprise:2.0:User:manager.value, in a second pass if the manager
 *       externalId?: string;  //   is created in the same run. email → look up by userName (plus the sandbox
 *       displayName?: string; //   suffix) or email; externalId → by externalId.
 *       dn?: string;          // (LDAP: the manager's DN as given. linkManagersByDn fills email / externalId from
 *                             //  the manager's record in the same input; a DN left alone resolves to nobody)
 *     };
 *     source?: object;        // the input record, when "Keep Source Record" is on.
 *   }
 *
 * Profiles and permission sets arrive by name: `entitlements: [{ display, type: 'Profile', primary: true },
 * { display, type: 'PermissionSet' }]` with no `value`; the SCIM node resolves `display` to the `00e…` / `0PS…`
 * id through /Entitlements at write time, and merges permission sets with those the user already has.
 *
 * Invalid items (the node's second output) are `{ issues: { path, message }[], user }`; with "continue on fail",
 * an item whose expression failed is `{ error, issues: [{ path: <row target>, message }] }` there too.
 *
 * The Sync operation of the SCIM node already reads `_sfscim.manager` (ManagerDirectory: userName / email /
 * externalId); `_sfscim.createOnly` is read by both Create or Update and Sync.
 */
export { compileMapping, applyMapping, type CompiledMapping } from './compile';
export { compileAccessor, AccessorSyntaxError, looseKey, type Accessor } from './accessor';
export { TRANSFORM_NAMES, dnCommonName, isEmptyValue, isPlaceholderName, PLACEHOLDER_NAMES } from './transforms';
export { dropPlaceholderNames } from './names';
export { dnKey, linkManagersByDn, type MappedRecord } from './managers';
export { applyDerivations, normalizeSandboxSuffix } from './derive';
export { validateMappedUser } from './validate';
export { MappingConfigError } from './errors';
export { KNOWN_TARGETS, PROFILE_DISPLAY_PATH, type KnownTarget } from './targets';
export { compileTarget, type CompiledTarget } from './target';
export { PRESETS, isPresetName } from './presets';
export type * from './types';
