// The three-way merge of one record, field by field: the base (hashes of what s2s last wrote),
// Sonar now (the mapping's payload) and Splynx now (read back). Pure.
import { sameValue } from '../../splynx/normalise.js';
import type { FieldChange, FieldConflict, KeptEdit } from './changes.js';
import { fieldHash, isTrackedField } from './field-hashes.js';

export interface Merge {
  /** Changed in Sonar only (or where no base is known): Sonar's value goes to Splynx. */
  write: FieldChange[];
  /** Changed on both sides to different values. */
  conflicts: Omit<FieldConflict, 'written'>[];
  /** Changed in Splynx only: kept. */
  kept: KeptEdit[];
  /** Fields Splynx already holds as Sonar maps them: the base moves on without a write. */
  same: string[];
}

function tracked(next: Record<string, unknown>, ignore: readonly string[]): string[] {
  return Object.keys(next).filter(
    (field) =>
      next[field] !== undefined && !ignore.includes(field) && isTrackedField(field, next[field]),
  );
}

/**
 * Whether Sonar's mapping of the record still equals the base, so nothing needs reading: true
 * only when every tracked field hashes as it did. Without a base (a record written before s2s
 * kept one) it says false, and the record is compared with Splynx instead.
 */
export function unchangedSinceWritten(
  next: Record<string, unknown>,
  base: Map<string, string> | undefined,
  ignore: readonly string[] = [],
): boolean {
  if (!base) return false;
  return tracked(next, ignore).every((field) => base.get(field) === fieldHash(next[field], field));
}

/**
 * A field with no base hash was never written by s2s (a key the mapping adds now, such as a new
 * price override) or the record predates bases: Splynx's value is no one's edit, Sonar's wins.
 */
export function threeWay(
  next: Record<string, unknown>,
  current: Record<string, unknown>,
  base: Map<string, string> | undefined,
  ignore: readonly string[] = [],
): Merge {
  const merge: Merge = { write: [], conflicts: [], kept: [], same: [] };
  for (const field of tracked(next, ignore)) {
    const sonar = next[field];
    const splynx = current[field];
    if (sameValue(sonar, splynx, field)) {
      merge.same.push(field);
      continue;
    }
    const was = base?.get(field);
    const sonarChanged = was === undefined || fieldHash(sonar, field) !== was;
    const splynxChanged = was !== undefined && fieldHash(splynx, field) !== was;
    if (!sonarChanged) merge.kept.push({ field, splynx, sonar });
    else if (splynxChanged) merge.conflicts.push({ field, splynx, sonar });
    else merge.write.push({ field, from: splynx, to: sonar });
  }
  return merge;
}
