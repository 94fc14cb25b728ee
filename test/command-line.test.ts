import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../source/command-line.js';
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
    [['frobnicate'], /Unknown command "frobnicate"/],
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
    [['migrate', '--bogus'], /Unknown option/],
    [['migrate', 'extra'], /Unexpected argument "extra"/],
  ])('rejects %j with a usage error', (argv, message) => {
    const error = usageError(argv);
    expect(error.message).toMatch(message);
    expect(error.exitCode).toBe(2);
  });
});
