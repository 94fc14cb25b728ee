// What each command takes and says about itself: `s2s help [COMMAND]` and `s2s COMMAND --help`
// print from here, and the parser refuses any flag a command does not list, so help and behaviour
// cannot drift apart (test/command-line.test.ts holds every flag here to one the parser knows).

export const FLAG_DOCS = {
  customer: { value: 'ID', text: 'one Sonar account by id (repeatable)' },
  customers: { value: 'ID,ID,...', text: 'these Sonar accounts, in this order' },
  'customers-from': {
    value: 'FILE',
    text: 'the accounts in a failures.csv from an earlier run, or one id per line',
  },
  'records-from': {
    value: 'FILE',
    text: 'exactly the records of a failures.csv (items, networks too) and what they need',
  },
  all: { text: 'every account the filters match (by default the active ones)' },
  status: {
    value: 'LIST',
    text: 'active,suspended,inactive,terminated (default: active)',
  },
  'include-inactive': { text: 'every status' },
  'created-from': { value: 'YYYY-MM-DD', text: 'accounts created on or after this day' },
  'created-to': { value: 'YYYY-MM-DD', text: 'accounts created on or before this day' },
  limit: { value: 'N', text: 'at most N accounts' },
  phases: {
    value: 'LIST',
    text: 'foundation,network,inventory,customers (and the phases they need)',
  },
  yes: { short: 'y', text: 'do not ask for confirmation' },
  json: {
    text: 'JSON Lines on stdout, one object per line (errors too: {"type":"error",...})',
  },
  'state-dir': {
    value: 'DIR',
    text: 'where migrations are kept (default ./state, or S2S_STATE_DIR)',
  },
  config: { value: 'FILE', text: 'the mapping config (default ./s2s.config.json, or S2S_CONFIG)' },
  concurrency: { value: 'N', text: 'customers in flight, 1-64 (default 4)' },
  'no-stop-on-error': { text: 'fail the record, block its dependants, carry on' },
  'break-lock': {
    text: 'take the lock from a live process or another host (a dead holder is taken over anyway)',
  },
  'keep-shared': { text: 'delete only what no other migration uses; list what is kept' },
  'dry-run': { text: 'list every change (old → new), write nothing' },
  'prefer-sonar': { text: 'on a field changed on both sides, write Sonar’s value' },
  'accept-differences': { text: 'go on although verify lists differences (after reading them)' },
  accounts: { value: 'N', text: 'accounts in the simulated ISP, 10-100000 (default 500)' },
  seed: { value: 'S', text: 'dataset seed (default 1)' },
  latency: { value: 'MS', text: 'added to every simulated Splynx answer (default 0)' },
  'fresh-demo': {
    text: 'clear the demo (its migrations and simulated data in the state dir) and start anew',
  },
  'sonar-port': { value: 'P', text: 'port of the simulated Sonar (default: any free one)' },
  'splynx-port': { value: 'P', text: 'port of the simulated Splynx (default: any free one)' },
  help: { short: 'h', text: 'this help' },
  version: { short: 'v', text: 'the version of s2s' },
} as const satisfies Record<string, { value?: string; short?: string; text: string }>;

export type FlagName = keyof typeof FLAG_DOCS;

export const SELECTION_FLAGS = [
  'customer',
  'customers',
  'customers-from',
  'records-from',
  'all',
  'status',
  'include-inactive',
  'created-from',
  'created-to',
  'limit',
  'phases',
] as const satisfies readonly FlagName[];

const DEMO_FLAGS = ['accounts', 'seed', 'latency'] as const satisfies readonly FlagName[];

// Wrapped under "Exit codes: " (12 columns) so the help fits an 80-column terminal.
export const EXIT_CODES_TEXT = [
  '0 done · 1 stopped on an error (resumable) · 2 bad usage or config',
  '3 preflight failed (or Sonar/Splynx unreachable, credentials refused)',
  '4 locked by another live process or host (see --break-lock)',
  '130 interrupted (state saved)',
].join(`\n${' '.repeat(12)}`);

export interface CommandSpec {
  /** After `s2s`: the command and its arguments. */
  usage: string;
  summary: string;
  /** More to know, a line each. */
  notes?: readonly string[];
  flags: readonly FlagName[];
  /** Printed with the selection flags in a group of their own. */
  selection?: boolean;
  examples: readonly string[];
  exits: string;
}

