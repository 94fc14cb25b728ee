#!/usr/bin/env node
import './memory-flags.js';
import { parseCommandLine, USAGE } from './command-line.js';
import { runCutoverCommand } from './commands/cutover.js';
// Thin entry: argv → command → exit code. The only place that calls process.exit, and the one
// catch: every error ends here as a message (never a stack for expected failures) and an exit code.
import { EXIT } from './commands/exit-code.js';
import { runInit } from './commands/init.js';
import { runPreflightCommand } from './commands/preflight.js';
import { runRollbackCommand } from './commands/rollback.js';
import { runEngineCommand } from './commands/run-engine.js';
import type { Io } from './commands/session.js';
import { runSimulate } from './commands/simulate.js';
import { installStallGuard } from './commands/stall-guard.js';
import { runStatus } from './commands/status.js';
import { runSyncCommand } from './commands/sync.js';
import { runVerifyCommand } from './commands/verify.js';
import { readEnv } from './config.js';
import { ApiError, errorMessage, UserError } from './errors.js';
import { Redactor } from './redact.js';

async function main(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (parsed.help) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  if (parsed.version) {
    io.stdout.write('s2s 0.1.0\n');
    return EXIT.ok;
  }
  const env = readEnv();
  switch (parsed.command) {
    case 'simulate':
      return runSimulate(parsed.simulate, io);
    case 'status':
      return runStatus(parsed.id, env, parsed.common, io);
    case 'plan':
    case 'migrate':
    case 'resume':
      return runEngineCommand(parsed, env, io);
    case 'init':
      return runInit(env, parsed.common, io);
    case 'preflight':
      return runPreflightCommand(env, parsed.common, io);
    case 'verify':
      return runVerifyCommand(parsed.id, env, parsed.common, io);
    case 'rollback':
      return runRollbackCommand(parsed.id as string, env, parsed.common, io);
    case 'sync':
      return runSyncCommand(parsed, env, io);
    case 'cutover':
      return runCutoverCommand(parsed, env, io);
    case 'tui':
    case 'demo': {
      const { runInteractive } = await import('./commands/interactive.js');
      return runInteractive(parsed, env, io);
    }
    default:
      throw new UserError(`${parsed.command} is not available in this version yet.`);
  }
}

const io: Io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
let secrets: string[] = [];
try {
  secrets = readEnv().secrets;
} catch {
  // Reported properly by main().
}
const redactor = new Redactor(secrets);
installStallGuard(io.stderr);

main(process.argv.slice(2), io).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UserError) {
      io.stderr.write(`s2s: ${redactor.text(error.message)}\n`);
      if (error.hint) io.stderr.write(`  ${redactor.text(error.hint)}\n`);
      process.exit(error.exitCode);
    }
    if (error instanceof ApiError) {
      io.stderr.write(`s2s: ${redactor.text(error.message)}\n`);
      if (error.hint) io.stderr.write(`  ${redactor.text(error.hint)}\n`);
      process.exit(error.kind === 'fatal' ? EXIT.stopped : EXIT.stopped);
    }
    io.stderr.write(`s2s: unexpected error: ${redactor.text(errorMessage(error))}\n`);
    if (error instanceof Error && error.stack) io.stderr.write(`${redactor.text(error.stack)}\n`);
    process.exit(EXIT.stopped);
  },
);
