// Partners, labels and administrators: the small foundation mappers.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { mapAdministrator } from '../../source/mapping/administrator.js';
import { mapLabel } from '../../source/mapping/label.js';
import { defaultMappingConfig, MappingConfigSchema } from '../../source/mapping/mapping-config.js';
import { mapPartner } from '../../source/mapping/partner.js';
import { user } from './builders.js';

const config = defaultMappingConfig();

describe('mapPartner', () => {
  const company = { id: '1', name: 'Acme ISP', default: true, enabled: true };
  it('adopts partner 1 for the default company', () => {
    expect(mapPartner(company, config)).toEqual({ kind: 'adopt', splynxId: 1 });
  });
  it('creates partners for other companies, and for the default one when adoption is off', () => {
    expect(mapPartner({ ...company, id: '2', name: 'Acme West', default: false }, config)).toEqual({
      kind: 'create',
      payload: { name: 'Acme West' },
    });
    const off = v.parse(MappingConfigSchema, { partners: { adoptDefaultPartner: false } });
    expect(mapPartner(company, off)).toEqual({ kind: 'create', payload: { name: 'Acme ISP' } });
  });
});

describe('mapLabel', () => {
  it('makes a customer label named after the group', () => {
    expect(mapLabel({ id: '3', name: 'Wireless – Nord' })).toEqual({
      ok: true,
      value: { module: 'customers', label: 'Wireless – Nord' },
      warnings: [],
    });
  });
  it('refuses an empty group name', () => {
    const result = mapLabel({ id: '3', name: '  ' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => [i.sonarType, i.field, i.rule])).toEqual([
      ['AccountGroup', 'label', 'required'],
    ]);
  });
});

describe('mapAdministrator', () => {
  it('maps an enabled user with the configured role and no password', () => {
    const roles = v.parse(MappingConfigSchema, {
      administrators: { roles: { Support: 'technician' } },
    });
    expect(mapAdministrator(user(), roles)).toEqual({
      ok: true,
      value: {
        login: 'ghopper',
        name: 'Grace Hopper',
        email: 'grace@isp.example',
        phone: '0155512345',
        role_name: 'technician',
        partner_id: 0,
        additional_attributes: { sonar_id: '4' },
      },
      warnings: [],
    });
  });

  it('falls back to the default role and an empty phone', () => {
    const result = mapAdministrator(user({ role_name: null, mobile_number: null }), config);
    expect(result).toMatchObject({ ok: true, value: { role_name: 'administrator', phone: '' } });
  });

  it('skips disabled users and Sonar staff with a reason', () => {
    expect(mapAdministrator(user({ enabled: false }), config)).toEqual({
      kind: 'skip',
      reason: 'user 4 (ghopper) is disabled in Sonar',
    });
    expect(mapAdministrator(user({ is_sonar_staff: true }), config)).toEqual({
      kind: 'skip',
      reason: 'user 4 (ghopper) is Sonar support staff',
    });
  });

  it('reports an invalid email and an over-long login together', () => {
    const result = mapAdministrator(
      user({ email_address: 'grace@', username: 'g'.repeat(65) }),
      config,
    );
    expect('ok' in result && !result.ok && result.issues.map((i) => [i.field, i.rule])).toEqual([
      ['login', 'max-length:64'],
      ['email', 'email'],
    ]);
  });

  it('requires an email (Splynx admins cannot exist without one)', () => {
    const result = mapAdministrator(user({ email_address: '' }), config);
    expect('ok' in result && !result.ok && result.issues.map((i) => [i.field, i.rule])).toEqual([
      ['email', 'required'],
    ]);
  });
});
