// `s2s` and `s2s demo`: the terminal app. Until the Ink app lands, the demo runs the headless
// engine against the built-in simulators so a newcomer sees a real migration end to end.
import type { ParsedCommand } from '../command-line.js';
import type { EnvConfig } from '../config.js';
import { readEnv } from '../config.js';
import { startDemoWorld } from '../simulators/demo-world.js';
import { runEngineCommand } from './run-engine.js';
import type { Io } from './session.js';

export async function runInteractive(
  parsed: ParsedCommand,
  env: EnvConfig,
  io: Io,
): Promise<number> {
  if (parsed.command === 'tui' && env.sonar && env.splynx) {
    return runEngineCommand({ ...parsed, command: 'plan' }, env, io);
  }
  io.stderr.write(
    'Starting the demo: simulated Sonar and Splynx on this machine (no credentials needed).\n',
  );
  const world = await startDemoWorld({
    accounts: parsed.simulate.accounts,
    seed: parsed.simulate.seed,
  });
  try {
    const demoEnv = readEnv({ ...world.env, S2S_STATE_DIR: env.stateDir ?? 'state/demo' });
    return await runEngineCommand(
      {
        ...parsed,
        command: 'migrate',
        common: { ...parsed.common, yes: true },
        selection: { ...parsed.selection, all: true },
      },
      demoEnv,
      io,
    );
  } finally {
    await world.close();
  }
}
