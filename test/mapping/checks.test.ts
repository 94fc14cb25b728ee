import { describe, expect, it } from 'vitest';
import { charLength, checkText, isEmail } from '../../source/mapping/checks.js';
import { parseIpv6 } from '../../source/mapping/ip.js';
import type { MappingIssue } from '../../source/mapping/issues.js';

describe('isEmail (Splynx/Yii rules)', () => {
  it.each([
    'a@b.co',
    "o'brien@example.com",
    'first.last+tag@mail.sub.example.org',
    'UPPER@EXAMPLE.COM',
  ])('accepts %s', (email) => {
    expect(isEmail(email)).toBe(true);
  });

  it.each([
    'a@b',
    'a@@b.com',
    'zoë@example.com',
    'a b@c.com',
    '.a@b.com',
    'a@-b.com',
    ' a@b.com',
    '',
  ])('rejects %j', (email) => {
    expect(isEmail(email)).toBe(false);
  });
});

describe('checkText', () => {
  const subject = { entity: 'customer', sonarId: '1', sonarType: 'Account' };

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(charLength('😀é')).toBe(2);
    const issues: MappingIssue[] = [];
    checkText(subject, '😀'.repeat(32), { field: 'city', sourceField: 'city', max: 32 }, issues);
    expect(issues).toEqual([]);
  });

  it('quotes a cut value and names the record, field and limit', () => {
    const issues: MappingIssue[] = [];
    checkText(
      subject,
      'x'.repeat(50),
      { field: 'city', sourceField: 'addresses[PHYSICAL].city', max: 32 },
      issues,
    );
    expect(issues).toEqual([
      {
        entity: 'customer',
        sonarId: '1',
        sonarType: 'Account',
        field: 'city',
        sourceField: 'addresses[PHYSICAL].city',
        rule: 'max-length:32',
        message: `addresses[PHYSICAL].city of Account 1 is 50 characters, Splynx allows 32 for city: "${'x'.repeat(40)}…".`,
        fix: 'In Sonar, shorten addresses[PHYSICAL].city of Account 1 to at most 32 characters.',
      },
    ]);
  });
});

describe('parseIpv6', () => {
  it.each([
    ['::', 0n],
    ['::1', 1n],
    ['2001:db8::', 0x20010db8n << 96n],
    ['::ffff:192.0.2.1', 0xffffc0000201n],
    ['1:2:3:4:5:6:7:8', 0x00010002000300040005000600070008n],
  ])('parses %s', (text, value) => {
    expect(parseIpv6(text)).toBe(value);
  });

  it.each(['1:2:3:4:5:6:7', '1::2::3', '12345::', 'g::', '1:2:3:4:5:6:7:8:9', '1:2:3:4::5:6:7:8'])(
    'rejects %s',
    (text) => {
      expect(parseIpv6(text)).toBeNull();
    },
  );
});
