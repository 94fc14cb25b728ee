// `s2s cutover`: the switch-over day as one resumable step (issue 16). A last sync, a verify that
// must be clean (or, with --accept-differences, whose differences are listed and accepted), then
// invoicing on in Splynx for every migrated customer, journaled; then the day's checklist, printed
// and written to the migration's folder. Run it again after any stop: it continues.
// Exit 0 done · 1 the sync stopped, verify was not clean, or a customer failed · 2 no migration ·
// 130 interrupted (what was switched on is journaled).
import { confirm } from '@inquirer/prompts';
import type { ParsedCommand } from '../command-line.js';
import type { EnvConfig } from '../config.js';
import type { RecordFailure, RunSummary } from '../engine/events.js';
import { RecordFailedError } from '../engine/record-failure.js';
import { previousReport, writeReports } from '../engine/report.js';
import {
  checklistMarkdown,
  cutoverCustomers,
  switchInvoicingOn,
  whatCannotMove,
  writeChecklist,
} from '../engine/sync/cutover.js';
import { verifyMigration } from '../engine/verify.js';
import { UserError } from '../errors.js';
import { EXIT, exitCodeFor } from './exit-code.js';
import { DEFAULT_CONCURRENCY, type Io, openCheckedSession } from './session.js';
import { syncInSession } from './sync.js';
import { verifyLines } from './verify.js';

export async function runCutoverCommand(
  parsed: ParsedCommand,
  env: EnvConfig,
  io: Io,
): Promise<number> {
  const session = await openCheckedSession(env, parsed.common, io);
  const { deps, redactor } = session;
  const json = parsed.common.json;
  const line = (value: unknown) => io.stdout.write(`${redactor.text(JSON.stringify(value))}\n`);
  const say = (text: string) => io.stdout.write(`${redactor.text(text)}\n`);
  const started = Date.now();
  const finish = (summary: Omit<RunSummary, 'command' | 'durationMs'>) => {
    const full: RunSummary = { ...summary, command: 'cutover', durationMs: Date.now() - started };
    full.sonarRequests = session.clients.counts.sonar;
    full.splynxRequests = session.clients.counts.splynx;
    session.emit({ type: 'summary', summary: full });
    return full;
  };
  try {
    if (!parsed.common.yes) {
      if (!process.stdin.isTTY) {
        throw new UserError(
          'cutover switches invoicing on in Splynx and needs confirmation.',
          'Stop billing in Sonar first, then add --yes.',
        );
      }
      const go = await confirm({
        message: 'Sync, verify, then switch invoicing on in Splynx for every migrated customer?',
        default: false,
      });
      if (!go) {
        io.stderr.write('Nothing was written.\n');
        return EXIT.ok;
      }
    }

    // 1. The last sync: the migration's own selection.
    if (!json) say('== Last sync');
    const sync = await syncInSession(
      session,
      {
        selection: { all: false, includeInactive: false },
        common: parsed.common,
        sync: parsed.sync,
      },
      io,
      false,
    );
    if (sync.status !== 'completed' || sync.failures > 0) {
      const summary = finish({ ...sync, ...(sync.failure ? { failure: sync.failure } : {}) });
      io.stderr.write(
        'The last sync did not finish; nothing was switched on. Fix it, then run `s2s cutover` again.\n',
      );
      return exitCodeFor(summary) || EXIT.stopped;
    }
    const id = sync.migrationId as string;

    // 2. Verify: every record as Sonar maps it, or the differences accepted by name.
    if (!json) say('\n== Verify');
    const view = await deps.state.readOnly(id);
    const verification = await verifyMigration(
      {
        sonar: deps.sonar,
        splynx: deps.splynx,
        config: deps.config,
        signal: session.control.signal,
        concurrency: parsed.common.concurrency ?? DEFAULT_CONCURRENCY,
      },
      view,
    );
    writeReports(view, { redactor, ...previousReport(view.dir), verification });
    if (json) for (const d of verification.differences) line({ type: 'difference', ...d });
    else for (const text of verifyLines(verification)) say(text);
    const differences = verification.differences.length;
    if (differences > 0 && !parsed.sync.acceptDifferences) {
      io.stderr.write(
        `Cutover refused: verify found ${differences} difference(s) between Splynx and Sonar; nothing was switched on.\n` +
          '  Correct them (and run `s2s cutover` again), or accept them as listed with `s2s cutover --accept-differences`.\n',
      );
      finish({
        migrationId: id,
        status: 'stopped',
        counts: view.counts(),
        changes: sync.changes ?? {},
        failures: differences,
      });
      return EXIT.stopped;
    }

    // 3. Invoicing on, customer by customer, journaled.
    if (!json) say('\n== Invoicing on in Splynx');
    const migration = await deps.state.open(id, { breakLock: parsed.common.breakLock });
    let failure: RecordFailure | undefined;
    let invoicing: Awaited<ReturnType<typeof switchInvoicingOn>> | undefined;
    try {
      invoicing = await switchInvoicingOn(
        deps,
        migration,
        parsed.common.concurrency ?? DEFAULT_CONCURRENCY,
      );
    } catch (error) {
      if (!(error instanceof RecordFailedError)) throw error;
      failure = redactor.value(error.failure);
      session.emit({ type: 'record-failed', failure });
    } finally {
      await migration.close();
    }
    const counts = (await deps.state.readOnly(id)).counts();
    if (failure || !invoicing || session.control.isStopping) {
      const summary = finish({
        migrationId: id,
        status: session.control.isStopping && !failure ? 'aborted' : 'stopped',
        counts,
        changes: sync.changes ?? {},
        ...(failure ? { failure } : {}),
        failures: failure ? 1 : 0,
      });
      io.stderr.write(
        'Cutover stopped before every customer was switched on; run `s2s cutover` again to continue.\n',
      );
      return exitCodeFor(summary);
    }

    // 4. The day's checklist and what cannot move.
    const cannotMove = await whatCannotMove(deps, view, cutoverCustomers(view));
    const markdown = checklistMarkdown({
      migrationId: id,
      date: new Date().toISOString().slice(0, 10),
      invoicing,
      differencesAccepted: differences,
      cannotMove,
    });
    const file = writeChecklist(view.dir, redactor.text(markdown));
    if (json) line({ type: 'checklist', file, invoicing, cannotMove });
    else say(`\n${markdown}\nWritten to ${file}`);
    finish({
      migrationId: id,
      status: 'completed',
      counts,
      changes: sync.changes ?? {},
      failures: 0,
    });
    return EXIT.ok;
  } finally {
    await session.close();
  }
}
