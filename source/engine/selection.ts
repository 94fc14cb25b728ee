// What the operator asked for, resolved into something the phases can act on: one customer, a
// list, or everything matching filters; active-only unless asked otherwise; phases in order.
import { readFileSync } from 'node:fs';
import type { CustomerState, PhaseId, SelectionArgs } from '../command-line.js';
import { PHASE_IDS } from '../command-line.js';
import { UserError } from '../errors.js';
import type { SonarState } from '../mapping/mapping-config.js';
import type { SonarAccount } from '../sonar/records.js';

export interface ResolvedSelection {
  kind: 'ids' | 'all' | 'filter';
  /** For kind 'ids': the Sonar account ids asked for. */
  ids?: string[];
  /** Lifecycle states to include, in migration order. */
  states: SonarState[];
  createdFrom?: string;
  createdTo?: string;
  limit?: number;
  phases: PhaseId[];
  /**
   * For kind 'ids' from --records-from: records outside the customers phase (a tariff, a network,
   * an inventory item) to retry; each phase migrates just these plus what they depend on.
   */
  records?: RecordRef[];
  /**
   * The selected accounts when the selection is small enough to hold (ids, or a limit): the
   * foundation phase migrates exactly what they need, and the customers phase reuses them.
   */
  accounts?: SonarAccount[];
}

export interface RecordRef {
  entity: string;
  sonarId: string;
}

export const STATE_ORDER: SonarState[] = ['ACTIVE', 'SUSPENDED', 'INACTIVE', 'TERMINATED'];
const STATE_OF: Record<CustomerState, SonarState> = {
  active: 'ACTIVE',
  suspended: 'SUSPENDED',
  inactive: 'INACTIVE',
  terminated: 'TERMINATED',
};

/** Accounts held in memory for a limited selection; past this, phases stream from Sonar. */
export const SMALL_SELECTION = 5_000;

export function resolveSelection(
  args: SelectionArgs,
  options: { requireExplicit: boolean },
): ResolvedSelection {
  let ids = args.customers;
  if (args.customersFrom) ids = [...(ids ?? []), ...readIdsFile(args.customersFrom)];
  let records: RecordRef[] | undefined;
  if (args.recordsFrom) {
    const file = readRecordsFile(args.recordsFrom);
    ids = [...(ids ?? []), ...file.accountIds];
    if (file.records.length > 0) records = file.records;
  }
  const phases = args.phases ?? [...PHASE_IDS];
  const explicitStates = args.statuses?.map((s) => STATE_OF[s]);

  if ((ids && ids.length > 0) || records) {
    const selection: ResolvedSelection = {
      kind: 'ids',
      ids: [...new Set(ids)],
      ...(records ? { records } : {}),
      // Accounts picked by id are migrated whatever their status, unless --status narrows them.
      states: explicitStates ? STATE_ORDER.filter((s) => explicitStates.includes(s)) : STATE_ORDER,
      phases,
    };
    return withFilters(selection, args);
  }
  const filtered =
    explicitStates !== undefined ||
    args.createdFrom !== undefined ||
    args.createdTo !== undefined ||
    args.limit !== undefined;
  if (!args.all && !filtered && options.requireExplicit) {
    throw new UserError(
      'Say what to migrate: --customer ID, --customers ID,ID,..., --customers-from FILE, or --all.',
      'Try one customer first: `s2s plan --customer <id>`, then `s2s migrate --customer <id>`.',
    );
  }
  const states = explicitStates
    ? STATE_ORDER.filter((s) => explicitStates.includes(s))
    : args.includeInactive
      ? STATE_ORDER
      : (['ACTIVE'] as SonarState[]);
  return withFilters({ kind: args.all ? 'all' : 'filter', states, phases }, args);
}

function withFilters(selection: ResolvedSelection, args: SelectionArgs): ResolvedSelection {
  if (args.createdFrom) selection.createdFrom = args.createdFrom;
  if (args.createdTo) selection.createdTo = args.createdTo;
  if (args.limit !== undefined) selection.limit = args.limit;
  return selection;
}

