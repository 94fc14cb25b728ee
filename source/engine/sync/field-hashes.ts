// What s2s last wrote, field by field, without keeping the values: `s2s sync` needs a base to
// tell "changed in Sonar" from "changed in Splynx" (a three-way merge), and the ledger holds ids
// and hashes, never payloads (state/migration.ts). Each field is hashed in a canonical form that
// follows the read-back rules (splynx/normalise.ts), so the value Splynx answers hashes like the
// value we sent as long as nobody changed it: `12.5` ≡ "12.5000", `1` ≡ "1", MACs and e-mails
// without case or order, unset ≡ "" ≡ "0000-00-00".
import { createHash } from 'node:crypto';
import { isSensitiveKey } from '../../redact.js';
import { isUnset, toFlag } from '../../splynx/coerce.js';
import { canonicalDateTime, canonicalEmailList, canonicalMacList } from '../../splynx/normalise.js';

/** Where the ledger keeps them: `extra.f`, one compact string per record. */
export const FIELD_HASHES_KEY = 'f';

// "01234" is a code, not 1234 (normalise.ts): only plain numbers are numbers.
const PLAIN_NUMBER = /^[-+]?(0|[1-9]\d*)(\.\d+)?$/;
const MAC_FIELD = /(^|_)(macs?|mac_address(es)?)$/i;

/**
 * Fields a three-way sync never compares: identity (`additional_attributes` holds sonar_id) and
 * secrets (a hash of a short RADIUS password is guessable, and state never holds secrets).
 */
export function isTrackedField(field: string, value: unknown): boolean {
  if (isSensitiveKey(field)) return false;
  return !(value !== null && typeof value === 'object' && !Array.isArray(value));
}

function idOf(x: unknown): unknown {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && 'id' in x
    ? (x as { id: unknown }).id
    : x;
}

/** One spelling per meaning, as the read-back rules see it. */
export function canonicalValue(value: unknown, field: string): string {
  if (isUnset(value)) return '';
  if (typeof value === 'boolean') return String(toFlag(value));
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NaN';
  if (Array.isArray(value)) {
    return `[${value
      .map((item) => canonicalValue(idOf(item), field))
      .sort()
      .join('\u0001')}]`;
  }
  if (typeof value !== 'string') return JSON.stringify(value) ?? '';
  const s = value.trim();
  if (PLAIN_NUMBER.test(s)) return String(Number(s));
  const date = canonicalDateTime(s);
  if (date !== undefined) return date;
  if (MAC_FIELD.test(field)) {
    const macs = canonicalMacList(s);
    if (macs) return macs.join(',');
  }
  const emails = canonicalEmailList(s);
  if (emails) return emails.join(',');
  return s;
}

export function fieldHash(value: unknown, field: string): string {
  return createHash('sha256')
    .update(`${field}\u0000${canonicalValue(value, field)}`)
    .digest('base64url')
    .slice(0, 8);
}

/** `city:AbC12xYz,email:...` over the tracked fields, in key order. */
export function fieldHashes(payload: Record<string, unknown>): string {
  return Object.keys(payload)
    .filter((field) => payload[field] !== undefined && isTrackedField(field, payload[field]))
    .sort()
    .map((field) => `${field}:${fieldHash(payload[field], field)}`)
    .join(',');
}

export function parseFieldHashes(text: unknown): Map<string, string> | undefined {
  if (typeof text !== 'string') return undefined;
  const out = new Map<string, string>();
  for (const pair of text.split(',')) {
    const at = pair.lastIndexOf(':');
    if (at > 0) out.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return out;
}

/** The previous hashes with these fields replaced: what a partial update leaves as the base. */
export function withFieldHashes(
  previous: Map<string, string> | undefined,
  written: Record<string, unknown>,
): string {
  const merged = new Map(previous ?? []);
  for (const [field, value] of Object.entries(written)) {
    if (value !== undefined && isTrackedField(field, value)) {
      merged.set(field, fieldHash(value, field));
    }
  }
  return [...merged.keys()]
    .sort()
    .map((field) => `${field}:${merged.get(field)}`)
    .join(',');
}
