import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/stalled-command.ts', import.meta.url));
const reporter = fileURLToPath(new URL('./fixtures/report-exit-guard.ts', import.meta.url));
const cli = fileURLToPath(new URL('../../source/cli.tsx', import.meta.url));

describe('stall guard', () => {
  it('a command left waiting on nothing exits 1 with a resumable explanation, not 0', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', fixture], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('internal error: the command stopped with work still pending');
    expect(run.stderr).toContain('`s2s resume`');
  });

  it('the real entry installs it', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', reporter, cli, '--version'],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('beforeExit listeners: 1');
  });
});
