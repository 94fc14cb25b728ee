#!/usr/bin/env node
import './memory-flags.js';
// Thin entry: argv → command → exit code. The only place that calls process.exit, and the one
// catch: every error ends here as a message (never a stack for expected failures) and an exit code.
// Commands are imported when chosen: `s2s --help` or `s2s status` must not pay for loading
// undici, graphql and Ink (a start under half a second; bench/cli-start.ts).
import { staleBuildNotice } from './build-freshness.js';
import { commandHelp, parseCommandLine, USAGE } from './command-line.js';
import { EXIT } from './commands/exit-code.js';
import type { Io } from './commands/session.js';
import { installStallGuard } from './commands/stall-guard.js';
import { type EnvConfig, readEnv } from './config.js';
import { ApiError, errorMessage, UserError } from './errors.js';
import { diagnostics } from './output/diagnostics.js';
import { type CommandError, reportError } from './output/error-line.js';
import { Redactor } from './redact.js';

async function main(argv: string[], io: Io, env: () => EnvConfig): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (parsed.help) {
    io.stdout.write(parsed.command === 'tui' ? USAGE : commandHelp(parsed.command));
    return EXIT.ok;
  }
  if (parsed.version) {
    io.stdout.write('s2s 0.1.0\n');
    return EXIT.ok;
  }
  switch (parsed.command) {
    case 'simulate': {
      const { runSimulate } = await import('./commands/simulate.js');
      return runSimulate(parsed.simulate, io, { json: parsed.common.json });
    }
    case 'status': {
      const { runStatus } = await import('./commands/status.js');
      return runStatus(parsed.id, env(), parsed.common, io);
    }
    case 'plan':
    case 'migrate':
    case 'resume': {
      const { runEngineCommand } = await import('./commands/run-engine.js');
      return runEngineCommand(parsed, env(), io);
    }
    case 'init': {
      const { runInit } = await import('./commands/init.js');
      return runInit(env(), parsed.common, io);
    }
    case 'preflight': {
      const { runPreflightCommand } = await import('./commands/preflight.js');
      return runPreflightCommand(env(), parsed.common, io);
    }
    case 'verify': {
      const { runVerifyCommand } = await import('./commands/verify.js');
      return runVerifyCommand(parsed.id, env(), parsed.common, io);
    }
    case 'rollback': {
      const { runRollbackCommand } = await import('./commands/rollback.js');
      return runRollbackCommand(parsed.id as string, env(), parsed.common, io);
    }
    case 'sync': {
      const { runSyncCommand } = await import('./commands/sync.js');
      return runSyncCommand(parsed, env(), io);
    }
    case 'cutover': {
      const { runCutoverCommand } = await import('./commands/cutover.js');
      return runCutoverCommand(parsed, env(), io);
    }
    case 'tui':
    case 'demo': {
      const { runInteractive } = await import('./commands/interactive.js');
      return runInteractive(parsed, env(), io);
    }
    default:
      throw new UserError(`${parsed.command} is not available in this version yet.`);
  }
}

/** What the one catch tells the operator, and the exit code, for anything a command threw. */
function commandError(error: unknown): CommandError {
  if (error instanceof UserError) {
    return { code: error.exitCode, message: error.message, fixes: error.hint ? [error.hint] : [] };
  }
  if (error instanceof ApiError) {
    return { code: EXIT.stopped, message: error.message, fixes: error.hint ? [error.hint] : [] };
  }
  return {
    code: EXIT.stopped,
    message: `unexpected error: ${errorMessage(error)}`,
    fixes: ['This is a bug in s2s; please report it with the output above.'],
  };
}

const io: Io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
const argv = process.argv.slice(2);
// Known before parsing, so even a usage error answers in JSON (not after `--`, which ends flags).
const flagsEnd = argv.indexOf('--');
const json = (flagsEnd === -1 ? argv : argv.slice(0, flagsEnd)).includes('--json');
let env: EnvConfig | undefined;
let secrets: string[] = [];
let colour = false;
try {
  env = readEnv();
  secrets = env.secrets;
  colour = env.terminal.colour;
} catch {
  // Reported properly when a command asks for the environment.
}
const redactor = new Redactor(secrets);
installStallGuard(io.stderr);
const stale = staleBuildNotice(import.meta.url);
if (stale) diagnostics(io.stderr, { colour }).warn(stale);

main(argv, io, () => env ?? readEnv()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const told = commandError(error);
    reportError(io, { json, redactor, colour }, told);
    if (!(error instanceof UserError || error instanceof ApiError) && error instanceof Error) {
      if (error.stack) io.stderr.write(`${redactor.text(error.stack)}\n`);
    }
    process.exit(told.code);
  },
);
