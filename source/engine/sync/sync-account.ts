// One migrated account brought up to date with Sonar (MAPPING.md, "After the migration"): every
// Splynx record s2s wrote for it is a unit merged three ways (three-way.ts), read from Splynx only
// when Sonar's side changed; services and notes Sonar added are written by migrate's own customer
// writer; services Sonar removed are ended, never deleted. Every write is read back and journaled
// before the account counts as done, so a crash anywhere is picked up by the next sync.
import type { CustomerContext } from '../../mapping/customer.js';
import { mapCustomer } from '../../mapping/customer.js';
import type { CustomerPlan } from '../../mapping/payloads.js';
import type { SonarAccount } from '../../sonar/records.js';
import { customerPaths, ENDPOINTS } from '../../splynx/endpoints.js';
import { compareRecord } from '../../splynx/normalise.js';
import { readRecord, type SplynxRecord, searchRecords } from '../../splynx/records-io.js';
import type { EntityRecord, Json } from '../../state/index.js';
import { writeCustomer } from '../customer-writer.js';
import { guarded } from '../guard.js';
import { isSkipped } from '../ledger.js';
import { payloadHash } from '../payload-hash.js';
import type { PhaseContext } from '../phase.js';
import { labelOf } from '../phases/customers.js';
import { failureFromIssues, RecordFailedError } from '../record-failure.js';
import { isRolledBack } from '../rollback.js';
import type { ChangeAction, SyncChange } from './changes.js';
import { FIELD_HASHES_KEY, parseFieldHashes, withFieldHashes } from './field-hashes.js';
import { parseServiceList, SERVICES_KEY, serviceList } from './service-list.js';
import { threeWay, unchangedSinceWritten } from './three-way.js';

export interface SyncContext extends PhaseContext {
  dryRun: boolean;
  preferSonar: boolean;
  mapCtx: CustomerContext;
  onChange(change: SyncChange): void;
}

/** A record s2s made or adopted, still there (not rolled back), with its Splynx id. */
export function isLive(record: EntityRecord | undefined): record is EntityRecord & {
  splynxId: number;
} {
  return (
    record !== undefined &&
    (record.action === 'created' || record.action === 'adopted') &&
    !isRolledBack(record) &&
    typeof record.splynxId === 'number'
  );
}

/** One Splynx record whose fields sync merges. */
interface Unit {
  entity: string;
  sonarId: string;
  accountId: string;
  label: string;
  /** The ledger record the outcome is journaled to (absent: a status never set apart yet). */
  record: EntityRecord | undefined;
  /** The Splynx id journaled (the customer's for its info, billing and status). */
  splynxId: number;
  /** The Splynx record, for the change list: a service's own id. */
  shownId: number;
  path: string;
  /** What Sonar maps to now (the fields sync may write). */
  next: Record<string, unknown>;
  /** The payload as migrate hashed it, so the record's payload hash stays comparable. */
  hashed: Record<string, unknown>;
  base: Map<string, string> | undefined;
  ignore: readonly string[];
  action: ChangeAction;
  reason?: string;
  /** Journaled with the record once its fields are settled (e.g. `ended`). */
  settledExtra?: Record<string, Json>;
}

const STATUS_ENTITY = 'customer_status';

type Reader = (path: string, fresh?: boolean) => Promise<SplynxRecord>;

function reader(ctx: SyncContext): Reader & { remember(path: string, row: SplynxRecord): void } {
  const cache = new Map<string, Promise<SplynxRecord>>();
  const read = (path: string, fresh = false) => {
    let row = fresh ? undefined : cache.get(path);
    if (!row) {
      row = readRecord(ctx.splynx, path, ctx.signal);
      cache.set(path, row);
      row.catch(() => cache.delete(path));
    }
    return row;
  };
  return Object.assign(read, {
    remember: (path: string, row: SplynxRecord) => cache.set(path, Promise.resolve(row)),
  });
}

