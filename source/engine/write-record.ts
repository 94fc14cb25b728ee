// Adopt-or-create, the heart of idempotency (MAPPING.md, Identity): look the record up by its key
// before any create; adopt what exists; after a write whose outcome is unknown, search again
// before retrying — never retry a create blindly. Every outcome is journaled before anything that
// depends on it is written.
import type { PhaseId } from '../command-line.js';
import { ApiError } from '../errors.js';
import { abortableSleep, backoffDelay, DEFAULT_BACKOFF } from '../http/backoff.js';
import { compareRecord, type Mismatch, type Normalised } from '../splynx/normalise.js';
import type { Json } from '../state/index.js';
import { recordKey } from '../state/index.js';
import type { EmitEvent, EntityAction } from './events.js';
import type { Ledger } from './ledger.js';
import { payloadHash } from './payload-hash.js';
import { failureFromError, RecordFailedError } from './record-failure.js';
import { FIELD_HASHES_KEY, fieldHashes } from './sync/field-hashes.js';

export interface WriteContext {
  ledger: Ledger;
  emit: EmitEvent;
  signal: AbortSignal;
  /** Tries for one create when Splynx throttles or the outcome stays unknown. */
  maxAttempts?: number;
  /** Crash-test seam: runs after Splynx confirmed a create, before the journal knows. */
  afterCreate?: () => void;
  /**
   * Lets the read-back of a fresh create run while the caller goes on with the next write; the
   * caller awaits everything it was handed before calling the record done. Without it, each
   * read-back is awaited in line.
   */
  defer?: (verification: Promise<void>) => void;
}

export interface WriteSpec<P extends object> {
  phase: PhaseId;
  entity: string;
  sonarId: string;
  label: string;
  payload: P;
  /**
   * The lookup result when a batch prefetch already asked Splynx: a number = found, null = known
   * absent. Undefined = not known, `find` is called.
   */
  known?: number | null;
  find(signal: AbortSignal): Promise<number | undefined>;
  create(payload: P, signal: AbortSignal): Promise<number>;
  /** Partial update of a record s2s made earlier whose Sonar data has changed since. */
  update?: (id: number, patch: Record<string, unknown>, signal: AbortSignal) => Promise<void>;
  /** Read back for verification; omit to skip verification (e.g. write-only endpoints). */
  read?: (id: number, signal: AbortSignal) => Promise<Record<string, unknown>>;
  /** Payload keys Splynx never echoes (passwords) or reshapes beyond comparison. */
  unverifiable?: readonly string[];
  /** Small JSON kept with the ledger record for later phases (never payload values). */
  extra?: Record<string, Json>;
}

export interface WriteResult {
  splynxId: number;
  action: EntityAction;
  /** True when the ledger already had it done: no request was made. */
  reused: boolean;
}

export type { Mismatch, Normalised } from '../splynx/normalise.js';

export async function adoptOrCreate<P extends object>(
  ctx: WriteContext,
  spec: WriteSpec<P>,
): Promise<WriteResult> {
  const key = recordKey(spec.entity, spec.sonarId);
  const hash = payloadHash(spec.payload);
  const existing = ctx.ledger.get(spec.entity, spec.sonarId);
  if (
    existing &&
    (existing.action === 'created' || existing.action === 'adopted') &&
    typeof existing.splynxId === 'number' &&
    existing.extra?.unverified !== true
  ) {
    return { splynxId: existing.splynxId, action: existing.action, reused: true };
  }

  const pending = ctx.ledger.pendingIntents().some((p) => p.key === key);
  const ref = { phase: spec.phase, entity: spec.entity, sonarId: spec.sonarId, label: spec.label };

  try {
    // A record we created earlier but could not verify, or whose create may have landed.
    let found: number | undefined;
    if (existing?.extra?.unverified === true && typeof existing.splynxId === 'number') {
      found = existing.splynxId;
    } else if (pending || existing?.action === 'failed' || spec.known === undefined) {
      found = await spec.find(ctx.signal);
    } else {
      found = spec.known ?? undefined;
    }
    if (found !== undefined) {
      // Our own earlier create (journaled intent) is "created", so rollback still removes it.
      const action: EntityAction = pending
        ? 'created'
        : existing?.action === 'created' || existing?.action === 'adopted'
          ? existing.action
          : 'adopted';
      await verifyAndCommit(ctx, spec, hash, found, action);
      return { splynxId: found, action, reused: false };
    }

    const attempts = ctx.maxAttempts ?? DEFAULT_BACKOFF.attempts;
    for (let attempt = 1; ; attempt++) {
      await ctx.ledger.intent({
        entity: spec.entity,
        sonarId: spec.sonarId,
        payloadHash: hash,
      });
      let id: number | undefined;
      try {
        id = await spec.create(spec.payload, ctx.signal);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.kind === 'unknown-outcome') {
          // The create may have landed (a 5xx after the commit, a timeout, an answer without the
          // id such as `{}`): search before sending it again, and before giving up, so a record
          // that exists is never left behind nor written twice.
          id = await spec.find(ctx.signal);
          if (id === undefined) {
            if (attempt >= attempts) throw error;
            ctx.emit({
              type: 'log',
              level: 'warn',
              message: `${spec.label}: outcome of the create was unknown and Splynx has no such record; sending it again (attempt ${attempt + 1})`,
            });
            await abortableSleep(backoffDelay(attempt, DEFAULT_BACKOFF), ctx.signal);
            continue;
          }
        } else if (error.kind === 'retryable' && attempt < attempts) {
          await abortableSleep(
            backoffDelay(attempt, DEFAULT_BACKOFF, error.retryAfterMs),
            ctx.signal,
          );
          continue;
        } else {
          throw error;
        }
      }
      ctx.afterCreate?.();
      if (ctx.defer && spec.read) {
        // Journaled as created but not yet verified: a crash before the read-back finishes makes
        // the next run read it back again.
        await commitCreated(ctx, spec, hash, id);
        ctx.defer(
          verifyAndCommit(ctx, spec, hash, id, 'created').catch((error: unknown) => {
            throw error instanceof RecordFailedError
              ? error
              : new RecordFailedError(failureFromError(ref, error));
          }),
        );
      } else {
        await verifyAndCommit(ctx, spec, hash, id, 'created');
      }
      return { splynxId: id, action: 'created', reused: false };
    }
  } catch (error) {
    if (error instanceof RecordFailedError) throw error;
    const failure = failureFromError(ref, error);
    if (failure.kind === 'record') {
      await ctx.ledger.commit({
        entity: spec.entity,
        sonarId: spec.sonarId,
        action: 'failed',
        payloadHash: hash,
        lastError: {
          kind: failure.kind,
          message: failure.message,
          ...(failure.field ? { field: failure.field } : {}),
        },
      });
    }
    throw new RecordFailedError(failure);
  }
}

