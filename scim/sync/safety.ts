/** The safety rules a plan must pass before any write: a mass deactivation is refused until someone confirms it. */
import { DEFAULT_SYNC_OPTIONS as DEFAULTS, SyncRefusedError, type SyncOptions, type SyncPlan } from './types';

/**
 * Entra's "accidental deletions" lesson: a bad source file (truncated, filtered, a changed column) looks exactly
 * like everyone leaving. Above the count or the share of managed active users, refuse and say how to go on.
 */
export function checkSafety(plan: SyncPlan, options: SyncOptions): void {
	const count = plan.summary.deactivate;
	if (count === 0 || options.confirmMassDeactivation) return;
	const maxCount = options.maxDeactivations ?? DEFAULTS.maxDeactivations;
	const maxPercent = options.maxDeactivationPercent ?? DEFAULTS.maxDeactivationPercent;
	const base = plan.summary.managedActive;
	const percent = base > 0 ? (count * 100) / base : 100;
	const overCount = count > maxCount;
	const overShare = percent > maxPercent;
	if (!overCount && !overShare) return;
	const limit = [overCount ? `at most ${maxCount} users` : '', overShare ? `at most ${maxPercent}% of them` : ''].filter(Boolean).join(' and ');
	throw new SyncRefusedError(
		`Refusing to deactivate ${count} of ${base} managed active Salesforce users (${percent.toFixed(1)}%): the threshold allows ${limit}. Nothing was written.`,
		'deactivationThreshold',
		'If these people really left, turn on "Confirm Mass Deactivation" for one run, or raise "Max Deactivations" / "Max Deactivation (%)". If not, check the input: an empty, truncated or filtered source looks exactly like this. Run with "Dry Run" on to see the list.',
		plan,
	);
}