/** Brings one migrated account up to date. A failure stops the sync or, collected, skips the account. */
export async function syncAccount(
  ctx: SyncContext,
  account: SonarAccount,
  customer: EntityRecord & { splynxId: number },
): Promise<void> {
  const label = labelOf(account);
  const ref = { phase: 'customers' as const, entity: 'customer', sonarId: account.id, label };
  await guarded(ctx, ref, async () => {
    const mapped = mapCustomer(account, ctx.mapCtx);
    if (!mapped.ok) throw new RecordFailedError(failureFromIssues(ref, mapped.issues));
    const plan = mapped.value;
    const cid = customer.splynxId;
    const read = reader(ctx);
    const parent =
      account.parent_account_id === null
        ? undefined
        : ctx.ledger.splynxId('customer', account.parent_account_id);
    const parentId = typeof parent === 'number' ? parent : undefined;

    for (const unit of fieldUnits(ctx, plan, customer, parentId)) await syncUnit(ctx, unit, read);
    const status = statusUnit(ctx, plan.sonarId, label, customer, plan.finalStatus, {
      ...(account.archived_at !== null ? { reason: 'archived in Sonar' } : {}),
    });
    // A disabled customer may refuse new services: reactivate before adding, disable after.
    const activeNow = plan.finalStatus === 'active' || plan.finalStatus === 'new';
    if (activeNow) await syncUnit(ctx, status, read);
    await createAdded(ctx, plan, cid, parentId);
    if (!activeNow) await syncUnit(ctx, status, read);
    for (const unit of endedUnits(ctx, plan, customer)) await syncUnit(ctx, unit, read);
    await rememberServices(ctx, plan);
  });
}

/** An account Sonar no longer has: its customer and services are disabled, nothing deleted. */
export async function disableGone(
  ctx: SyncContext,
  customer: EntityRecord & { splynxId: number },
): Promise<void> {
  const label = `account ${customer.sonarId}`;
  const ref = { phase: 'customers' as const, entity: 'customer', sonarId: customer.sonarId, label };
  await guarded(ctx, ref, async () => {
    const read = reader(ctx);
    const reason = 'deleted in Sonar';
    for (const service of parseServiceList(customer.extra?.[SERVICES_KEY]) ?? []) {
      const record = ctx.ledger.get(service.entity, service.sonarId);
      if (!isLive(record) || record.extra?.ended !== undefined) continue;
      await syncUnit(
        ctx,
        serviceUnit(
          customer.sonarId,
          label,
          customer.splynxId,
          record,
          { status: 'disabled' },
          {
            action: 'disable',
            reason,
          },
        ),
        read,
      );
    }
    await syncUnit(
      ctx,
      statusUnit(ctx, customer.sonarId, label, customer, 'disabled', { action: 'disable', reason }),
      read,
    );
    // Everything s2s wrote for the account leaves the migration's scope (verify expects none of
    // it in Sonar any more); notes carry no account in the ledger, so Splynx names them.
    const retired: (EntityRecord | undefined)[] = [];
    for (const service of parseServiceList(customer.extra?.[SERVICES_KEY]) ?? []) {
      retired.push(ctx.ledger.get(service.entity, service.sonarId));
    }
    for (const entity of ['customer_info', 'customer_billing', STATUS_ENTITY]) {
      retired.push(ctx.ledger.get(entity, customer.sonarId));
    }
    const notes = await searchRecords(
      ctx.splynx,
      customerPaths.notes,
      { main: { customer_id: customer.splynxId } },
      ctx.signal,
    );
    for (const note of notes) {
      const origin = /^Sonar note (\d+)$/.exec(String(note.title ?? ''))?.[1];
      if (origin !== undefined) retired.push(ctx.ledger.get('customer_note', origin));
    }
    retired.push(ctx.ledger.get('customer', customer.sonarId));
    for (const record of retired) {
      if (!isLive(record) || record.extra?.gone !== undefined) continue;
      await ctx.ledger.commit({
        entity: record.entity,
        sonarId: record.sonarId,
        splynxId: record.splynxId,
        action: record.action,
        extra: { ...record.extra, gone: ctx.options.today },
      });
    }
  });
}

