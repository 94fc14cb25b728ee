// Phase 4 (MAPPING.md): customers, active first, then suspended, inactive, terminated; ties by
// Sonar id; a parent account always before its children. Up to --concurrency customers are in
// flight; pause finishes them and starts nothing new; a failure stops the run (or, with
// --no-stop-on-error, fails that customer and blocks its dependants).
import { UserError } from '../../errors.js';
import type { CustomerContext } from '../../mapping/customer.js';
import { mapCustomer } from '../../mapping/customer.js';
import type { SonarState } from '../../mapping/mapping-config.js';
import { customerState } from '../../mapping/status.js';
import type { SonarInvoice } from '../../sonar/receivables.js';
import type { SonarAccount, SonarFoundation } from '../../sonar/records.js';
import { ENDPOINTS } from '../../splynx/endpoints.js';
import { findExisting, indexBySonarIds } from '../../splynx/records-io.js';
import { forEachBounded } from '../bounded.js';
import { writeCustomer } from '../customer-writer.js';
import { block, failRecord, guarded, refuse } from '../guard.js';
import { isSkipped } from '../ledger.js';
import { migratedNetworks } from '../migrated-networks.js';
import type { Phase, PhaseContext } from '../phase.js';
import { ProgressMeter } from '../progress.js';
import { RecordFailedError } from '../record-failure.js';
import { STATE_ORDER } from '../selection.js';
import type { AccountQuery } from '../sonar-source.js';
import { idResolver } from './foundation.js';
import { openInvoicesFor, planInvoices } from './receivables.js';

const PREFETCH_CHUNK = 100;
// Accounts of a later state fetched per request when their turn comes.
const LATER_CHUNK = 250;

export function labelOf(account: Pick<SonarAccount, 'id' | 'name'>): string {
  return `account ${account.id} "${account.name}"`;
}

async function foundationOf(ctx: PhaseContext): Promise<SonarFoundation> {
  ctx.shared.foundation ??= await ctx.sonar.foundation(ctx.signal);
  return ctx.shared.foundation;
}

function mappingContext(ctx: PhaseContext, foundation: SonarFoundation): CustomerContext {
  return {
    config: ctx.config,
    today: ctx.options.today,
    statuses: foundation.account_statuses,
    accountTypes: foundation.account_types,
    services: new Map(foundation.services.map((s) => [s.id, s])),
    ids: idResolver(ctx),
    networks: migratedNetworks(ctx.ledger.records({ entity: 'ipv4_network' })),
  };
}

function stateOf(
  ctx: PhaseContext,
  foundation: SonarFoundation,
  account: SonarAccount,
): SonarState {
  return customerState(account, foundation.account_statuses, ctx.config);
}

/** The Sonar query behind a filter selection; undefined when no status can match. */
export function accountQuery(
  ctx: Pick<PhaseContext, 'selection' | 'config'>,
  foundation: SonarFoundation,
): AccountQuery | undefined {
  const selection = ctx.selection;
  const wanted = new Set(selection.states);
  const statusIds = foundation.account_statuses
    .filter((status) =>
      wanted.has(
        customerState(
          { account_status_id: status.id, archived_at: null },
          foundation.account_statuses,
          ctx.config,
        ),
      ),
    )
    .map((status) => status.id);
  const includeArchived = wanted.has('TERMINATED');
  if (!includeArchived && statusIds.length === 0) return undefined;
  return {
    // Archived accounts are TERMINATED whatever their status, so every status is in play then.
    ...(includeArchived ? { includeArchived: true } : { statusIds }),
    ...(selection.createdFrom ? { createdFrom: selection.createdFrom } : {}),
    ...(selection.createdTo ? { createdTo: selection.createdTo } : {}),
  };
}

/**
 * The selected accounts in migration order. Sonar streams ascending ids; accounts of the first
 * selected state go out as they arrive. Later states keep only their ids in memory (a whole
 * account with its services and notes is a few KB, and a quarter of a large ISP is not active)
 * and are fetched again by id when their turn comes.
 */
