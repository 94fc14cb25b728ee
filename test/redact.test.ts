import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../source/redact.js';

describe('Redactor', () => {
  it('replaces configured secrets anywhere in text, longest first', () => {
    const r = new Redactor(['s3cret-token', 's3cret']);
    expect(r.text('Bearer s3cret-token and s3cret')).toBe(`Bearer ${REDACTED} and ${REDACTED}`);
  });

  it('masks sensitive keys and nested secrets in values without touching the input', () => {
    const r = new Redactor(['abcd1234']);
    const input = {
      login: 'bob',
      password: 'pw',
      nested: { note: 'key abcd1234' },
      list: ['abcd1234'],
    };
    expect(r.value(input)).toEqual({
      login: 'bob',
      password: REDACTED,
      nested: { note: `key ${REDACTED}` },
      list: [REDACTED],
    });
    expect(input.password).toBe('pw');
  });
});
