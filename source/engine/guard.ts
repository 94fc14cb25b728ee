// One place decides what a record failure does to the run: stop it (default, and always for
// fatal errors such as 401/403), or under --no-stop-on-error record it and carry on; a record
// whose cause the operator chose to skip (the terminal app's failures view) is journaled skipped.
import type { MappingIssue } from '../mapping/issues.js';
import type { RecordFailure } from './events.js';
import type { PhaseContext } from './phase.js';
import {
  failureFromError,
  failureFromIssues,
  RecordFailedError,
  type RecordRef,
} from './record-failure.js';

/** Runs one record's work; returns undefined when it failed and the run carries on. */
export async function guarded<T>(
  ctx: PhaseContext,
  ref: RecordRef,
  work: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return await settle(ctx, failureFromError(ref, error));
  }
}

/** A mapping refused the record: journal it as failed, then stop or carry on. */
export function refuse(
  ctx: PhaseContext,
  ref: RecordRef,
  issues: MappingIssue[],
): Promise<undefined> {
  return failRecord(ctx, failureFromIssues(ref, issues));
}

/** A record that cannot be written as it is: journal it as failed, then stop or carry on. */
export async function failRecord(ctx: PhaseContext, failure: RecordFailure): Promise<undefined> {
  await ctx.ledger.commit({
    entity: failure.entity,
    sonarId: failure.sonarId,
    action: 'failed',
    lastError: {
      kind: 'record',
      message: failure.message,
      ...(failure.field ? { field: failure.field } : {}),
    },
  });
  return settle(ctx, failure);
}

async function settle(ctx: PhaseContext, failure: RecordFailure): Promise<undefined> {
  const skip = failure.kind === 'record' ? ctx.skipFailure?.(failure) : undefined;
  if (skip !== undefined) {
    await ctx.ledger.commit({
      entity: failure.entity,
      sonarId: failure.sonarId,
      action: 'skipped',
      lastError: {
        kind: 'record',
        message: skip,
        ...(failure.field ? { field: failure.field } : {}),
      },
    });
    ctx.emit({
      type: 'entity',
      phase: failure.phase,
      entity: failure.entity,
      sonarId: failure.sonarId,
      label: failure.label,
      action: 'skipped',
      reason: skip,
    });
    return undefined;
  }
  if (ctx.options.stopOnError || failure.kind === 'fatal' || failure.kind === 'retryable') {
    throw new RecordFailedError(failure);
  }
  ctx.failures.push(failure);
  ctx.emit({ type: 'record-failed', failure });
  ctx.emit({
    type: 'entity',
    phase: failure.phase,
    entity: failure.entity,
    sonarId: failure.sonarId,
    label: failure.label,
    action: 'failed',
    reason: failure.message,
  });
  return undefined;
}

/** Dependants of a failed record are blocked, journaled with the reason. */
export async function block(ctx: PhaseContext, ref: RecordRef, reason: string): Promise<void> {
  await ctx.ledger.commit({
    entity: ref.entity,
    sonarId: ref.sonarId,
    action: 'blocked',
    lastError: { kind: 'record', message: reason },
  });
  ctx.emit({ type: 'entity', ...ref, action: 'blocked', reason });
}

export { RecordFailedError };
