// `npm run bench`: every benchmark in turn, each in its own process so one's heap does not skew
// the next. Figures go to stdout; nothing here is a test and nothing asserts a time.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BENCHES: Array<[string, string[]]> = [
  ['dataset-generation.ts', []],
  ['sonar-simulator.ts', ['10000']],
  ['splynx-simulator.ts', []],
  ['splynx-client.ts', ['2000']],
  ['sonar-extraction.ts', []],
  ['state-write.ts', []],
  ['migration-throughput.ts', ['10000', '20', '8']],
  ['tui-customer-list.ts', []],
  ['cli-start.ts', ['10']],
  ['tui-parity.ts', ['500', '4']],
  // The whole pipeline; 10,000 accounts keep `npm run bench` to minutes. The 100,000-account
  // figures in the README come from `npx tsx bench/scale.ts 100000` (about an hour).
  ['scale.ts', ['10000']],
];

const only = process.argv.slice(2);
for (const [file, args] of BENCHES) {
  if (only.length > 0 && !only.some((name) => file.includes(name))) continue;
  console.log(`\n### ${file} ${args.join(' ')}`);
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, file), ...args],
    {
      stdio: 'inherit',
    },
  );
  if (run.status !== 0) console.log(`(${file} exited with ${run.status})`);
}
