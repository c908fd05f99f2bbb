/** Directory sync planning: pure, no I/O. The SCIM node applies a plan through its transport. */
export * from './types';
export { planSync } from './plan';
export { checkSafety } from './safety';
export { changesOf } from './changes';
export { keyOf, isActive, MATCH_ATTRIBUTE, matchValueOf, primaryEmail, scopePredicate } from './match';
export { createOnlyOf, withoutCreateOnly, withoutMeta } from './createOnly';
export { planMembers, type MemberPlan } from './members';
export { describeManager, ManagerDirectory, managerNotFoundNote, managerReferenceOf, newUserKeyOf, newUserReference, type ManagerReference } from './references';
export { attributesRead, projectUser } from './project';
export { keptBySchema, orgSchemaOf, type OrgSchema } from './orgSchema';
export { userUpdateOperations, type UserUpdateOptions } from './update';
export { planSyncRun, type SalesforceView, type SyncInput } from './input';
