// `s2s rollback ID`: deletes what a migration created in Splynx, dependants first, newest first;
// keeps what it adopted and the sonar_id additional fields. Every deletion is journaled in the
// migration's own ledger (the record becomes 'skipped' with extra.rolledBack), so an interrupted
// rollback picks up where it stopped; a 404 means someone already deleted the record.
// Before the first DELETE it looks for records another migration stands on (findShared): by
// default it then refuses and deletes nothing; with keepShared it deletes only the rest.
import { ApiError, errorMessage } from '../errors.js';
import type { Redactor } from '../redact.js';
import type { SplynxClient } from '../splynx/client.js';
import { toId } from '../splynx/coerce.js';
import { customerPaths, ENDPOINTS, type EntityEndpoint } from '../splynx/endpoints.js';
import { searchRecords } from '../splynx/records-io.js';
import type { EntityRecord, Migration, MigrationView, StateDir } from '../state/index.js';
import type { EmitEvent } from './events.js';
import type { RunControl } from './run-control.js';

export type RollbackSource = Pick<MigrationView, 'id' | 'status' | 'records' | 'pendingIntents'>;

export interface RollbackStep {
  entity: string;
  sonarId: string;
  splynxId: number;
  /** Lower goes first: dependants before what they depend on. */
  rank: number;
  updatedAt: string;
}

export interface RollbackPlan {
  migrationId: string;
  /** Deletions in the order they will be made. */
  steps: RollbackStep[];
  /** Per entity, how many records will be deleted. */
  toDelete: Record<string, number>;
  /** Per entity, records adopted (or changes made to adopted customers) that stay. */
  kept: Record<string, number>;
  /** Deleted by an earlier, interrupted rollback. */
  alreadyRolledBack: number;
  /** Creates whose outcome is unknown: rollback cannot know their Splynx id. */
  pendingIntents: string[];
}

/** A record this migration created that another, not rolled-back migration also uses. */
export interface SharedRecord {
  entity: string;
  sonarId: string;
  splynxId: number;
  /** The migrations whose ledgers hold the same Splynx record, oldest first. */
  usedBy: string[];
}

export interface RollbackResult {
  migrationId: string;
  /** 'refused': other migrations use some of its records, and keepShared was not given. */
  status: 'rolled-back' | 'stopped' | 'aborted' | 'refused';
  deleted: Record<string, number>;
  /** Deleted in Splynx before we got to them (404). */
  alreadyGone: number;
  kept: Record<string, number>;
  /** Records other migrations use: kept with keepShared, the reason for a refusal without. */
  shared: SharedRecord[];
  error?: string;
  hint?: string;
}

export interface RollbackDeps {
  splynx: SplynxClient;
  state: StateDir;
  emit: EmitEvent;
  /** Stop finishes the deletion in flight and ends with state saved; abort cancels it too. */
  control: RunControl;
  redactor: Redactor;
}

// Dependants first: a customer's notes, services and balance before the customer; customers before
// the tariffs, labels and partners they reference; items before products before vendors; pool
// and end networks before the root networks that hold them.
const RANK: Record<string, number> = {
  customer_note: 0,
  internet_service: 0,
  recurring_service: 0,
  opening_balance: 0,
  // A payment before the invoice it pays, both before their customer.
  invoice_payment: 0,
  invoice: 0.5,
  customer: 1,
  inventory_item: 2,
  tariff_internet: 2,
  tariff_recurring: 2,
  tariff_one_time: 2,
  label: 2,
  administrator: 2,
  ipv4_network: 2,
  ipv6_network: 2,
  product: 3,
  partner: 4,
  vendor: 4,
  supplier: 4,
  stock: 4,
  ipv4_rootnet: 5,
};

/** Written onto an adopted or created customer, gone with it when we delete the customer. */
const CUSTOMER_PARTS = new Set(['customer_info', 'customer_billing', 'customer_status']);

const SIMPLE: Record<string, EntityEndpoint> = {
  partner: ENDPOINTS.partner,
  label: ENDPOINTS.label,
  administrator: ENDPOINTS.administrator,
  tariff_internet: ENDPOINTS.tariff_internet,
  tariff_recurring: ENDPOINTS.tariff_recurring,
  tariff_one_time: ENDPOINTS.tariff_one_time,
  ipv4_network: ENDPOINTS.ipv4_network,
  ipv6_network: ENDPOINTS.ipv6_network,
  stock: ENDPOINTS.stock,
  vendor: ENDPOINTS.vendor,
  supplier: ENDPOINTS.supplier,
  product: ENDPOINTS.product,
  inventory_item: ENDPOINTS.inventory_item,
  customer: ENDPOINTS.customer,
  opening_balance: ENDPOINTS.transaction,
  invoice: ENDPOINTS.invoice,
  invoice_payment: ENDPOINTS.payment,
};

export function isRolledBack(record: EntityRecord): boolean {
  return record.extra?.rolledBack === true;
}

