// The demo's simulated Sonar and Splynx, in a process of their own (demo-process.ts starts it):
// the options come as JSON in argv, one JSON line goes back on stdout — the world's environment
// and whether its data is fresh, or why it could not start — and the world closes when stdin
// ends: when the app closes it, or dies.
import { type DemoWorldOptions, startDemoWorld } from '../simulators/demo-world.js';
import { WorldMismatchError } from '../simulators/persist/world-meta.js';

const options = JSON.parse(process.argv[2] ?? '{}') as DemoWorldOptions;
try {
  const world = await startDemoWorld(options);
  process.stdout.write(`${JSON.stringify({ env: world.env, data: world.data })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void world.close().then(() => process.stdin.pause());
  });
} catch (error) {
  if (!(error instanceof WorldMismatchError)) throw error;
  process.stdout.write(`${JSON.stringify({ error: error.message })}\n`);
  process.exitCode = 2;
}
