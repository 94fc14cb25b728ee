// argv → a validated command. Pure: no I/O, so every usage error is testable and exits with 2.
import { parseArgs } from 'node:util';
import { COMMAND_SPECS, SELECTION_FLAGS } from './command-help.js';
import { closest } from './did-you-mean.js';
import { UserError } from './errors.js';

export { commandHelp, USAGE } from './command-help.js';

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
  /** tui/demo: clear the demo's migrations and simulated data first. */
  freshDemo?: boolean;
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

export const OPTIONS = {
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
  'fresh-demo': { type: 'boolean' },
  'sonar-port': { type: 'string' },
  'splynx-port': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const ID_COMMANDS: CommandName[] = ['resume', 'status', 'verify', 'rollback'];

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];
type OptionToken = Extract<Token, { kind: 'option' }>;

function usageError(message: string, hint: string): UserError {
  return new UserError(message, hint);
}

function unknownCommand(name: string): UserError {
  const suggestion = closest(name, [...COMMANDS.slice(1), 'help']);
  return usageError(
    `unknown command "${name}"${suggestion ? `; did you mean ${suggestion}?` : '.'}`,
    `Commands: ${COMMANDS.slice(1).join(', ')}, help. Run \`s2s help\` for what each does.`,
  );
}

function flagsOf(command: CommandName): readonly string[] {
  return [...COMMAND_SPECS[command].flags, 'help', 'version'];
}

/** Why a flag is refused: unknown to s2s (with the nearest one this command takes), or not this command's. */
function checkFlags(command: CommandName, options: OptionToken[]): void {
  const own = flagsOf(command);
  const label = command === 'tui' ? '`s2s`' : `\`s2s ${command}\``;
  const helpHint = `Run \`s2s help${command === 'tui' ? '' : ` ${command}`}\` for its flags.`;
  for (const token of options) {
    if (token.name in OPTIONS) continue;
    const typed = token.rawName.replace(/^-+/, '');
    const suggestion = token.rawName.startsWith('--') ? closest(typed, own) : undefined;
    throw usageError(
      `unknown flag ${token.rawName}${suggestion ? `; did you mean --${suggestion}?` : '.'}`,
      helpHint,
    );
  }
  for (const token of options) {
    if (own.includes(token.name)) continue;
    if ((SELECTION_FLAGS as readonly string[]).includes(token.name)) {
      throw usageError(
        `${command === 'tui' ? 'the terminal app' : command} does not take a customer selection (${token.rawName}).`,
        command === 'tui' ? 'Choose customers on its Customers screen.' : helpHint,
      );
    }
    throw usageError(`${label} does not take ${token.rawName}.`, helpHint);
  }
}

/** node:util's messages, in the words of this CLI. */
function valueError(error: unknown): UserError {
  const message = (error as Error).message;
  const flag = /'(-[^' ]+)/.exec(message)?.[1];
  if (flag && /argument missing|ambiguous/.test(message)) {
    return usageError(
      `${flag} needs a value.`,
      `Write it as ${flag} VALUE or ${flag}=VALUE; \`s2s help\` lists every flag.`,
    );
  }
  if (flag && /does not take an argument/.test(message)) {
    return usageError(`${flag} takes no value.`, 'Leave out the =… after it.');
  }
  return usageError(message, 'Run `s2s help` for the list of commands and flags.');
}

export function parseCommandLine(argv: string[]): ParsedCommand {
  // A lenient pass first: it finds the command, --help and unknown flags, each of which gets a
  // better message than a strict parse's first complaint.
  const lenient = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const options = lenient.tokens.filter((t): t is OptionToken => t.kind === 'option');
  const words = lenient.positionals;
  const asksHelp = words[0] === 'help' || options.some((t) => t.name === 'help');
  if (asksHelp) {
    const target = words[0] === 'help' ? words[1] : words[0];
    if (target !== undefined && (!COMMANDS.includes(target as CommandName) || target === 'tui')) {
      throw unknownCommand(target);
    }
    return helpRequest((target ?? 'tui') as CommandName);
  }
  if (options.some((t) => t.name === 'version'))
    return { ...helpRequest('tui'), help: false, version: true };

  const [first, ...rest] = words;
  const command = (first ?? 'tui') as CommandName;
  if (first !== undefined && (!COMMANDS.includes(command) || first === 'tui')) {
    throw unknownCommand(first);
  }
  checkFlags(command, options);

  let parsed: ReturnType<
    typeof parseArgs<{
      options: typeof OPTIONS;
      allowPositionals: true;
      strict: true;
      tokens: true;
    }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    throw valueError(error);
  }
  const { values } = parsed;

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

  // Each id is checked against the flag it came with, so `--customers 1,abc` names --customers.
  const customers: string[] = [];
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || (token.name !== 'customer' && token.name !== 'customers'))
      continue;
    for (const raw of (token.value ?? '').split(',')) {
      const c = raw.trim();
      if (c === '') continue;
      if (!/^\d+$/.test(c)) {
        throw new UserError(
          `${token.rawName} "${c}" is not a Sonar account id (digits).`,
          `Give Sonar account ids, e.g. ${token.rawName} ${token.name === 'customers' ? '1042,1043' : '1042'}.`,
        );
      }
      customers.push(c);
    }
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
  if (values['keep-shared']) common.keepShared = true;
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
  if (values['fresh-demo']) simulate.freshDemo = true;
  if (values['sonar-port'])
    simulate.sonarPort = int('--sonar-port', values['sonar-port'], 0, 65535);
  if (values['splynx-port'])
    simulate.splynxPort = int('--splynx-port', values['splynx-port'], 0, 65535);

  const sync: SyncArgs = {
    dryRun: values['dry-run'] ?? false,
    preferSonar: values['prefer-sonar'] ?? false,
    acceptDifferences: values['accept-differences'] ?? false,
  };
  // Which command takes which of these is checked with every other flag (command-help.ts).

  const result: ParsedCommand = {
    command,
    selection,
    common,
    simulate,
    sync,
    help: false,
    version: false,
  };
  if (id !== undefined) result.id = id;
  return result;
}

/** `s2s help X`, `s2s X --help`: nothing else on the line is checked, so help always answers. */
function helpRequest(command: CommandName): ParsedCommand {
  return {
    command,
    selection: { all: false, includeInactive: false },
    common: { yes: false, json: false, stopOnError: true, breakLock: false },
    simulate: { accounts: 500, seed: 1, latency: 0 },
    sync: { dryRun: false, preferSonar: false, acceptDifferences: false },
    help: true,
    version: false,
  };
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
