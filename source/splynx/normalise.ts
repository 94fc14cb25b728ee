// Does Splynx hold what we sent? Splynx spells one value many ways (typing: 5 or "5", flags
// "0"/"1", "0000-00-00" for unset) and rewrites some values as it stores them (normalisation:
// money as "12.5000", MACs as "2CC81BBDC9AB, 00E04C687E6A"). Both are equal here; a normalisation
// is named, so the caller can record it instead of stopping, while a real difference still differs.
// Every rule lives in this file: read-back after a write and `s2s verify` both compare through it.
import { isUnset, toFlag } from './coerce.js';

/** A way Splynx reshapes a stored value that still means what we sent. */
export type NormalisationRule = 'whitespace' | 'decimal' | 'date' | 'mac' | 'email';

/** `same` = equal as written (up to typing); a rule = equal once that rule is applied. */
export type Verdict = 'same' | 'differs' | NormalisationRule;

const DECIMAL = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
// "01234" is a code (zip, phone), not the number 1234: only strings without a leading zero are
// compared as numbers when both sides are strings.
const PLAIN_NUMBER = /^[-+]?(0|[1-9]\d*)(\.\d+)?$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.0+)?)?)?$/;
// Fields that hold MACs (internet services' `mac`); other 12-hex-digit text (serials, barcodes)
// keeps its case.
const MAC_FIELD = /(^|_)(macs?|mac_address(es)?)$/i;
const MAC_TOKEN = /^[0-9A-Fa-f:.-]+$/;
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

function asComparableNumber(x: unknown, allowLeadingZero: boolean): number | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined;
  if (typeof x !== 'string') return undefined;
  const s = x.trim();
  if (allowLeadingZero ? !DECIMAL.test(s) : !PLAIN_NUMBER.test(s)) return undefined;
  return Number(s);
}

/** "2024-01-05", "2024-01-05 00:00", "2024-01-05T00:00:00.000" → "2024-01-05 00:00:00". */
export function canonicalDateTime(text: string): string | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  return `${m[1]} ${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}`;
}

/** One MAC in any common spelling → 12 upper-case hex digits; undefined if it is not a MAC. */
export function canonicalMac(text: string): string | undefined {
  const s = text.trim();
  if (!MAC_TOKEN.test(s)) return undefined;
  const hex = s.replace(/[:.-]/g, '');
  return /^[0-9A-Fa-f]{12}$/.test(hex) ? hex.toUpperCase() : undefined;
}

/** A list of MACs separated by commas, semicolons or spaces, in canonical form and order. */
export function canonicalMacList(text: string): string[] | undefined {
  const items = text.split(/[\s,;]+/).filter((s) => s !== '');
  const macs = items.map(canonicalMac);
  return items.length > 0 && macs.every((m) => m !== undefined)
    ? (macs as string[]).sort()
    : undefined;
}

/** A comma- or semicolon-separated list of e-mail addresses, lower-cased and sorted. */
export function canonicalEmailList(text: string): string[] | undefined {
  const items = text.split(/[,;]/).map((s) => s.trim());
  return items.length > 0 && items.every((s) => EMAIL.test(s))
    ? items.map((s) => s.toLowerCase()).sort()
    : undefined;
}

