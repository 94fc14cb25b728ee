// Writes one customer in the order MAPPING.md prescribes: the customer (created active or new),
// its info, billing, services and notes, then its final status — a customer that is already
// disabled may refuse new services. Every step is its own ledger record, so a resume picks up
// at the exact step that stopped.
import type { InvoicePlan } from '../mapping/invoices.js';
import type { CustomerPlan } from '../mapping/payloads.js';
import type { SplynxClient } from '../splynx/client.js';
import { customerPaths, ENDPOINTS } from '../splynx/endpoints.js';
import {
  findExisting,
  idOf,
  readRecord,
  type SplynxRecord,
  searchRecords,
  sonarIdOf,
} from '../splynx/records-io.js';
import type { EmitEvent } from './events.js';
import { isSkipped, type Ledger } from './ledger.js';
import { writeInvoices } from './phases/receivables.js';
import { putStep } from './put-step.js';
import { SERVICES_KEY, serviceList } from './sync/service-list.js';
import { adoptOrCreate, type WriteContext } from './write-record.js';

export interface CustomerWriteContext {
  ledger: Ledger;
  splynx: SplynxClient;
  emit: EmitEvent;
  signal: AbortSignal;
  today: string;
  afterCreate?: () => void;
}

export interface CustomerWriteOptions {
  /** Splynx id of the parent account's customer, when the account is a child. */
  parentId?: number;
  /** Batch prefetch result: a Splynx id, null = known absent, undefined = not looked up. */
  known?: number | null;
  /** Open Sonar invoices to move (balances.mode "open-invoices"), written after the notes. */
  invoices?: readonly InvoicePlan[];
}

const PHASE = 'customers' as const;

/** Returns the Splynx customer id. Throws RecordFailedError on the first failing step. */
export async function writeCustomer(
  ctx: CustomerWriteContext,
  plan: CustomerPlan,
  options: CustomerWriteOptions = {},
): Promise<number> {
  // Read-backs run beside the next write instead of in front of it; the customer is done only
  // when every one of them has matched.
  const verifications: Promise<void>[] = [];
  const defer = (verification: Promise<void>) => {
    // Handled below with allSettled; until then a rejection must not count as unhandled.
    verification.catch(() => undefined);
    verifications.push(verification);
  };
  let cid: number;
  try {
    cid = await writeSteps({ ...ctx, defer }, plan, options);
  } catch (error) {
    await Promise.allSettled(verifications);
    throw error;
  }
  const settled = await Promise.allSettled(verifications);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return cid;
}