function rankOf(record: EntityRecord): number | undefined {
  if (record.entity === 'ipv4_network' && record.extra?.networkType === 'rootnet') {
    return RANK.ipv4_rootnet;
  }
  return RANK[record.entity];
}

function bump(counts: Record<string, number>, entity: string): void {
  counts[entity] = (counts[entity] ?? 0) + 1;
}

const stepKey = (entity: string, splynxId: number) => `${entity}#${splynxId}`;

/**
 * Records of this plan that another migration, not rolled back, has in its ledger with the same
 * Splynx id (live: created or adopted, not rolled back itself). That covers everything built on
 * top of them too: a migration resolves every reference (a service's tariff, a customer's
 * labels and partner, an item's product, an IP's network, a note's customer) through records in
 * its own ledger, which it adopts when an earlier migration made them, so whatever it stands on
 * is there. Every other migration counts, not only later ones: an earlier one resumed afterwards
 * adopts this one's records just the same.
 */
export async function findShared(
  state: Pick<StateDir, 'list' | 'readOnly'>,
  plan: Pick<RollbackPlan, 'migrationId' | 'steps'>,
): Promise<SharedRecord[]> {
  const mine = new Map(plan.steps.map((s) => [stepKey(s.entity, s.splynxId), s]));
  const shared = new Map<string, SharedRecord>();
  if (mine.size === 0) return [];
  for (const summary of await state.list()) {
    if (summary.id === plan.migrationId) continue;
    // A damaged folder cannot be read: status lists it, and it holds nothing we could check.
    if (!summary.ok) continue;
    // A rolled-back migration gave back what it adopted; what it created and kept (--keep-shared)
    // is still its own and still counts.
    const givenBack = summary.status === 'rolled-back';
    const other = await state.readOnly(summary.id);
    for (const record of other.records()) {
      if (record.action !== 'created' && (record.action !== 'adopted' || givenBack)) continue;
      if (isRolledBack(record)) continue;
      const splynxId = toId(record.splynxId);
      if (splynxId === undefined) continue;
      const step = mine.get(stepKey(record.entity, splynxId));
      if (!step) continue;
      const key = stepKey(step.entity, step.splynxId);
      const entry = shared.get(key) ?? {
        entity: step.entity,
        sonarId: step.sonarId,
        splynxId: step.splynxId,
        usedBy: [],
      };
      if (!entry.usedBy.includes(summary.id)) entry.usedBy.push(summary.id);
      shared.set(key, entry);
    }
  }
  return [...shared.values()];
}

/** The plan without the shared records, which move to `kept`. */
export function withoutShared(plan: RollbackPlan, shared: readonly SharedRecord[]): RollbackPlan {
  if (shared.length === 0) return plan;
  const keep = new Set(shared.map((s) => stepKey(s.entity, s.splynxId)));
  const toDelete = { ...plan.toDelete };
  const kept = { ...plan.kept };
  const steps = plan.steps.filter((step) => {
    if (!keep.has(stepKey(step.entity, step.splynxId))) return true;
    toDelete[step.entity] = (toDelete[step.entity] ?? 1) - 1;
    if (toDelete[step.entity] === 0) delete toDelete[step.entity];
    bump(kept, step.entity);
    return false;
  });
  return { ...plan, steps, toDelete, kept };
}

export function planRollback(source: RollbackSource): RollbackPlan {
  const steps: RollbackStep[] = [];
  const toDelete: Record<string, number> = {};
  const kept: Record<string, number> = {};
  let alreadyRolledBack = 0;
  for (const record of source.records()) {
    if (isRolledBack(record)) {
      alreadyRolledBack++;
      continue;
    }
    if (record.action === 'adopted') {
      bump(kept, record.entity);
      continue;
    }
    if (record.action !== 'created') continue;
    if (record.entity === 'additional_field') {
      bump(kept, record.entity);
      continue;
    }
    // Goes with its customer when we created it; a change to an adopted customer stays.
    if (CUSTOMER_PARTS.has(record.entity)) continue;
    const rank = rankOf(record);
    const splynxId = toId(record.splynxId);
    if (rank === undefined || splynxId === undefined) continue;
    steps.push({
      entity: record.entity,
      sonarId: record.sonarId,
      splynxId,
      rank,
      updatedAt: record.updatedAt,
    });
    bump(toDelete, record.entity);
  }
  // Changes written onto customers this migration adopted cannot be undone: say so.
  const createdCustomers = new Set(
    steps.filter((s) => s.entity === 'customer').map((s) => s.sonarId),
  );
  for (const record of source.records()) {
    if (
      CUSTOMER_PARTS.has(record.entity) &&
      record.action === 'created' &&
      !isRolledBack(record) &&
      !createdCustomers.has(record.sonarId)
    ) {
      bump(kept, record.entity);
    }
  }
  steps.sort((a, b) => a.rank - b.rank || b.updatedAt.localeCompare(a.updatedAt));
  return {
    migrationId: source.id,
    steps,
    toDelete,
    kept,
    alreadyRolledBack,
    pendingIntents: source.pendingIntents().map((p) => p.key),
  };
}