const sameList = (a: string[], b: string[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);

function idOf(x: unknown): unknown {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && 'id' in x
    ? (x as { id: unknown }).id
    : x;
}

function compareText(sent: string, received: string, field: string): Verdict {
  if (sent === received) return 'same';
  const x = sent.trim();
  const y = received.trim();
  if (x === y) return 'whitespace';
  const dx = canonicalDateTime(x);
  const dy = canonicalDateTime(y);
  if (dx !== undefined && dy !== undefined) return dx === dy ? 'date' : 'differs';
  if (MAC_FIELD.test(field)) {
    const mx = canonicalMacList(x);
    const my = canonicalMacList(y);
    if (mx && my) return sameList(mx, my) ? 'mac' : 'differs';
  }
  const ex = canonicalEmailList(x);
  const ey = canonicalEmailList(y);
  if (ex && ey) return sameList(ex, ey) ? 'email' : 'differs';
  return 'differs';
}

/**
 * Rules, in order:
 * 1. Unset equals unset: null, undefined, "", "0000-00-00" and "0000-00-00 00:00:00" are one value.
 * 2. Booleans are flags: true ≡ 1 ≡ "1", false ≡ 0 ≡ "0".
 * 3. Arrays match as multisets (Splynx may reorder id lists); an element that is an object with
 *    an `id` (labels come back as {id,label,color}) matches by that id.
 * 4. Objects: every key we sent must match (by these rules, under its own key name); extra keys
 *    Splynx adds are ignored.
 * 5. Numbers compare numerically with numeric strings: 5 ≡ "5" (same), 12.5 ≡ "12.5000" (decimal).
 *    Two strings compare numerically only without leading zeros, so zip "01234" ≠ "1234".
 * 6. Surrounding whitespace is ignored (whitespace).
 * 7. Dates and datetimes compare as "YYYY-MM-DD HH:MM:SS": "2024-01-05" ≡ "2024-01-05 00:00:00",
 *    "2024-01-05T10:30" ≡ "2024-01-05 10:30:00" (date).
 * 8. In MAC fields (`mac`, `*_mac`, `mac_address`), a list of MACs compares as the set of its
 *    12-hex-digit upper-case forms: case, `:`/`-`/`.` separators, list separators and order are
 *    ignored (mac).
 * 9. A list of e-mail addresses compares without case, list spacing or order (email).
 * Anything else differs.
 */
export function compareValue(sent: unknown, received: unknown, field = ''): Verdict {
  const sentUnset = isUnset(sent);
  const receivedUnset = isUnset(received);
  if (sentUnset || receivedUnset) return sentUnset && receivedUnset ? 'same' : 'differs';

  if (typeof sent === 'boolean' || typeof received === 'boolean') {
    const a = toFlag(sent);
    return a !== undefined && a === toFlag(received) ? 'same' : 'differs';
  }

  if (Array.isArray(sent) || Array.isArray(received)) {
    if (!Array.isArray(sent) || !Array.isArray(received) || sent.length !== received.length) {
      return 'differs';
    }
    let verdict: Verdict = 'same';
    const pool = received.map(idOf);
    for (const item of sent.map(idOf)) {
      // An element written exactly as sent is taken before one that only normalises to it.
      let index = pool.findIndex((candidate) => compareValue(item, candidate, field) === 'same');
      if (index < 0) index = pool.findIndex((c) => compareValue(item, c, field) !== 'differs');
      if (index < 0) return 'differs';
      if (verdict === 'same') verdict = compareValue(item, pool[index], field);
      pool.splice(index, 1);
    }
    return verdict;
  }

  if (typeof sent === 'object' || typeof received === 'object') {
    if (typeof sent !== 'object' || typeof received !== 'object') return 'differs';
    const got = received as Record<string, unknown>;
    let verdict: Verdict = 'same';
    for (const [key, value] of Object.entries(sent as Record<string, unknown>)) {
      const inner = compareValue(value, got[key], key);
      if (inner === 'differs') return 'differs';
      if (verdict === 'same') verdict = inner;
    }
    return verdict;
  }

  const eitherIsNumber = typeof sent === 'number' || typeof received === 'number';
  const a = asComparableNumber(sent, eitherIsNumber);
  const b = asComparableNumber(received, eitherIsNumber);
  if (a !== undefined && b !== undefined) {
    if (a !== b) return 'differs';
    const x = String(sent);
    const y = String(received);
    if (x === y) return 'same';
    return x.trim() === y.trim() ? 'whitespace' : 'decimal';
  }
  if (eitherIsNumber) return 'differs';

  if (typeof sent === 'string' && typeof received === 'string') {
    return compareText(sent, received, field);
  }
  return Object.is(sent, received) ? 'same' : 'differs';
}

/** Whether Splynx holds what we sent, by any of the rules above. */
export function sameValue(sent: unknown, received: unknown, field = ''): boolean {
  return compareValue(sent, received, field) !== 'differs';
}

export interface Mismatch {
  field: string;
  sent: unknown;
  received: unknown;
}

/** A field Splynx holds in another form that a rule explains: recorded, never a stop. */
export interface Normalised {
  field: string;
  rule: NormalisationRule;
}

export interface RecordComparison {
  mismatches: Mismatch[];
  normalised: Normalised[];
}

/** Every field we sent (but the unverifiable ones) against the record Splynx answered. */
export function compareRecord(
  sent: Record<string, unknown>,
  received: Record<string, unknown>,
  unverifiable: readonly string[] = [],
): RecordComparison {
  const mismatches: Mismatch[] = [];
  const normalised: Normalised[] = [];
  for (const [field, value] of Object.entries(sent)) {
    if (unverifiable.includes(field) || value === undefined) continue;
    const verdict = compareValue(value, received[field], field);
    if (verdict === 'differs') mismatches.push({ field, sent: value, received: received[field] });
    else if (verdict !== 'same') normalised.push({ field, rule: verdict });
  }
  return { mismatches, normalised };
}

/** How many records of an entity had a field normalised by a rule. */
export interface NormalisedCount {
  entity: string;
  field: string;
  rule: NormalisationRule;
  count: number;
}

/** Counts normalised fields per entity, field and rule, for a report. */
export class NormalisationTally {
  private readonly counts = new Map<string, NormalisedCount>();

  add(entity: string, normalised: readonly Normalised[]): void {
    for (const { field, rule } of normalised) {
      const key = `${entity}\0${field}\0${rule}`;
      const row = this.counts.get(key) ?? { entity, field, rule, count: 0 };
      row.count++;
      this.counts.set(key, row);
    }
  }

  rows(): NormalisedCount[] {
    return [...this.counts.values()].sort(
      (a, b) =>
        a.entity.localeCompare(b.entity) ||
        a.field.localeCompare(b.field) ||
        a.rule.localeCompare(b.rule),
    );
  }
}
