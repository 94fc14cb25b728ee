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
   * The selected accounts when the selection is small enough to hold (ids, or a limit): the
   * foundation phase migrates exactly what they need, and the customers phase reuses them.
   */
  accounts?: SonarAccount[];
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
  const phases = args.phases ?? [...PHASE_IDS];
  const explicitStates = args.statuses?.map((s) => STATE_OF[s]);

  if (ids && ids.length > 0) {
    const selection: ResolvedSelection = {
      kind: 'ids',
      ids: [...new Set(ids)],
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

/** Migration order: by state (active first), then id; parents are pulled forward by the engine. */
export function compareAccounts(
  a: { state: SonarState; id: string },
  b: { state: SonarState; id: string },
): number {
  const byState = STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state);
  if (byState !== 0) return byState;
  return Number(BigInt(a.id) - BigInt(b.id));
}
