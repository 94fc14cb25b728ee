// Rows → response objects in the typing of the Splynx version being imitated. Rows are stored in
// v5 form (ids ints, flags "0"/"1", decimals "12.0000"); v4 returned every scalar as a string,
// but kept array members (partners_ids: [5]) as they were (LibreQoS #273).
import { valuesOf } from './additional-values.js';
import type { Row } from './db.js';
import type { Ctx, ResourceDef } from './model.js';

function stringifyScalars(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value;
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = stringifyScalars(v);
    return out;
  }
  return String(value);
}

export function render(ctx: Ctx, def: ResourceDef, row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of def.fields) {
    if (f.writeOnly) continue;
    const value = row[f.name];
    out[f.name] = value === undefined ? null : Array.isArray(value) ? [...value] : value;
  }
  def.decorate?.(ctx, row, out);
  if (def.afModule) out.additional_attributes = valuesOf(ctx.db, def.afModule, row);
  return ctx.options.typing === 'v4' ? (stringifyScalars(out) as Record<string, unknown>) : out;
}
