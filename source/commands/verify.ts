// `s2s verify [ID]`: reads a migration back from Splynx, compares with Sonar, lists differences,
// and adds the results to the migration's reports. Exit 1 when anything differs: a record missing,
// changed, failed, blocked or passed over, or an entity whose counts disagree. With --json, one
// `difference` line each, then the summary. Read-only: it
// takes no lock, so it can run beside a migration (it then sees that migration's progress so far).
import type { CommonArgs } from '../command-line.js';
import type { EnvConfig } from '../config.js';
import type { RunSummary } from '../engine/events.js';
import { previousReport, writeReports } from '../engine/report.js';
import { verifyMigration } from '../engine/verify.js';
import type { VerifyResult } from '../engine/verify-result.js';
import { UserError } from '../errors.js';
import { writeJsonError } from '../output/error-line.js';
import { EXIT } from './exit-code.js';
import { type Io, openCheckedSession } from './session.js';

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

export function verifyLines(result: VerifyResult): string[] {
  const lines = [
    `Verified migration ${result.migrationId}: ${result.checked} record(s) read back.`,
  ];
  lines.push('  entity                in Sonar  migrated  in Splynx');
  for (const c of result.counts) {
    lines.push(
      `  ${c.entity.padEnd(20)} ${String(c.sonar).padStart(9)} ${String(c.migrated).padStart(9)} ${String(c.found).padStart(10)}`,
    );
  }
  if (result.differences.length === 0) {
    lines.push('No differences.');
    return lines;
  }
  lines.push(`${result.differences.length} difference(s):`);
  for (const d of result.differences) {
    const where = d.splynxId !== undefined ? ` (Splynx ${d.entity} ${d.splynxId})` : '';
    const detail =
      d.field && 'expected' in d
        ? `${d.field}: Splynx has ${show(d.actual)}, Sonar maps to ${show(d.expected)}`
        : d.message;
    lines.push(`  ${d.label}${where}: ${detail}`);
  }
  lines.push(
    'Correct whichever side is wrong; changes made in Splynx on purpose after migrating also show here.',
  );
  return lines;
}

export async function runVerifyCommand(
  id: string | undefined,
  env: EnvConfig,
  common: CommonArgs,
  io: Io,
): Promise<number> {
  const session = await openCheckedSession(env, common, io);
  const { redactor, deps } = session;
  try {
    const target = id ?? (await deps.state.latest())?.id;
    if (!target) {
      throw new UserError('There is no migration to verify.', 'Start one with `s2s migrate`.');
    }
    const view = await deps.state.readOnly(target);
    const result = await verifyMigration(
      {
        sonar: deps.sonar,
        splynx: deps.splynx,
        config: deps.config,
        signal: session.control.signal,
        concurrency: common.concurrency ?? 4,
      },
      view,
    );
    writeReports(view, { redactor, ...previousReport(view.dir), verification: result });
    if (common.json) {
      const line = (value: unknown) => io.stdout.write(`${redactor.text(JSON.stringify(value))}\n`);
      for (const d of result.differences) line({ type: 'difference', ...d });
      if (result.differences.length > 0) {
        writeJsonError(io.stdout, redactor, {
          code: EXIT.stopped,
          message: `${result.differences.length} difference(s) between Splynx and what Sonar maps to.`,
          fixes: ['Correct whichever side is wrong, then run `s2s verify` again.'],
        });
      }
      const summary: RunSummary = {
        migrationId: result.migrationId,
        command: 'verify',
        status: view.status,
        counts: view.counts(),
        failures: result.differences.length,
        durationMs: result.durationMs,
      };
      line({
        type: 'summary',
        summary,
        checked: result.checked,
        differences: result.differences.length,
        entities: result.counts,
        normalised: result.normalised ?? [],
      });
    } else {
      for (const line of verifyLines(result)) io.stdout.write(`${redactor.text(line)}\n`);
    }
    return result.differences.length === 0 ? EXIT.ok : EXIT.stopped;
  } finally {
    await session.close();
  }
}
