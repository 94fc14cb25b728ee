import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { defaultMappingConfig, MappingConfigSchema } from '../../source/mapping/mapping-config.js';
import {
  customerState,
  hasKnownStatus,
  splynxCustomerStatus,
  stateOrder,
} from '../../source/mapping/status.js';
import { account, statuses } from './builders.js';

const config = defaultMappingConfig();

describe('customerState', () => {
  it.each([
    ['1', 'ACTIVE'],
    ['2', 'SUSPENDED'],
    ['3', 'SUSPENDED'],
    ['4', 'SUSPENDED'],
    ['5', 'TERMINATED'],
    ['6', 'TERMINATED'],
    ['7', 'TERMINATED'],
    ['8', 'TERMINATED'],
    ['9', 'INACTIVE'],
    ['404', 'INACTIVE'],
  ] as const)('status %s → %s', (statusId, expected) => {
    expect(customerState(account({ account_status_id: statusId }), statuses, config)).toBe(
      expected,
    );
  });

  it('activates_account wins over a suspicious name', () => {
    const odd = [{ id: '1', name: 'Active (formerly on hold)', activates_account: true }];
    expect(customerState(account({ account_status_id: '1' }), odd, config)).toBe('ACTIVE');
  });

  it('config override per Sonar status id beats name and activates_account', () => {
    const custom = v.parse(MappingConfigSchema, {
      customers: { stateBySonarStatusId: { '9': 'SUSPENDED', '1': 'INACTIVE' } },
    });
    expect(customerState(account({ account_status_id: '9' }), statuses, custom)).toBe('SUSPENDED');
    expect(customerState(account({ account_status_id: '1' }), statuses, custom)).toBe('INACTIVE');
  });

  it('archived accounts are TERMINATED whatever their status', () => {
    const archived = account({ account_status_id: '1', archived_at: '2024-01-01T00:00:00Z' });
    expect(customerState(archived, statuses, config)).toBe('TERMINATED');
  });
});

describe('hasKnownStatus', () => {
  it('is false only for a status neither extracted nor configured, on an unarchived account', () => {
    const custom = v.parse(MappingConfigSchema, {
      customers: { stateBySonarStatusId: { '404': 'SUSPENDED' } },
    });
    const missing = account({ account_status_id: '404' });
    expect(hasKnownStatus(missing, statuses, config)).toBe(false);
    expect(hasKnownStatus(missing, statuses, custom)).toBe(true);
    expect(
      hasKnownStatus({ ...missing, archived_at: '2024-01-01T00:00:00Z' }, statuses, config),
    ).toBe(true);
    expect(hasKnownStatus(account({ account_status_id: '9' }), statuses, config)).toBe(true);
  });
});

describe('splynxCustomerStatus and stateOrder', () => {
  it('maps states to Splynx statuses, honouring config', () => {
    expect(
      (['ACTIVE', 'SUSPENDED', 'INACTIVE', 'TERMINATED'] as const).map((s) =>
        splynxCustomerStatus(s, config),
      ),
    ).toEqual(['active', 'blocked', 'disabled', 'disabled']);
    const custom = v.parse(MappingConfigSchema, {
      customers: { splynxStatus: { INACTIVE: 'new' } },
    });
    expect(splynxCustomerStatus('INACTIVE', custom)).toBe('new');
  });

  it('orders active, suspended, inactive, terminated', () => {
    const sorted = (['TERMINATED', 'INACTIVE', 'ACTIVE', 'SUSPENDED'] as const)
      .slice()
      .sort((a, b) => stateOrder(a) - stateOrder(b));
    expect(sorted).toEqual(['ACTIVE', 'SUSPENDED', 'INACTIVE', 'TERMINATED']);
  });
});
