// `s2s verify [ID]`: the ledger keeps Splynx ids and payload hashes, never payloads, so the
// expected Splynx record is rebuilt: re-extract from Sonar, re-map with the phases' own mapping
// functions and id resolver, and compare with what Splynx holds now (splynx/normalise.ts:
// Splynx's type quirks and normalisations included). Counts per entity are compared with Sonar too.
import { ApiError } from '../errors.js';
import { mapAdministrator } from '../mapping/administrator.js';
import { mapCustomer } from '../mapping/customer.js';
import { mapLabel } from '../mapping/label.js';
import type { MappingConfig } from '../mapping/mapping-config.js';
import { mapPartner } from '../mapping/partner.js';
import type { CustomerPlan } from '../mapping/payloads.js';
import { customerState } from '../mapping/status.js';
import { mapTariff, tariffKindOf } from '../mapping/tariff.js';
import type { SonarAccount, SonarFoundation, SonarInventory } from '../sonar/records.js';
import type { SplynxClient } from '../splynx/client.js';
import { customerPaths, ENDPOINTS } from '../splynx/endpoints.js';
import { compareRecord, NormalisationTally } from '../splynx/normalise.js';
import { idOf, listAllRecords, readRecord, sonarIdOf } from '../splynx/records-io.js';
import type { EntityRecord } from '../state/index.js';
import type { EmitEvent } from './events.js';
import { migratedNetworks } from './migrated-networks.js';
import { accountQuery } from './phases/customers.js';
import { type IdLookup, idResolver } from './phases/foundation.js';
import { isRolledBack } from './rollback.js';
import type { ResolvedSelection } from './selection.js';
import type { SonarSource } from './sonar-source.js';
import { CUTOVER, CUTOVER_BILLING, CUTOVER_STARTED } from './sync/cutover-billing.js';
import {
  type Expectation,
  goneFromSonar,
  live,
  noLongerMaps,
  splynxIdPart,
  type VerifySource,
} from './verify-expectation.js';
import { inventoryExpectations, readBack } from './verify-inventory.js';
import { BOOKKEEPING, countDifferences, unmigratedDifferences } from './verify-ledger.js';
import { networkExpectations } from './verify-network.js';
import { type ReceivableCustomer, receivableReadBacks } from './verify-receivables.js';
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

