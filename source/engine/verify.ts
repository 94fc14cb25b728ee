// `s2s verify [ID]`: the ledger keeps Splynx ids and payload hashes, never payloads, so the
// expected Splynx record is rebuilt: re-extract from Sonar, re-map with the phases' own mapping
// functions and id resolver, and compare with what Splynx holds now (splynx/normalise.ts:
// Splynx's type quirks and normalisations included). Counts per entity are compared with Sonar too.
import { ApiError } from '../errors.js';
import { mapCustomer } from '../mapping/customer.js';
import { mapLabel } from '../mapping/label.js';
import type { MappingConfig } from '../mapping/mapping-config.js';
import { mapPartner } from '../mapping/partner.js';
import type { CustomerPlan } from '../mapping/payloads.js';
import { mapTariff, tariffKindOf } from '../mapping/tariff.js';
import type { SonarAccount, SonarFoundation } from '../sonar/records.js';
import type { SplynxClient } from '../splynx/client.js';
import { customerPaths, ENDPOINTS, type EntityEndpoint } from '../splynx/endpoints.js';
import { compareRecord, NormalisationTally } from '../splynx/normalise.js';
import { idOf, listAllRecords, readRecord, sonarIdOf } from '../splynx/records-io.js';
import type { EntityRecord, MigrationView } from '../state/index.js';
import type { EmitEvent } from './events.js';
import { migratedNetworks } from './migrated-networks.js';
import { accountQuery } from './phases/customers.js';
import { type IdLookup, idResolver } from './phases/foundation.js';
import { isRolledBack } from './rollback.js';
import type { ResolvedSelection } from './selection.js';
import type { SonarSource } from './sonar-source.js';
import type { EntityCount, VerifyDifference, VerifyResult } from './verify-result.js';

export type { EntityCount, VerifyDifference, VerifyResult } from './verify-result.js';

export interface VerifyDeps {
  sonar: SonarSource;
  splynx: SplynxClient;
  config: MappingConfig;
  signal: AbortSignal;
  emit?: EmitEvent;
  /** Reads in flight at once. */
  concurrency?: number;
}

type VerifySource = Pick<
  MigrationView,
  'id' | 'createdAt' | 'request' | 'records' | 'get' | 'splynxId'
>;

/** Entities read back by id alone: existence and sonar_id are checked, fields are not re-mapped. */
const EXISTENCE_ONLY: Record<string, EntityEndpoint> = {
  administrator: ENDPOINTS.administrator,
  ipv4_network: ENDPOINTS.ipv4_network,
  ipv6_network: ENDPOINTS.ipv6_network,
  stock: ENDPOINTS.stock,
  vendor: ENDPOINTS.vendor,
  supplier: ENDPOINTS.supplier,
  product: ENDPOINTS.product,
  inventory_item: ENDPOINTS.inventory_item,
};
const TARIFF_ENDPOINT = {
  internet: ENDPOINTS.tariff_internet,
  recurring: ENDPOINTS.tariff_recurring,
  one_time: ENDPOINTS.tariff_one_time,
} as const;

interface Expectation {
  record: EntityRecord;
  label: string;
  path: string;
  /** Fields to compare; undefined = check the record exists (and its sonar_id). */
  expected?: Record<string, unknown>;
  unverifiable?: readonly string[];
  sonarIdValue?: string;
}

function live(view: VerifySource, filter: { entity?: string } = {}): EntityRecord[] {
  return [...view.records(filter)].filter(
    (r) => (r.action === 'created' || r.action === 'adopted') && !isRolledBack(r),
  );
}

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(runners);
}

async function fetchAccounts(deps: VerifyDeps, ids: string[]): Promise<Map<string, SonarAccount>> {
  const accounts = new Map<string, SonarAccount>();
  for (let i = 0; i < ids.length; i += 200) {
    const chunk = ids.slice(i, i + 200);
    for await (const batch of deps.sonar.accounts(
      { ids: chunk, includeArchived: true },
      deps.signal,
    )) {
      for (const account of batch) accounts.set(account.id, account);
    }
  }
  return accounts;
}