/** Services and notes live under their customer; their customer id is found by a search. */
async function deletePath(
  splynx: SplynxClient,
  step: RollbackStep,
  signal: AbortSignal,
): Promise<string | undefined> {
  const simple = SIMPLE[step.entity];
  if (simple) return simple.item(step.splynxId);
  const search =
    step.entity === 'internet_service'
      ? customerPaths.allInternetServices
      : step.entity === 'recurring_service'
        ? customerPaths.allRecurringServices
        : customerPaths.notes;
  const rows = await searchRecords(splynx, search, { main: { id: step.splynxId } }, signal);
  const row = rows.find((r) => toId(r.id) === step.splynxId);
  const customerId = row ? toId(row.customer_id) : undefined;
  if (customerId === undefined) return undefined;
  if (step.entity === 'internet_service')
    return customerPaths.internetService(customerId, step.splynxId);
  if (step.entity === 'recurring_service')
    return customerPaths.recurringService(customerId, step.splynxId);
  return customerPaths.note(customerId, step.splynxId);
}

async function markRolledBack(
  migration: Migration,
  record: EntityRecord | undefined,
  gone: 'deleted' | 'already-gone' | 'with-customer',
): Promise<void> {
  if (!record) return;
  await migration.commit({
    entity: record.entity,
    sonarId: record.sonarId,
    action: 'skipped',
    extra: { ...record.extra, rolledBack: true, rollback: gone },
  });
}

/**
 * Runs the rollback under the migration's lock. Safe to run again after an interruption: records
 * already rolled back are skipped. Throws UserError when the migration cannot be opened.
 */
export async function runRollback(
  deps: RollbackDeps,
  migrationId: string,
  options: { breakLock?: boolean; keepShared?: boolean } = {},
): Promise<RollbackResult> {
  const migration = await deps.state.open(migrationId, { breakLock: options.breakLock ?? false });
  const full = planRollback(migration);
  const deleted: Record<string, number> = {};
  let alreadyGone = 0;
  let plan = full;
  let shared: SharedRecord[] = [];
  const result = (status: RollbackResult['status'], extra: Partial<RollbackResult> = {}) => ({
    migrationId,
    status,
    deleted,
    alreadyGone,
    kept: plan.kept,
    shared,
    ...extra,
  });
  try {
    // Under the lock, so no run of this migration adds records while we look.
    shared = await findShared(deps.state, full);
    if (shared.length > 0 && !options.keepShared) return result('refused');
    plan = withoutShared(full, shared);
    await migration.setStatus('rolling-back');
    deps.emit({
      type: 'log',
      level: 'info',
      message: `Rolling back migration ${migrationId}: ${plan.steps.length} record(s) to delete.`,
    });
    const signal = deps.control.signal;
    for (const step of plan.steps) {
      if (deps.control.isStopping) return result('aborted');
      const label = `${step.entity} ${step.sonarId} (Splynx ${step.splynxId})`;
      let outcome: 'deleted' | 'already-gone' = 'deleted';
      try {
        const path = await deletePath(deps.splynx, step, signal);
        if (path === undefined) outcome = 'already-gone';
        else await deps.splynx.remove(path, signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) outcome = 'already-gone';
        else if (signal.aborted) return result('aborted');
        else {
          const message = deps.redactor.text(`Could not delete ${label}: ${errorMessage(error)}`);
          const hint =
            error instanceof ApiError && error.hint
              ? deps.redactor.text(error.hint)
              : `Fix the cause, then run \`s2s rollback ${migrationId}\` again; it continues from here.`;
          await migration.setStatus('rolling-back', {
            kind: error instanceof ApiError ? error.kind : 'fatal',
            message,
            key: `${step.entity}:${step.sonarId}`,
            hint,
          });
          deps.emit({ type: 'log', level: 'error', message });
          return result('stopped', { error: message, hint });
        }
      }
      await markRolledBack(migration, migration.get(step.entity, step.sonarId), outcome);
      if (outcome === 'deleted') bump(deleted, step.entity);
      else alreadyGone++;
      if (step.entity === 'customer') {
        for (const part of CUSTOMER_PARTS) {
          const record = migration.get(part, step.sonarId);
          if (record?.action === 'created' && !isRolledBack(record)) {
            await markRolledBack(migration, record, 'with-customer');
          }
        }
      }
      deps.emit({
        type: 'log',
        level: 'debug',
        message: `${outcome === 'deleted' ? 'deleted' : 'already gone'}: ${label}`,
      });
    }
    // What is kept stays live in the ledger: the migration still owns it, and verify still reads it.
    await migration.setStatus('rolled-back');
    return result('rolled-back');
  } finally {
    await migration.close();
  }
}
