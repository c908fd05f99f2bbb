/**
 * The IdP simulator (`sfscim idp`): replays what Okta and Microsoft Entra ID send as SCIM clients against a SCIM
 * base URL (a SCIM Trigger workflow, or any SCIM server) and says, step by step, whether that IdP would accept the
 * answers; a load mode counts lost and duplicated users under concurrency.
 *
 *   types       steps, sequences, results        sequences/  one file per IdP, as data
 *   http        one request as the IdP sends it  checks      what the IdP checks in an answer
 *   run         the sequence runner              verify      read back what ended up behind the target
 *   load        concurrent creates and read-back report      text output
 */
export * from './types';
export { normaliseBaseUrl, type Target } from './http';
export { makePeople, randomSuffix, checkSuffix } from './people';
export { runSequence, maskBody, type IdpReport, type StepResult, type RunOptions } from './run';
export { runLoad, percentile, type LoadReport, type LoadOptions } from './load';
export { formatReport, formatHeader, formatStep, formatSummary, formatLoad } from './report';
export { SEQUENCES } from './sequences';
export type { VerifyReport } from './verify';
