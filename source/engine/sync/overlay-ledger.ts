// The ledger a dry-run sync works on: the migration's records as they are on disk, with the run's
// own intents and commits kept in memory on top. Nothing reaches the state folder and no lock is
// taken, so `s2s sync --dry-run` can run beside anything.
import { dryLedger } from '../dry-ledger.js';
import type { EntityRecord, Ledger } from '../ledger.js';

export function overlayLedger(
  base: Pick<Ledger, 'id' | 'get' | 'records' | 'pendingIntents' | 'counts'>,
): Ledger {
  const top = dryLedger();
  const get = (entity: string, sonarId: string | number) =>
    top.get(entity, sonarId) ?? base.get(entity, sonarId);
  return {
    id: base.id,
    intent: (input) => top.intent(input),
    commit: (input) => top.commit(input),
    get,
    *records(filter) {
      const shadowed = new Set<string>();
      for (const record of top.records(filter)) {
        shadowed.add(record.key);
        yield record;
      }
      for (const record of base.records(filter) as Iterable<EntityRecord>) {
        if (!shadowed.has(record.key)) yield record;
      }
    },
    splynxId: (entity, sonarId) => get(entity, sonarId)?.splynxId,
    pendingIntents: () => [...base.pendingIntents(), ...top.pendingIntents()],
    counts: () => base.counts(),
  };
}
