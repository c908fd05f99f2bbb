/** The reliability report: one JSON document, and the table printed from it. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import type { CaseResult, CatalogArea } from './catalog';
import type { ConcurrencyFigures } from './concurrency';
import type { FaultFigures } from './faults';
import type { FuzzFigure } from './fuzz';
import type { LeakReport } from './secrets';
import type { DirectoryTriggerFigures } from './directoryTrigger';

export type ReliabilityScale = 'full' | 'short';

export interface ReliabilityReport {
	command: string;
	scale: ReliabilityScale;
	startedAt: string;
	seconds: number;
	node: string;
	faults: FaultFigures[];
	concurrency: ConcurrencyFigures[];
	catalog: { cases: number; passed: number; nothingSentCases: number; byArea: Record<string, { cases: number; passed: number }>; results: CaseResult[] };
	fuzz: FuzzFigure[];
	/** Directory Change Trigger per source (issue 19). */
	directoryTrigger?: DirectoryTriggerFigures[];
	secrets?: LeakReport;
	/** Everything that did not hold; empty when the suite passed. */
	problems: string[];
}

export function buildReport(parts: {
	command: string;
	scale: ReliabilityScale;
	startedAt: Date;
	faults: FaultFigures[];
	concurrency: ConcurrencyFigures[];
	catalog: CaseResult[];
	fuzz: FuzzFigure[];
	directoryTrigger?: DirectoryTriggerFigures[];
	secrets?: LeakReport;
}): ReliabilityReport {
	const byArea: Record<string, { cases: number; passed: number }> = {};
	for (const result of parts.catalog) {
		const area = (byArea[result.area] ??= { cases: 0, passed: 0 });
		area.cases++;
		if (result.ok) area.passed++;
	}
	const problems = [
		...parts.faults.flatMap((f) => f.problems),
		...parts.concurrency.flatMap((c) => c.problems),
		...parts.catalog.filter((r) => !r.ok).map((r) => `catalog ${r.id} (${r.title}): ${r.problems.join('; ')}`),
		...(parts.directoryTrigger ?? []).flatMap((d) => d.problems),
		...parts.fuzz.filter((f) => !f.ok).map((f) => `fuzz: ${f.property}: ${f.counterexample ?? 'failed'}`),
		...(parts.secrets ? parts.secrets.leaks.map((leak) => `secret leaked: ${leak}`) : []),
	];
	if (parts.catalog.length < 60) problems.push(`the catalog has ${parts.catalog.length} cases; at least 60 are wanted`);
	return {
		command: parts.command,
		scale: parts.scale,
		startedAt: parts.startedAt.toISOString(),
		seconds: Math.round((Date.now() - parts.startedAt.getTime()) / 100) / 10,
		node: process.version,
		faults: parts.faults,
		concurrency: parts.concurrency,
		catalog: {
			cases: parts.catalog.length,
			passed: parts.catalog.filter((r) => r.ok).length,
			nothingSentCases: parts.catalog.filter((r) => r.sends === 'nothing').length,
			byArea,
			results: parts.catalog,
		},
		fuzz: parts.fuzz,
		directoryTrigger: parts.directoryTrigger,
		secrets: parts.secrets,
		problems,
	};
}

function table(header: string[], rows: string[][]): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ')} |`;
	return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const yes = (ok: boolean) => (ok ? 'yes' : 'NO');

