// `s2s preflight`: prints each check as it completes, then the verdict, on stdout (they are its
// result); exit 3 when anything blocks a run.
import type { CommonArgs } from '../command-line.js';
import type { EnvConfig } from '../config.js';
import { blocking, runPreflight } from '../engine/preflight.js';
import { writeJsonError } from '../output/error-line.js';
import type { PreflightCheck } from '../ui/services.js';
import { EXIT } from './exit-code.js';
import { type Io, openCheckedSession } from './session.js';

export function checkLines(check: PreflightCheck): string[] {
  const mark = check.ok ? 'ok  ' : check.severity === 'blocking' ? 'FAIL' : 'warn';
  const lines = [`${mark} ${check.title}: ${check.detail}`];
  if (!check.ok && check.fix) lines.push(`     → ${check.fix}`);
  return lines;
}

export async function runPreflightCommand(
  env: EnvConfig,
  common: CommonArgs,
  io: Io,
): Promise<number> {
  const session = await openCheckedSession(env, common, io);
  const { redactor } = session;
  try {
    const checks = await runPreflight(
      {
        sonar: session.deps.sonar,
        splynx: session.deps.splynx,
        config: session.deps.config,
        signal: session.control.signal,
      },
      (check) => {
        if (common.json) {
          io.stdout.write(`${redactor.text(JSON.stringify({ type: 'preflight-check', check }))}\n`);
        } else {
          for (const line of checkLines(check)) io.stdout.write(`${redactor.text(line)}\n`);
        }
      },
    );
    const blocked = blocking(checks);
    const warnings = checks.filter((c) => !c.ok && c.severity === 'warning').length;
    if (common.json) {
      if (blocked.length > 0) {
        writeJsonError(io.stdout, redactor, {
          code: EXIT.preflight,
          message: `Preflight failed: ${blocked.length} blocking problem(s).`,
          fixes: blocked.map((c) => c.fix ?? `${c.title}: ${c.detail}`),
        });
      }
      io.stdout.write(
        `${JSON.stringify({ type: 'preflight', ok: blocked.length === 0, checks: checks.length, blocking: blocked.length, warnings })}\n`,
      );
    } else {
      io.stdout.write(
        blocked.length === 0
          ? `\nPreflight passed (${checks.length} checks, ${warnings} warning(s)).\n`
          : `\nPreflight failed: ${blocked.length} blocking problem(s). Fix them and run \`s2s preflight\` again.\n`,
      );
    }
    return blocked.length === 0 ? EXIT.ok : EXIT.preflight;
  } finally {
    await session.close();
  }
}
