// Sonar supernets, subnets and IP pools become Splynx IPv4/IPv6 networks (MAPPING.md, Phase 2).
// Splynx has no pool object: a pool is a network with type_of_usage=pool, so a Sonar range becomes
// the fewest CIDR blocks that cover it exactly.
import type { SonarIpPool, SonarSubnet, SonarSupernet } from '../sonar/records.js';
import { checkText } from './checks.js';
import {
  cidr4Size,
  formatIpv4,
  parseCidr4,
  parseCidr6,
  parseIpv4,
  rangeToCidrs,
  splitRange,
} from './ip.js';
import { type IssueSubject, type MappingIssue, type MapResult, quote, resultOf } from './issues.js';
import type { MappingConfig } from './mapping-config.js';
import type { Ipv4NetworkPayload, NetworkPayload } from './payloads.js';

export { rangeToCidrs } from './ip.js';

// Supernets, subnets and pools are separate Sonar tables whose ids overlap, but they share one
// Splynx module whose sonar_id field is unique, so the stored id names its table.
export function networkSonarId(
  table: 'supernet' | 'subnet' | 'ip_pool',
  id: string,
  block?: number,
): string {
  return block === undefined ? `${table}-${id}` : `${table}-${id}-${block}`;
}

function cidrNetwork(
  subject: IssueSubject,
  cidr: string,
  ipVersion: 4 | 6,
  issues: MappingIssue[],
): { network: string; mask: number } | null {
  const parsed = ipVersion === 4 ? parseCidr4(cidr) : parseCidr6(cidr);
  const base = { field: 'network', sourceField: 'subnet' };
  if (parsed === null) {
    issues.push({
      ...subject,
      ...base,
      rule: 'cidr',
      message: `${quote(cidr)} of ${subject.sonarType} ${subject.sonarId} is not a valid IPv${ipVersion} CIDR.`,
      fix: `In Sonar, correct the subnet of ${subject.sonarType} ${subject.sonarId}.`,
    });
    return null;
  }
  if (parsed.hostBits) {
    issues.push({
      ...subject,
      ...base,
      rule: 'cidr-host-bits',
      message: `${quote(cidr)} of ${subject.sonarType} ${subject.sonarId} has host bits set; Splynx needs the network address.`,
      fix: `In Sonar, change the subnet of ${subject.sonarType} ${subject.sonarId} to its network address.`,
    });
    return null;
  }
  if ('address' in parsed) return { network: parsed.address, mask: parsed.prefix };
  return { network: formatIpv4(parsed.network), mask: parsed.mask };
}

function mapNetwork(
  subject: IssueSubject,
  record: { name: string | null; subnet: string; ip_version: 4 | 6 },
  sonarId: string,
  networkType: 'rootnet' | 'endnet',
  typeOfUsage: 'static' | 'pool',
  config: MappingConfig,
): MapResult<NetworkPayload> {
  const issues: MappingIssue[] = [];
  const title = record.name ?? record.subnet;
  checkText(subject, title, { field: 'title', sourceField: 'name', required: true }, issues);
  const cidr = cidrNetwork(subject, record.subnet, record.ip_version, issues);
  if (cidr === null) return { ok: false, issues };
  const location_id = config.network.locationId;
  if (record.ip_version === 6) {
    const payload = {
      network: cidr.network,
      prefix: cidr.mask,
      title,
      location_id,
      network_type: networkType,
      type_of_usage: 'static' as const,
    };
    return resultOf({ ipVersion: 6 as const, payload }, issues);
  }
  const payload: Ipv4NetworkPayload = {
    network: cidr.network,
    mask: cidr.mask,
    title,
    location_id,
    network_type: networkType,
    type_of_usage: typeOfUsage,
    additional_attributes: { sonar_id: sonarId },
  };
  return resultOf({ ipVersion: 4 as const, payload }, issues);
}

export function mapSupernet(
  supernet: SonarSupernet,
  config: MappingConfig,
): MapResult<NetworkPayload> {
  const subject = { entity: 'network', sonarId: supernet.id, sonarType: 'Supernet' };
  return mapNetwork(
    subject,
    supernet,
    networkSonarId('supernet', supernet.id),
    'rootnet',
    'static',
    config,
  );
}

