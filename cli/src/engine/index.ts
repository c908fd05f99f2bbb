export { runWorkflow, harnessTypes } from './runWorkflow';
export type { RunOptions, RunResult, WorkflowFile } from './runWorkflow';
export type { StoredCredential, CredentialEvent } from './credentialsHelper';
export { PACKAGE_ROOT, PACKAGE_NAME } from './nodeTypes';
export { ActiveTrigger, type PollOutcome } from './pollTrigger';
export { serveWebhook } from './serveWebhook';
export type { WebhookServer } from './serveWebhook';
