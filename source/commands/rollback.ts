// `s2s rollback ID`: shows what would be deleted and kept, asks (unless --yes; never silently
// without a terminal), then deletes. Only Splynx is needed: Sonar is not consulted. While another
// migration uses records this one created, it refuses (exit 1, nothing deleted) and names them;
// --keep-shared deletes the rest and keeps those.
import path from 'node:path';
import { confirm } from '@inquirer/prompts';
import type { CommonArgs } from '../command-line.js';
import type { EnvConfig } from '../config.js';
import type { EngineEvent, RunSummary } from '../engine/events.js';
import { writeReports } from '../engine/report.js';
import {
  findShared,
  planRollback,
  type RollbackResult,
  runRollback,
  type SharedRecord,
  withoutShared,
} from '../engine/rollback.js';
import { RunControl } from '../engine/run-control.js';
import { UserError } from '../errors.js';
import { diagnostics } from '../output/diagnostics.js';
import { writeJsonError } from '../output/error-line.js';
import { eventWriter } from '../output/event-writer.js';
import { Redactor } from '../redact.js';
import { SplynxClient } from '../splynx/client.js';
import { openStateDir } from '../state/index.js';
import { EXIT } from './exit-code.js';
import { type Io, lockNoticeEvent, stateDirPath } from './session.js';

function sharedLines(shared: readonly SharedRecord[]): string[] {
  const by = [...new Set(shared.flatMap((s) => s.usedBy))].sort();
  return [
    `  used by ${by.length === 1 ? 'migration' : 'migrations'} ${by.join(', ')}: ${shared.length} record(s)`,
    ...shared.map(
      (s) => `    ${s.entity} ${s.sonarId} (Splynx ${s.splynxId}), used by ${s.usedBy.join(', ')}`,
    ),
  ];
}

