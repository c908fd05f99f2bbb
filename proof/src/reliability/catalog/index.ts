/**
 * The bad-input catalog (issue 11): credentials, node input and server answers that are wrong in the ways real
 * directories, real admins and real networks are wrong. Each case names the exact message a person sees and,
 * when the problem is detectable locally, proves that nothing was sent (the emulator's request counter and the
 * test servers' own logs unchanged); a case that may read but must not write proves that no write was sent.
 */
import type { CatalogCase } from './case';
import { CREDENTIAL_CASES } from './credentials';
import { NODE_INPUT_CASES } from './nodeInput';
import { SERVER_ANSWER_CASES } from './serverAnswers';

export { runCase } from './case';
export type { CaseOutcome, CaseResult, CatalogArea, CatalogCase, CatalogContext } from './case';

export const CATALOG: CatalogCase[] = [...CREDENTIAL_CASES, ...NODE_INPUT_CASES, ...SERVER_ANSWER_CASES];
