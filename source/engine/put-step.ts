// Sub-resources that exist with their customer and are only ever PUT (customer-info, billing,
// final status). On a customer we just created, PUT then read back; on an adopted one, read first
// and PUT only what differs, so a repeated run writes nothing.
import type { PhaseId } from '../command-line.js';
import type { SplynxClient } from '../splynx/client.js';
import { compareRecord, type Normalised } from '../splynx/normalise.js';
import { readRecord } from '../splynx/records-io.js';
import type { EmitEvent } from './events.js';
import { isDone, type Ledger } from './ledger.js';
import { payloadHash } from './payload-hash.js';
import { RecordFailedError } from './record-failure.js';
import { FIELD_HASHES_KEY, fieldHashes } from './sync/field-hashes.js';

export interface PutStep {
  phase: PhaseId;
  entity: string;
  sonarId: string;
  label: string;
  path: string;
  /** The Splynx record the step writes to (the customer, for its info, billing and status). */
  splynxId: number;
  payload: Record<string, unknown>;
  /** The owning record was created in this run: skip the read before writing. */
  fresh: boolean;
}

export async function putStep(
  ctx: {
    ledger: Ledger;
    splynx: SplynxClient;
    emit: EmitEvent;
    signal: AbortSignal;
    defer?: (verification: Promise<void>) => void;
  },
  step: PutStep,
): Promise<void> {
  const existing = ctx.ledger.get(step.entity, step.sonarId);
  if (existing?.action === 'skipped') return;
  if (isDone(existing) && existing?.extra?.unverified !== true) return;
  const hash = payloadHash(step.payload);
  // On a customer made in this run there is nothing to compare with: skip the read.
  if (!step.fresh) {
    const before = compareRecord(step.payload, await readRecord(ctx.splynx, step.path, ctx.signal));
    if (before.mismatches.length === 0) {
      return record(ctx, step, hash, 'adopted', before.normalised);
    }
  }
  const action = 'created';
  // The client sends a PUT again after a 5xx or timeout: it is idempotent.
  await ctx.splynx.update(step.path, step.payload, ctx.signal);
  // The step is journaled only once read back; until then a resume simply PUTs it again.
  const verify = async () => {
    const after = await readRecord(ctx.splynx, step.path, ctx.signal);
    const { mismatches, normalised } = compareRecord(step.payload, after);
    if (mismatches.length > 0) {
      await ctx.ledger.commit({
        entity: step.entity,
        sonarId: step.sonarId,
        action: 'failed',
        payloadHash: hash,
        lastError: {
          kind: 'record',
          message: `Splynx kept ${mismatches[0]?.field} = ${JSON.stringify(mismatches[0]?.received)} after the update`,
          ...(mismatches[0] ? { field: mismatches[0].field } : {}),
        },
      });
      const first = mismatches[0];
      throw new RecordFailedError({
        kind: 'record',
        phase: step.phase,
        entity: step.entity,
        sonarId: step.sonarId,
        label: step.label,
        ...(first ? { field: first.field } : {}),
        rule: 'verify-mismatch',
        message: `Splynx did not keep ${first?.field}: sent ${JSON.stringify(first?.sent)}, read back ${JSON.stringify(first?.received)}`,
        fixes: [
          'Check the field in Splynx (a module setting may override it), then run `s2s resume`.',
        ],
      });
    }
    await record(ctx, step, hash, action, normalised);
  };
  if (ctx.defer) ctx.defer(verify());
  else await verify();
}

async function record(
  ctx: { ledger: Ledger; emit: EmitEvent },
  step: PutStep,
  hash: string,
  action: 'created' | 'adopted',
  normalised: Normalised[],
): Promise<void> {
  await ctx.ledger.commit({
    entity: step.entity,
    sonarId: step.sonarId,
    splynxId: step.splynxId,
    action,
    payloadHash: hash,
    // The base `s2s sync` compares with (sync/field-hashes.ts).
    extra: { [FIELD_HASHES_KEY]: fieldHashes(step.payload, step.entity) },
  });
  ctx.emit({
    type: 'entity',
    phase: step.phase,
    entity: step.entity,
    sonarId: step.sonarId,
    label: step.label,
    action,
    ...(normalised.length > 0 ? { normalised } : {}),
  });
}
