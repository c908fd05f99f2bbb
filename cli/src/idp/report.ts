/** The run as a person reads it: one line per step, what failed and why under it, then a summary. */
import type { LoadReport } from './load';
import type { IdpReport, StepResult } from './run';
import type { Outcome } from './types';

const MARK: Record<Outcome, string> = { pass: '✓', warn: '!', fail: '✗', skip: '-' };

export function formatStep(step: StepResult, width = 28): string {
	const out: string[] = [];
	if (step.outcome === 'skip') {
		out.push(`${MARK.skip} ${step.id.padEnd(width)} ${step.title}`);
		out.push(`  ${' '.repeat(width)} skipped: ${step.skipped}`);
		return out.join('\n');
	}
	const answer = step.status === 0 ? 'no answer' : String(step.status);
	out.push(`${MARK[step.outcome]} ${step.id.padEnd(width)} ${step.method} ${step.target} → ${answer} (${step.ms} ms)`);
	out.push(`  ${' '.repeat(width)} ${step.title}`);
	for (const check of step.checks) {
		if (check.ok) continue;
		out.push(`  ${' '.repeat(width)} ${check.severity === 'must' ? '✗' : '!'} ${check.name}: ${check.detail ?? ''}`);
	}
	return out.join('\n');
}

export function formatHeader(report: Pick<IdpReport, 'idp' | 'title' | 'url' | 'suffix'>): string {
	return `sfscim idp ${report.idp} → ${report.url} · run ${report.suffix}\n${report.title}\n`;
}

export function formatSummary(report: IdpReport): string {
	const out: string[] = [];
	if (report.verify) {
		out.push('');
		out.push(`Verify: what ended up in ${report.verify.url}`);
		for (const item of report.verify.items) {
			out.push(`${MARK[item.outcome]} ${item.what}`);
			for (const check of item.checks) if (!check.ok) out.push(`    ${check.severity === 'must' ? '✗' : '!'} ${check.name}: ${check.detail ?? ''}`);
		}
	}
	const s = report.summary;
	out.push('');
	out.push(`${s.passed} passed, ${s.warned} with warnings, ${s.failed} failed, ${s.skipped} skipped · ${s.requests} requests in ${s.totalMs} ms`);
	const failed = report.steps.filter((st) => st.outcome === 'fail').map((st) => st.id);
	const verifyFailed = report.verify?.items.filter((i) => i.outcome === 'fail').map((i) => i.what) ?? [];
	if (report.ok) out.push(`OK · ${report.idp} would accept every answer${report.verify ? ', and the provisioned state is right' : ''}`);
	else {
		const parts: string[] = [];
		if (failed.length) parts.push(`${report.idp} would not accept ${failed.length} answer${failed.length === 1 ? '' : 's'} (${failed.join(', ')})`);
		if (verifyFailed.length) parts.push(`the provisioned state is wrong for ${verifyFailed.join(', ')}`);
		out.push(`FAILED · ${parts.join('; ')}`);
	}
	return out.join('\n');
}

export function formatReport(report: IdpReport): string {
	return [formatHeader(report), ...report.steps.map((s) => formatStep(s)), formatSummary(report)].join('\n');
}

export function formatLoad(report: LoadReport): string {
	const out: string[] = [];
	out.push(`sfscim idp load → ${report.url} · run ${report.suffix}`);
	out.push(`${report.users} users, ${report.concurrency} at a time, ${report.idp} requests${report.resend ? ', every create sent twice at once (an IdP retry)' : ''}${report.updates ? ', then one update each' : ''}`);
	out.push('');
	for (const phase of report.phases) {
		const histogram = Object.entries(phase.statuses)
			.map(([status, n]) => `${status}×${n}`)
			.join(' ');
		out.push(`${phase.name.padEnd(8)} ${String(phase.requests).padStart(6)} requests in ${phase.wallMs} ms (${phase.perSecond}/s) · ${histogram} · p50 ${phase.p50Ms} ms, p99 ${phase.p99Ms} ms, max ${phase.maxMs} ms`);
	}
	out.push('');
	for (const readBack of report.readBack) {
		out.push(`read back from ${readBack.url}: ${readBack.found} found once, ${readBack.lost} lost, ${readBack.duplicates} duplicate${readBack.duplicates === 1 ? '' : 's'}, ${readBack.phantoms} created despite an error answer${readBack.staleUpdates !== undefined ? `, ${readBack.staleUpdates} update${readBack.staleUpdates === 1 ? '' : 's'} missing` : ''}`);
		for (const example of readBack.examples) out.push(`    ${example}`);
	}
	out.push('');
	out.push(report.ok ? 'OK · nothing lost, nothing duplicated, every request answered with success' : `FAILED · ${report.problems.join('; ')}`);
	return out.join('\n');
}