export const COMMAND_SPECS = {
  tui: {
    usage: '',
    summary:
      'the terminal app: on your Sonar and Splynx when SONAR_* and SPLYNX_* are set, else on the demo',
    flags: ['state-dir', 'config', 'concurrency', ...DEMO_FLAGS, 'fresh-demo'],
    examples: ['s2s', 'SONAR_URL=... SONAR_TOKEN=... SPLYNX_URL=... s2s'],
    exits: '0 quit · 2 no terminal (use the headless commands) · 130 stopped by a signal',
  },
  demo: {
    usage: 'demo',
    summary: 'the terminal app against the built-in simulators (state in ./state/demo)',
    notes: [
      'The simulated Sonar and Splynx keep their data in the state dir across restarts;',
      '--fresh-demo clears it and the demo migrations (same --seed/--accounts to keep it).',
    ],
    flags: ['state-dir', 'config', 'concurrency', ...DEMO_FLAGS, 'fresh-demo'],
    examples: ['s2s demo', 's2s demo --fresh-demo', 's2s demo --accounts 5000 --latency 20'],
    exits: '0 quit · 2 no terminal · 130 stopped by a signal',
  },
  simulate: {
    usage: 'simulate',
    summary: 'run both simulators in the foreground; print their URLs and demo credentials',
    notes: ['Ctrl-C stops both. With --json: one {"type":"simulate",...} line.'],
    flags: [...DEMO_FLAGS, 'sonar-port', 'splynx-port', 'json'],
    examples: [
      's2s simulate --accounts 500 --seed 1',
      's2s simulate --splynx-port 8081 --latency 20',
    ],
    exits: '0 stopped with Ctrl-C · 2 bad usage',
  },
  init: {
    usage: 'init',
    summary: 'write s2s.config.json with every default spelled out, read from your Sonar',
    notes: ['Refuses to overwrite an existing file without --yes.'],
    flags: ['config', 'yes', 'json'],
    examples: ['s2s init', 's2s init --config ./isp.config.json --yes'],
    exits: '0 written · 1 Sonar failed · 2 file exists, bad usage or config',
  },
  preflight: {
    usage: 'preflight',
    summary:
      'check both systems: connectivity, auth, every Splynx permission, required fields, safety',
    notes: ['Prints one line per check (ok, warn or FAIL with the fix), then the verdict.'],
    flags: ['config', 'json'],
    examples: ['s2s preflight', 's2s preflight | grep FAIL'],
    exits:
      '0 passed · 2 bad usage or config · 3 something blocks a migration (or unreachable, credentials refused)',
  },
  plan: {
    usage: 'plan [selection]',
    summary:
      "dry run: migrate's own phases against a Splynx that records writes instead of sending them",
    notes: [
      'Lists per phase and entity what would be created (the first 20), every failing record with',
      'its field and fix, every blocked one with its reason, and the Splynx writes it would send.',
      "Without a selection it plans every active account. It takes migrate's flags, so a script can",
      'plan exactly what it will run: --yes and --no-stop-on-error change nothing here.',
    ],
    flags: [
      ...SELECTION_FLAGS,
      'json',
      'state-dir',
      'config',
      'concurrency',
      'yes',
      'no-stop-on-error',
    ],
    selection: true,
    examples: [
      's2s plan --customer 1042',
      's2s plan --all --include-inactive',
      's2s plan --customers 1,2,3 --json > plan.jsonl',
    ],
    exits:
      '0 planned (failing records are findings) · 1 could not finish · 2 bad usage or config · 3 unreachable or credentials refused',
  },
  migrate: {
    usage: 'migrate [selection]',
    summary: 'run the migration: foundation, network, inventory, customers (asks unless --yes)',
    notes: ['Stops on the first failing record unless --no-stop-on-error; `s2s resume` continues.'],
    flags: [
      ...SELECTION_FLAGS,
      'yes',
      'json',
      'state-dir',
      'config',
      'concurrency',
      'no-stop-on-error',
    ],
    selection: true,
    examples: [
      's2s migrate --customer 1042 --yes',
      's2s migrate --customers-from state/<id>/failures.csv --yes',
      's2s migrate --all --yes --no-stop-on-error --json > run.jsonl',
    ],
    exits: EXIT_CODES_TEXT,
  },
  resume: {
    usage: 'resume [ID]',
    summary:
      'continue a stopped migration (the latest by default) with the selection it started with',
    flags: ['json', 'state-dir', 'config', 'concurrency', 'no-stop-on-error', 'break-lock'],
    examples: ['s2s resume', 's2s resume 20261126-071500-ab12 --break-lock'],
    exits: EXIT_CODES_TEXT,
  },
  status: {
    usage: 'status [ID]',
    summary: 'where migrations stand; with an id, its failed and blocked records (read-only)',
    flags: ['json', 'state-dir'],
    examples: ['s2s status', 's2s status 20261126-071500-ab12 --json'],
    exits: '0 shown · 2 no such migration, bad usage',
  },
  verify: {
    usage: 'verify [ID]',
    summary: 'read everything migration ID (the latest by default) wrote back from Splynx; compare',
    notes: ['Every record not in Splynx as Sonar maps it today is a difference, with its field.'],
    flags: ['json', 'state-dir', 'config', 'concurrency'],
    examples: ['s2s verify', 's2s verify 20261126-071500-ab12 --json | grep difference'],
    exits:
      '0 no differences · 1 differences (listed) or a failure · 2 bad usage or config · 3 unreachable or credentials refused · 4 locked',
  },
  rollback: {
    usage: 'rollback ID',
    summary: 'delete what migration ID created in Splynx, dependants first (asks unless --yes)',
    notes: [
      'Adopted records are kept. Refused while another migration uses records this one created.',
    ],
    flags: ['yes', 'json', 'state-dir', 'break-lock', 'keep-shared'],
    examples: [
      's2s rollback 20261126-071500-ab12',
      's2s rollback 20261126-071500-ab12 --keep-shared --yes',
    ],
    exits:
      '0 rolled back or declined · 1 refused or stopped (run it again) · 2 bad usage · 4 locked · 130 interrupted',
  },
  sync: {
    usage: 'sync [selection]',
    summary:
      'bring Splynx up to date with what changed in Sonar since the migration (asks unless --yes)',
    notes: [
      'Writes only fields changed in Sonar; a field changed in Splynx only is kept; changed on both',
      'sides is a conflict, reported and not written unless --prefer-sonar. Without a selection it',
      'syncs the latest migration’s own selection.',
    ],
    flags: [
      ...SELECTION_FLAGS,
      'dry-run',
      'prefer-sonar',
      'yes',
      'json',
      'state-dir',
      'config',
      'concurrency',
      'no-stop-on-error',
      'break-lock',
    ],
    selection: true,
    examples: ['s2s sync --dry-run', 's2s sync --yes', 's2s sync --dry-run --json | grep change'],
    exits: EXIT_CODES_TEXT,
  },
  cutover: {
    usage: 'cutover',
    summary: 'last sync, a clean verify (or --accept-differences), then invoicing on in Splynx',
    notes: [
      'Writes cutover-checklist.md: stop Sonar billing and auto-pay first, then start Splynx.',
    ],
    flags: [
      'accept-differences',
      'prefer-sonar',
      'yes',
      'json',
      'state-dir',
      'config',
      'concurrency',
      'break-lock',
    ],
    examples: ['s2s cutover', 's2s cutover --accept-differences --yes'],
    exits: EXIT_CODES_TEXT,
  },
} as const satisfies Record<string, CommandSpec>;

