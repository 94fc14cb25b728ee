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

const HASH_LENGTH = 6;
const ABSENT = '.'.repeat(HASH_LENGTH);

/**
 * The fields each customer-phase entity's payload can have, in a fixed order: a record's hashes
 * are stored by position, without the names, so the base costs 6 characters a field (a customer
 * about 90, not the 270 that `name:hash` pairs took; at 100,000 accounts that is ~60 MB less held
 * in the ledger). A field missing here is stored by name after the slots, so a mapping that grows
 * a field loses nothing. Changing an order here would misread every stored base: append only.
 */
const SLOTS: Record<string, readonly string[]> = {
  customer: [
    'name',
    'login',
    'status',
    'category',
    'partner_id',
    'location_id',
    'email',
    'phone',
    'street_1',
    'city',
    'zip_code',
    'gps',
    'date_add',
    'customer_labels',
    'parent_id',
  ],
  customer_info: ['contact_person'],
  customer_billing: [
    'make_invoices',
    'billing_date',
    'billing_due',
    'grace_period',
    'billing_street_1',
    'billing_city',
    'billing_zip_code',
  ],
  customer_status: ['status'],
  internet_service: [
    'tariff_id',
    'status',
    'description',
    'quantity',
    'unit_price',
    'start_date',
    'end_date',
    'login',
    'taking_ipv4',
    'ipv4',
    'mac',
  ],
  recurring_service: [
    'tariff_id',
    'status',
    'description',
    'quantity',
    'unit_price',
    'start_date',
    'end_date',
  ],
  customer_note: ['comment', 'is_pinned', 'type', 'customer_id', 'title'],
  opening_balance: [
    'customer_id',
    'type',
    'quantity',
    'price',
    'total',
    'description',
    'date',
    'category',
  ],
};

export function fieldHash(value: unknown, field: string): string {
  return createHash('sha256')
    .update(`${field}\u0000${canonicalValue(value, field)}`)
    .digest('base64url')
    .slice(0, HASH_LENGTH);
}

/** `~` + one hash per slot ('......' for none), then `;name:hash` for fields without a slot. */
function serialise(hashes: Map<string, string>, entity: string): string {
  const slots = SLOTS[entity] ?? [];
  let body = slots.map((field) => hashes.get(field) ?? ABSENT).join('');
  while (body.endsWith(ABSENT)) body = body.slice(0, -HASH_LENGTH);
  const named = [...hashes.keys()]
    .filter((field) => !slots.includes(field))
    .sort()
    .map((field) => `;${field}:${hashes.get(field)}`);
  return `~${body}${named.join('')}`;
}

function hashesOf(payload: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [field, value] of Object.entries(payload)) {
    if (value !== undefined && isTrackedField(field, value))
      out.set(field, fieldHash(value, field));
  }
  return out;
}

/** The base of one record, as the ledger keeps it (`extra.f`). */
export function fieldHashes(payload: Record<string, unknown>, entity: string): string {
  return serialise(hashesOf(payload), entity);
}

export function parseFieldHashes(text: unknown, entity: string): Map<string, string> | undefined {
  if (typeof text !== 'string' || !text.startsWith('~')) return undefined;
  const [body = '', ...named] = text.slice(1).split(';');
  const out = new Map<string, string>();
  (SLOTS[entity] ?? []).forEach((field, i) => {
    const hash = body.slice(i * HASH_LENGTH, (i + 1) * HASH_LENGTH);
    if (hash.length === HASH_LENGTH && hash !== ABSENT) out.set(field, hash);
  });
  for (const pair of named) {
    const at = pair.lastIndexOf(':');
    if (at > 0) out.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return out;
}

/** The previous hashes with these fields replaced: what a partial update leaves as the base. */
export function withFieldHashes(
  previous: Map<string, string> | undefined,
  written: Record<string, unknown>,
  entity: string,
): string {
  const merged = new Map(previous ?? []);
  for (const [field, hash] of hashesOf(written)) merged.set(field, hash);
  return serialise(merged, entity);
}
