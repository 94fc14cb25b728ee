// argv → a validated command. Pure: no I/O, so every usage error is testable and exits with 2.
import { parseArgs } from 'node:util';
import { UserError } from './errors.js';

export const COMMANDS = [
  'tui',
  'demo',
  'simulate',
  'init',
  'preflight',
  'plan',
  'migrate',
  'resume',
  'status',
  'verify',
  'rollback',
  'sync',
  'cutover',
] as const;
export type CommandName = (typeof COMMANDS)[number];

export const PHASE_IDS = ['foundation', 'network', 'inventory', 'customers'] as const;
export type PhaseId = (typeof PHASE_IDS)[number];

export const CUSTOMER_STATES = ['active', 'suspended', 'inactive', 'terminated'] as const;
export type CustomerState = (typeof CUSTOMER_STATES)[number];

export interface SelectionArgs {
  /** Explicit Sonar account ids, in the order given (deduplicated). */
  customers?: string[];
  customersFrom?: string;
  /** A failures.csv: retry exactly its records (entity + Sonar id), accounts and others alike. */
  recordsFrom?: string;
  all: boolean;
  statuses?: CustomerState[];
  createdFrom?: string;
  createdTo?: string;
  limit?: number;
  includeInactive: boolean;
  phases?: PhaseId[];
}

export interface CommonArgs {
  yes: boolean;
  json: boolean;
  stateDir?: string;
  config?: string;
  concurrency?: number;
  stopOnError: boolean;
  breakLock: boolean;
  /** rollback only: delete what no other migration uses, keep (and list) the rest. */
  keepShared?: boolean;
}

/** sync and cutover. */
export interface SyncArgs {
  dryRun: boolean;
  preferSonar: boolean;
  /** cutover only: go on after listing verify's differences. */
  acceptDifferences: boolean;
}

export interface SimulateArgs {
  accounts: number;
  seed: number;
  latency: number;
  sonarPort?: number;
  splynxPort?: number;
}

export interface ParsedCommand {
  command: CommandName;
  /** Migration id for resume/status/verify/rollback. */
  id?: string;
  selection: SelectionArgs;
  common: CommonArgs;
  simulate: SimulateArgs;
  sync: SyncArgs;
  help: boolean;
  version: boolean;
}