function customerExpectations(
  view: VerifySource,
  account: SonarAccount,
  plan: CustomerPlan,
  cid: number,
  differences: VerifyDifference[],
): Expectation[] {
  const out: Expectation[] = [];
  const record = (entity: string, sonarId: string) => {
    const r = view.get(entity, sonarId);
    return r && (r.action === 'created' || r.action === 'adopted') && !isRolledBack(r)
      ? r
      : undefined;
  };
  const customer = record('customer', account.id);
  if (customer) {
    const parent =
      account.parent_account_id === null
        ? undefined
        : view.splynxId('customer', account.parent_account_id);
    out.push({
      record: customer,
      label: plan.label,
      path: ENDPOINTS.customer.item(cid),
      expected: {
        ...plan.customer,
        status: plan.finalStatus,
        ...(typeof parent === 'number' ? { parent_id: parent } : {}),
      },
    });
  }
  const info = record('customer_info', account.id);
  if (info && plan.info) {
    out.push({
      record: info,
      label: `${plan.label} info`,
      path: customerPaths.info(cid),
      expected: { ...plan.info },
    });
  }
  const billing = record('customer_billing', account.id);
  if (billing) {
    out.push({
      record: billing,
      label: `${plan.label} billing`,
      path: customerPaths.billing(cid),
      expected: { ...plan.billing },
    });
  }
  const services = [
    ['internet_service', plan.internetServices, customerPaths.internetService],
    ['recurring_service', plan.recurringServices, customerPaths.recurringService],
  ] as const;
  for (const [entity, planned, itemPath] of services) {
    for (const service of planned) {
      const r = record(entity, service.sonarId);
      if (!r || typeof r.splynxId !== 'number') continue;
      out.push({
        record: r,
        label: `${plan.label} ${entity.replace('_', ' ')} ${service.sonarId}`,
        path: itemPath(cid, r.splynxId),
        expected: { ...service.payload },
        unverifiable: ['password'],
      });
    }
  }
  for (const note of plan.notes) {
    const r = record('customer_note', note.sonarId);
    if (!r || typeof r.splynxId !== 'number') continue;
    out.push({
      record: r,
      label: `${plan.label} note ${note.sonarId}`,
      path: customerPaths.note(cid, r.splynxId),
      expected: { ...note.payload, customer_id: cid },
    });
  }
  const balance = record('opening_balance', account.id);
  if (balance && typeof balance.splynxId === 'number') {
    out.push({
      record: balance,
      label: `${plan.label} opening balance`,
      path: ENDPOINTS.transaction.item(balance.splynxId),
      ...(plan.openingBalance
        ? {
            expected: {
              customer_id: cid,
              type: plan.openingBalance.type,
              price: plan.openingBalance.amount,
              description: plan.openingBalance.description,
            },
          }
        : {}),
    });
  }
  // Services and notes the ledger has but Sonar no longer does.
  const planned = new Set([
    ...plan.internetServices.map((s) => `internet_service:${s.sonarId}`),
    ...plan.recurringServices.map((s) => `recurring_service:${s.sonarId}`),
    ...plan.notes.map((n) => `customer_note:${n.sonarId}`),
  ]);
  const accountServiceIds = new Set(account.account_services.map((s) => s.id));
  const noteIds = new Set(account.notes.map((n) => n.id));
  for (const entity of ['internet_service', 'recurring_service', 'customer_note'] as const) {
    for (const r of live(view, { entity })) {
      const mine =
        entity === 'customer_note' ? noteIds.has(r.sonarId) : accountServiceIds.has(r.sonarId);
      if (mine && !planned.has(r.key)) {
        differences.push({
          entity,
          sonarId: r.sonarId,
          ...(r.splynxId !== undefined ? { splynxId: r.splynxId } : {}),
          label: `${plan.label} ${entity.replace('_', ' ')} ${r.sonarId}`,
          message:
            'migrated, but the Sonar record no longer maps to it (changed or removed in Sonar)',
        });
      }
    }
  }
  return out;
}

/** The slice of a phase context verify can fill: it reads a finished migration, it runs nothing. */
type VerifyContext = IdLookup & {
  config: MappingConfig;
  /** Absent for a migration stored before selections were recorded. */
  selection: ResolvedSelection | undefined;
};

