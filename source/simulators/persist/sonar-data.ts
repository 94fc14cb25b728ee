// The simulated Sonar's changes on disk. Its data is the seeded dataset, regenerated the same at
// every start (demo-world.ts refuses another seed or size), so only what changed since is kept:
// every patch, insert and delete (through /__sim/records or `records`) appended to
// `sonar.ndjson` before it is answered, replayed over the regenerated dataset at start.
import path from 'node:path';
import type { SonarChange, SonarStore } from '../sonar/store.js';
import { MutationLog, replayLog } from './mutation-log.js';

export const SONAR_LOG = 'sonar.ndjson';

export async function openSonarData(
  store: SonarStore,
  dataDir: string,
): Promise<{ replayed: number; close(): void }> {
  const file = path.join(dataDir, SONAR_LOG);
  store.onChange = undefined;
  const { entries } = await replayLog(file, (entry) => apply(store, entry as SonarChange));
  const log = new MutationLog(file);
  store.onChange = (change) => log.append(change);
  return {
    replayed: entries,
    close: () => {
      store.onChange = undefined;
      log.close();
    },
  };
}

function apply(store: SonarStore, change: SonarChange): void {
  if (change.op === 'patch') store.patch(change.table, change.id, change.fields);
  else if (change.op === 'insert') store.insert(change.table, change.row);
  else store.remove(change.table, change.id);
}
