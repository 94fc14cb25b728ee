import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { defaultMappingConfig, MappingConfigSchema } from '../../source/mapping/mapping-config.js';
import { mapIpPool, mapSubnet, mapSupernet, rangeToCidrs } from '../../source/mapping/network.js';
import type { SonarIpPool, SonarSubnet } from '../../source/sonar/records.js';

const config = v.parse(MappingConfigSchema, { network: { locationId: 2 } });
const subnet = (overrides: Partial<SonarSubnet> = {}): SonarSubnet => ({
  id: '20',
  name: 'Customers A',
  subnet: '100.64.1.0/24',
  supernet_id: '1',
  ip_version: 4,
  type: 'ACCOUNT',
  ...overrides,
});
const pool = (overrides: Partial<SonarIpPool> = {}): SonarIpPool => ({
  id: '30',
  name: 'DHCP',
  ip_range: '100.64.1.1-100.64.1.254',
  subnet_id: '20',
  ...overrides,
});

describe('rangeToCidrs', () => {
  it.each([
    ['aligned block', '10.0.0.0', '10.0.0.255', ['10.0.0.0/24']],
    ['single IP', '10.0.0.7', '10.0.0.7', ['10.0.0.7/32']],
    [
      'non-aligned range',
      '10.0.0.10',
      '10.0.0.20',
      ['10.0.0.10/31', '10.0.0.12/30', '10.0.0.16/30', '10.0.0.20/32'],
    ],
    ['across a /24 boundary', '10.0.0.128', '10.0.1.127', ['10.0.0.128/25', '10.0.1.0/25']],
    [
      'usable hosts of a /29',
      '192.168.0.1',
      '192.168.0.6',
      ['192.168.0.1/32', '192.168.0.2/31', '192.168.0.4/31', '192.168.0.6/32'],
    ],
    ['everything', '0.0.0.0', '255.255.255.255', ['0.0.0.0/0']],
  ])('%s', (_name, start, end, expected) => {
    expect(rangeToCidrs(start, end)).toEqual(expected);
  });

  it.each([
    ['10.0.0.9', '10.0.0.1'],
    ['10.0.0.256', '10.0.1.1'],
    ['10.0.0', '10.0.0.5'],
    ['010.0.0.1', '10.0.0.5'],
  ])('rejects %s-%s', (start, end) => {
    expect(rangeToCidrs(start, end)).toBeNull();
  });
});

