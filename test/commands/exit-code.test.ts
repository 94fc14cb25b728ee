// The exit codes scripts rely on: one number per outcome, the same in code, --help and errors.
import { describe, expect, it } from 'vitest';
import { USAGE } from '../../source/command-line.js';
import { EXIT } from '../../source/commands/exit-code.js';
import { LockedError, UserError } from '../../source/errors.js';

describe('exit codes', () => {
  it('a refused lock exits 4, not 2 (bad usage), and --help says so', () => {
    expect(new LockedError('held').exitCode).toBe(EXIT.locked);
    expect(EXIT.locked).toBe(4);
    expect(new LockedError('held')).toBeInstanceOf(UserError);
    expect(new Set(Object.values(EXIT)).size).toBe(Object.values(EXIT).length);
    expect(USAGE).toContain(
      '\n            3 preflight failed (or Sonar/Splynx unreachable, credentials refused)\n' +
        '            4 locked by another live process or host (see --break-lock)\n',
    );
    expect(USAGE).toContain('--break-lock also takes it from a live process');
  });
});
