// Phase 2 (MAPPING.md): supernets → root networks, subnets → end networks (static, or pool when
// one Sonar pool fills the subnet), IP pools → pool networks split into the fewest CIDR blocks,
// IPv6 subnets → networking/ipv6. Each IPv4 network keeps its CIDR in the ledger so the customers
// phase can tell which static IPs live inside a migrated network.
import type { MappingIssue } from '../../mapping/issues.js';
import { mapIpPool, mapSubnet, mapSupernet, networkSonarId } from '../../mapping/network.js';
import type { NetworkPayload } from '../../mapping/payloads.js';
import type { SonarNetwork } from '../../sonar/records.js';
import { ENDPOINTS } from '../../splynx/endpoints.js';
import type { Phase, PhaseContext } from '../phase.js';
import { ExistingIndex, Walker } from './simple-entity.js';

/**
 * With customers picked by id, only the networks their IPs live in (and those networks' supernets
 * and pools) are needed: trying one customer must not wait on the whole IP plan.
 */
function neededNetworks(ctx: PhaseContext, network: SonarNetwork): SonarNetwork {
  const accounts = ctx.selection.accounts;
  if (ctx.selection.kind !== 'ids' || !accounts) return network;
  // Networks a --records-from retry names on their own (pool blocks as `ip_pool-<id>-<n>`).
  const named = new Set(
    (ctx.selection.records ?? [])
      .filter((r) => r.entity === 'ipv4_network' || r.entity === 'ipv6_network')
      .map((r) => r.sonarId.replace(/^(ip_pool-[^-]+)-\d+$/, '$1')),
  );
  const subnetIds = new Set(accounts.flatMap((a) => a.ip_assignments.map((ip) => ip.subnet_id)));
  const pools = network.ip_pools.filter(
    (p) => subnetIds.has(p.subnet_id) || named.has(networkSonarId('ip_pool', p.id)),
  );
  const subnets = network.subnets.filter(
    (s) => subnetIds.has(s.id) || named.has(networkSonarId('subnet', s.id)),
  );
  const supernetIds = new Set(subnets.map((s) => s.supernet_id));
  return {
    supernets: network.supernets.filter(
      (s) => supernetIds.has(s.id) || named.has(networkSonarId('supernet', s.id)),
    ),
    subnets,
    ip_pools: pools,
  };
}

async function walk(ctx: PhaseContext) {
  const walker = new Walker(ctx);
  const network = neededNetworks(ctx, await ctx.sonar.network(ctx.signal));
  const v4 = await ExistingIndex.load(ctx, ENDPOINTS.ipv4_network);
  const v6 = await ExistingIndex.load(ctx, ENDPOINTS.ipv6_network);

  const one = async (
    sonarType: 'supernet' | 'subnet',
    id: string,
    label: string,
    mapped: ReturnType<typeof mapSupernet>,
  ) => {
    const sonarId = networkSonarId(sonarType, id);
    if (!mapped.ok) {
      return walker.item({
        phase: 'network',
        entity: 'ipv4_network',
        sonarId,
        label,
        endpoint: ENDPOINTS.ipv4_network,
        index: v4,
        mapped,
      });
    }
    return migrateNetwork(walker, sonarId, label, mapped.value, v4, v6, mapped.warnings);
  };

  for (const supernet of network.supernets) {
    await one(
      'supernet',
      supernet.id,
      `supernet ${supernet.id} ${supernet.subnet}`,
      mapSupernet(supernet, ctx.config),
    );
  }
  for (const subnet of network.subnets) {
    await one(
      'subnet',
      subnet.id,
      `subnet ${subnet.id} ${subnet.subnet}`,
      mapSubnet(subnet, { pools: network.ip_pools, config: ctx.config }),
    );
  }
  const subnets = new Map(network.subnets.map((s) => [s.id, s]));
  for (const pool of network.ip_pools) {
    const subnet = subnets.get(pool.subnet_id);
    const label = `IP pool ${pool.id} ${pool.ip_range}`;
    if (!subnet) {
      walker.skipped(
        {
          phase: 'network',
          entity: 'ipv4_network',
          sonarId: networkSonarId('ip_pool', pool.id),
          label,
        },
        `its subnet ${pool.subnet_id} is not in Sonar`,
      );
      continue;
    }
    const mapped = mapIpPool(pool, subnet, ctx.config);
    if (!mapped.ok) {
      await walker.item({
        phase: 'network',
        entity: 'ipv4_network',
        sonarId: networkSonarId('ip_pool', pool.id),
        label,
        endpoint: ENDPOINTS.ipv4_network,
        index: v4,
        mapped,
      });
      continue;
    }
    for (const payload of mapped.value) {
      const sonarId = payload.additional_attributes.sonar_id;
      await migrateNetwork(
        walker,
        sonarId,
        `${label} block ${payload.network}/${payload.mask}`,
        { ipVersion: 4, payload },
        v4,
        v6,
        [],
      );
    }
  }
}

function migrateNetwork(
  walker: Walker,
  sonarId: string,
  label: string,
  value: NetworkPayload,
  v4: ExistingIndex,
  v6: ExistingIndex,
  warnings: MappingIssue[],
) {
  if (value.ipVersion === 6) {
    return walker.item({
      phase: 'network',
      entity: 'ipv6_network',
      sonarId,
      label,
      endpoint: ENDPOINTS.ipv6_network,
      index: v6,
      mapped: { ok: true, value: value.payload, warnings },
    });
  }
  const { payload } = value;
  return walker.item({
    phase: 'network',
    entity: 'ipv4_network',
    sonarId,
    label,
    endpoint: ENDPOINTS.ipv4_network,
    index: v4,
    sonarIdValue: sonarId,
    mapped: { ok: true, value: payload, warnings },
    extra: {
      cidr: `${payload.network}/${payload.mask}`,
      typeOfUsage: payload.type_of_usage,
      networkType: payload.network_type,
    },
  });
}

export const networkPhase: Phase = {
  id: 'network',
  title: 'IP networks and pools',
  dependsOn: ['foundation'],
  apply: walk,
};
