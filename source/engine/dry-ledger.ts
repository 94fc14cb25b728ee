// The ledger a plan runs against: the migration's own in-memory table (state/ledger.ts), fed the
// same intent and commit lines a migration journals, but never written to disk. Later phases of
// the plan resolve ids through it exactly as a migration does.

import { recordKey } from '../state/index.js';
import { Ledger as StateLedger } from '../state/ledger.js';
import type { CommitInput, EntityRecord, IntentInput, Ledger } from './ledger.js';

export function dryLedger(): Ledger {
  const now = () => new Date().toISOString();
  const table = StateLedger.empty({
    id: 'plan',
    createdAt: now(),
    updatedAt: now(),
    request: null,
    status: 'running',
    seq: 0,
    pendingIntents: [],
  });
  let seq = 0;
  const get = (entity: string, sonarId: string | number) => table.get(entity, String(sonarId));
  return {
    id: 'plan',
    async intent(input: IntentInput) {
      const { entity, payloadHash } = input;
      table.apply({
        seq: ++seq,
        at: now(),
        type: 'intent',
        entity,
        sonarId: String(input.sonarId),
        payloadHash,
      });
    },
    async commit(input: CommitInput) {
      const sonarId = String(input.sonarId);
      const key = recordKey(input.entity, sonarId);
      const previous = table.get(input.entity, sonarId);
      const intent = table.pendingIntent(key);
      const splynxId = input.splynxId ?? previous?.splynxId;
      const payloadHash = input.payloadHash ?? intent?.payloadHash ?? previous?.payloadHash;
      const extra = input.extra ?? previous?.extra;
      const record: EntityRecord = {
        key,
        entity: input.entity,
        sonarId,
        ...(splynxId === undefined ? {} : { splynxId }),
        action: input.action,
        attempts: (previous?.attempts ?? 0) + (intent?.attempts ?? 0),
        ...(input.lastError ? { lastError: input.lastError } : {}),
        ...(payloadHash === undefined ? {} : { payloadHash }),
        updatedAt: now(),
        ...(extra === undefined ? {} : { extra }),
      };
      table.apply({ seq: ++seq, at: record.updatedAt, type: 'commit', record });
      return record;
    },
    get,
    records: (filter) => table.records(filter),
    splynxId: (entity, sonarId) => get(entity, sonarId)?.splynxId,
    pendingIntents: () => table.pendingIntents(),
    counts: () => table.counts(),
  };
}