function foundationExpectations(
  view: VerifySource,
  foundation: SonarFoundation,
  ctx: VerifyContext,
  differences: VerifyDifference[],
): Expectation[] {
  const out: Expectation[] = [];
  const resolver = idResolver(ctx);
  const gone = (record: EntityRecord, what: string) =>
    differences.push({
      entity: record.entity,
      sonarId: record.sonarId,
      ...(record.splynxId !== undefined ? { splynxId: record.splynxId } : {}),
      label: `${what} ${record.sonarId}`,
      message: `migrated, but Sonar has no ${what} ${record.sonarId} any more`,
    });
  for (const record of live(view, { entity: 'partner' })) {
    const company = foundation.companies.find((c) => c.id === record.sonarId);
    if (!company) gone(record, 'company');
    else if (typeof record.splynxId === 'number') {
      const plan = mapPartner(company, ctx.config);
      out.push({
        record,
        label: `company ${company.id} "${company.name}"`,
        path: ENDPOINTS.partner.item(record.splynxId),
        ...(plan.kind === 'create' ? { expected: { ...plan.payload } } : {}),
      });
    }
  }
  for (const record of live(view, { entity: 'label' })) {
    const group = foundation.account_groups.find((g) => g.id === record.sonarId);
    if (!group) gone(record, 'account group');
    else if (typeof record.splynxId === 'number') {
      const mapped = mapLabel(group);
      out.push({
        record,
        label: `account group ${group.id} "${group.name}"`,
        path: ENDPOINTS.label.item(record.splynxId),
        ...(mapped.ok ? { expected: { ...mapped.value } } : {}),
      });
    }
  }
  for (const kind of ['internet', 'recurring', 'one_time'] as const) {
    for (const record of live(view, { entity: `tariff_${kind}` })) {
      const service = foundation.services.find((s) => s.id === record.sonarId);
      if (!service || tariffKindOf(service) !== kind) {
        gone(record, `${kind} service`);
        continue;
      }
      if (typeof record.splynxId !== 'number') continue;
      const plan = mapTariff(service, ctx.config, resolver);
      out.push({
        record,
        label: `service ${service.id} "${service.name}"`,
        path: TARIFF_ENDPOINT[kind].item(record.splynxId),
        ...('ok' in plan && plan.ok ? { expected: { ...plan.value.payload } } : {}),
      });
    }
  }
  return out;
}

/** How many accounts the migration's stored selection matches in Sonar today. */
async function selectedAccounts(
  deps: VerifyDeps,
  ctx: VerifyContext,
  foundation: SonarFoundation,
): Promise<number | undefined> {
  const selection = ctx.selection;
  if (!selection?.kind) return undefined;
  if (selection.kind === 'ids') {
    const n = selection.ids?.length ?? 0;
    return Math.min(n, selection.limit ?? n);
  }
  const query = accountQuery({ selection, config: ctx.config }, foundation);
  if (!query) return 0;
  const n = await deps.sonar.countAccounts(query, deps.signal);
  return Math.min(n, selection.limit ?? n);
}

async function countsFor(
  view: VerifySource,
  deps: VerifyDeps,
  ctx: VerifyContext,
  foundation: SonarFoundation,
  planned: Map<string, number>,
  found: Map<string, number>,
): Promise<EntityCount[]> {
  const migrated = new Map<string, number>();
  for (const r of live(view)) migrated.set(r.entity, (migrated.get(r.entity) ?? 0) + 1);
  const sonar = new Map<string, number>(planned);
  const customers = await selectedAccounts(deps, ctx, foundation);
  if (customers !== undefined) sonar.set('customer', customers);
  if (ctx.selection?.kind === 'all') {
    sonar.set('partner', foundation.companies.length);
    sonar.set('label', foundation.account_groups.length);
    for (const kind of ['internet', 'recurring', 'one_time'] as const) {
      sonar.set(
        `tariff_${kind}`,
        foundation.services.filter((s) => tariffKindOf(s) === kind).length,
      );
    }
    const inventory = await deps.sonar.inventory(deps.signal);
    sonar.set('stock', inventory.inventory_locations.length);
    sonar.set('vendor', inventory.manufacturers.length);
    sonar.set('supplier', inventory.vendors.length);
    sonar.set('product', inventory.inventory_models.length);
    sonar.set('inventory_item', inventory.inventory_items.length);
  }
  const entities = new Set([...migrated.keys(), ...sonar.keys()]);
  // Bookkeeping records, not Sonar records.
  entities.delete('additional_field');
  entities.delete('customer_status');
  return [...entities].sort().map((entity) => ({
    entity,
    // Without a Sonar-side figure, the records the migration considered stand in for it.
    sonar:
      sonar.get(entity) ?? [...view.records({ entity })].filter((r) => !isRolledBack(r)).length,
    migrated: migrated.get(entity) ?? 0,
    found: found.get(entity) ?? 0,
  }));
}

