// Phase 2 input: supernets, subnets and pools in one request.
import type { SonarClient } from './client.js';
import type { ExtractOptions } from './extract-foundation.js';
import { fetchCollections } from './fetch-collections.js';
import { NETWORK_SPECS } from './queries/network.js';
import type { SonarNetwork } from './records.js';

export async function extractNetwork(
  client: SonarClient,
  options: ExtractOptions = {},
): Promise<SonarNetwork> {
  const rows = await fetchCollections(client, 'SonarNetwork', NETWORK_SPECS, options);
  return {
    supernets: rows.supernets.map((row) => ({ ...row, ip_version: ipVersion(row.subnet) })),
    subnets: rows.subnets.map((row) => ({ ...row, ip_version: ipVersion(row.subnet) })),
    ip_pools: rows.ip_pools,
  };
}

export function ipVersion(cidr: string): 4 | 6 {
  return cidr.includes(':') ? 6 : 4;
}
