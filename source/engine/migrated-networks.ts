// The IPv4 networks a migration put in Splynx, as the customer mapping needs them to decide which
// static IPs a service can take. Rebuilt from ledger records (the network phase keeps each one's
// CIDR, usage and type in `extra`), so the customers phase and verify read them the same way.
import type { MigratedIpv4Network } from '../mapping/issues.js';
import type { EntityRecord } from '../state/index.js';

export function migratedNetworks(records: Iterable<EntityRecord>): MigratedIpv4Network[] {
  const networks: MigratedIpv4Network[] = [];
  for (const record of records) {
    const extra = record.extra;
    // A root network only groups end networks; no address is taken from it.
    if (extra?.networkType === 'rootnet') continue;
    if (typeof record.splynxId === 'number' && extra && typeof extra.cidr === 'string') {
      const usage = extra.typeOfUsage;
      networks.push({
        splynxId: record.splynxId,
        cidr: extra.cidr,
        typeOfUsage: usage === 'pool' || usage === 'management' ? usage : 'static',
      });
    }
  }
  return networks;
}
