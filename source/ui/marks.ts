// Which accounts the operator marked. Ids, plus a note when the marks are exactly "everything in
// these states" so the run can ask the engine for `--all --status …` instead of a 50,000-id list.
import type { SonarState } from '../mapping/mapping-config.js';

export interface Marks {
  ids: ReadonlySet<string>;
  allOf?: { states: SonarState[] };
}

export const NO_MARKS: Marks = { ids: new Set() };

export function toggle(marks: Marks, id: string): Marks {
  const ids = new Set(marks.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids };
}

export function markAll(marks: Marks, ids: readonly string[]): Marks {
  const next = new Set(marks.ids);
  for (const id of ids) next.add(id);
  return { ids: next };
}

/** Flips the marks of `scope` (the filtered rows); marks outside it stay. */
export function invert(marks: Marks, scope: readonly string[]): Marks {
  const next = new Set(marks.ids);
  for (const id of scope) {
    if (next.has(id)) next.delete(id);
    else next.add(id);
  }
  return { ids: next };
}