describe('mapSupernet and mapSubnet', () => {
  it('maps a supernet to an IPv4 rootnet', () => {
    expect(
      mapSupernet(
        { id: '1', name: null, subnet: '100.64.0.0/16', ip_version: 4 },
        defaultMappingConfig(),
      ),
    ).toEqual({
      ok: true,
      value: {
        ipVersion: 4,
        payload: {
          network: '100.64.0.0',
          mask: 16,
          title: '100.64.0.0/16',
          location_id: 1,
          network_type: 'rootnet',
          type_of_usage: 'static',
          additional_attributes: { sonar_id: 'supernet-1' },
        },
      },
      warnings: [],
    });
  });

  it('maps a subnet to a static endnet, or a pool endnet when one pool covers it', () => {
    expect(mapSubnet(subnet(), { pools: [], config })).toEqual({
      ok: true,
      value: {
        ipVersion: 4,
        payload: {
          network: '100.64.1.0',
          mask: 24,
          title: 'Customers A',
          location_id: 2,
          network_type: 'endnet',
          type_of_usage: 'static',
          additional_attributes: { sonar_id: 'subnet-20' },
        },
      },
      warnings: [],
    });
    expect(mapSubnet(subnet(), { pools: [pool()], config })).toMatchObject({
      ok: true,
      value: { payload: { type_of_usage: 'pool' } },
    });
    const half = pool({ ip_range: '100.64.1.128-100.64.1.255' });
    expect(mapSubnet(subnet(), { pools: [half], config })).toMatchObject({
      value: { payload: { type_of_usage: 'static' } },
    });
    const other = pool({ subnet_id: '21' });
    expect(mapSubnet(subnet(), { pools: [other], config })).toMatchObject({
      value: { payload: { type_of_usage: 'static' } },
    });
  });

  it('maps IPv6 subnets to networking/ipv6 payloads', () => {
    expect(
      mapSubnet(subnet({ subnet: '2605:a000:1::/48', ip_version: 6, name: 'v6' }), {
        pools: [],
        config,
      }),
    ).toEqual({
      ok: true,
      value: {
        ipVersion: 6,
        payload: {
          network: '2605:a000:1::',
          prefix: 48,
          title: 'v6',
          location_id: 2,
          network_type: 'endnet',
          type_of_usage: 'static',
        },
      },
      warnings: [],
    });
  });

  it.each([
    ['100.64.1.0/33', 4, 'cidr'],
    ['100.64.1.300/24', 4, 'cidr'],
    ['100.64.1.5/24', 4, 'cidr-host-bits'],
    ['2605:a000::1/48', 6, 'cidr-host-bits'],
    ['2605:::1/48', 6, 'cidr'],
  ] as const)('reports %s', (cidr, ipVersion, rule) => {
    const result = mapSubnet(subnet({ subnet: cidr, ip_version: ipVersion }), {
      pools: [],
      config,
    });
    expect(
      !result.ok && result.issues.map((i) => [i.sonarType, i.sonarId, i.field, i.rule]),
    ).toEqual([['Subnet', '20', 'network', rule]]);
  });
});

describe('mapIpPool', () => {
  it('splits a partial range into the fewest pool networks', () => {
    const result = mapIpPool(pool({ ip_range: '100.64.1.100-100.64.1.131' }), subnet(), config);
    expect(result.ok && result.value[0]).toEqual({
      network: '100.64.1.100',
      mask: 30,
      title: 'DHCP (1/4)',
      location_id: 2,
      network_type: 'endnet',
      type_of_usage: 'pool',
      additional_attributes: { sonar_id: 'ip_pool-30-1' },
    });
    expect(
      result.ok &&
        result.value.map((p) => `${p.network}/${p.mask} ${p.additional_attributes.sonar_id}`),
    ).toEqual([
      '100.64.1.100/30 ip_pool-30-1',
      '100.64.1.104/29 ip_pool-30-2',
      '100.64.1.112/28 ip_pool-30-3',
      '100.64.1.128/30 ip_pool-30-4',
    ]);
  });

  it('keeps the pool name as the title when the range is one block', () => {
    const result = mapIpPool(pool({ ip_range: '100.64.1.64 - 100.64.1.127' }), subnet(), config);
    expect(result.ok && result.value.map((p) => [p.network, p.mask, p.title])).toEqual([
      ['100.64.1.64', 26, 'DHCP'],
    ]);
  });

  it('makes no network of its own when the pool is the whole subnet', () => {
    expect(mapIpPool(pool(), subnet(), config)).toEqual({ ok: true, value: [], warnings: [] });
    expect(mapIpPool(pool({ ip_range: '100.64.1.0-100.64.1.255' }), subnet(), config)).toEqual({
      ok: true,
      value: [],
      warnings: [],
    });
  });

  it.each([
    ['100.64.1.20-100.64.1.10', 'ip-range'],
    ['100.64.1.1', 'ip-range'],
    ['100.64.1.x-100.64.1.9', 'ip-range'],
    ['100.64.0.250-100.64.1.10', 'pool-outside-subnet'],
  ])('reports %s as %s', (range, rule) => {
    const result = mapIpPool(pool({ ip_range: range }), subnet(), config);
    expect(
      !result.ok && result.issues.map((i) => [i.sonarType, i.sonarId, i.sourceField, i.rule]),
    ).toEqual([['IpPool', '30', 'ip_range', rule]]);
  });
});