export async function* orderedAccounts(
  ctx: PhaseContext,
  foundation: SonarFoundation,
): AsyncGenerator<SonarAccount[]> {
  const selection = ctx.selection;
  const wanted = new Set(selection.states);
  let remaining = selection.limit ?? Number.POSITIVE_INFINITY;
  const take = (batch: SonarAccount[]) => {
    const out = batch.slice(0, Math.max(0, remaining));
    remaining -= out.length;
    return out;
  };

  if (selection.accounts) {
    const sorted = selection.accounts
      .map((account) => ({ account, state: stateOf(ctx, foundation, account) }))
      .filter((entry) => wanted.has(entry.state))
      .sort(
        (a, b) =>
          STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) ||
          Number(BigInt(a.account.id) - BigInt(b.account.id)),
      )
      .map((entry) => entry.account);
    const out = take(sorted);
    if (out.length > 0) yield out;
    return;
  }

  const query = accountQuery(ctx, foundation);
  if (!query) return;
  const first = selection.states[0];
  const later = new Map<SonarState, string[]>();
  for await (const batch of ctx.sonar.accounts(query, ctx.signal)) {
    const now: SonarAccount[] = [];
    for (const account of batch) {
      const state = stateOf(ctx, foundation, account);
      if (!wanted.has(state)) continue;
      if (state === first) now.push(account);
      else {
        const waiting = later.get(state);
        if (waiting) waiting.push(account.id);
        else later.set(state, [account.id]);
      }
    }
    const out = take(now);
    if (out.length > 0) yield out;
    if (remaining <= 0 || ctx.control.isStopping) return;
  }
  for (const state of selection.states.slice(1)) {
    const ids = later.get(state) ?? [];
    later.delete(state);
    for (let i = 0; i < ids.length && remaining > 0; i += LATER_CHUNK) {
      if (ctx.control.isStopping) return;
      const out = take(await accountsById(ctx, foundation, ids.slice(i, i + LATER_CHUNK)));
      if (out.length > 0) yield out;
    }
  }
}

/** Accounts listed earlier, fetched again for their turn; one that left the selection meanwhile is dropped. */
async function accountsById(
  ctx: PhaseContext,
  foundation: SonarFoundation,
  ids: string[],
): Promise<SonarAccount[]> {
  const wanted = new Set(ctx.selection.states);
  const out: SonarAccount[] = [];
  for await (const batch of ctx.sonar.accounts({ ids, includeArchived: true }, ctx.signal)) {
    for (const account of batch) {
      if (wanted.has(stateOf(ctx, foundation, account))) out.push(account);
    }
  }
  return out.sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
}

async function prefetchCustomers(ctx: PhaseContext, ids: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (let i = 0; i < ids.length; i += PREFETCH_CHUNK) {
    const chunk = ids.slice(i, i + PREFETCH_CHUNK);
    for (const [sonarId, id] of await indexBySonarIds(
      ctx.splynx,
      ENDPOINTS.customer,
      chunk,
      ctx.signal,
    )) {
      found.set(sonarId, id);
    }
  }
  return found;
}

/** Migrates each customer once, its parent first (the phase bounds how many run at once). */
class CustomerRunner {
  private readonly inFlight = new Map<string, Promise<number | undefined>>();
  /** Accounts migrated early as someone's parent: their own turn must not migrate them again. */
  private readonly pulledIn = new Map<string, Promise<number | undefined>>();
  private readonly failed = new Set<string>();
  readonly meter: ProgressMeter;

  constructor(
    private readonly ctx: PhaseContext,
    private readonly mapCtx: CustomerContext,
    total: number,
  ) {
    this.meter = new ProgressMeter(total);
  }

  /** A top-level account in its turn (a failure stops the run unless failures are collected). */
  run(
    account: SonarAccount,
    known: number | null,
    invoices?: ReadonlyMap<string, SonarInvoice[]>,
  ): Promise<unknown> {
    return this.migrate(account, known, [], invoices);
  }

