/** The demo's result as a person reads it in a terminal. */
import type { DemoResult, StepResult } from './run';

const MARK: Record<string, string> = {
	create: '+', created: '+', added: '+',
	update: '~', updated: '~',
	deactivate: '-', deactivated: '-', removed: '-',
	reactivate: '↺', reactivated: '↺',
	skip: '!', failed: '!',
};

const PLAN_ORDER = ['create', 'update', 'deactivate', 'reactivate'];

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function seconds(ms: number): string {
	return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function actionCounts(step: StepResult): string {
	const plan = step.plan;
	if (plan) {
		const parts = PLAN_ORDER.filter((k) => Number(plan[k]) > 0).map((k) => `${String(plan[k])} ${plan.dryRun ? k : `${k}d`}`);
		parts.push(`${String(plan.noop)} unchanged`);
		if (Number(plan.issues) > 0) parts.push(`${String(plan.issues)} skipped`);
		return `${plan.dryRun ? 'Plan' : 'Done'}: ${parts.join(' · ')}`;
	}
	return `Done: ${Object.entries(step.actions).map(([k, n]) => `${n} ${k}`).join(' · ') || 'nothing'}`;
}

const LINE_ORDER = ['create', 'created', 'update', 'updated', 'reactivate', 'reactivated', 'deactivate', 'deactivated', 'added', 'removed'];

function rank(action: string): number {
	const i = LINE_ORDER.indexOf(action);
	return i < 0 ? LINE_ORDER.length : i;
}

function stepLines(step: StepResult, index: number, invalidShown: boolean): string[] {
	const out: string[] = [];
	const head = `${index + 1}. ${step.title}`;
	const meta = `${step.workflow} · ${seconds(step.ms)} · ${plural(step.requests.total, 'request')}, ${plural(step.requests.writes, 'write')}`;
	out.push(`${head.padEnd(50)} ${meta}`);
	if (step.error) out.push(`   ERROR ${step.error}`);
	if (step.plan && Number(step.plan.writes) === 0) {
		out.push(`   Nothing left to do: ${String(step.plan.desired)} people compared with ${String(step.plan.salesforce)} Salesforce users, 0 writes.`);
	} else {
		out.push(`   ${actionCounts(step)}`);
	}
	const width = Math.min(48, Math.max(0, ...step.lines.map((l) => l.subject.length)));
	// Sync outputs come in the order writes finished; a reader wants them grouped by kind (stable within a kind).
	const lines = step.lines.map((line, i) => ({ line, i })).sort((a, b) => rank(a.line.action) - rank(b.line.action) || a.i - b.i);
	for (const { line } of lines) {
		const mark = MARK[line.action] ?? '·';
		out.push(`   ${mark} ${line.action.padEnd(11)} ${line.subject.padEnd(width)}  ${line.details.filter(Boolean).join(' · ')}`.trimEnd());
	}
	if (step.invalid.length && invalidShown) {
		out.push(`   ${plural(step.invalid.length, 'invalid record')} again, as above`);
	} else if (step.invalid.length) {
		out.push(`   Invalid records, not sent to Salesforce (Mapping node → Invalid output): ${step.invalid.length}`);
		for (const record of step.invalid) out.push(`   ✗ ${record.who}: ${record.reasons.join('; ')}`);
	}
	return out;
}

export function formatReport(result: DemoResult): string {
	const out: string[] = [];
	out.push("sfscim demo · Aurora Logistics on an emulated Salesforce org · examples/ run by n8n's engine with this package's nodes");
	out.push('');
	const o = result.org;
	out.push(`Org before: ${o.users} users (${o.activeUsers} active), ${o.groups} public groups, ${o.profiles} profiles, ${o.permissionSets} permission sets, ${o.roles} roles`);
	out.push('');
	result.steps.forEach((step, i) => {
		const invalidShown = result.steps.slice(0, i).some((s) => s.workflow === step.workflow && s.invalid.length > 0);
		out.push(...stepLines(step, i, invalidShown));
		out.push('');
	});
	const routes = Object.entries(result.requests.byRoute)
		.sort((a, b) => b[1] - a[1])
		.map(([route, n]) => `${route.replace('/services/scim/v2', '')} ${n}`);
	out.push(`API requests: ${result.requests.total} in all, ${result.requests.writes} writes (Salesforce has no bulk SCIM: one request per write) · org API usage ${result.apiUsage.used}/${result.apiUsage.limit}`);
	out.push(`  ${routes.join(' · ')}`);
	out.push('');
	const failed = result.checks.filter((c) => !c.ok);
	out.push(`Checks against the org's final state: ${result.checks.length - failed.length}/${result.checks.length} passed`);
	for (const check of failed) out.push(`  ✗ ${check.name}${check.detail ? `: ${check.detail}` : ''}`);
	out.push('');
	out.push(result.ok ? `OK · the org is in the expected state · ${seconds(result.ms)}` : `FAILED · the org is not in the expected state · ${seconds(result.ms)}`);
	return out.join('\n');
}