export async function verifyMigration(deps: VerifyDeps, view: VerifySource): Promise<VerifyResult> {
  const started = Date.now();
  const differences: VerifyDifference[] = [];
  const foundation = await deps.sonar.foundation(deps.signal);
  const partners = await listAllRecords(deps.splynx, ENDPOINTS.partner.path, deps.signal);
  const locations = await listAllRecords(deps.splynx, ENDPOINTS.location.path, deps.signal);
  const ids = (rows: Record<string, unknown>[]) =>
    rows.map(idOf).filter((id): id is number => id !== undefined);
  // The phases' own id resolver over this migration's ledger; a verify plans nothing.
  const request = view.request as { selection?: ResolvedSelection } | null;
  const ctx: VerifyContext = {
    ledger: view,
    config: deps.config,
    selection: request?.selection,
    shared: { partnerIds: ids(partners), locationIds: ids(locations) },
  };

  const expectations = foundationExpectations(view, foundation, ctx, differences);

  const customers = live(view, { entity: 'customer' });
  const accounts = await fetchAccounts(
    deps,
    customers.map((c) => c.sonarId),
  );
  const mapCtx = {
    config: deps.config,
    // The day the migration started: dates the mapping fills in are the ones it sent.
    today: view.createdAt.slice(0, 10),
    statuses: foundation.account_statuses,
    accountTypes: foundation.account_types,
    services: new Map(foundation.services.map((s) => [s.id, s])),
    ids: idResolver(ctx),
    networks: migratedNetworks(live(view, { entity: 'ipv4_network' })),
  };
  const planned = new Map<string, number>();
  const bumpPlanned = (entity: string, n: number) =>
    planned.set(entity, (planned.get(entity) ?? 0) + n);
  for (const record of customers) {
    const account = accounts.get(record.sonarId);
    const cid = record.splynxId;
    if (!account) {
      differences.push({
        entity: 'customer',
        sonarId: record.sonarId,
        ...(cid !== undefined ? { splynxId: cid } : {}),
        label: `account ${record.sonarId}`,
        message: 'migrated, but Sonar has no such account any more',
      });
      continue;
    }
    const mapped = mapCustomer(account, mapCtx);
    if (!mapped.ok) {
      differences.push({
        entity: 'customer',
        sonarId: account.id,
        ...(cid !== undefined ? { splynxId: cid } : {}),
        label: `account ${account.id} "${account.name}"`,
        ...(mapped.issues[0] ? { field: mapped.issues[0].field } : {}),
        message: `the Sonar account no longer maps: ${mapped.issues[0]?.message ?? 'invalid'}`,
      });
      continue;
    }
    bumpPlanned('internet_service', mapped.value.internetServices.length);
    bumpPlanned('recurring_service', mapped.value.recurringServices.length);
    bumpPlanned('customer_note', mapped.value.notes.length);
    if (typeof cid === 'number') {
      expectations.push(...customerExpectations(view, account, mapped.value, cid, differences));
    }
  }
  for (const [entity, endpoint] of Object.entries(EXISTENCE_ONLY)) {
    for (const record of live(view, { entity })) {
      if (typeof record.splynxId !== 'number') continue;
      expectations.push({
        record,
        label: `${entity} ${record.sonarId}`,
        path: endpoint.item(record.splynxId),
        ...(endpoint.sonarIdModule ? { sonarIdValue: record.sonarId } : {}),
      });
    }
  }

  const found = new Map<string, number>();
  // Fields Splynx holds in its own form: equal, so counted, not differences.
  const normalisations = new NormalisationTally();
  let checked = 0;
  await pool(expectations, deps.concurrency ?? 4, async (e) => {
    const base = {
      entity: e.record.entity,
      sonarId: e.record.sonarId,
      ...(e.record.splynxId !== undefined ? { splynxId: e.record.splynxId } : {}),
      label: e.label,
    };
    let actual: Record<string, unknown>;
    try {
      actual = await readRecord(deps.splynx, e.path, deps.signal);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        differences.push({ ...base, message: `missing in Splynx (${e.path} answered 404)` });
        return;
      }
      throw error;
    }
    checked++;
    found.set(e.record.entity, (found.get(e.record.entity) ?? 0) + 1);
    if (e.sonarIdValue !== undefined) {
      const stored = sonarIdOf(actual);
      if (stored !== undefined && stored !== e.sonarIdValue) {
        differences.push({
          ...base,
          field: 'additional_attributes.sonar_id',
          expected: e.sonarIdValue,
          actual: stored,
          message: `sonar_id is ${JSON.stringify(stored)}, expected ${JSON.stringify(e.sonarIdValue)}`,
        });
      }
    }
    if (!e.expected) return;
    const { mismatches, normalised } = compareRecord(e.expected, actual, e.unverifiable);
    normalisations.add(e.record.entity, normalised);
    for (const m of mismatches) {
      differences.push({
        ...base,
        field: m.field,
        expected: m.sent,
        actual: m.received,
        message: `${m.field} is ${JSON.stringify(m.received) ?? 'missing'} in Splynx, Sonar maps to ${JSON.stringify(m.sent)}`,
      });
    }
  });
  // One order whatever the read concurrency: by entity, then Sonar id.
  differences.sort(
    (a, b) =>
      a.entity.localeCompare(b.entity) ||
      a.sonarId.localeCompare(b.sonarId, undefined, { numeric: true }) ||
      (a.field ?? '').localeCompare(b.field ?? ''),
  );
  const counts = await countsFor(view, deps, ctx, foundation, planned, found);
  return {
    migrationId: view.id,
    checked,
    differences,
    counts,
    normalised: normalisations.rows(),
    durationMs: Date.now() - started,
  };
}