async function writeSteps(
  ctx: CustomerWriteContext & { defer: (verification: Promise<void>) => void },
  plan: CustomerPlan,
  options: CustomerWriteOptions,
): Promise<number> {
  const write: WriteContext = ctx;
  const endpoint = ENDPOINTS.customer;
  const payload = {
    ...plan.customer,
    status: plan.createStatus,
    ...(options.parentId !== undefined ? { parent_id: options.parentId } : {}),
  };
  const customer = await adoptOrCreate(write, {
    phase: PHASE,
    entity: 'customer',
    sonarId: plan.sonarId,
    label: plan.label,
    payload,
    ...(options.known !== undefined ? { known: options.known } : {}),
    find: (signal) =>
      findExisting(
        ctx.splynx,
        endpoint,
        { sonarId: plan.sonarId, natural: { login: plan.customer.login } },
        signal,
      ),
    create: (body, signal) => ctx.splynx.create(endpoint.path, body, signal).then((r) => r.id),
    read: (id, signal) => readRecord(ctx.splynx, endpoint.item(id), signal),
    update: (id, patch, signal) => ctx.splynx.update(endpoint.item(id), patch, signal),
    // The final status is set last (and verified there).
    unverifiable: plan.createStatus === plan.finalStatus ? [] : ['status'],
    // The account's services as mapped: `s2s sync` ends the ones Sonar no longer has.
    extra: { [SERVICES_KEY]: serviceList(plan) },
  });
  const cid = customer.splynxId;
  // Nothing hangs under a customer this run just created: skip the searches.
  const fresh = customer.action === 'created' && !customer.reused;
  const steps = ctx;

  if (plan.info) {
    await putStep(steps, {
      phase: PHASE,
      entity: 'customer_info',
      sonarId: plan.sonarId,
      label: `${plan.label} info`,
      path: customerPaths.info(cid),
      splynxId: cid,
      payload: { ...plan.info },
      fresh,
    });
  }
  await putStep(steps, {
    phase: PHASE,
    entity: 'customer_billing',
    sonarId: plan.sonarId,
    label: `${plan.label} billing`,
    path: customerPaths.billing(cid),
    splynxId: cid,
    payload: { ...plan.billing },
    fresh,
  });

  // One read of the customer's services serves every lookup below.
  let internet: Promise<SplynxRecord[]> | undefined;
  const internetRows = () => {
    internet ??= searchRecords(ctx.splynx, customerPaths.internetServices(cid), {}, ctx.signal);
    return internet;
  };
  const skipped = (entity: string, sonarId: string) => isSkipped(ctx.ledger, entity, sonarId);
  for (const service of plan.internetServices) {
    if (skipped('internet_service', service.sonarId)) continue;
    await adoptOrCreate(write, {
      phase: PHASE,
      entity: 'internet_service',
      sonarId: service.sonarId,
      label: `${plan.label} internet service ${service.payload.login}`,
      payload: service.payload,
      ...(fresh ? { known: null } : {}),
      find: async () => {
        const rows = await internetRows();
        const row =
          rows.find((r) => sonarIdOf(r) === service.sonarId) ??
          rows.find((r) => String(r.login) === service.payload.login);
        return row ? idOf(row) : undefined;
      },
      create: (body, signal) => {
        internet = undefined;
        return ctx.splynx
          .create(customerPaths.internetServices(cid), body, signal)
          .then((r) => r.id);
      },
      read: (id, signal) => readRecord(ctx.splynx, customerPaths.internetService(cid, id), signal),
      update: (id, patch, signal) =>
        ctx.splynx.update(customerPaths.internetService(cid, id), patch, signal),
      unverifiable: ['password'],
    });
  }

  let recurring: Promise<SplynxRecord[]> | undefined;
  for (const service of plan.recurringServices) {
    if (skipped('recurring_service', service.sonarId)) continue;
    await adoptOrCreate(write, {
      phase: PHASE,
      entity: 'recurring_service',
      sonarId: service.sonarId,
      label: `${plan.label} recurring service ${service.payload.description}`,
      payload: service.payload,
      ...(fresh ? { known: null } : {}),
      find: async (signal) => {
        recurring ??= searchRecords(ctx.splynx, customerPaths.recurringServices(cid), {}, signal);
        const row = (await recurring).find((r) => sonarIdOf(r) === service.sonarId);
        return row ? idOf(row) : undefined;
      },
      create: (body, signal) => {
        recurring = undefined;
        return ctx.splynx
          .create(customerPaths.recurringServices(cid), body, signal)
          .then((r) => r.id);
      },
      read: (id, signal) => readRecord(ctx.splynx, customerPaths.recurringService(cid, id), signal),
    });
  }

  // Notes have no additional fields: the Sonar note id rides in the title, so two notes with the
  // same text stay two notes, and a resumed run finds exactly the one it wrote.
  let notes: Promise<SplynxRecord[]> | undefined;
  for (const note of plan.notes) {
    if (skipped('customer_note', note.sonarId)) continue;
    const title = `Sonar note ${note.sonarId}`;
    const body = { ...note.payload, customer_id: cid, title };
    await adoptOrCreate(write, {
      phase: PHASE,
      entity: 'customer_note',
      sonarId: note.sonarId,
      label: `${plan.label} note ${note.sonarId}`,
      payload: body,
      ...(fresh ? { known: null } : {}),
      find: async (signal) => {
        notes ??= searchRecords(
          ctx.splynx,
          customerPaths.notes,
          { main: { customer_id: cid } },
          signal,
        );
        const row = (await notes).find((r) => String(r.title) === title);
        return row ? idOf(row) : undefined;
      },
      create: (payload, signal) => {
        notes = undefined;
        return ctx.splynx.create(customerPaths.notes, payload, signal).then((r) => r.id);
      },
      read: (id, signal) => readRecord(ctx.splynx, customerPaths.note(cid, id), signal),
    });
  }

  if (options.invoices && options.invoices.length > 0) {
    await writeInvoices({ ...write, splynx: ctx.splynx }, cid, options.invoices, fresh);
  }

  if (plan.openingBalance) {
    const balance = plan.openingBalance;
    const body = {
      customer_id: cid,
      type: balance.type,
      quantity: 1,
      price: balance.amount,
      total: balance.amount,
      description: balance.description,
      date: ctx.today,
      // Transaction category 5 is "Correction" on every Splynx install.
      category: 5,
    };
    const path = ENDPOINTS.transaction.path;
    await adoptOrCreate(write, {
      phase: PHASE,
      entity: 'opening_balance',
      sonarId: plan.sonarId,
      label: `${plan.label} opening balance`,
      payload: body,
      ...(fresh ? { known: null } : {}),
      find: async (signal) => {
        const rows = await searchRecords(
          ctx.splynx,
          path,
          { main: { customer_id: cid, description: balance.description } },
          signal,
        );
        return rows[0] ? idOf(rows[0]) : undefined;
      },
      create: (payload, signal) => ctx.splynx.create(path, payload, signal).then((r) => r.id),
      read: (id, signal) => readRecord(ctx.splynx, ENDPOINTS.transaction.item(id), signal),
      unverifiable: ['total'],
    });
  }

  if (plan.finalStatus !== plan.createStatus) {
    await putStep(steps, {
      phase: PHASE,
      entity: 'customer_status',
      sonarId: plan.sonarId,
      label: `${plan.label} status`,
      path: endpoint.item(cid),
      splynxId: cid,
      payload: { status: plan.finalStatus },
      fresh: false,
    });
  }
  return cid;
}
