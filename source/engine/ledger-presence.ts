// Before a resume writes anything: is the Splynx it talks to still the one this migration wrote
// to? A Splynx restored from a backup, or reset (the old demo started an empty one each time),
// has lost records the ledger says we created; the run would then send ids of records that are
// gone and fail far from the cause ("Labels is invalid"). One batched read per entity kind, of a
// sample of its created records (the newest, which a restore loses first, and the oldest, which a
// reset loses too), names the loss before the first write.
import { UserError } from '../errors.js';
import type { SplynxClient } from '../splynx/client.js';
import { toId } from '../splynx/coerce.js';
import { customerPaths, ENDPOINTS } from '../splynx/endpoints.js';
import { searchRecords } from '../splynx/records-io.js';
import type { EntityRecord } from '../state/index.js';

/** Entities whose records can be read back by id in one search (services: under any customer). */
const COLLECTIONS: Record<string, string> = {
  partner: ENDPOINTS.partner.path,
  location: ENDPOINTS.location.path,
  label: ENDPOINTS.label.path,
  administrator: ENDPOINTS.administrator.path,
  tariff_internet: ENDPOINTS.tariff_internet.path,
  tariff_recurring: ENDPOINTS.tariff_recurring.path,
  tariff_one_time: ENDPOINTS.tariff_one_time.path,
  ipv4_network: ENDPOINTS.ipv4_network.path,
  ipv6_network: ENDPOINTS.ipv6_network.path,
  stock: ENDPOINTS.stock.path,
  vendor: ENDPOINTS.vendor.path,
  supplier: ENDPOINTS.supplier.path,
  product: ENDPOINTS.product.path,
  inventory_item: ENDPOINTS.inventory_item.path,
  customer: ENDPOINTS.customer.path,
  internet_service: customerPaths.allInternetServices,
  recurring_service: customerPaths.allRecurringServices,
};

/** Per entity kind: this many of the newest created records, and this many of the oldest. */
const NEWEST = 10;
const OLDEST = 5;
/** Records named in the error; the rest are counted. */
const NAMED = 10;

export interface MissingRecord {
  entity: string;
  sonarId: string;
  splynxId: number;
}

/** The sample of created records to look for, by entity kind. */
export function presenceSample(records: Iterable<EntityRecord>): Map<string, MissingRecord[]> {
  const byEntity = new Map<string, { record: EntityRecord; splynxId: number }[]>();
  for (const record of records) {
    if (record.action !== 'created' || !(record.entity in COLLECTIONS)) continue;
    const splynxId = toId(record.splynxId);
    if (splynxId === undefined || splynxId <= 0) continue;
    let list = byEntity.get(record.entity);
    if (!list) {
      list = [];
      byEntity.set(record.entity, list);
    }
    list.push({ record, splynxId });
  }
  const sample = new Map<string, MissingRecord[]>();
  for (const [entity, list] of byEntity) {
    list.sort((a, b) => a.record.updatedAt.localeCompare(b.record.updatedAt));
    const picked =
      list.length <= NEWEST + OLDEST ? list : [...list.slice(0, OLDEST), ...list.slice(-NEWEST)];
    sample.set(
      entity,
      picked.map(({ record, splynxId }) => ({ entity, sonarId: record.sonarId, splynxId })),
    );
  }
  return sample;
}

/** The sampled records Splynx does not have. */
export async function findMissing(
  splynx: SplynxClient,
  records: Iterable<EntityRecord>,
  signal?: AbortSignal,
): Promise<MissingRecord[]> {
  const missing: MissingRecord[] = [];
  for (const [entity, sample] of presenceSample(records)) {
    const path = COLLECTIONS[entity] as string;
    const ids = sample.map((r) => r.splynxId);
    const rows = await searchRecords(splynx, path, { main: { id: ['IN', ids] } }, signal);
    const found = new Set(rows.map((row) => toId(row.id)));
    for (const record of sample) if (!found.has(record.splynxId)) missing.push(record);
  }
  return missing;
}

/**
 * Throws (exit 1, nothing written) when Splynx lacks records this migration created, naming them
 * and what to do.
 */
export async function assertLedgerPresent(
  splynx: SplynxClient,
  migration: { id: string; records(): Iterable<EntityRecord> },
  signal?: AbortSignal,
): Promise<void> {
  const missing = await findMissing(splynx, migration.records(), signal);
  if (missing.length === 0) return;
  const named = roundRobin(missing)
    .slice(0, NAMED)
    .map((r) => `${r.entity} ${r.sonarId} (Splynx id ${r.splynxId})`)
    .join(', ');
  const more = missing.length > NAMED ? ` and ${missing.length - NAMED} more` : '';
  throw new UserError(
    `Splynx does not have records this migration created earlier — was it reset or restored? Missing: ${named}${more}. Nothing was written.`,
    `Start a new migration with a new --state-dir (the demo: start it with --fresh-demo), or run \`s2s verify ${migration.id}\` to list every missing record.`,
    1,
  );
}

/** One of each entity kind first, so the message names every kind that is missing. */
function roundRobin(missing: readonly MissingRecord[]): MissingRecord[] {
  const byEntity = new Map<string, MissingRecord[]>();
  for (const record of missing) {
    const list = byEntity.get(record.entity) ?? [];
    list.push(record);
    byEntity.set(record.entity, list);
  }
  const out: MissingRecord[] = [];
  for (let i = 0; out.length < missing.length; i++) {
    for (const list of byEntity.values()) {
      const record = list[i];
      if (record) out.push(record);
    }
  }
  return out;
}