async function commitCreated<P extends object>(
  ctx: WriteContext,
  spec: WriteSpec<P>,
  hash: string,
  splynxId: number,
): Promise<void> {
  await ctx.ledger.commit({
    entity: spec.entity,
    sonarId: spec.sonarId,
    splynxId,
    action: 'created',
    payloadHash: hash,
    extra: { ...spec.extra, ...syncBase(spec), unverified: true },
  });
}

/**
 * Customer-phase records keep a hash per field of what was sent: the base `s2s sync` compares
 * Sonar's and Splynx's current values with (source/engine/sync/field-hashes.ts).
 */
function syncBase<P extends object>(spec: WriteSpec<P>): Record<string, Json> {
  return spec.phase === 'customers'
    ? { [FIELD_HASHES_KEY]: fieldHashes(spec.payload as Record<string, unknown>, spec.entity) }
    : {};
}

async function verifyAndCommit<P extends object>(
  ctx: WriteContext,
  spec: WriteSpec<P>,
  hash: string,
  splynxId: number,
  action: EntityAction,
): Promise<void> {
  const sent = spec.payload as Record<string, unknown>;
  let mismatches: Mismatch[] = [];
  let normalised: Normalised[] = [];
  if (spec.read) {
    const received = await spec.read(splynxId, ctx.signal);
    ({ mismatches, normalised } = compareRecord(sent, received, spec.unverifiable));
    // A record carrying our sonar_id was made by s2s from this Sonar record: bring it in line
    // with Sonar (only the differing fields). Anything else is the operator's data: report it.
    if (mismatches.length > 0 && spec.update && carriesOurSonarId(sent, received)) {
      const patch = Object.fromEntries(mismatches.map((m) => [m.field, m.sent]));
      await spec.update(splynxId, patch, ctx.signal);
      ({ mismatches, normalised } = compareRecord(
        sent,
        await spec.read(splynxId, ctx.signal),
        spec.unverifiable,
      ));
    }
  }
  await ctx.ledger.commit({
    entity: spec.entity,
    sonarId: spec.sonarId,
    splynxId,
    action,
    payloadHash: hash,
    // Written every time: a clean verification must clear an earlier `unverified`. Only the
    // exception is stored, so half a million verified records carry no extra at all.
    extra:
      mismatches.length > 0
        ? { ...spec.extra, ...syncBase(spec), unverified: true }
        : { ...spec.extra, ...syncBase(spec) },
  });
  ctx.emit({
    type: 'entity',
    phase: spec.phase,
    entity: spec.entity,
    sonarId: spec.sonarId,
    label: spec.label,
    action,
    splynxId,
    // Splynx stored these in its own form (e.g. MACs upper-cased): not a mismatch, but said.
    ...(normalised.length > 0 ? { normalised } : {}),
  });
  if (mismatches.length > 0)
    throw new RecordFailedError(mismatchFailure(spec, splynxId, mismatches));
}

function carriesOurSonarId(sent: Record<string, unknown>, received: Record<string, unknown>) {
  const ours = (sent.additional_attributes as Record<string, unknown> | undefined)?.sonar_id;
  const theirs = (received.additional_attributes as Record<string, unknown> | undefined)?.sonar_id;
  return ours !== undefined && theirs !== undefined && String(ours) === String(theirs);
}

/** The fields that differ even after normalisation (see splynx/normalise.ts). */
export function compareFields(
  sent: Record<string, unknown>,
  received: Record<string, unknown>,
  unverifiable: readonly string[] = [],
): Mismatch[] {
  return compareRecord(sent, received, unverifiable).mismatches;
}

function mismatchFailure<P extends object>(
  spec: WriteSpec<P>,
  splynxId: number,
  mismatches: Mismatch[],
) {
  const first = mismatches[0] as Mismatch;
  const show = (v: unknown) => JSON.stringify(v)?.slice(0, 80) ?? 'undefined';
  return {
    kind: 'record' as const,
    phase: spec.phase,
    entity: spec.entity,
    sonarId: spec.sonarId,
    label: spec.label,
    field: first.field,
    rule: 'verify-mismatch',
    message: `Splynx ${spec.entity} ${splynxId} holds ${first.field} = ${show(first.received)}, expected ${show(first.sent)}${mismatches.length > 1 ? ` (and ${mismatches.length - 1} more fields differ)` : ''}`,
    fixes: [
      `Compare Splynx ${spec.entity} ${splynxId} with the Sonar record; correct whichever side is wrong.`,
      'Then run `s2s resume`: it reads the record back again before going on.',
    ],
  };
}
