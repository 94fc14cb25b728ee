// `s2s sync [selection] [--dry-run] [--prefer-sonar]`: what changed in Sonar since the migration,
// per Splynx record (stdout: one block per record, or one `{"type":"change",...}` line each with
// --json), then applied unless --dry-run. Without a selection it syncs what the latest migration
// selected. Exit 0 done (conflicts are listed, not errors) · 1 stopped on a record (run it again)
// · 2 no migration to sync · 130 interrupted.
import { confirm } from '@inquirer/prompts';
import type { ParsedCommand, SelectionArgs } from '../command-line.js';
import type { EnvConfig } from '../config.js';
import type { RunSummary } from '../engine/events.js';
import { resolveSelection } from '../engine/selection.js';
import type { SyncChange } from '../engine/sync/changes.js';
import { runSync, type SyncOptions } from '../engine/sync/run-sync.js';
import { UserError } from '../errors.js';
import { exitCodeFor } from './exit-code.js';
import { DEFAULT_CONCURRENCY, type Io, openCheckedSession, type Session } from './session.js';

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

const VERB: Record<SyncChange['action'], string> = {
  update: 'update',
  create: 'create',
  end: 'end',
  disable: 'disable',
  migrate: 'migrate',
};

/** A record's change as the operator reads it: what, where, and each field old → new. */
export function changeLines(change: SyncChange, dryRun: boolean): string[] {
  const where =
    change.splynxId !== undefined ? ` (Splynx ${change.entity} ${change.splynxId})` : '';
  const verb = dryRun ? `would ${VERB[change.action]}` : VERB[change.action];
  const why = change.reason ? ` — ${change.reason}` : '';
  const lines = [`${verb} ${change.label}${where}${why}`];
  for (const f of change.fields) lines.push(`    ${f.field}: ${show(f.from)} → ${show(f.to)}`);
  for (const c of change.conflicts) {
    lines.push(
      `    conflict ${c.field}: Splynx ${show(c.splynx)}, Sonar ${show(c.sonar)} — ${c.written ? "Sonar's written (--prefer-sonar)" : "kept Splynx's (--prefer-sonar writes Sonar's)"}`,
    );
  }
  for (const k of change.kept) {
    lines.push(`    kept ${k.field}: ${show(k.splynx)} (changed in Splynx only)`);
  }
  return lines;
}

function selectionGiven(args: SelectionArgs): boolean {
  return (
    args.all ||
    args.includeInactive ||
    args.customers !== undefined ||
    args.customersFrom !== undefined ||
    args.recordsFrom !== undefined ||
    args.statuses !== undefined ||
    args.createdFrom !== undefined ||
    args.createdTo !== undefined ||
    args.limit !== undefined ||
    args.phases !== undefined
  );
}

/** Runs a sync inside an open session, printing each change as it comes. Shared with cutover. */
export async function syncInSession(
  session: Session,
  parsed: Pick<ParsedCommand, 'selection' | 'common' | 'sync'>,
  io: Io,
  dryRun: boolean,
): Promise<RunSummary> {
  const selection = selectionGiven(parsed.selection)
    ? resolveSelection(parsed.selection, { requireExplicit: false })
    : undefined;
  const options: SyncOptions = {
    dryRun,
    preferSonar: parsed.sync.preferSonar,
    stopOnError: parsed.common.stopOnError,
    concurrency: parsed.common.concurrency ?? DEFAULT_CONCURRENCY,
    breakLock: parsed.common.breakLock,
  };
  const print = (line: string) => io.stdout.write(`${session.redactor.text(line)}\n`);
  const summary = await runSync(
    {
      ...session.deps,
      onChange: (change) => {
        if (parsed.common.json) print(JSON.stringify({ type: 'change', dryRun, ...change }));
        else for (const line of changeLines(change, dryRun)) print(line);
      },
    },
    selection,
    options,
  );
  summary.sonarRequests = session.clients.counts.sonar;
  summary.splynxRequests = session.clients.counts.splynx;
  return summary;
}

export function changeTotals(summary: RunSummary): string {
  const c = summary.changes ?? {};
  const parts = Object.entries(c)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([k, n]) => `${n} ${k}`);
  return parts.length === 0 ? 'nothing changed in Sonar' : parts.join(', ');
}

export async function runSyncCommand(
  parsed: ParsedCommand,
  env: EnvConfig,
  io: Io,
): Promise<number> {
  const session = await openCheckedSession(env, parsed.common, io);
  try {
    let dryRun = parsed.sync.dryRun;
    if (!dryRun && !parsed.common.yes) {
      if (!process.stdin.isTTY) {
        throw new UserError(
          'sync writes to Splynx and needs confirmation.',
          'Add --yes to run without asking, or --dry-run to see the changes first.',
        );
      }
      const preview = await syncInSession(session, parsed, io, true);
      io.stderr.write(`${changeTotals(preview)}\n`);
      const go = await confirm({ message: 'Write these changes to Splynx?', default: false });
      if (!go) {
        io.stderr.write('Nothing was written.\n');
        return 0;
      }
      dryRun = false;
    }
    const summary = await syncInSession(session, parsed, io, dryRun);
    if (!parsed.common.json) {
      io.stdout.write(
        `${dryRun ? 'Would sync' : 'Synced'} migration ${summary.migrationId}: ${changeTotals(summary)}${summary.failures > 0 ? `; ${summary.failures} record(s) failed` : ''}.\n`,
      );
    }
    session.emit({ type: 'summary', summary });
    return exitCodeFor(summary);
  } finally {
    await session.close();
  }
}