function countText(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([entity, n]) => `${n} ${entity}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

export async function runRollbackCommand(
  id: string,
  env: EnvConfig,
  common: CommonArgs,
  io: Io,
  options: { interactive?: boolean } = {},
): Promise<number> {
  if (!env.splynx) {
    throw new UserError(
      'Splynx is not configured.',
      'Set SPLYNX_URL with SPLYNX_API_KEY/SPLYNX_API_SECRET (see .env.example).',
    );
  }
  const redactor = new Redactor(env.secrets);
  // A dead holder's lock taken over (or one broken) is told like any run's: set once emit exists.
  let tellLock: (event: EngineEvent) => void = () => {};
  const state = openStateDir(path.resolve(stateDirPath(env, common, io)), {
    onLockNotice: (notice) => tellLock(lockNoticeEvent(notice)),
  });
  const view = await state.readOnly(id);
  const full = planRollback(view);
  const shared = await findShared(state, full);
  const plan = common.keepShared ? withoutShared(full, shared) : full;
  // The preview, the refusal and the notices are diagnostics (stderr); what was deleted is the
  // result (stdout).
  const log = diagnostics(io.stderr, { colour: env.terminal.colour });
  const out = (line: string) => log.log(redactor.text(line));
  const result = (line: string) => io.stdout.write(`${redactor.text(line)}\n`);
  out(`Rollback of migration ${id} (${view.status}):`);
  if (shared.length > 0 && !common.keepShared) {
    const refusal = 'Refused: other migrations use records this one created; nothing was deleted.';
    const fix = `Roll those migrations back first, or run \`s2s rollback ${id} --keep-shared\` to delete only what no other migration uses.`;
    log.error(refusal);
    for (const line of sharedLines(shared)) out(line);
    out(fix);
    if (common.json) {
      io.stdout.write(
        `${redactor.text(JSON.stringify({ type: 'rollback', migrationId: id, status: 'refused', deleted: {}, alreadyGone: 0, kept: full.kept, shared }))}\n`,
      );
      writeJsonError(io.stdout, redactor, { code: EXIT.stopped, message: refusal, fixes: [fix] });
      const summary: RunSummary = {
        migrationId: id,
        command: 'rollback',
        status: view.status,
        counts: view.counts(),
        failures: 0,
        durationMs: 0,
      };
      io.stdout.write(`${redactor.text(JSON.stringify({ type: 'summary', summary }))}\n`);
    }
    return EXIT.stopped;
  }
  out(`  delete from Splynx: ${countText(plan.toDelete)}`);
  out(`  keep (adopted, or not ours to undo): ${countText(plan.kept)}`);
  if (shared.length > 0) {
    out('  keep (--keep-shared), as other migrations use them:');
    for (const line of sharedLines(shared)) out(line);
  }
  if (plan.alreadyRolledBack > 0)
    out(`  already rolled back earlier: ${plan.alreadyRolledBack} record(s)`);
  if (plan.pendingIntents.length > 0) {
    log.warn(
      `${plan.pendingIntents.length} create(s) had an unknown outcome (${plan.pendingIntents.slice(0, 5).join(', ')}); rollback cannot know their Splynx ids. Run \`s2s resume ${id}\` first to reconcile them, or check Splynx by hand afterwards.`,
    );
  }
  if (!common.yes) {
    if (!(options.interactive ?? process.stdin.isTTY)) {
      throw new UserError(
        'rollback deletes records from Splynx and needs confirmation.',
        `Add --yes to run without asking: s2s rollback ${id} --yes`,
      );
    }
    const go = await confirm(
      { message: `Delete ${plan.steps.length} record(s) from Splynx?`, default: false },
      { output: io.stderr },
    );
    if (!go) {
      out('Nothing was deleted.');
      return EXIT.ok;
    }
  }

  const control = new RunControl();
  const splynx = new SplynxClient({
    baseUrl: env.splynx.url,
    auth: env.splynx.auth,
    signal: control.signal,
  });
  const writer = eventWriter(io, {
    json: common.json,
    redactor,
    primary: 'summary',
    colour: env.terminal.colour,
  });
  const emit = (event: EngineEvent) => writer(event);
  tellLock = emit;
  const onStop = () => {
    if (control.isStopping) control.abort();
    else {
      out('\nStopping after the deletion in flight; run the same command again to continue.');
      control.stop();
    }
  };
  process.on('SIGINT', onStop);
  process.on('SIGTERM', onStop);
  const started = Date.now();
  let outcome: RollbackResult;
  try {
    outcome = await runRollback({ splynx, state, emit, control, redactor }, id, {
      breakLock: common.breakLock,
      keepShared: common.keepShared ?? false,
    });
  } finally {
    process.off('SIGINT', onStop);
    process.off('SIGTERM', onStop);
    await splynx.close();
  }
  const after = await state.readOnly(id);
  writeReports(after, { redactor });
  const durationMs = Date.now() - started;
  const code =
    outcome.status === 'aborted'
      ? EXIT.interrupted
      : outcome.status === 'rolled-back'
        ? EXIT.ok
        : EXIT.stopped;
  const again = `Run \`s2s rollback ${id}\` again to continue; it picks up where it stopped.`;
  if (common.json) {
    io.stdout.write(
      `${redactor.text(JSON.stringify({ type: 'rollback', ...outcome, durationMs }))}\n`,
    );
    if (code !== EXIT.ok) {
      writeJsonError(io.stdout, redactor, {
        code,
        message:
          outcome.status === 'refused'
            ? 'Refused: another migration started using records of this one meanwhile.'
            : `Rollback ${outcome.status}${outcome.error ? `: ${outcome.error}` : '.'}`,
        fixes: [
          ...(outcome.hint ? [outcome.hint] : []),
          ...(outcome.status === 'refused' ? [] : [again]),
        ],
      });
    }
    emit({
      type: 'summary',
      summary: {
        migrationId: id,
        command: 'rollback',
        status: outcome.status === 'aborted' ? 'aborted' : after.status,
        counts: after.counts(),
        failures: outcome.error ? 1 : 0,
        durationMs,
      },
    });
  } else {
    result(
      `Rollback ${outcome.status}: deleted ${countText(outcome.deleted)}${outcome.alreadyGone > 0 ? `; ${outcome.alreadyGone} already gone` : ''}.`,
    );
    if (outcome.status !== 'refused' && outcome.shared.length > 0) {
      result(`  kept ${outcome.shared.length} record(s) other migrations use.`);
    }
    if (outcome.status === 'refused') {
      log.error('Refused: another migration started using records of this one meanwhile.');
      for (const line of sharedLines(outcome.shared)) out(line);
    }
    if (outcome.error) log.error(redactor.text(outcome.error));
    if (outcome.hint) out(`  ${outcome.hint}`);
    if (outcome.status === 'stopped' || outcome.status === 'aborted') out(again);
  }
  return code;
}