export type SpecName = keyof typeof COMMAND_SPECS;

function flagLabel(name: FlagName): string {
  const doc: { value?: string; short?: string; text: string } = FLAG_DOCS[name];
  const long = `--${name}${doc.value ? ` ${doc.value}` : ''}`;
  return doc.short ? `-${doc.short}, ${long}` : long;
}

function flagLines(names: readonly FlagName[]): string[] {
  const width = Math.max(...names.map((n) => flagLabel(n).length)) + 2;
  return names.map((n) => `  ${flagLabel(n).padEnd(width)}${FLAG_DOCS[n].text}`);
}

/** `s2s help COMMAND`: usage, what it does, its flags, examples and exit codes. */
export function commandHelp(name: SpecName): string {
  const spec: CommandSpec = COMMAND_SPECS[name];
  const selection = spec.flags.filter((f) => (SELECTION_FLAGS as readonly string[]).includes(f));
  const others = spec.flags.filter((f) => !selection.includes(f));
  const lines = [
    `s2s ${spec.usage}`.trimEnd(),
    `  ${spec.summary}`,
    ...(spec.notes ?? []).map((note) => `  ${note}`),
    '',
    'Usage:',
    `  s2s ${spec.usage}${spec.usage ? ' ' : ''}[flags]`,
  ];
  if (selection.length > 0) lines.push('', 'Selection:', ...flagLines(selection));
  lines.push('', 'Flags:', ...flagLines([...others, 'help']));
  lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  lines.push('', `Exit codes: ${spec.exits}`);
  return `${lines.join('\n')}\n`;
}

/** `s2s help`, `s2s --help`: every command, the shared flags, the environment and exit codes. */
export const USAGE = `s2s — move an ISP from Sonar to Splynx

Usage:
  s2s                      interactive terminal app (offers the demo when nothing is configured)
  s2s demo                 the terminal app against the built-in simulators
  s2s simulate             run both simulators in the foreground; print URLs and credentials
  s2s init                 write s2s.config.json with defaults read from Sonar
  s2s preflight            check connectivity, auth, permissions and safety before a run
  s2s plan    [selection]  dry run: what would be created, adopted, skipped, fail, blocked
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
  s2s help [COMMAND]       this help, or a command's flags and examples (also: s2s COMMAND --help)

Selection (plan, migrate, sync):
  --customer ID  --customers ID,ID,...  --customers-from FILE  --records-from FILE  --all
  --status active,suspended,inactive,terminated   --include-inactive
  --created-from YYYY-MM-DD  --created-to YYYY-MM-DD  --limit N
  --phases foundation,network,inventory,customers

Common:
  --yes  --json  --state-dir DIR  --config FILE  --concurrency N  --no-stop-on-error  --break-lock
  (each command takes the ones its help lists)

Output: results on stdout; progress, notices and errors on stderr. --json: every stdout line is
  one JSON object; an error is {"type":"error","code":N,"message":...,"fixes":[...]}.

Environment: SONAR_URL SONAR_TOKEN SPLYNX_URL SPLYNX_API_KEY SPLYNX_API_SECRET
             (or SPLYNX_LOGIN/SPLYNX_PASSWORD)   see .env.example
Locks:   a migration has one writer; a lock left by a process that is gone (kill -9, a closed
         terminal) is taken over with a notice. --break-lock also takes it from a live process
         or another host (that process stops writing at its next heartbeat).

Exit codes: ${EXIT_CODES_TEXT}
`;
