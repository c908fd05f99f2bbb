/** The checklist as a person reads it. Never prints a secret: settings come pre-masked (describeSettings). */
import type { CheckReport, Status } from './run';

const MARK: Record<Status, string> = { pass: '✓', warn: '!', fail: '✗', skip: '-' };

export function formatCheck(report: CheckReport): string {
	const out: string[] = [];
	const s = report.settings;
	out.push(`sfscim check · ${s.grant} via ${s.loginHost}${s.username ? ` as ${s.username}` : ''} · consumer key ${s.clientId}`);
	out.push('');
	const width = Math.max(...report.items.map((i) => i.title.length));
	for (const item of report.items) {
		out.push(`${MARK[item.status]} ${item.title.padEnd(width)}  ${item.detail}`);
		if (item.fix && item.status !== 'pass') out.push(`  ${' '.repeat(width)}  → ${item.fix}`);
	}
	out.push('');
	const failed = report.items.filter((i) => i.status === 'fail').length;
	const warned = report.items.filter((i) => i.status === 'warn').length;
	out.push(report.ok ? `OK · ready to provision${warned ? ` (${warned} warning${warned === 1 ? '' : 's'})` : ''}` : `FAILED · ${failed} problem${failed === 1 ? '' : 's'} to fix`);
	return out.join('\n');
}
