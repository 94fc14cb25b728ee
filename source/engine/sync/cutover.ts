// The last step of `s2s cutover` (issue 16): Splynx starts invoicing every migrated customer
// (`make_invoices` 1, undoing the migration's billing interlock, MAPPING.md Phase 4), in bounded
// batches, each customer journaled the moment Splynx has it, so an interrupted cutover continues
// with the customers not done yet. Also the day's checklist and what cannot move.
import path from 'node:path';
import { mapCustomer } from '../../mapping/customer.js';
import type { SonarAccount } from '../../sonar/records.js';
import { customerPaths } from '../../splynx/endpoints.js';
import { sameValue } from '../../splynx/normalise.js';
import { readRecord } from '../../splynx/records-io.js';
import { writeFileAtomic } from '../../state/durable-fs.js';
import type { EntityRecord, Migration } from '../../state/index.js';
import { forEachBounded } from '../bounded.js';
import type { EmitEvent } from '../events.js';
import { migratedNetworks } from '../migrated-networks.js';
import type { EngineDeps } from '../orchestrator.js';
import { idResolver } from '../phases/foundation.js';
import { ProgressMeter } from '../progress.js';
import { RecordFailedError } from '../record-failure.js';
import { CUTOVER, CUTOVER_BILLING, CUTOVER_STARTED } from './cutover-billing.js';
import { isLive } from './sync-account.js';

export const CHECKLIST_FILE = 'cutover-checklist.md';

/** Customers whose invoicing is switched on per batch (and at most this many PUTs in flight). */
const BATCH = 50;

export interface InvoicingResult {
  /** Customers switched on by this run. */
  switched: number;
  /** Already on from an earlier (interrupted) cutover. */
  already: number;
  total: number;
}

/** The migrated customers a cutover invoices: live, and not retired because Sonar deleted them. */
export function cutoverCustomers(
  migration: Pick<Migration, 'records'>,
): Array<EntityRecord & { splynxId: number }> {
  const out: Array<EntityRecord & { splynxId: number }> = [];
  for (const record of migration.records({ entity: 'customer' })) {
    if (isLive(record) && record.extra?.gone === undefined) out.push(record);
  }
  return out;
}

export async function switchInvoicingOn(
  deps: Pick<EngineDeps, 'splynx' | 'control' | 'afterCreate'> & { emit: EmitEvent },
  migration: Migration,
  concurrency: number,
): Promise<InvoicingResult> {
  const customers = cutoverCustomers(migration);
  const todo = customers.filter((c) => migration.get(CUTOVER_BILLING, c.sonarId) === undefined);
  if (todo.length > 0 && migration.get(CUTOVER, CUTOVER_STARTED) === undefined) {
    // Before the first write: from here on verify knows invoicing may be on anywhere.
    await migration.commit({
      entity: CUTOVER,
      sonarId: CUTOVER_STARTED,
      splynxId: 0,
      action: 'created',
    });
  }
  const meter = new ProgressMeter(customers.length);
  meter.tick(customers.length - todo.length);
  const signal = deps.control.signal;
  for (let i = 0; i < todo.length && !deps.control.isStopping; i += BATCH) {
    await forEachBounded(
      todo.slice(i, i + BATCH),
      Math.min(concurrency, BATCH),
      async () => {
        await deps.control.gate();
        return !deps.control.isStopping;
      },
      async (customer) => {
        const path = customerPaths.billing(customer.splynxId);
        const label = `account ${customer.sonarId} billing`;
        // A PUT is idempotent: one sent again after a crash before its journal line is harmless.
        await deps.splynx.update(path, { make_invoices: 1 }, signal);
        deps.afterCreate?.();
        const after = await readRecord(deps.splynx, path, signal);
        if (!sameValue(1, after.make_invoices, 'make_invoices')) {
          throw new RecordFailedError({
            kind: 'record',
            phase: 'customers',
            entity: CUTOVER_BILLING,
            sonarId: customer.sonarId,
            label,
            field: 'make_invoices',
            rule: 'verify-mismatch',
            message: `Splynx kept make_invoices = ${JSON.stringify(after.make_invoices)} after the update`,
            fixes: [
              'Check the customer’s billing in Splynx, then run `s2s cutover` again: it continues.',
            ],
          });
        }
        await migration.commit({
          entity: CUTOVER_BILLING,
          sonarId: customer.sonarId,
          splynxId: customer.splynxId,
          action: 'created',
        });
        meter.tick();
        deps.emit({
          type: 'progress',
          phase: 'customers',
          done: meter.done,
          total: meter.total,
          rate: meter.rate,
          etaSeconds: meter.etaSeconds,
        });
      },
    );
  }
  const switched = todo.filter((c) => migration.get(CUTOVER_BILLING, c.sonarId)).length;
  return { switched, already: customers.length - todo.length, total: customers.length };
}

