// plan, migrate and resume: the headless runner of the engine.
import { confirm } from '@inquirer/prompts';
import type { ParsedCommand } from '../command-line.js';
import type { EnvConfig } from '../config.js';
import type { RunSummary } from '../engine/events.js';
import { runMigrate, runPlan, runResume } from '../engine/orchestrator.js';
import { writeReports } from '../engine/report.js';
import { ReportCollector } from '../engine/report-collector.js';
import { resolveSelection } from '../engine/selection.js';
import { UserError } from '../errors.js';
import { runError, writeJsonError } from '../output/error-line.js';
import { countLines } from '../ui/plain-log.js';
import { exitCodeFor } from './exit-code.js';
import { DEFAULT_CONCURRENCY, type Io, openCheckedSession } from './session.js';

export async function runEngineCommand(
  parsed: ParsedCommand,
  env: EnvConfig,
  io: Io,
): Promise<number> {
  const session = await openCheckedSession(env, parsed.common, io, {
    primary: parsed.command === 'plan' ? 'listing' : 'summary',
  });
  // Failure fixes and skip reasons live only in the event stream; the reports need them.
  const collector = new ReportCollector();
  session.deps.emit = collector.tap(session.deps.emit);
  try {
    const options = {
      concurrency: parsed.common.concurrency ?? DEFAULT_CONCURRENCY,
      stopOnError: parsed.common.stopOnError,
    };
    let summary: RunSummary;
    if (parsed.command === 'plan') {
      const selection = resolveSelection(parsed.selection, { requireExplicit: false });
      summary = await runPlan(session.deps, selection, options);
    } else if (parsed.command === 'migrate') {
      const selection = resolveSelection(parsed.selection, { requireExplicit: true });
      if (!parsed.common.yes) {
        if (!process.stdin.isTTY) {
          throw new UserError(
            'migrate writes to Splynx and needs confirmation.',
            'Add --yes to run without asking.',
          );
        }
        const plan = await runPlan({ ...session.deps, emit: () => {} }, selection, options);
        io.stderr.write(
          `${countLines(plan.planned ?? {})
            .map((l) => `  would ${l}`)
            .join('\n')}\n`,
        );
        // On stderr, like everything but the result: stdout may be a file.
        const go = await confirm(
          { message: 'Write this to Splynx?', default: false },
          { output: io.stderr },
        );
        if (!go) {
          io.stderr.write('Nothing was written.\n');
          return 0;
        }
      }
      summary = await runMigrate(session.deps, selection, options);
    } else {
      summary = await runResume(session.deps, parsed.id, {
        breakLock: parsed.common.breakLock,
        ...(parsed.common.concurrency !== undefined
          ? { concurrency: parsed.common.concurrency }
          : {}),
        ...(parsed.common.stopOnError ? {} : { stopOnError: false }),
      });
    }
    summary.sonarRequests = session.clients.counts.sonar;
    summary.splynxRequests = session.clients.counts.splynx;
    if (summary.migrationId) {
      const view = await session.deps.state.readOnly(summary.migrationId);
      const paths = writeReports(view, {
        redactor: session.redactor,
        summary,
        failures: collector.failures,
        skipped: collector.skipped,
      });
      session.emit({ type: 'log', level: 'info', message: `Reports: ${paths.markdown}` });
    }
    const code = exitCodeFor(summary);
    if (parsed.common.json && code !== 0) {
      writeJsonError(io.stdout, session.redactor, runError(summary, code));
    }
    session.emit({ type: 'summary', summary });
    return code;
  } finally {
    await session.close();
  }
}