function baseOf(record: EntityRecord | undefined): Map<string, string> | undefined {
  return record && parseFieldHashes(record.extra?.[FIELD_HASHES_KEY], record.entity);
}

function fieldUnits(
  ctx: SyncContext,
  plan: CustomerPlan,
  customer: EntityRecord & { splynxId: number },
  parentId: number | undefined,
): Unit[] {
  const cid = customer.splynxId;
  const accountId = plan.sonarId;
  const units: Unit[] = [];
  const customerPayload = {
    ...plan.customer,
    status: plan.createStatus,
    ...(parentId !== undefined ? { parent_id: parentId } : {}),
  };
  units.push({
    entity: 'customer',
    sonarId: accountId,
    accountId,
    label: plan.label,
    record: customer,
    splynxId: cid,
    shownId: cid,
    path: ENDPOINTS.customer.item(cid),
    next: customerPayload,
    hashed: customerPayload,
    base: baseOf(customer),
    // The status is its own unit (statusUnit): migrate creates customers active, then sets it.
    ignore: ['status'],
    action: 'update',
  });
  const info = ctx.ledger.get('customer_info', accountId);
  if (plan.info && isLive(info)) {
    units.push(part(plan, info, cid, 'customer_info', customerPaths.info(cid), { ...plan.info }));
  }
  const billing = ctx.ledger.get('customer_billing', accountId);
  if (isLive(billing)) {
    const unit = part(plan, billing, cid, 'customer_billing', customerPaths.billing(cid), {
      ...plan.billing,
    });
    // The billing interlock belongs to `s2s cutover`, never to a sync.
    units.push({ ...unit, ignore: ['make_invoices'] });
  }
  for (const [entity, services] of [
    ['internet_service', plan.internetServices],
    ['recurring_service', plan.recurringServices],
  ] as const) {
    for (const service of services) {
      const record = ctx.ledger.get(entity, service.sonarId);
      if (!isLive(record)) continue;
      units.push(
        serviceUnit(
          accountId,
          plan.label,
          cid,
          record,
          { ...service.payload },
          {
            action: 'update',
          },
        ),
      );
    }
  }
  for (const note of plan.notes) {
    const record = ctx.ledger.get('customer_note', note.sonarId);
    if (!isLive(record)) continue;
    const payload = { ...note.payload, customer_id: cid, title: `Sonar note ${note.sonarId}` };
    units.push({
      entity: 'customer_note',
      sonarId: note.sonarId,
      accountId,
      label: `${plan.label} note ${note.sonarId}`,
      record,
      splynxId: record.splynxId,
      shownId: record.splynxId,
      path: customerPaths.note(cid, record.splynxId),
      next: payload,
      hashed: payload,
      base: baseOf(record),
      ignore: [],
      action: 'update',
    });
  }
  return units;
}

function part(
  plan: CustomerPlan,
  record: EntityRecord & { splynxId: number },
  cid: number,
  entity: string,
  path: string,
  payload: Record<string, unknown>,
): Unit {
  return {
    entity,
    sonarId: plan.sonarId,
    accountId: plan.sonarId,
    label: `${plan.label} ${entity === 'customer_info' ? 'info' : 'billing'}`,
    record,
    splynxId: cid,
    shownId: cid,
    path,
    next: payload,
    hashed: payload,
    base: baseOf(record),
    ignore: [],
    action: 'update',
  };
}

function serviceUnit(
  accountId: string,
  accountLabel: string,
  cid: number,
  record: EntityRecord & { splynxId: number },
  payload: Record<string, unknown>,
  how: { action: ChangeAction; reason?: string; settledExtra?: Record<string, Json> },
): Unit {
  const internet = record.entity === 'internet_service';
  return {
    entity: record.entity,
    sonarId: record.sonarId,
    accountId,
    label: `${accountLabel} ${internet ? 'internet' : 'recurring'} service ${record.sonarId}`,
    record,
    splynxId: record.splynxId,
    shownId: record.splynxId,
    path: internet
      ? customerPaths.internetService(cid, record.splynxId)
      : customerPaths.recurringService(cid, record.splynxId),
    next: payload,
    hashed: payload,
    base: baseOf(record),
    ignore: [],
    ...how,
  };
}

