// A stable fingerprint of what we sent, so a resume can tell "Sonar changed since we migrated
// this" from "nothing to do". Sensitive fields (RADIUS passwords) are masked first: a hash of a
// short password is guessable, and the ledger must hold no secrets.
import { createHash } from 'node:crypto';
import { Redactor } from '../redact.js';

const masker = new Redactor();

export function payloadHash(payload: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(masker.value(payload)))
    .digest('hex')
    .slice(0, 32);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
