import { describe, expect, it } from 'vitest';
import { COMMAND_SPECS, commandHelp, FLAG_DOCS, type SpecName } from '../source/command-help.js';
import { OPTIONS, parseCommandLine, USAGE } from '../source/command-line.js';
import { closest, editDistance } from '../source/did-you-mean.js';
import { UserError } from '../source/errors.js';

function usageError(argv: string[]): UserError {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`expected a UserError for ${argv.join(' ')}`);
}

describe('parseCommandLine', () => {
  it('defaults to the TUI with active-only selection and stop-on-error', () => {
    const parsed = parseCommandLine([]);
    expect(parsed.command).toBe('tui');
    expect(parsed.selection).toEqual({ all: false, includeInactive: false });
    expect(parsed.common.stopOnError).toBe(true);
  });

  it('merges --customer and --customers lists, deduplicated in order', () => {
    const parsed = parseCommandLine([
      'migrate',
      '--customer',
      '7',
      '--customers',
      '3,7, 9',
      '--yes',
    ]);
    expect(parsed.selection.customers).toEqual(['7', '3', '9']);
    expect(parsed.common.yes).toBe(true);
  });

  it('parses filters, phases in canonical order, and numbers', () => {
    const parsed = parseCommandLine([
      'plan',
      '--all',
      '--status',
      'Suspended,active',
      '--created-from',
      '2024-01-01',
      '--created-to',
      '2024-12-31',
      '--limit',
      '100',
      '--phases',
      'customers,foundation',
      '--concurrency',
      '8',
      '--no-stop-on-error',
      '--json',
    ]);
    expect(parsed.selection).toMatchObject({
      all: true,
      statuses: ['suspended', 'active'],
      createdFrom: '2024-01-01',
      createdTo: '2024-12-31',
      limit: 100,
      phases: ['foundation', 'customers'],
    });
    expect(parsed.common).toMatchObject({ concurrency: 8, stopOnError: false, json: true });
  });

  it('takes a migration id for resume/status/verify and requires one for rollback', () => {
    expect(parseCommandLine(['resume']).id).toBeUndefined();
    expect(parseCommandLine(['status', '20261126-071500-ab12']).id).toBe('20261126-071500-ab12');
    expect(usageError(['rollback']).message).toMatch(/needs the migration id/);
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate"\./],
    [['migrate', '--customer', 'abc'], /not a Sonar account id/],
    [['migrate', '--status', 'zombie'], /--status "zombie" is unknown/],
    [['migrate', '--phases', 'billing'], /--phases "billing" is unknown/],
    [['migrate', '--created-from', '2024-02-30'], /not a date/],
    [
      ['migrate', '--created-from', '2024-03-01', '--created-to', '2024-02-01'],
      /after --created-to/,
    ],
    [['migrate', '--limit', '0'], /between 1 and/],
    [['migrate', '--concurrency', 'many'], /not a whole number/],
    [['migrate', '--all', '--customer', '1'], /either --customer/],
    [['status', '--all'], /does not take a customer selection/],
    [['migrate', '--bogus'], /^unknown flag --bogus\.$/],
    [['migrate', '--custmer', '5'], /^unknown flag --custmer; did you mean --customer\?$/],
    [['rollback', 'x', '--keep-shard'], /did you mean --keep-shared\?/],
    [['plan', '--concurency', '4'], /did you mean --concurrency\?/],
    [['migrate', '-x'], /^unknown flag -x\.$/],
    [['migrat', '--all'], /^unknown command "migrat"; did you mean migrate\?$/],
    [['hlep'], /did you mean help\?/],
    [['help', 'verfy'], /unknown command "verfy"; did you mean verify\?/],
    [['preflight', '--yes'], /^`s2s preflight` does not take --yes\.$/],
    [['status', '--config', 'x.json'], /^`s2s status` does not take --config\.$/],
    [['plan', '--keep-shared'], /`s2s plan` does not take --keep-shared/],
    [['migrate', '--break-lock', '--all'], /`s2s migrate` does not take --break-lock/],
    [['migrate', '--limit'], /^--limit needs a value\.$/],
    [['migrate', '--customer', '--all'], /^--customer needs a value\.$/],
    [['migrate', '--all=yes'], /^--all takes no value\.$/],
    [['migrate', 'extra'], /Unexpected argument "extra"/],
  ])('rejects %j with a usage error', (argv, message) => {
    const error = usageError(argv);
    expect(error.message).toMatch(message);
    expect(error.exitCode).toBe(2);
  });

  it('names the flag a bad id came with and the id itself', () => {
    const many = usageError(['migrate', '--customers', '1,abc', '--yes']);
    expect(many.message).toBe('--customers "abc" is not a Sonar account id (digits).');
    const one = usageError(['plan', '--customers', '4', '--customer', '7x']);
    expect(one.message).toBe('--customer "7x" is not a Sonar account id (digits).');
  });

  it.each([
    [['help'], 'tui'],
    [['--help'], 'tui'],
    [['-h'], 'tui'],
    [['help', 'plan'], 'plan'],
    [['plan', '--help'], 'plan'],
    [['rollback', '-h'], 'rollback'],
    // Help answers whatever else is on the line, even flags that would be refused.
    [['migrate', '--bogus', '--customers', 'abc', '--help'], 'migrate'],
  ])('%j asks for the help of %s', (argv, command) => {
    const parsed = parseCommandLine(argv);
    expect(parsed).toMatchObject({ help: true, command });
  });

  it('takes --version anywhere', () => {
    expect(parseCommandLine(['--version']).version).toBe(true);
    expect(parseCommandLine(['status', '-v']).version).toBe(true);
  });
});

