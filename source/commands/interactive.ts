// `s2s` and `s2s demo`: the terminal app. Live when Sonar and Splynx are configured, otherwise
// (and always for `demo`) on the built-in simulators. SIGHUP/SIGTERM stop a run like `q`: the
// records in flight finish and are journaled, then the app exits with 130 (resumable).
// It draws on the terminal's alternate screen, as full-screen programs do (less, vim, htop), so
// a run's thousands of lines never flood the scrollback; the log is a panel and run.log.
import './react-production.js';
import { render } from 'ink';
import { createElement } from 'react';
import type { ParsedCommand } from '../command-line.js';
import type { EnvConfig } from '../config.js';
import { readEnv } from '../config.js';
import { UserError } from '../errors.js';
import { App } from '../ui/app.js';
import type { RunHandle } from '../ui/services.js';
import { openAppServices } from './app-services.js';
import { cliName } from './cli-name.js';
import { type DemoProcess, startDemoProcess } from './demo-process.js';
import { clearDemoState, demoDataDir, demoDataLine } from './demo-state.js';
import { EXIT } from './exit-code.js';
import { type Io, stateDirPath } from './session.js';

export async function runInteractive(
  parsed: ParsedCommand,
  env: EnvConfig,
  io: Io,
): Promise<number> {
  if (env.terminal.dumb) {
    throw new UserError(
      'The s2s terminal app redraws the screen, which TERM=dumb cannot do.',
      'Set TERM (e.g. TERM=xterm-256color), or use the headless commands: `s2s plan --all`, `s2s migrate --customer <id> --yes`, `s2s resume`, `s2s status`.',
    );
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError(
      'The s2s terminal app needs an interactive terminal (stdin and stdout are not a TTY).',
      'For scripts use the headless commands: `s2s plan --all`, `s2s migrate --customer <id> --yes`, `s2s resume`, `s2s status` (add --json for JSON Lines).',
    );
  }
  const live = parsed.command === 'tui' && env.sonar !== undefined && env.splynx !== undefined;
  let world: DemoProcess | undefined;
  let runEnv = env;
  let demoData: string | undefined;
  if (!live) {
    const stateDir = stateDirPath(
      { ...env, stateDir: env.stateDir ?? 'state/demo' },
      parsed.common,
      io,
    );
    if (parsed.simulate.freshDemo) clearDemoState(stateDir);
    io.stderr.write('Starting the demo: simulated Sonar and Splynx on this machine…\n');
    world = await startDemoProcess({
      accounts: parsed.simulate.accounts,
      seed: parsed.simulate.seed,
      ...(parsed.simulate.latency > 0 ? { latencyMs: parsed.simulate.latency } : {}),
      dataDir: demoDataDir(stateDir),
    });
    demoData = demoDataLine(world.data, stateDir, io.cwd);
    io.stderr.write(`${demoData}\n`);
    runEnv = readEnv({ ...world.env, S2S_STATE_DIR: env.stateDir ?? 'state/demo' });
  }
  const services = openAppServices(
    runEnv,
    parsed.common,
    io.cwd,
    live ? 'live' : 'demo',
    cliName(process.argv[1], io.cwd),
  );
  // The Start screen's "fresh demo" / "demo data from <date> kept in …" line.
  if (demoData) Object.assign(services, { demoData });
  let running: RunHandle | undefined;
  let interrupted = false;
  const screen = alternateScreen(process.stdout);
  const app = render(
    createElement(App, {
      services,
      colour: env.terminal.colour,
      ...(parsed.common.concurrency !== undefined
        ? { concurrency: parsed.common.concurrency }
        : {}),
      onRunHandle: (handle) => {
        running = handle;
      },
    }),
    { exitOnCtrlC: false },
  );
  const onSignal = () => {
    interrupted = true;
    const handle = running;
    if (!handle) {
      app.unmount();
      return;
    }
    handle.stop();
    void handle.done.finally(() => app.unmount());
  };
  process.on('SIGHUP', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await app.waitUntilExit();
    // A quit while a run is stopping still waits for its records to be journaled.
    const handle = running as RunHandle | undefined;
    if (handle) await handle.done;
  } finally {
    screen.leave();
    process.off('SIGHUP', onSignal);
    process.off('SIGTERM', onSignal);
    await services.close();
    await world?.close();
  }
  return interrupted ? EXIT.interrupted : EXIT.ok;
}

const ENTER_ALTERNATE = '\u001B[?1049h\u001B[H';
const LEAVE_ALTERNATE = '\u001B[?1049l';

/**
 * Switches to the alternate screen until `leave`, which also runs on any exit and before an
 * uncaught error is printed (so the error lands on the normal screen, where it stays readable).
 */
function alternateScreen(stdout: NodeJS.WriteStream) {
  let active = true;
  const leave = () => {
    if (!active) return;
    active = false;
    process.off('exit', leave);
    process.off('uncaughtExceptionMonitor', leave);
    stdout.write(LEAVE_ALTERNATE);
  };
  stdout.write(ENTER_ALTERNATE);
  process.on('exit', leave);
  process.on('uncaughtExceptionMonitor', leave);
  return { leave };
}