  /** One account, deduplicated: a parent pulled in by two children is migrated once. */
  private migrate(
    account: SonarAccount,
    known: number | null | undefined,
    chain: string[] = [],
    invoices?: ReadonlyMap<string, SonarInvoice[]>,
  ) {
    let promise = this.inFlight.get(account.id) ?? this.pulledIn.get(account.id);
    if (!promise) {
      promise = this.migrateOnce(account, known, chain, invoices);
      this.inFlight.set(account.id, promise);
      if (chain.length > 0) this.pulledIn.set(account.id, promise);
      // A settled account leaves the map (the ledger and `failed` answer for it from then on):
      // kept, 100,000 customers meant 100,000 promises held to the end of the run.
      promise.finally(() => this.inFlight.delete(account.id)).catch(() => undefined);
    }
    return promise;
  }

  private async migrateOnce(
    account: SonarAccount,
    known: number | null | undefined,
    chain: string[],
    invoices?: ReadonlyMap<string, SonarInvoice[]>,
  ): Promise<number | undefined> {
    const ctx = this.ctx;
    const label = labelOf(account);
    const ref = { phase: 'customers' as const, entity: 'customer', sonarId: account.id, label };
    ctx.emit({ type: 'in-flight', phase: 'customers', label });
    try {
      if (isSkipped(ctx.ledger, 'customer', account.id)) {
        this.failed.add(account.id);
        ctx.emit({ type: 'entity', ...ref, action: 'skipped', reason: 'skipped by the operator' });
        return undefined;
      }
      let parentId: number | undefined;
      if (account.parent_account_id !== null) {
        try {
          parentId = await this.parent(account, [...chain, account.id]);
        } catch (error) {
          // A missing parent or a cycle is this account's record failure, like any mapping issue.
          if (!(error instanceof RecordFailedError) || error.failure.sonarId !== account.id)
            throw error;
          this.failed.add(account.id);
          return await failRecord(ctx, error.failure);
        }
        if (parentId === undefined) {
          this.failed.add(account.id);
          await block(ctx, ref, `its parent account ${account.parent_account_id} was not migrated`);
          return undefined;
        }
      }
      const mapped = mapCustomer(account, this.mapCtx);
      if (!mapped.ok) {
        this.failed.add(account.id);
        await refuse(ctx, ref, mapped.issues);
        return undefined;
      }
      // Receivables (balances.mode "open-invoices"): an invoice that cannot map stops the account.
      const receivables = await planInvoices(ctx, account, label, invoices);
      if (!receivables.ok) {
        this.failed.add(account.id);
        await refuse(ctx, ref, receivables.issues);
        return undefined;
      }
      // Expected losses (voice, credits, charged one-offs) are facts for the report, not alarms.
      for (const warning of mapped.warnings) {
        ctx.emit({ type: 'log', level: 'info', message: `${label}: ${warning.message}` });
      }
      const id = await guarded(ctx, ref, () =>
        writeCustomer({ ...ctx, today: ctx.options.today }, mapped.value, {
          ...(parentId !== undefined ? { parentId } : {}),
          ...(known !== undefined ? { known } : {}),
          invoices: receivables.value,
        }),
      );
      if (id === undefined) this.failed.add(account.id);
      return id;
    } finally {
      if (chain.length === 0) {
        this.meter.tick();
        ctx.emit({
          type: 'progress',
          phase: 'customers',
          done: this.meter.done,
          total: this.meter.total,
          rate: this.meter.rate,
          etaSeconds: this.meter.etaSeconds,
        });
      }
    }
  }

