// verify, phase 2: every live IPv4/IPv6 network is re-mapped from its Sonar supernet, subnet or
// pool block (keyed by the sonar_id the phase gave it) and compared field by field.

import type { MapResult } from '../mapping/issues.js';
import type { MappingConfig } from '../mapping/mapping-config.js';
import { mapIpPool, mapSubnet, mapSupernet, networkSonarId } from '../mapping/network.js';
import type { SonarNetwork } from '../sonar/records.js';
import {
  type Expectation,
  goneFromSonar,
  live,
  noLongerMaps,
  type VerifySource,
} from './verify-expectation.js';
import { readBack } from './verify-inventory.js';
import type { VerifyDifference } from './verify-result.js';

type Mapped = { entity: 'ipv4_network' | 'ipv6_network'; result: MapResult<object> };

/** What each network sonar_id maps to today. */
function expectedNetworks(network: SonarNetwork, config: MappingConfig): Map<string, Mapped> {
  const out = new Map<string, Mapped>();
  const add = (sonarId: string, result: ReturnType<typeof mapSupernet>) => {
    if (!result.ok) out.set(sonarId, { entity: 'ipv4_network', result });
    else {
      const { ipVersion, payload } = result.value;
      out.set(sonarId, {
        entity: ipVersion === 6 ? 'ipv6_network' : 'ipv4_network',
        result: { ok: true, value: payload, warnings: [] },
      });
    }
  };
  for (const s of network.supernets) add(networkSonarId('supernet', s.id), mapSupernet(s, config));
  for (const s of network.subnets) {
    add(networkSonarId('subnet', s.id), mapSubnet(s, { pools: network.ip_pools, config }));
  }
  const subnets = new Map(network.subnets.map((s) => [s.id, s]));
  for (const pool of network.ip_pools) {
    const subnet = subnets.get(pool.subnet_id);
    if (!subnet) continue;
    const mapped = mapIpPool(pool, subnet, config);
    if (!mapped.ok) {
      out.set(networkSonarId('ip_pool', pool.id), { entity: 'ipv4_network', result: mapped });
      continue;
    }
    for (const payload of mapped.value) {
      out.set(payload.additional_attributes.sonar_id, {
        entity: 'ipv4_network',
        result: { ok: true, value: payload, warnings: [] },
      });
    }
  }
  return out;
}

export function networkExpectations(
  view: VerifySource,
  network: SonarNetwork,
  config: MappingConfig,
  differences: VerifyDifference[],
): Expectation[] {
  const expected = expectedNetworks(network, config);
  const out: Expectation[] = [];
  for (const entity of ['ipv4_network', 'ipv6_network'] as const) {
    for (const record of live(view, { entity })) {
      const mapped = expected.get(record.sonarId);
      if (!mapped || mapped.entity !== entity) {
        differences.push(goneFromSonar(record, 'network'));
        continue;
      }
      const label = `network ${record.sonarId}`;
      if (!mapped.result.ok) differences.push(noLongerMaps(record, label, mapped.result.issues));
      const expectation = readBack(record, label, entity, mapped.result);
      if (expectation) out.push(expectation);
    }
  }
  return out;
}
