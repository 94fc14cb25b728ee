// report.md: the same facts as report.json, laid out for an operator reading it after the run.
import type { MigrationReport } from './report.js';

function cell(value: string | number): string {
  return String(value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(header: string[], rows: (string | number)[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Records named under one cause; every failure is still listed on its own further down. */
const GROUP_LISTED = 100;

export function renderMarkdown(report: MigrationReport): string {
  const out: string[] = [
    `# Migration ${report.migrationId}`,
    '',
    `- Status: **${report.status}**`,
    `- Started: ${report.createdAt}; last change: ${report.updatedAt}`,
    `- Duration: ${formatDuration(report.durationMs)}; rate: ${report.ratePerSecond} records/s`,
  ];
  if (report.requests) {
    out.push(
      `- Requests: ${report.requests.sonar ?? '?'} to Sonar, ${report.requests.splynx ?? '?'} to Splynx`,
    );
  }
  if (report.pendingIntents > 0) {
    out.push(
      `- ${report.pendingIntents} write(s) with an unknown outcome: \`s2s resume ${report.migrationId}\` reconciles them.`,
    );
  }
  if (report.lastError) out.push(`- Last error: ${report.lastError.message}`);

  out.push('', '## Totals', '');
  if (report.totals.length === 0) out.push('Nothing was recorded.');
  else
    out.push(
      ...table(
        ['Phase', 'Entity', 'Created', 'Adopted', 'Skipped', 'Failed', 'Blocked', 'Rolled back'],
        report.totals.map((t) => [
          t.phase,
          t.entity,
          t.created,
          t.adopted,
          t.skipped,
          t.failed,
          t.blocked,
          t.rolledBack,
        ]),
      ),
    );

  if (report.failureGroups.length > 0) {
    out.push('', `## Failures by cause (${report.failureGroups.length})`, '');
    for (const g of report.failureGroups) {
      out.push(
        `### ${g.count} ${g.entity} record${g.count === 1 ? '' : 's'} ${g.action}: ${g.cause}`,
        '',
        ...(g.field ? [`- Field: \`${g.field}\``] : []),
        ...g.fixes.map((fix) => `- Fix: ${fix}`),
        `- Records: ${g.records
          .slice(0, GROUP_LISTED)
          .map((r) => `${r.label} (${g.entity} ${r.sonarId})`)
          .join(
            '; ',
          )}${g.count > GROUP_LISTED ? `; … and ${g.count - GROUP_LISTED} more (each one below and in report.json)` : ''}`,
        '',
      );
    }
  }

  out.push('', `## Failures (${report.failures.length})`, '');
  if (report.failures.length === 0) out.push('None.');
  for (const f of report.failures) {
    out.push(
      `### ${f.action} ${f.label}`,
      '',
      `- Record: ${f.entity} ${f.sonarId}${f.accountId ? ` (account ${f.accountId})` : ''}`,
      ...(f.field ? [`- Field: \`${f.field}\``] : []),
      `- Problem (${f.kind}): ${f.message}`,
      ...(f.splynxMessage ? [`- Splynx said: ${f.splynxMessage}`] : []),
      ...f.fixes.map((fix) => `- Fix: ${fix}`),
      '',
    );
  }
  if (report.failures.length > 0) {
    out.push(
      'Retry exactly these records once fixed: `s2s migrate --records-from failures.csv` (run in this folder); `--customers-from failures.csv` retries just the accounts.',
    );
  }

  out.push('', `## Skipped (${report.skipped.length})`, '');
  if (report.skipped.length === 0) out.push('None.');
  else
    out.push(
      ...table(
        ['Entity', 'Sonar id', 'Record', 'Reason'],
        report.skipped.map((s) => [s.entity, s.sonarId, s.label, s.reason]),
      ),
    );

  const verification = report.verification;
  out.push('', '## Verification', '');
  if (!verification) out.push('Not run yet: `s2s verify` reads every record back and compares.');
  else {
    out.push(
      `${verification.checked} record(s) read back; ${verification.differences.length} difference(s).`,
      '',
      ...table(
        ['Entity', 'In Sonar', 'Migrated', 'Found in Splynx'],
        verification.counts.map((c) => [c.entity, c.sonar, c.migrated, c.found]),
      ),
    );
    if (verification.differences.length > 0) {
      out.push(
        '',
        ...table(
          ['Record', 'Splynx id', 'Field', 'Difference'],
          verification.differences.map((d) => [
            d.label,
            d.splynxId ?? '',
            d.field ?? '',
            d.message,
          ]),
        ),
      );
    }
  }
  return `${out.join('\n')}\n`;
}
