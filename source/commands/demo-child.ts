// The demo's simulated Sonar and Splynx, in a process of their own (demo-process.ts starts it):
// the options come as JSON in argv, the world's environment goes back as one JSON line on
// stdout, and the world closes when stdin ends — when the app closes it, or dies.
import { type DemoWorldOptions, startDemoWorld } from '../simulators/demo-world.js';

const options = JSON.parse(process.argv[2] ?? '{}') as DemoWorldOptions;
const world = await startDemoWorld(options);
process.stdout.write(`${JSON.stringify(world.env)}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void world.close().then(() => process.stdin.pause());
});
