// Every way a command ends badly, told the same way: `s2s: what failed` and how to fix it on
// stderr, and with --json one {"type":"error","code":N,"message":...,"fixes":[...]} line on
// stdout, so a script reading only stdout still learns why the exit code is not 0.
import type { RunSummary } from '../engine/events.js';
import type { Redactor } from '../redact.js';
import { diagnostics } from './diagnostics.js';

export interface CommandError {
  /** The exit code the process ends with. */
  code: number;
  message: string;
  fixes: string[];
}

/** The JSON error line (a run's summary, when there is one, still comes after it). */
export function writeJsonError(
  stdout: NodeJS.WritableStream,
  redactor: Redactor,
  error: CommandError,
): void {
  const line = { type: 'error', code: error.code, message: error.message, fixes: error.fixes };
  stdout.write(`${redactor.text(JSON.stringify(line))}\n`);
}

/** The error on stderr, and with --json also as a JSON line on stdout. */
export function reportError(
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  options: { json: boolean; redactor: Redactor; colour?: boolean },
  error: CommandError,
): void {
  const log = diagnostics(io.stderr, { colour: options.colour ?? false });
  log.error(options.redactor.text(error.message));
  for (const fix of error.fixes) log.log(`  ${options.redactor.text(fix)}`);
  if (options.json) writeJsonError(io.stdout, options.redactor, error);
}

/** Why a run's exit code is not 0, from its summary. */
export function runError(summary: RunSummary, code: number): CommandError {
  const id = summary.migrationId;
  const resume = id ? [`Continue with \`s2s resume ${id}\`; everything confirmed is saved.`] : [];
  if (summary.status === 'aborted') {
    return { code, message: `${summary.command} was interrupted; state is saved.`, fixes: resume };
  }
  const failure = summary.failure;
  if (failure) {
    return {
      code,
      message: `${summary.command} stopped: ${failure.label} (${failure.entity} ${failure.sonarId}) failed: ${failure.message}`,
      fixes: [...failure.fixes, ...resume],
    };
  }
  if (summary.failures > 0) {
    return {
      code,
      message: `${summary.command} finished with ${summary.failures} failed record(s).`,
      fixes: [
        id
          ? `\`s2s status ${id}\` and the migration's report.md list them with their fixes; fix them, then \`s2s resume ${id}\`.`
          : 'They are listed above with their fixes.',
      ],
    };
  }
  return { code, message: `${summary.command} ended ${summary.status}.`, fixes: resume };
}
