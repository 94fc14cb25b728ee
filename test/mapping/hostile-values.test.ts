// Values the hostile e2e corpus found slipping through: each must be refused with the record and
// field named, never sent altered.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { checkText } from '../../source/mapping/checks.js';
import { type CustomerContext, mapCustomer } from '../../source/mapping/customer.js';
import type { MappingIssue } from '../../source/mapping/issues.js';
import { MappingConfigSchema } from '../../source/mapping/mapping-config.js';
import { account, accountTypes, resolver, service, statuses } from './builders.js';

function context(config: unknown = {}): CustomerContext {
  return {
    config: v.parse(MappingConfigSchema, config),
    today: '2026-11-26',
    statuses,
    accountTypes,
    services: new Map([['10', service()]]),
    ids: resolver(),
    networks: [],
  };
}

function rulesOf(record: ReturnType<typeof account>, ctx = context()) {
  const result = mapCustomer(record, ctx);
  return result.ok ? [] : result.issues.map((i) => `${i.field} ${i.rule} ${i.sourceField}`);
}

describe('unpaired UTF-16 surrogates', () => {
  const subject = { entity: 'customer', sonarId: '7', sonarType: 'Account' };

  it('are refused: they have no UTF-8 form and would arrive as U+FFFD', () => {
    const issues: MappingIssue[] = [];
    checkText(subject, 'Broken \uD800 name', { field: 'name', sourceField: 'name' }, issues);
    expect(issues).toEqual([
      {
        ...subject,
        field: 'name',
        sourceField: 'name',
        rule: 'invalid-unicode',
        message:
          'name of Account 7 contains a broken character (an unpaired UTF-16 surrogate) that cannot be sent as UTF-8: "Broken \\ud800 name".',
        fix: 'In Sonar, retype name of Account 7; the broken character is shown as \\ud8xx-\\udfxx in the message.',
      },
    ]);
  });

  it('a trailing low half alone is refused too; a paired emoji is not', () => {
    const issues: MappingIssue[] = [];
    checkText(subject, 'x\uDE00', { field: 'name', sourceField: 'name' }, issues);
    checkText(subject, '😀 Zoë', { field: 'name', sourceField: 'name' }, issues);
    expect(issues.map((i) => i.rule)).toEqual(['invalid-unicode']);
  });
});

describe('mapCustomer with hostile references and lengths', () => {
  it('refuses an account status that was not extracted instead of guessing INACTIVE', () => {
    expect(rulesOf(account({ account_status_id: '9999' }))).toEqual([
      'status unresolved-reference account_status_id',
    ]);
  });

  it('accepts that status once the operator maps it in stateBySonarStatusId', () => {
    const ctx = context({ customers: { stateBySonarStatusId: { '9999': 'SUSPENDED' } } });
    const result = mapCustomer(account({ account_status_id: '9999' }), ctx);
    expect(result.ok && result.value.finalStatus).toBe('blocked');
  });

  it('an archived account with an unknown status is TERMINATED by rule, not refused', () => {
    const result = mapCustomer(
      account({ account_status_id: '9999', archived_at: '2024-01-01T00:00:00Z' }),
      context(),
    );
    expect(result.ok && result.value.finalStatus).toBe('disabled');
  });

  it('refuses a RADIUS username longer than the 128 characters Splynx logins hold', () => {
    const long = account({
      radius_accounts: [{ id: '900', username: 'u'.repeat(129), password: null }],
    });
    expect(rulesOf(long)).toEqual(['login max-length:128 radius_accounts[id=900].username']);
    const fits = account({
      radius_accounts: [{ id: '900', username: 'u'.repeat(128), password: null }],
    });
    expect(rulesOf(fits)).toEqual([]);
  });
});
