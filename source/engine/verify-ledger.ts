// verify, what the ledger itself says is not in Splynx: records the migration failed, blocked or
// passed over, and entities whose counts disagree with Sonar. Read-backs only see what was
// migrated; without these a run with failures verified clean.
import type { EntityRecord } from '../state/index.js';
import { isRolledBack } from './rollback.js';
import { splynxIdPart, type VerifySource } from './verify-expectation.js';
import type { EntityCount, VerifyDifference } from './verify-result.js';

/** Bookkeeping records, not Sonar records: nothing of the selection is missing without them. */
export const BOOKKEEPING = new Set([
  'additional_field',
  'customer_status',
  // s2s cutover's journal (sync/cutover-billing.ts): a state of Splynx, not a Sonar record.
  'cutover',
  'cutover_billing',
]);

/**
 * A 'skipped' record in the ledger is always the operator's choice (the TUI's "skip", kept with
 * the reason typed, or a rollback's mark, which isRolledBack excludes first): the phases skip by
 * rule (a VOICE service, a disabled Sonar user, an item whose model is gone) without journaling
 * anything, and those records are left out of the Sonar counts too. So a journaled skip is a
 * record that should be in Splynx and is not; a record that carries `extra.skippedByRule` (for
 * a phase that journals its rule skips) is not.
 */
function skippedByRule(record: EntityRecord): boolean {
  return record.extra?.skippedByRule === true;
}

export function unmigratedDifferences(view: Pick<VerifySource, 'records'>): VerifyDifference[] {
  const out: VerifyDifference[] = [];
  for (const record of view.records()) {
    if (isRolledBack(record) || BOOKKEEPING.has(record.entity)) continue;
    if (record.action === 'created' || record.action === 'adopted') continue;
    if (record.action === 'skipped' && skippedByRule(record)) continue;
    const why = record.lastError?.message ?? 'no reason was recorded';
    // failed, blocked, or skipped (the reason then says by whom)
    const what = record.action;
    out.push({
      kind: 'record',
      entity: record.entity,
      sonarId: record.sonarId,
      ...splynxIdPart(record),
      label: `${record.entity} ${record.sonarId}`,
      ...(record.lastError?.field ? { field: record.lastError.field } : {}),
      message: `not in Splynx: ${what} (${why})`,
    });
  }
  return out;
}

/** An entity whose Sonar, ledger and Splynx figures are not all the same. */
export function countDifferences(counts: readonly EntityCount[]): VerifyDifference[] {
  return counts
    .filter((c) => c.sonar !== c.migrated || c.found !== c.migrated)
    .map((c) => ({
      kind: 'count' as const,
      entity: c.entity,
      sonarId: '*',
      label: `${c.entity} count`,
      message: `Sonar has ${c.sonar} in the selection, the migration holds ${c.migrated}, Splynx has ${c.found} of them`,
    }));
}
