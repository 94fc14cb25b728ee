// Full Sonar extraction (foundation, network, inventory, every account joined) against the
// loopback simulator: requests per 1,000 accounts (target ≤ 30) and wall time, under each reading
// of same-attribute Search entries (the documented AND, and OR; see source/sonar/search-reading.ts).
// Run: npx tsx bench/sonar-extraction.ts [accounts ...] [--readings=and,or]   (default 1000 10000)

import { SEARCH_READINGS, type SearchReading } from '../source/simulators/sonar/search.js';
import { startSonarSimulator } from '../source/simulators/sonar/server.js';
import { generateSonarDataset } from '../source/simulators/sonar-dataset/generate.js';
import { SonarClient } from '../source/sonar/client.js';
import { extractAccounts } from '../source/sonar/extract-accounts.js';
import { extractFoundation } from '../source/sonar/extract-foundation.js';
import { extractInventory } from '../source/sonar/extract-inventory.js';
import { extractNetwork } from '../source/sonar/extract-network.js';

const args = process.argv.slice(2);
const sizes = args.map(Number).filter((n) => n > 0);
const readingsArg = args.find((a) => a.startsWith('--readings='))?.slice('--readings='.length);
const readings = (readingsArg ? readingsArg.split(',') : ['and', 'or']).filter(
  (r): r is SearchReading => (SEARCH_READINGS as readonly string[]).includes(r),
);

for (const accounts of sizes.length > 0 ? sizes : [1_000, 10_000]) {
  const dataset = generateSonarDataset({ seed: 1, accounts });
  for (const reading of readings) {
    const sim = await startSonarSimulator({ dataset, searchReading: reading });
    const byOperation = new Map<string, number>();
    // The documented budget (400/min) would turn the 10k run into minutes of pure waiting; the
    // request count, not the wait, is what this measures.
    const tracked = new SonarClient({
      url: sim.url,
      token: sim.token,
      perMinute: Number.POSITIVE_INFINITY,
      onRequest: (event) =>
        byOperation.set(event.operation, (byOperation.get(event.operation) ?? 0) + 1),
    });
    const started = performance.now();
    await extractFoundation(tracked);
    await extractNetwork(tracked);
    await extractInventory(tracked);
    let extracted = 0;
    let ips = 0;
    for await (const page of extractAccounts(tracked, { includeArchived: true })) {
      extracted += page.length;
      for (const account of page) ips += account.ip_assignments.length;
    }
    const seconds = (performance.now() - started) / 1000;
    await sim.close();
    const perThousand = (tracked.requests / accounts) * 1000;
    console.log(
      `${accounts} accounts (${reading}): ${extracted} extracted, ${ips} IPs, ${tracked.requests} Sonar requests ` +
        `(${perThousand.toFixed(1)} per 1,000 accounts), ${seconds.toFixed(1)} s, ` +
        `${Math.round(extracted / seconds)} accounts/s`,
    );
    console.log(`  by operation: ${[...byOperation].map(([op, n]) => `${op} ${n}`).join(', ')}`);
  }
}