const OPTIONS = {
  customer: { type: 'string', multiple: true },
  customers: { type: 'string', multiple: true },
  'customers-from': { type: 'string' },
  'records-from': { type: 'string' },
  all: { type: 'boolean' },
  status: { type: 'string', multiple: true },
  'created-from': { type: 'string' },
  'created-to': { type: 'string' },
  limit: { type: 'string' },
  'include-inactive': { type: 'boolean' },
  phases: { type: 'string', multiple: true },
  yes: { type: 'boolean', short: 'y' },
  json: { type: 'boolean' },
  'state-dir': { type: 'string' },
  config: { type: 'string' },
  concurrency: { type: 'string' },
  'no-stop-on-error': { type: 'boolean' },
  'break-lock': { type: 'boolean' },
  'keep-shared': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'prefer-sonar': { type: 'boolean' },
  'accept-differences': { type: 'boolean' },
  accounts: { type: 'string' },
  seed: { type: 'string' },
  latency: { type: 'string' },
  'sonar-port': { type: 'string' },
  'splynx-port': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const SELECTION_COMMANDS: CommandName[] = ['plan', 'migrate', 'tui', 'demo', 'sync'];
const ID_COMMANDS: CommandName[] = ['resume', 'status', 'verify', 'rollback'];

export function parseCommandLine(argv: string[]): ParsedCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UserError(
      (error as Error).message,
      'Run `s2s --help` for the list of commands and flags.',
    );
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  const command = (first ?? 'tui') as CommandName;
  if (!COMMANDS.includes(command) || first === 'tui') {
    throw new UserError(
      `Unknown command "${first}".`,
      `Commands: ${COMMANDS.slice(1).join(', ')}.`,
    );
  }

  let id: string | undefined;
  if (ID_COMMANDS.includes(command)) {
    if (rest.length > 1) throw new UserError(`${command} takes at most one migration id.`);
    id = rest[0];
    if (command === 'rollback' && !id) {
      throw new UserError(
        'rollback needs the migration id.',
        'Run `s2s status` to see migrations and their ids; rollback never guesses which one.',
      );
    }
    if (id !== undefined && !/^[\w.-]+$/.test(id))
      throw new UserError(`"${id}" is not a migration id.`);
  } else if (rest.length > 0) {
    throw new UserError(`Unexpected argument "${rest[0]}" for ${command}.`);
  }

  const customers = [...(values.customer ?? []), ...(values.customers ?? [])]
    .flatMap((list) => list.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const c of customers) {
    if (!/^\d+$/.test(c))
      throw new UserError(`--customer "${c}" is not a Sonar account id (digits).`);
  }
  const statuses = splitList(values.status).map((s) => s.toLowerCase());
  for (const s of statuses) {
    if (!CUSTOMER_STATES.includes(s as CustomerState)) {
      throw new UserError(
        `--status "${s}" is unknown.`,
        `Use any of: ${CUSTOMER_STATES.join(', ')}.`,
      );
    }
  }
  const phases = splitList(values.phases);
  for (const p of phases) {
    if (!PHASE_IDS.includes(p as PhaseId)) {
      throw new UserError(`--phases "${p}" is unknown.`, `Use any of: ${PHASE_IDS.join(', ')}.`);
    }
  }
  const selectionGiven =
    customers.length > 0 ||
    values.all ||
    values['customers-from'] !== undefined ||
    values['records-from'] !== undefined;
  if (!SELECTION_COMMANDS.includes(command) && (selectionGiven || statuses.length > 0)) {
    throw new UserError(`${command} does not take a customer selection.`);
  }
  if (customers.length > 0 && values.all) {
    throw new UserError('Use either --customer/--customers or --all, not both.');
  }

  const selection: SelectionArgs = {
    all: values.all ?? false,
    includeInactive: values['include-inactive'] ?? false,
  };
  if (customers.length > 0) selection.customers = [...new Set(customers)];
  if (values['customers-from']) selection.customersFrom = values['customers-from'];
  if (values['records-from']) selection.recordsFrom = values['records-from'];
  if (statuses.length > 0) selection.statuses = [...new Set(statuses)] as CustomerState[];
  if (phases.length > 0) selection.phases = PHASE_IDS.filter((p) => phases.includes(p));
  if (values['created-from'])
    selection.createdFrom = date('--created-from', values['created-from']);
  if (values['created-to']) selection.createdTo = date('--created-to', values['created-to']);
  if (values.limit !== undefined) selection.limit = int('--limit', values.limit, 1);
  if (selection.createdFrom && selection.createdTo && selection.createdFrom > selection.createdTo) {
    throw new UserError('--created-from is after --created-to.');
  }

  const common: CommonArgs = {
    yes: values.yes ?? false,
    json: values.json ?? false,
    stopOnError: !(values['no-stop-on-error'] ?? false),
    breakLock: values['break-lock'] ?? false,
  };
  if (values['keep-shared']) {
    if (command !== 'rollback') throw new UserError('--keep-shared is a rollback flag.');
    common.keepShared = true;
  }
  if (values['state-dir']) common.stateDir = values['state-dir'];
  if (values.config) common.config = values.config;
  if (values.concurrency !== undefined) {
    common.concurrency = int('--concurrency', values.concurrency, 1, 64);
  }

  const simulate: SimulateArgs = {
    accounts: values.accounts === undefined ? 500 : int('--accounts', values.accounts, 10, 100_000),
    seed: values.seed === undefined ? 1 : int('--seed', values.seed, 0),
    latency: values.latency === undefined ? 0 : int('--latency', values.latency, 0, 60_000),
  };
  if (values['sonar-port'])
    simulate.sonarPort = int('--sonar-port', values['sonar-port'], 0, 65535);
  if (values['splynx-port'])
    simulate.splynxPort = int('--splynx-port', values['splynx-port'], 0, 65535);

  const sync: SyncArgs = {
    dryRun: values['dry-run'] ?? false,
    preferSonar: values['prefer-sonar'] ?? false,
    acceptDifferences: values['accept-differences'] ?? false,
  };
  if (sync.dryRun && command !== 'sync') throw new UserError('--dry-run is a sync flag.');
  if (sync.preferSonar && command !== 'sync' && command !== 'cutover') {
    throw new UserError('--prefer-sonar is a sync and cutover flag.');
  }
  if (sync.acceptDifferences && command !== 'cutover') {
    throw new UserError('--accept-differences is a cutover flag.');
  }

  const result: ParsedCommand = {
    command,
    selection,
    common,
    simulate,
    sync,
    help: values.help ?? false,
    version: values.version ?? false,
  };
  if (id !== undefined) result.id = id;
  return result;
}

