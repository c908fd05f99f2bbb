export { runCheck, NODE_USAGE_GUARD_PERCENT } from './run';
export type { CheckItem, CheckReport, Status } from './run';
export { formatCheck } from './report';
export { describeSettings, parseEnvFile, resolveSettings, SettingsError } from './settings';
export type { CheckSettings, Grant, RawSettings } from './settings';
