export { runDemo } from './run';
export type { DemoOptions, DemoResult, RequestUse, StepResult } from './run';
export { formatReport } from './report';
export { verifyOrg } from './expected';
export type { Check, EventSamples } from './expected';
export { demoSeed, hrExport, PEOPLE, DOMAIN, INTEGRATION_USER } from './org';
export { AGENT_EXAMPLE, EXAMPLES_DIR, RUNNABLE_EXAMPLES, emulatorCredential, loadExample, manualTriggerOf, nodeOf, withCredential } from './workflows';
