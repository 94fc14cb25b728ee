// What verify reads back of the receivables (`balances.mode: "open-invoices"`): every invoice and
// payment the ledger holds is looked for in Splynx, so its count is never "Splynx has 0 of them"
// for records that are there. Those Sonar still lists as open are also compared field by field
// (phases/receivables.ts says which fields); one Sonar has since seen paid only has to exist — a
// later payment is sync's to carry, not a difference in what the migration wrote.
import { mapInvoices } from '../mapping/invoices.js';
import type { MappingConfig } from '../mapping/mapping-config.js';
import type { SonarAccount } from '../sonar/records.js';
import { ENDPOINTS } from '../splynx/endpoints.js';
import { type EntityRecord, recordKey } from '../state/index.js';
import { receivableExpectations } from './phases/receivables.js';
import type { SonarSource } from './sonar-source.js';
import { type Expectation, live, type VerifySource } from './verify-expectation.js';

const ITEM_PATH = {
  invoice: ENDPOINTS.invoice.item,
  invoice_payment: ENDPOINTS.payment.item,
} as const;

export interface ReceivableCustomer {
  account: SonarAccount;
  label: string;
  customerId: number;
}

export async function receivableReadBacks(
  view: VerifySource,
  sonar: Pick<SonarSource, 'openInvoices'>,
  config: MappingConfig,
  customers: readonly ReceivableCustomer[],
  signal: AbortSignal,
): Promise<Expectation[]> {
  const held = Object.keys(ITEM_PATH).flatMap((entity) => live(view, { entity }));
  if (held.length === 0) return [];
  const byKey = new Map(held.map((r) => [r.key, r]));
  const liveRecord = (entity: string, sonarId: string): EntityRecord | undefined =>
    byKey.get(recordKey(entity, sonarId));
  const open = await sonar.openInvoices(
    customers.map((c) => c.account.id),
    signal,
  );
  const out: Expectation[] = [];
  for (const { account, label, customerId } of customers) {
    const mapped = mapInvoices(label, open.get(account.id) ?? [], config);
    // An invoice that no longer maps is still looked for below; the mapping's refusal is the
    // migration's report to make, not verify's.
    if (mapped.ok) out.push(...receivableExpectations(liveRecord, mapped.value, customerId));
  }
  const compared = new Set(out.map((e) => e.record.key));
  for (const record of held) {
    if (compared.has(record.key) || typeof record.splynxId !== 'number') continue;
    const path = ITEM_PATH[record.entity as keyof typeof ITEM_PATH];
    out.push({ record, label: `${record.entity} ${record.sonarId}`, path: path(record.splynxId) });
  }
  return out;
}
