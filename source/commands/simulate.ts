// `s2s simulate`: both simulators in the foreground with the seeded ISP, for trying s2s by hand
// or pointing another tool at them. Prints URLs and (demo-only) credentials, then waits for Ctrl-C.
import type { SimulateArgs } from '../command-line.js';
import { startDemoWorld } from '../simulators/demo-world.js';
import type { Io } from './session.js';

export async function runSimulate(
  args: SimulateArgs,
  io: Io,
  options: { json?: boolean; signal?: AbortSignal } = {},
): Promise<number> {
  const { signal } = options;
  // Listening before anything is printed: a script that sends SIGINT the moment it has read the
  // URLs would otherwise kill the process before the handler exists (Node's default: die).
  const stopped = new Promise<void>((resolve) => {
    const done = () => resolve();
    signal?.addEventListener('abort', done, { once: true });
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  const world = await startDemoWorld({
    accounts: args.accounts,
    seed: args.seed,
    latencyMs: args.latency,
    ...(args.sonarPort !== undefined ? { sonarPort: args.sonarPort } : {}),
    ...(args.splynxPort !== undefined ? { splynxPort: args.splynxPort } : {}),
  });
  const lines = [
    `Simulated Sonar:  ${world.sonar.endpoint}  (${args.accounts} accounts, seed ${args.seed})`,
    `Simulated Splynx: ${world.splynx.apiBase}${args.latency ? `  (${args.latency} ms latency)` : ''}`,
    '',
    'These are demo credentials for the local simulators only. To use them:',
    ...Object.entries(world.env).map(([k, v]) => `  export ${k}=${v}`),
    '',
    'Inspect: GET <url>/__sim/requests, /__sim/state (Splynx), /__sim/faults. Ctrl-C stops both.',
  ];
  io.stdout.write(
    options.json
      ? `${JSON.stringify({ type: 'simulate', sonar: world.sonar.endpoint, splynx: world.splynx.apiBase, accounts: args.accounts, seed: args.seed, latencyMs: args.latency, env: world.env })}\n`
      : `${lines.join('\n')}\n`,
  );
  await stopped;
  await world.close();
  return 0;
}
