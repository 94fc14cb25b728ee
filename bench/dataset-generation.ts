// Seeded Sonar dataset generation: wall time, rows and memory at 1,000, 10,000 and 100,000 accounts.
// Run: npx tsx bench/dataset-generation.ts [seed]
// With `npx tsx --expose-gc bench/dataset-generation.ts` the retained heap is measured after a full
// GC, so it is the dataset's own size rather than whatever garbage happens to be uncollected.
import { generateSonarDataset } from '../source/simulators/sonar-dataset/generate.js';

const seed = Number(process.argv[2] ?? 1);
const sizes = [1_000, 10_000, 100_000];
const collect = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;

console.log(
  `seed ${seed}; node ${process.version}; retained heap ${collect ? 'after full GC' : 'without forced GC'}`,
);
console.log('accounts   seconds   rows        rows/s      heap used   peak RSS');
for (const accounts of sizes) {
  collect?.();
  const started = performance.now();
  let dataset: ReturnType<typeof generateSonarDataset> | null = generateSonarDataset({
    seed,
    accounts,
  });
  const seconds = (performance.now() - started) / 1000;
  collect?.();
  const { heapUsed, rss } = process.memoryUsage();
  let rows = 0;
  for (const table of Object.values(dataset.tables)) rows += table.length;
  console.log(
    [
      String(accounts).padEnd(10),
      seconds.toFixed(2).padEnd(9),
      String(rows).padEnd(11),
      String(Math.round(rows / seconds)).padEnd(11),
      mb(heapUsed).padEnd(11),
      mb(Math.max(rss, process.resourceUsage().maxRSS * 1024)),
    ].join(' '),
  );
  dataset = null;
}