/** What one customer needs by hand after the switch. */
export interface CannotMove {
  accountId: string;
  splynxId: number;
  name: string;
  /** A contact had a portal login: Sonar does not give out portal passwords. */
  portalPasswordReset: boolean;
}

/** Per migrated customer, what the switch cannot carry over (read from Sonar today). */
export async function whatCannotMove(
  deps: Pick<EngineDeps, 'sonar' | 'config' | 'control'>,
  migration: Pick<Migration, 'records' | 'splynxId' | 'get'>,
  customers: Array<EntityRecord & { splynxId: number }>,
): Promise<CannotMove[]> {
  const signal = deps.control.signal;
  const foundation = await deps.sonar.foundation(signal);
  const mapCtx = {
    config: deps.config,
    today: new Date().toISOString().slice(0, 10),
    statuses: foundation.account_statuses,
    accountTypes: foundation.account_types,
    services: new Map(foundation.services.map((s) => [s.id, s])),
    ids: idResolver({ ledger: migration, shared: {} }),
    networks: migratedNetworks(migration.records({ entity: 'ipv4_network' })),
  };
  const bySonarId = new Map(customers.map((c) => [c.sonarId, c]));
  const out: CannotMove[] = [];
  const ids = [...bySonarId.keys()];
  for (let i = 0; i < ids.length; i += 250) {
    for await (const batch of deps.sonar.accounts(
      { ids: ids.slice(i, i + 250), includeArchived: true },
      signal,
    )) {
      for (const account of batch as SonarAccount[]) {
        const customer = bySonarId.get(account.id);
        if (!customer) continue;
        const mapped = mapCustomer(account, mapCtx);
        const portal = mapped.ok
          ? mapped.value.portalPasswordReset
          : account.contacts.some((c) => (c.username ?? '') !== '');
        if (portal) {
          out.push({
            accountId: account.id,
            splynxId: customer.splynxId,
            name: account.name,
            portalPasswordReset: true,
          });
        }
      }
    }
  }
  return out.sort((a, b) => Number(BigInt(a.accountId) - BigInt(b.accountId)));
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

export function checklistMarkdown(input: {
  migrationId: string;
  date: string;
  invoicing: InvoicingResult;
  differencesAccepted: number;
  cannotMove: CannotMove[];
}): string {
  const { invoicing, cannotMove } = input;
  const lines = [
    `# Cut-over checklist — migration ${input.migrationId}, ${input.date}`,
    '',
    'Splynx now invoices every migrated customer. Do these in this order, today:',
    '',
    '1. [ ] **Stop billing in Sonar first**: switch off its invoice runs (billing schedule) so no',
    '       customer gets a Sonar invoice for a period Splynx bills too.',
    '2. [ ] **Stop Sonar’s auto-pay runs** (card and bank auto-pay) so nobody is charged twice.',
    '3. [ ] Take a last look at both balances for a few customers (Sonar vs Splynx).',
    `4. [ ] **Then start billing in Splynx**: invoicing is on (\`make_invoices\` 1) for ${invoicing.total} customer(s)` +
      ` (${invoicing.switched} switched on by this run, ${invoicing.already} earlier). Check the first`,
    '       invoice run in Splynx (Finance → Invoices) before sending anything.',
    `5. [ ] Send a portal password reset to the ${cannotMove.filter((c) => c.portalPasswordReset).length} customer(s) listed below.`,
    '6. [ ] Card and bank auto-pay: the tokens stay with the payment gateway. If Splynx uses the',
    '       same gateway account, they can be linked there; otherwise every auto-pay customer must',
    '       re-enrol in the Splynx portal. This version of s2s does not read payment methods from',
    '       Sonar: list them in Sonar (Accounts → Payment methods, auto) before switching it off.',
    '',
  ];
  if (input.differencesAccepted > 0) {
    lines.push(
      `Verify listed ${input.differencesAccepted} difference(s) that were accepted (--accept-differences); see report.md.`,
      '',
    );
  }
  lines.push('## What cannot move, per customer', '');
  if (cannotMove.length === 0) {
    lines.push('Nothing: no customer has a portal login in Sonar.', '');
  } else {
    lines.push('| Sonar account | Splynx customer | Name | Needs |', '|---|---|---|---|');
    for (const c of cannotMove) {
      lines.push(
        `| ${c.accountId} | ${c.splynxId} | ${cell(c.name)} | ${c.portalPasswordReset ? 'portal password reset' : ''} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

export function writeChecklist(dir: string, markdown: string): string {
  const file = path.join(dir, CHECKLIST_FILE);
  writeFileAtomic(file, markdown);
  return file;
}