export function formatReport(report: ReliabilityReport): string {
	const out: string[] = [];
	out.push(`Reliability (${report.scale}), ${report.seconds} s, Node ${report.node}: ${report.problems.length === 0 ? 'everything held' : `${report.problems.length} problems`}`);
	out.push('');
	out.push('Faults: 10% of SCIM requests fail (500, 503, reset, hang past the timeout, HTML page, 401 mid-run, write applied with the answer lost); the daily API limit is reached during run 1, the next "day" starts after it');
	out.push(
		table(
			['scenario', 'items', 'faults injected', 'desired state', 'duplicates', 'lost updates', 'unreported failures', 'runs to converge', 'next-day duplicates', 'writes left', 'recovered writes'],
			report.faults.map((f) => [
				`${f.scenario === 'sync' ? 'User → Sync' : 'Create or Update'} (${f.auth === 'jwt' ? 'JWT' : 'OAuth2'})`,
				String(f.items),
				`${f.faultsInjected} (${Object.entries(f.faultsByKind).map(([k, n]) => `${k} ${n}`).join(', ')})`,
				`${f.inDesiredState}/${f.people}`,
				String(f.duplicates),
				String(f.lostUpdates),
				String(f.unreportedFailures),
				f.runsToConverge === null ? 'did not' : String(f.runsToConverge),
				String(f.nextDayDuplicates ?? 'n/a'),
				String(f.writesAfterConvergence ?? 'n/a'),
				String(f.recoveredWrites),
			]),
		),
	);
	for (const f of report.faults) {
		out.push(`  ${f.scenario}: ${f.runs.map((r) => `run ${r.run} ${r.requests} req, ${r.faults} faults, ${r.inDesiredState} ok, ${r.reported} reported${r.dailyLimitHit ? ', daily limit' : ''}`).join(' · ')} (${f.seconds} s)`);
	}
	if (report.concurrency.length) {
		out.push('');
		out.push('Concurrency: two executions of the same directory started at once (as n8n queue mode can)');
		out.push(
			table(
				['operation', 'people', 'desired state', 'duplicates', 'error items', 'unexplained', 'writes reported', 'writes received'],
				report.concurrency.map((c) => [c.operation === 'sync' ? 'User → Sync ×2' : 'Create or Update ×2', String(c.people), `${c.inDesiredState}/${c.people}`, String(c.duplicates), String(c.errorItems), String(c.unexplainedErrors), c.writesReported.join(' + '), String(c.writesReceived)]),
			),
		);
	}
	out.push('');
	out.push(`Bad input catalog: ${report.catalog.passed}/${report.catalog.cases} cases hold (each with its exact message; ${report.catalog.nothingSentCases} detectable locally, proven to send nothing)`);
	const areas: CatalogArea[] = ['credentials', 'node input', 'server answers'];
	out.push(
		table(
			['area', 'cases', 'held', 'topics'],
			areas.map((area) => {
				const results = report.catalog.results.filter((r) => r.area === area);
				return [area, String(results.length), String(results.filter((r) => r.ok).length), [...new Set(results.map((r) => r.topic))].join(', ')];
			}),
		),
	);
	for (const failed of report.catalog.results.filter((r) => !r.ok)) out.push(`  FAILED ${failed.id} ${failed.title}: ${failed.problems.join('; ')}`);
	out.push('');
	if (report.directoryTrigger?.length) {
		out.push('Directory Change Trigger: rounds of changes in each source emulator, polls throttled (recovered), failing (retries exhausted), after an n8n restart, after an expired delta link');
		out.push(
			table(
				['source', 'users', 'changes', 'events expected', 'events emitted', 'failed polls', 'throttled, recovered', 'restarts', 'expired cursors', 'lost', 'twice'],
				report.directoryTrigger.map((d) => [d.source, String(d.users), String(d.changes), String(d.eventsExpected), String(d.eventsEmitted), String(d.polls.failed), String(d.polls.throttledRecovered), String(d.polls.afterRestart), String(d.polls.expiredCursor), String(d.lost), String(d.duplicates)]),
			),
		);
		out.push('');
	}
	out.push('Fuzzing (fast-check; test/scim/fuzz.test.ts adds grammar-tree and apply properties in npm test)');
	out.push(table(['property', 'runs', 'held', 'slowest case'], report.fuzz.map((f) => [f.property, String(f.runs), yes(f.ok), `${f.slowestCaseMs} ms`])));
	if (report.secrets) {
		const s = report.secrets;
		out.push('');
		out.push(`Secrets: ${s.canaries} canary values (client secret, private keys, every token issued) searched in ${s.surfaces} surfaces (${(s.characters / 1e6).toFixed(1)} M characters of output items, errors, run data and captured stdout/stderr/console): ${s.leaks.length} found`);
	}
	if (report.problems.length) {
		out.push('');
		out.push('Problems:');
		for (const problem of report.problems) out.push(`  - ${problem}`);
	}
	return out.join('\n');
}

export function writeReport(report: ReliabilityReport, file: string): void {
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