function splitList(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function int(flag: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(raw.trim())) throw new UserError(`${flag} "${raw}" is not a whole number.`);
  const n = Number(raw);
  if (n < min || n > max) throw new UserError(`${flag} must be between ${min} and ${max}.`);
  return n;
}

function date(flag: string, raw: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
  const parsed = match ? new Date(`${raw.trim()}T00:00:00Z`) : undefined;
  if (
    !parsed ||
    Number.isNaN(parsed.getTime()) ||
    parsed.toISOString().slice(0, 10) !== raw.trim()
  ) {
    throw new UserError(`${flag} "${raw}" is not a date in YYYY-MM-DD form.`);
  }
  return raw.trim();
}

export const USAGE = `s2s — move an ISP from Sonar to Splynx

Usage:
  s2s                      interactive terminal app (offers the demo when nothing is configured)
  s2s demo                 the terminal app against the built-in simulators
  s2s simulate             run both simulators in the foreground; print URLs and credentials
  s2s init                 write s2s.config.json with defaults read from Sonar
  s2s preflight            check connectivity, auth, permissions and safety before a run
  s2s plan    [selection]  dry run: what would be created, adopted, skipped, blocked
  s2s migrate [selection]  run the migration (asks to confirm unless --yes)
  s2s resume  [ID]         continue a stopped migration (the latest by default)
  s2s status  [ID]         where a migration stands
  s2s verify  [ID]         read everything back from Splynx and compare with Sonar
  s2s rollback ID          delete what that migration created in Splynx, newest first; refused
                           while another migration uses its records (--keep-shared: keep those)
  s2s sync    [selection]  bring Splynx up to date with what changed in Sonar since the migration
                           (--dry-run: the changes, nothing written; --prefer-sonar: on conflicts)
  s2s cutover              last sync, clean verify (or --accept-differences), then invoicing on;
                           writes the day's checklist and what cannot move

Selection:
  --customer ID  --customers ID,ID,...  --customers-from FILE  --records-from FILE  --all
  --status active,suspended,inactive,terminated   --include-inactive
  --created-from YYYY-MM-DD  --created-to YYYY-MM-DD  --limit N
  --phases foundation,network,inventory,customers

Common:
  --yes  --json  --state-dir DIR  --config FILE  --concurrency N  --no-stop-on-error  --break-lock

Simulate:
  --accounts N (500)  --seed S (1)  --latency MS (0)  --sonar-port P  --splynx-port P

Environment: SONAR_URL SONAR_TOKEN SPLYNX_URL SPLYNX_API_KEY SPLYNX_API_SECRET
             (or SPLYNX_LOGIN/SPLYNX_PASSWORD)   see .env.example
Exit codes: 0 done · 1 stopped on an error (resumable) · 2 bad usage or config
            3 preflight failed · 130 interrupted (state saved)
`;