/**
 * The customer's status. Migrate journals it apart (`customer_status`) only when it differs from
 * the status the customer was created with; until then the customer record holds its base.
 */
function statusUnit(
  ctx: SyncContext,
  accountId: string,
  label: string,
  customer: EntityRecord & { splynxId: number },
  status: string,
  how: { action?: ChangeAction; reason?: string },
): Unit {
  const record = ctx.ledger.get(STATUS_ENTITY, accountId);
  const own = isLive(record) ? record : undefined;
  let base = baseOf(own);
  if (!own) {
    const fromCustomer = baseOf(customer)?.get('status');
    base = fromCustomer === undefined ? undefined : new Map([['status', fromCustomer]]);
  }
  return {
    entity: STATUS_ENTITY,
    sonarId: accountId,
    accountId,
    label: `${label} status`,
    record: own,
    splynxId: customer.splynxId,
    shownId: customer.splynxId,
    path: ENDPOINTS.customer.item(customer.splynxId),
    next: { status },
    hashed: { status },
    base,
    ignore: [],
    action: how.action ?? 'update',
    ...(how.reason ? { reason: how.reason } : {}),
  };
}

/** Services the customer had when s2s last wrote it that Sonar no longer lists. */
function endedUnits(
  ctx: SyncContext,
  plan: CustomerPlan,
  customer: EntityRecord & { splynxId: number },
): Unit[] {
  const now = new Set([...plan.internetServices, ...plan.recurringServices].map((s) => s.sonarId));
  const units: Unit[] = [];
  for (const service of parseServiceList(customer.extra?.[SERVICES_KEY]) ?? []) {
    if (now.has(service.sonarId)) continue;
    const record = ctx.ledger.get(service.entity, service.sonarId);
    if (!isLive(record) || record.extra?.ended !== undefined) continue;
    units.push(
      serviceUnit(
        plan.sonarId,
        plan.label,
        customer.splynxId,
        record,
        // Ended as Splynx ends a service: stopped, with the day it ended; its history stays.
        { status: 'stopped', end_date: ctx.options.today },
        { action: 'end', reason: 'removed in Sonar', settledExtra: { ended: ctx.options.today } },
      ),
    );
  }
  return units;
}

async function syncUnit(ctx: SyncContext, unit: Unit, read: Reader): Promise<void> {
  if (unchangedSinceWritten(unit.next, unit.base, unit.ignore)) return;
  // A record written before s2s kept field hashes: its payload hash still tells "unchanged".
  if (!unit.base && unit.record?.payloadHash === payloadHash(unit.hashed)) return;
  const current = await read(unit.path);
  const merge = threeWay(unit.next, current, unit.base, unit.ignore);
  const write = [
    ...merge.write,
    ...(ctx.preferSonar
      ? merge.conflicts.map((c) => ({ field: c.field, from: c.splynx, to: c.sonar }))
      : []),
  ];
  const change: SyncChange = {
    action: unit.action,
    entity: unit.entity,
    sonarId: unit.sonarId,
    accountId: unit.accountId,
    label: unit.label,
    splynxId: unit.shownId,
    fields: write,
    conflicts: merge.conflicts.map((c) => ({ ...c, written: ctx.preferSonar })),
    kept: merge.kept,
    ...(unit.reason ? { reason: unit.reason } : {}),
  };
  const worthTelling = write.length + change.conflicts.length + change.kept.length > 0;
  // A dry run goes the same way: its Splynx records the PUT and answers the read-back with it.
  if (write.length > 0) {
    const patch = Object.fromEntries(write.map((w) => [w.field, w.to]));
    await ctx.splynx.update(unit.path, patch, ctx.signal);
    // Crash-test seam: Splynx has the write, the journal does not (the next sync settles it).
    ctx.afterCreate?.();
    const after = await read(unit.path, true);
    const { mismatches } = compareRecord(patch, after);
    const first = mismatches[0];
    if (first) {
      throw new RecordFailedError({
        kind: 'record',
        phase: 'customers',
        entity: unit.entity,
        sonarId: unit.sonarId,
        label: unit.label,
        field: first.field,
        rule: 'verify-mismatch',
        message: `Splynx did not keep ${first.field}: sent ${JSON.stringify(first.sent)}, read back ${JSON.stringify(first.received)}`,
        fixes: [
          'Check the field in Splynx (a module setting may override it), then run `s2s sync` again.',
        ],
      });
    }
  }
  const settled = [...merge.same, ...write.map((w) => w.field)];
  if (settled.length > 0) {
    const written = Object.fromEntries(settled.map((field) => [field, unit.next[field]]));
    const resolved = merge.conflicts.length === 0 || ctx.preferSonar;
    await ctx.ledger.commit({
      entity: unit.entity,
      sonarId: unit.sonarId,
      splynxId: unit.splynxId,
      action: unit.record?.action === 'adopted' ? 'adopted' : 'created',
      payloadHash: payloadHash(unit.hashed),
      extra: {
        ...unit.record?.extra,
        ...(resolved ? unit.settledExtra : {}),
        [FIELD_HASHES_KEY]: withFieldHashes(unit.base, written, unit.entity),
      },
    });
  }
  if (worthTelling) ctx.onChange(change);
}

