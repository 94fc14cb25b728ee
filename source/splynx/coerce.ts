// Splynx spells one value many ways: ids as 5 or "5" (v4 vs v5), flags as "0"/"1", money as
// "12.0000", "no date" as "0000-00-00". Responses are normalised here; verification compares
// what we sent with what came back through normalise.ts, so no caller compares raw values.
import * as v from 'valibot';

/** A non-negative integer id from 5 or "5"; undefined for anything else (never throws). */
export function toId(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isSafeInteger(x) && x >= 0 ? x : undefined;
  if (typeof x === 'string' && /^\d{1,15}$/.test(x.trim())) return Number(x.trim());
  return undefined;
}

/** 1 from true / 1 / "1", 0 from false / 0 / "0"; undefined for anything else. */
export function toFlag(x: unknown): 0 | 1 | undefined {
  if (x === true || x === 1 || x === '1') return 1;
  if (x === false || x === 0 || x === '0') return 0;
  return undefined;
}

const DECIMAL = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

/** A finite number from 12, "12", "12.0000" or "-0.5"; undefined for anything else. */
export function toDecimal(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined;
  if (typeof x === 'string' && DECIMAL.test(x.trim())) return Number(x.trim());
  return undefined;
}

/** null, undefined, "", "0000-00-00" and "0000-00-00 00:00:00" all mean "not set" in Splynx. */
export function isUnset(x: unknown): boolean {
  if (x === null || x === undefined) return true;
  if (typeof x !== 'string') return false;
  const s = x.trim();
  return s === '' || s === '0000-00-00' || s === '0000-00-00 00:00:00';
}

// Valibot pieces for response schemas: each accepts every spelling Splynx uses and outputs one.

const describe = (x: unknown) => JSON.stringify(x) ?? String(x);

export const idSchema = v.pipe(
  v.unknown(),
  v.check(
    (x) => toId(x) !== undefined,
    (issue) => `expected an id, got ${describe(issue.input)}`,
  ),
  v.transform((x) => toId(x) as number),
);

export const flagSchema = v.pipe(
  v.unknown(),
  v.check(
    (x) => toFlag(x) !== undefined,
    (issue) => `expected a 0/1 flag, got ${describe(issue.input)}`,
  ),
  v.transform((x) => toFlag(x) as 0 | 1),
);

export const decimalSchema = v.pipe(
  v.unknown(),
  v.check(
    (x) => toDecimal(x) !== undefined,
    (issue) => `expected a number, got ${describe(issue.input)}`,
  ),
  v.transform((x) => toDecimal(x) as number),
);

/** Text; v4 sends numbers where v5 sends strings, and null where a value was never set. */
export const textSchema = v.pipe(
  v.unknown(),
  v.check(
    (x) => x === null || typeof x === 'string' || typeof x === 'number',
    (issue) => `expected text, got ${describe(issue.input)}`,
  ),
  v.transform((x) => (x === null ? '' : String(x))),
);

/** A date or datetime string, or null when unset ("0000-00-00", "", null). */
export const dateSchema = v.pipe(
  v.unknown(),
  v.check(
    (x) =>
      isUnset(x) || (typeof x === 'string' && /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/.test(x)),
    (issue) => `expected a date, got ${describe(issue.input)}`,
  ),
  v.transform((x) => (isUnset(x) ? null : (x as string))),
);

function idOf(x: unknown): unknown {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && 'id' in x
    ? (x as { id: unknown }).id
    : x;
}

function toIds(x: unknown): number[] | undefined {
  const items = Array.isArray(x)
    ? x.map(idOf)
    : typeof x === 'string'
      ? x.split(',').filter((s) => s.trim() !== '')
      : undefined;
  if (!items) return undefined;
  const ids = items.map(toId);
  return ids.every((id) => id !== undefined) ? (ids as number[]) : undefined;
}

/** An id list from [1,2], ["1","2"], "1,2", "" or [{id:1,...}] (labels). */
export const idListSchema = v.pipe(
  v.unknown(),
  v.check(
    (x) => toIds(x) !== undefined,
    (issue) => `expected a list of ids, got ${describe(issue.input)}`,
  ),
  v.transform((x) => toIds(x) as number[]),
);

const KINDS = {
  id: idSchema,
  flag: flagSchema,
  decimal: decimalSchema,
  text: textSchema,
  date: dateSchema,
  ids: idListSchema,
} as const;

export type FieldKind = keyof typeof KINDS;
interface KindOutput {
  id: number;
  flag: 0 | 1;
  decimal: number;
  text: string;
  date: string | null;
  ids: number[];
}
/** A kind, or a kind with `?` when the field may be absent. */
export type FieldSpec = FieldKind | `${FieldKind}?`;
export type CoercedRecord<S extends Record<string, FieldSpec>> = {
  [K in keyof S]: S[K] extends `${infer B extends FieldKind}?`
    ? KindOutput[B] | undefined
    : S[K] extends FieldKind
      ? KindOutput[S[K]]
      : never;
} & Record<string, unknown>;

/**
 * A response schema that coerces the named fields and passes every other field through untouched,
 * e.g. `coerceRecord({ id: 'id', status: 'text', price: 'decimal', partners_ids: 'ids' })`.
 */
export function coerceRecord<S extends Record<string, FieldSpec>>(
  spec: S,
): v.GenericSchema<unknown, CoercedRecord<S>> {
  const entries: Record<string, v.GenericSchema> = {};
  for (const [field, kind] of Object.entries(spec)) {
    const optional = kind.endsWith('?');
    const base = KINDS[(optional ? kind.slice(0, -1) : kind) as FieldKind];
    entries[field] = optional ? v.optional(base) : base;
  }
  return v.looseObject(entries) as unknown as v.GenericSchema<unknown, CoercedRecord<S>>;
}