/**
 * True when the pool hands out the whole subnet: every address, or every address but the network
 * and broadcast ones (which Sonar pools usually leave out).
 */
export function poolCoversSubnet(pool: SonarIpPool, subnet: SonarSubnet): boolean {
  const cidr = subnet.ip_version === 4 ? parseCidr4(subnet.subnet) : null;
  const range = splitRange(pool.ip_range);
  if (cidr === null || cidr.hostBits || range === null) return false;
  const start = parseIpv4(range.start);
  const end = parseIpv4(range.end);
  if (start === null || end === null) return false;
  const last = cidr.network + cidr4Size(cidr) - 1;
  if (start === cidr.network && end === last) return true;
  return cidr.mask <= 30 && start === cidr.network + 1 && end === last - 1;
}

export function mapSubnet(
  subnet: SonarSubnet,
  context: { pools: SonarIpPool[]; config: MappingConfig },
): MapResult<NetworkPayload> {
  const subject = { entity: 'network', sonarId: subnet.id, sonarType: 'Subnet' };
  const own = context.pools.filter((pool) => pool.subnet_id === subnet.id);
  const onlyPool = own.length === 1 ? own[0] : undefined;
  const usage = onlyPool !== undefined && poolCoversSubnet(onlyPool, subnet) ? 'pool' : 'static';
  return mapNetwork(
    subject,
    subnet,
    networkSonarId('subnet', subnet.id),
    'endnet',
    usage,
    context.config,
  );
}

/**
 * One pool network per CIDR block of the pool's range. Empty when the pool covers its whole subnet:
 * that subnet is then itself the pool network (mapSubnet), and a second network would collide.
 */
export function mapIpPool(
  pool: SonarIpPool,
  subnet: SonarSubnet,
  config: MappingConfig,
): MapResult<Ipv4NetworkPayload[]> {
  const subject = { entity: 'network', sonarId: pool.id, sonarType: 'IpPool' };
  const issues: MappingIssue[] = [];
  const range = splitRange(pool.ip_range);
  const blocks = range === null ? null : rangeToCidrs(range.start, range.end);
  if (range === null || blocks === null) {
    issues.push({
      ...subject,
      field: 'network',
      sourceField: 'ip_range',
      rule: 'ip-range',
      message: `${quote(pool.ip_range)} of IP pool ${pool.id} is not a valid IPv4 range (first-last, first not after last).`,
      fix: `In Sonar, correct the range of IP pool ${pool.id}.`,
    });
    return { ok: false, issues };
  }
  const cidr = parseCidr4(subnet.subnet);
  const start = parseIpv4(range.start);
  const end = parseIpv4(range.end);
  if (
    cidr === null ||
    start === null ||
    end === null ||
    start < cidr.network ||
    end >= cidr.network + cidr4Size(cidr)
  ) {
    issues.push({
      ...subject,
      field: 'network',
      sourceField: 'ip_range',
      rule: 'pool-outside-subnet',
      message: `IP pool ${pool.id} range ${quote(pool.ip_range)} is not inside its subnet ${quote(subnet.subnet)}.`,
      fix: `In Sonar, move IP pool ${pool.id} into subnet ${subnet.id} or correct its range.`,
    });
    return { ok: false, issues };
  }
  if (poolCoversSubnet(pool, subnet)) return resultOf([], issues);
  const title = pool.name ?? pool.ip_range;
  checkText(subject, title, { field: 'title', sourceField: 'name', required: true }, issues);
  const payloads = blocks.map((block, index): Ipv4NetworkPayload => {
    const [network = '', mask = '32'] = block.split('/');
    return {
      network,
      mask: Number(mask),
      title: blocks.length === 1 ? title : `${title} (${index + 1}/${blocks.length})`,
      location_id: config.network.locationId,
      network_type: 'endnet',
      type_of_usage: 'pool',
      additional_attributes: { sonar_id: networkSonarId('ip_pool', pool.id, index + 1) },
    };
  });
  return resultOf(payloads, issues);
}