describe('help', () => {
  const commands = Object.keys(COMMAND_SPECS) as SpecName[];

  it('documents exactly the flags the parser knows', () => {
    const documented = new Set<string>(commands.flatMap((c) => [...COMMAND_SPECS[c].flags]));
    documented.add('help');
    documented.add('version');
    expect([...documented].sort()).toEqual(Object.keys(OPTIONS).sort());
    expect(Object.keys(FLAG_DOCS).sort()).toEqual(Object.keys(OPTIONS).sort());
  });

  it.each(commands.filter((c) => c !== 'tui'))(
    'lists every flag %s takes, with examples, and accepts each of them',
    (command) => {
      const text = commandHelp(command);
      expect(text.startsWith(`s2s ${command}`)).toBe(true);
      expect(text).toContain('Examples:\n  s2s ');
      expect(text).toContain('Exit codes: ');
      for (const flag of COMMAND_SPECS[command].flags) {
        expect(text).toMatch(new RegExp(`^ {2}(-\\w, )?--${flag}\\b`, 'm'));
        // Every listed flag is one the command accepts: no usage error naming it.
        const sample = FLAG_DOCS[flag] as { value?: string };
        const value = sampleValue(flag, sample.value);
        const argv = [command, ...(command === 'rollback' ? ['20261126-071500-ab12'] : [])];
        expect(() => parseCommandLine([...argv, `--${flag}`, ...value])).not.toThrow();
      }
    },
  );

  it('prints a line per command in the general usage', () => {
    for (const command of commands.filter((c) => c !== 'tui')) {
      expect(USAGE).toMatch(new RegExp(`^  s2s ${command}\\b`, 'm'));
    }
    expect(USAGE).toContain('s2s help [COMMAND]');
  });
});

function sampleValue(flag: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  const samples: Record<string, string> = {
    customer: '1',
    customers: '1,2',
    status: 'active',
    phases: 'customers',
    'created-from': '2024-01-01',
    'created-to': '2024-12-31',
    limit: '5',
    concurrency: '2',
    accounts: '20',
    seed: '2',
    latency: '5',
    'sonar-port': '0',
    'splynx-port': '0',
  };
  return [samples[flag] ?? 'some/file'];
}

describe('closest', () => {
  it.each([
    ['custmer', ['customer', 'customers', 'all'], 'customer'],
    ['hlep', ['help', 'plan'], 'help'],
    ['rollbak', ['rollback', 'resume'], 'rollback'],
    ['stat', ['status', 'state-dir'], undefined],
    ['keep', ['keep-shared', 'yes'], 'keep-shared'],
    ['frobnicate', ['migrate', 'plan'], undefined],
    ['xy', ['yes', 'all'], undefined],
  ])('%s among %j is %s', (typed, candidates, expected) => {
    expect(closest(typed, candidates)).toBe(expected);
  });

  it('counts a swap of two letters as one edit', () => {
    expect(editDistance('hlep', 'help')).toBe(1);
    expect(editDistance('customer', 'custmer')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
