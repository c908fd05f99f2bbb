/**
 * The SCIM core: RFC 7643/7644 grammar and messages plus the Salesforce dialect. No n8n, no I/O.
 *
 *   schemas        schema URNs and resource shapes (RFC 7643)
 *   filter         filter grammar: parse, print, quote (RFC 7644 §3.4.2.2); filterMatch evaluates it
 *   path           PATCH paths: parse, print, get/set/remove (RFC 7644 §3.5.2)
 *   patchop        PatchOp messages and applying them server-side; patchDiff builds the client's minimal PATCH
 *   listResponse   ListResponse and paging that trusts only what a page proves (RFC 7644 §3.4.2)
 *   error          ScimError, RFC error bodies, decoding any error answer; errorExplain says how to fix it
 *   dialect        Salesforce vs RFC: the few places where they differ
 *   salesforceId   Salesforce ids: shape, same record (15/18), key prefixes
 *   user           Salesforce's User rules (limits, aliases, entitlements); userValidation checks them
 *   attribute      case-insensitive attribute access shared by the above (internal, not re-exported)
 */
export * from './schemas';
export * from './error';
export * from './errorExplain';
export * from './filter';
export * from './filterMatch';
export * from './path';
export * from './patchop';
export * from './patchDiff';
export * from './listResponse';
export * from './dialect';
export * from './user';
export { ID_PREFIX, isSalesforceId, kindOfId, salesforceIdKey, type EntitlementKind } from './salesforceId';
export * from './userValidation';