  /** The parent's Splynx id, migrating the parent first when it is not in Splynx yet. */
  private async parent(child: SonarAccount, chain: string[]): Promise<number | undefined> {
    const parentId = child.parent_account_id as string;
    if (chain.includes(parentId)) {
      throw new RecordFailedError({
        kind: 'record',
        phase: 'customers',
        entity: 'customer',
        sonarId: child.id,
        label: labelOf(child),
        field: 'parent_id',
        rule: 'parent-cycle',
        message: `Parent accounts form a cycle: ${[...chain, parentId].join(' → ')}`,
        fixes: ['Break the cycle of parent accounts in Sonar, then run `s2s resume`.'],
      });
    }
    if (this.failed.has(parentId)) return undefined;
    const done = this.ctx.ledger.splynxId('customer', parentId);
    if (typeof done === 'number') return done;
    const pending = this.inFlight.get(parentId);
    if (pending) return pending;
    const existing = await findExisting(
      this.ctx.splynx,
      ENDPOINTS.customer,
      { sonarId: parentId },
      this.ctx.signal,
    );
    let parent: SonarAccount | undefined;
    for await (const batch of this.ctx.sonar.accounts(
      { ids: [parentId], includeArchived: true },
      this.ctx.signal,
    )) {
      parent = batch.find((a) => a.id === parentId) ?? parent;
    }
    if (!parent) {
      throw new RecordFailedError({
        kind: 'record',
        phase: 'customers',
        entity: 'customer',
        sonarId: child.id,
        label: labelOf(child),
        field: 'parent_id',
        rule: 'missing-parent',
        message: `Parent account ${parentId} does not exist in Sonar`,
        fixes: [
          `Clear or correct the parent of account ${child.id} in Sonar, then run \`s2s resume\`.`,
        ],
      });
    }
    this.ctx.emit({
      type: 'log',
      level: 'info',
      message: `${labelOf(child)} needs its parent ${labelOf(parent)} first`,
    });
    return this.migrate(parent, existing ?? null, chain);
  }
}

/** How many accounts the run will touch (exact for id lists, Sonar's count otherwise). */
export async function countSelected(
  ctx: PhaseContext,
  foundation: SonarFoundation,
): Promise<number> {
  if (ctx.selection.accounts) {
    const wanted = new Set(ctx.selection.states);
    const n = ctx.selection.accounts.filter((a) => wanted.has(stateOf(ctx, foundation, a))).length;
    return Math.min(n, ctx.selection.limit ?? n);
  }
  const query = accountQuery(ctx, foundation);
  if (!query) return 0;
  const n = await ctx.sonar.countAccounts(query, ctx.signal);
  return Math.min(n, ctx.selection.limit ?? n);
}

export const customersPhase: Phase = {
  id: 'customers',
  title: 'Customers, services, billing and notes',
  dependsOn: ['foundation'],

  async apply(ctx) {
    const foundation = await foundationOf(ctx);
    const total = await countSelected(ctx, foundation);
    const runner = new CustomerRunner(ctx, mappingContext(ctx, foundation), total);
    await forEachBounded(
      withKnownIds(ctx, foundation),
      ctx.options.concurrency,
      // Pause holds new starts; stop (or a record failure) ends them.
      async () => {
        await ctx.control.gate();
        return !ctx.control.isStopping;
      },
      async ({ account, known, invoices }) => {
        await runner.run(account, known, invoices);
      },
    );
  },
};

/** The accounts in migration order, each with its Splynx id if a batch lookup found one. */
async function* withKnownIds(
  ctx: PhaseContext,
  foundation: SonarFoundation,
): AsyncGenerator<{
  account: SonarAccount;
  known: number | null;
  invoices: ReadonlyMap<string, SonarInvoice[]>;
}> {
  for await (const batch of orderedAccounts(ctx, foundation)) {
    const ids = batch.map((a) => a.id);
    const known = await prefetchCustomers(ctx, ids);
    const invoices = await openInvoicesFor(ctx, ids);
    for (const account of batch) yield { account, known: known.get(account.id) ?? null, invoices };
  }
}

export function assertKnownIds(requested: string[], found: SonarAccount[]): void {
  const have = new Set(found.map((a) => a.id));
  const missing = requested.filter((id) => !have.has(id));
  if (missing.length > 0) {
    throw new UserError(
      `Sonar has no account ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` (and ${missing.length - 10} more)` : ''}.`,
      'Check the ids (archived accounts count too); `s2s plan --all` lists what can be migrated.',
    );
  }
}