/** Services, notes and company info Sonar added since: written exactly as migrate writes them. */
async function createAdded(
  ctx: SyncContext,
  plan: CustomerPlan,
  cid: number,
  parentId: number | undefined,
): Promise<void> {
  const added: SyncChange[] = [];
  const missing = (entity: string, sonarId: string) =>
    !isLive(ctx.ledger.get(entity, sonarId)) && !isSkipped(ctx.ledger, entity, sonarId);
  const create = (entity: string, sonarId: string, label: string) =>
    added.push({
      action: 'create',
      entity,
      sonarId,
      accountId: plan.sonarId,
      label,
      fields: [],
      conflicts: [],
      kept: [],
      reason: 'added in Sonar',
    });
  if (plan.info && missing('customer_info', plan.sonarId)) {
    create('customer_info', plan.sonarId, `${plan.label} info`);
  }
  for (const s of plan.internetServices) {
    if (missing('internet_service', s.sonarId)) {
      create('internet_service', s.sonarId, `${plan.label} internet service ${s.payload.login}`);
    }
  }
  for (const s of plan.recurringServices) {
    if (missing('recurring_service', s.sonarId)) {
      create(
        'recurring_service',
        s.sonarId,
        `${plan.label} recurring service ${s.payload.description}`,
      );
    }
  }
  for (const n of plan.notes) {
    if (missing('customer_note', n.sonarId)) {
      create('customer_note', n.sonarId, `${plan.label} note ${n.sonarId}`);
    }
  }
  if (added.length === 0) return;
  if (ctx.dryRun) for (const change of added) ctx.onChange(change);
  // The status is synced on its own (statusUnit) and a balance is not trued up here, so the
  // writer gets a plan that leaves both alone; what exists already is passed over without a request.
  await writeCustomer(
    { ...ctx, today: ctx.options.today },
    { ...plan, finalStatus: plan.createStatus, openingBalance: null },
    { known: cid, ...(parentId !== undefined ? { parentId } : {}) },
  );
  if (!ctx.dryRun) {
    for (const change of added) {
      const record = ctx.ledger.get(change.entity, change.sonarId);
      ctx.onChange(
        typeof record?.splynxId === 'number' ? { ...change, splynxId: record.splynxId } : change,
      );
    }
  }
}

/** The service list the next sync ends removed services by. */
async function rememberServices(ctx: SyncContext, plan: CustomerPlan): Promise<void> {
  const record = ctx.ledger.get('customer', plan.sonarId);
  const list = serviceList(plan);
  if (!isLive(record) || record.extra?.[SERVICES_KEY] === list) return;
  await ctx.ledger.commit({
    entity: 'customer',
    sonarId: plan.sonarId,
    splynxId: record.splynxId,
    action: record.action,
    extra: { ...record.extra, [SERVICES_KEY]: list },
  });
}