/** A failures.csv from an earlier run (first column `sonar_id`), or one id per line. */
export function readIdsFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read --customers-from ${file}: ${(error as Error).message}`);
  }
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0]?.split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  const column = header?.indexOf('account_id') ?? -1;
  const rows = column >= 0 ? lines.slice(1) : lines;
  const ids = rows
    .map((line) => (column >= 0 ? (line.split(',')[column] ?? '') : (line.split(',')[0] ?? '')))
    .map((cell) => cell.trim().replace(/^"|"$/g, ''))
    .filter((id) => id !== '');
  for (const id of ids) {
    if (!/^\d+$/.test(id)) {
      throw new UserError(`--customers-from ${file}: "${id}" is not a Sonar account id.`);
    }
  }
  if (ids.length === 0) throw new UserError(`--customers-from ${file} lists no account ids.`);
  return [...new Set(ids)];
}

/** Entities outside the customers phase that --records-from can name on their own. */
const RETRIABLE =
  /^(partner|label|administrator|tariff_(internet|recurring|one_time)|ipv4_network|ipv6_network|stock|vendor|supplier|product|inventory_item)$/;

/** RFC 4180 rows (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows.filter((r) => r.some((value) => value.trim() !== ''));
}

/** csvCell (report.ts) defuses a leading = + - @ with a quote; a retry takes it off again. */
const undefused = (value: string) => value.trim().replace(/^'(?=[=+\-@\t\r])/, '');

/**
 * A failures.csv from an earlier run: rows with an `account_id` retry that account (its customer,
 * services, notes...), the others retry exactly that record (entity + `sonar_id`).
 */
export function readRecordsFile(file: string): { accountIds: string[]; records: RecordRef[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read --records-from ${file}: ${(error as Error).message}`);
  }
  const [header, ...rows] = parseCsv(text);
  const column = (name: string) => header?.map((h) => h.trim()).indexOf(name) ?? -1;
  const [account, entity, sonarId] = [column('account_id'), column('entity'), column('sonar_id')];
  if (entity < 0 || sonarId < 0) {
    throw new UserError(
      `--records-from ${file} has no entity and sonar_id columns.`,
      'Give it the failures.csv a migration wrote into its state folder.',
    );
  }
  const accountIds = new Set<string>();
  const records = new Map<string, RecordRef>();
  for (const row of rows) {
    const accountId = account >= 0 ? undefused(row[account] ?? '') : '';
    const ref = { entity: undefused(row[entity] ?? ''), sonarId: undefused(row[sonarId] ?? '') };
    if (accountId !== '') {
      if (!/^\d+$/.test(accountId)) {
        throw new UserError(`--records-from ${file}: "${accountId}" is not a Sonar account id.`);
      }
      accountIds.add(accountId);
    } else if (ref.entity === 'phase' || ref.entity === 'additional_field') {
      // A phase that stopped as a whole names no record, and every run makes sure of the sonar_id
      // fields first: neither needs naming to be retried.
    } else if (RETRIABLE.test(ref.entity) && ref.sonarId !== '') {
      records.set(`${ref.entity}:${ref.sonarId}`, ref);
    } else {
      throw new UserError(
        `--records-from ${file}: cannot retry ${ref.entity || '(no entity)'} ${ref.sonarId} on its own.`,
        'Keep the rows failures.csv wrote (they carry the account id where one is needed).',
      );
    }
  }
  if (accountIds.size === 0 && records.size === 0) {
    throw new UserError(`--records-from ${file} lists no records.`);
  }
  return { accountIds: [...accountIds], records: [...records.values()] };
}

/** Whether a --records-from selection names this record (no records named: not such a selection). */
export function namesRecord(
  selection: ResolvedSelection,
  entity: string,
  sonarId: string,
): boolean {
  return selection.records?.some((r) => r.entity === entity && r.sonarId === sonarId) ?? false;
}

/** Migration order: by state (active first), then id; parents are pulled forward by the engine. */
export function compareAccounts(
  a: { state: SonarState; id: string },
  b: { state: SonarState; id: string },
): number {
  const byState = STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state);
  if (byState !== 0) return byState;
  return Number(BigInt(a.id) - BigInt(b.id));
}