const TARIFF_ENDPOINT = {
  internet: ENDPOINTS.tariff_internet,
  recurring: ENDPOINTS.tariff_recurring,
  one_time: ENDPOINTS.tariff_one_time,
} as const;

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
    // `s2s cutover` lifted the billing interlock for this customer: Splynx invoices it now. Once
    // a cutover has begun, one it has not journaled yet may be either way.
    const invoicing = view.get(CUTOVER_BILLING, account.id) !== undefined;
    const started = view.get(CUTOVER, CUTOVER_STARTED) !== undefined;
    out.push({
      record: billing,
      label: `${plan.label} billing`,
      path: customerPaths.billing(cid),
      expected: { ...plan.billing, ...(invoicing ? { make_invoices: 1 } : {}) },
      ...(started && !invoicing ? { unverifiable: ['make_invoices'] } : {}),
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
          kind: 'record',
          entity,
          sonarId: r.sonarId,
          ...splynxIdPart(r),
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
    differences.push(goneFromSonar(record, what));
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
  for (const record of live(view, { entity: 'administrator' })) {
    const user = foundation.users.find((u) => u.id === record.sonarId);
    const plan = user ? mapAdministrator(user, ctx.config) : undefined;
    // A user now disabled or staff in Sonar would not be migrated today: Sonar no longer maps.
    if (!plan || 'kind' in plan) {
      gone(record, 'user');
      continue;
    }
    const label = `user ${record.sonarId} "${user?.username}"`;
    if (!plan.ok) differences.push(noLongerMaps(record, label, plan.issues));
    const expectation = readBack(record, label, 'administrator', plan);
    if (expectation) out.push(expectation);
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

/**
 * How many accounts are in the migration's scope in Sonar today: what its stored selection
 * matches, plus migrated accounts Sonar still has that the selection no longer matches (a
 * cancelled account leaves an active-only filter; `s2s sync` may name accounts beyond the ids).
 */
async function selectedAccounts(
  deps: VerifyDeps,
  ctx: VerifyContext,
  foundation: SonarFoundation,
  migrated: Map<string, SonarAccount>,
  gone: Set<string>,
): Promise<number | undefined> {
  const selection = ctx.selection;
  if (!selection?.kind) return undefined;
  if (selection.kind === 'ids') {
    // An account Sonar deleted (and sync disabled) is out of scope.
    const named = new Set((selection.ids ?? []).filter((id) => !gone.has(id)));
    const n = named.size;
    const limited = Math.min(n, selection.limit ?? n);
    return limited + [...migrated.keys()].filter((id) => !named.has(id)).length;
  }
  const taken = takenBy(selection, foundation, ctx.config);
  const left = [...migrated.values()].filter((a) => !taken(a)).length;
  const query = accountQuery({ selection, config: ctx.config }, foundation);
  if (!query) return left;
  const n = await deps.sonar.countAccounts(query, deps.signal);
  return Math.min(n, selection.limit ?? n) + left;
}

/**
 * Whether a stored state-and-date selection takes this account today. A migrated account it does
 * not take is still in scope: a parent the customers phase pulled in for a selected child (an
 * inactive parent of an active account, one created outside the date range), or an account whose
 * status changed since.
 */
function takenBy(
  selection: ResolvedSelection,
  foundation: SonarFoundation,
  config: MappingConfig,
): (a: SonarAccount) => boolean {
  const states = new Set(selection.states);
  return (a) => {
    const day = a.created_at.slice(0, 10);
    return (
      states.has(customerState(a, foundation.account_statuses, config)) &&
      (selection.createdFrom === undefined || day >= selection.createdFrom) &&
      (selection.createdTo === undefined || day <= selection.createdTo)
    );
  };
}

async function countsFor(
  view: VerifySource,
  deps: VerifyDeps,
  ctx: VerifyContext,
  foundation: SonarFoundation,
  inventory: () => Promise<SonarInventory>,
  planned: Map<string, number>,
  found: Map<string, number>,
  accounts: Map<string, SonarAccount>,
): Promise<EntityCount[]> {
  const migrated = new Map<string, number>();
  for (const r of live(view)) migrated.set(r.entity, (migrated.get(r.entity) ?? 0) + 1);
  const sonar = new Map<string, number>(planned);
  const gone = new Set(
    [...view.records({ entity: 'customer' })]
      .filter((r) => r.extra?.gone !== undefined)
      .map((r) => r.sonarId),
  );
  const customers = await selectedAccounts(deps, ctx, foundation, accounts, gone);
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
    const stock = await inventory();
    const models = new Set(stock.inventory_models.map((m) => m.id));
    sonar.set('stock', stock.inventory_locations.length);
    sonar.set('vendor', stock.manufacturers.length);
    sonar.set('supplier', stock.vendors.length);
    sonar.set('product', stock.inventory_models.length);
    // An item whose model is gone is skipped by rule (the inventory phase): not expected.
    sonar.set(
      'inventory_item',
      stock.inventory_items.filter((i) => models.has(i.inventory_model_id)).length,
    );
  }
  // What was rolled back on purpose (e.g. all but what a later migration shares) is not expected.
  const rolledBack = new Map<string, number>();
  for (const r of view.records()) {
    if (isRolledBack(r)) rolledBack.set(r.entity, (rolledBack.get(r.entity) ?? 0) + 1);
  }
  const entities = new Set([...migrated.keys(), ...sonar.keys()]);
  for (const entity of BOOKKEEPING) entities.delete(entity);
  return [...entities].sort().map((entity) => {
    const fromSonar = sonar.get(entity);
    return {
      entity,
      // Without a Sonar-side figure, the records the migration considered stand in for it.
      sonar:
        fromSonar === undefined
          ? [...view.records({ entity })].filter(
              (r) =>
                !isRolledBack(r) && r.extra?.gone === undefined && r.extra?.ended === undefined,
            ).length
          : Math.max(0, fromSonar - (rolledBack.get(entity) ?? 0)),
      migrated: migrated.get(entity) ?? 0,
      found: found.get(entity) ?? 0,
    };
  });
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
  let inventoryRead: Promise<SonarInventory> | undefined;
  const inventory = () => {
    inventoryRead ??= deps.sonar.inventory(deps.signal);
    return inventoryRead;
  };
  const has = (...entities: string[]) => entities.some((entity) => live(view, { entity }).length);
  if (has('stock', 'vendor', 'supplier', 'product', 'inventory_item')) {
    expectations.push(...inventoryExpectations(view, await inventory(), differences));
  }
  if (has('ipv4_network', 'ipv6_network')) {
    const network = await deps.sonar.network(deps.signal);
    expectations.push(...networkExpectations(view, network, deps.config, differences));
  }

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
  const receivables: ReceivableCustomer[] = [];
  for (const record of customers) {
    const account = accounts.get(record.sonarId);
    const cid = record.splynxId;
    if (!account) {
      differences.push(goneFromSonar(record, 'account'));
      continue;
    }
    const mapped = mapCustomer(account, mapCtx);
    if (!mapped.ok) {
      differences.push(
        noLongerMaps(record, `account ${account.id} "${account.name}"`, mapped.issues),
      );
      continue;
    }
    bumpPlanned('internet_service', mapped.value.internetServices.length);
    bumpPlanned('recurring_service', mapped.value.recurringServices.length);
    bumpPlanned('customer_note', mapped.value.notes.length);
    if (typeof cid === 'number') {
      expectations.push(...customerExpectations(view, account, mapped.value, cid, differences));
      receivables.push({ account, label: mapped.value.label, customerId: cid });
    }
  }
  expectations.push(
    ...(await receivableReadBacks(view, deps.sonar, deps.config, receivables, deps.signal)),
  );
  const found = new Map<string, number>();
  // Fields Splynx holds in its own form: equal, so counted, not differences.
  const normalisations = new NormalisationTally();
  let checked = 0;
  await pool(expectations, deps.concurrency ?? 4, async (e) => {
    const base = {
      kind: 'record' as const,
      entity: e.record.entity,
      sonarId: e.record.sonarId,
      ...splynxIdPart(e.record),
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
  const counts = await countsFor(view, deps, ctx, foundation, inventory, planned, found, accounts);
  differences.push(...unmigratedDifferences(view), ...countDifferences(counts));
  // One order whatever the read concurrency: by entity, then Sonar id.
  differences.sort(
    (a, b) =>
      a.entity.localeCompare(b.entity) ||
      a.sonarId.localeCompare(b.sonarId, undefined, { numeric: true }) ||
      (a.field ?? '').localeCompare(b.field ?? ''),
  );
  return {
    migrationId: view.id,
    checked,
    differences,
    counts,
    normalised: normalisations.rows(),
    durationMs: Date.now() - started,
  };
}
