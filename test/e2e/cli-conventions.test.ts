// Issue 13 point 4, the headless conventions of a good CLI (clig.dev), through the real CLI against
// the simulators: each command's result on stdout and only there, progress and notices on stderr;
// --json answers every failure with a JSON error line; help for every command; unknown names get
// a suggestion; a migration's duration and rate cover every run, resumes included.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandHelp, USAGE } from '../../source/command-help.js';
import {
  type Bed,
  type CliResult,
  cleanIds,
  runCli,
  startBed,
  startCli,
  tempStateDir,
} from './harness.js';

const ANSI = /\x1b\[/;
const lines = (text: string) => text.split('\n').filter((line) => line !== '');

/** Every stdout line is JSON; returns them parsed. */
function jsonLines(run: CliResult): Array<Record<string, unknown>> {
  return lines(run.stdout).map((line) => {
    expect(line.startsWith('{'), `not JSON: ${line}`).toBe(true);
    return JSON.parse(line) as Record<string, unknown>;
  });
}

let bed: Bed;
beforeAll(async () => {
  bed = await startBed({ accounts: 40, seed: 7 });
}, 60_000);
afterAll(() => bed.close());

const human = (args: string[], extra: Record<string, string> = {}) =>
  runCli(args, { ...bed.env, ...extra });

describe('stdout holds the result, stderr the diagnostics', () => {
  it('help and status: on stdout, nothing on stderr', async () => {
    const help = await human(['--help']);
    expect([help.code, help.stdout, help.stderr]).toEqual([0, USAGE, '']);
    const planHelp = await human(['help', 'plan']);
    expect([planHelp.code, planHelp.stdout, planHelp.stderr]).toEqual([0, commandHelp('plan'), '']);
    const status = await human(['status'], { S2S_STATE_DIR: tempStateDir() });
    expect(status.code).toBe(0);
    expect(status.stdout).toBe('No migrations yet. Start with `s2s plan --customer <id>`.\n');
    expect(status.stderr).toBe('');
  });

  it('preflight: every check and the verdict on stdout, nothing on stderr', async () => {
    const run = await human(['preflight']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const out = lines(run.stdout);
    expect(out.at(-1)).toMatch(/^Preflight passed \(\d+ checks, \d+ warning\(s\)\)\.$/);
    for (const line of out.slice(0, -1)) expect(line).toMatch(/^(ok {2}|warn|FAIL) |^ {5}→ /);
  });

  it('plan: the listing and its summary on stdout; stderr holds no part of them', async () => {
    const ids = cleanIds(bed.world, 2);
    const run = await human(['plan', '--customers', ids.join(',')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^== Company, staff, groups, plans and tariffs$/m);
    expect(run.stdout).toMatch(/customer: would create 2/);
    expect(run.stdout).toMatch(/^Summary: plan planned in \d+s$/m);
    expect(run.stdout).toMatch(/^Splynx writes: \d+ POST/m);
    for (const part of ['Summary:', '== ', 'would ', 'Splynx writes']) {
      expect(run.stderr).not.toContain(part);
    }
    expect(run.stdout + run.stderr).not.toMatch(ANSI);
  });

  it('migrate, status, verify, resume, rollback: their results on stdout, the story on stderr', async () => {
    const stateDir = tempStateDir();
    const env = { S2S_STATE_DIR: stateDir };
    const ids = cleanIds(bed.world, 2);
    const migrate = await human(['migrate', '--customers', ids.join(','), '--yes'], env);
    expect(migrate.code, migrate.stderr).toBe(0);
    // stdout: the summary and nothing else.
    const summary = lines(migrate.stdout);
    expect(summary[0]).toMatch(/^Summary: migrate completed \(migration [\w-]+\) in \d+s$/);
    for (const line of summary.slice(1))
      expect(line).toMatch(/^ {2}[a-z_]+: \d+ [a-z]+(, \d+ [a-z]+)*$/);
    expect(summary).toContain('  customer: 2 created');
    // stderr: how it went, and where the reports are.
    expect(migrate.stderr).toMatch(
      /^Starting migration [\w-]+ \(foundation, network, inventory, customers\)$/m,
    );
    expect(migrate.stderr).toMatch(/^== Customers, services, billing and notes$/m);
    expect(migrate.stderr).toMatch(/^ {3}2\/2 customers, /m);
    expect(migrate.stderr).toMatch(/^Reports: .*report\.md$/m);
    expect(migrate.stderr).not.toContain('Summary:');
    const id = /migration ([\w-]+)\)/.exec(summary[0] as string)?.[1] as string;

    const status = await human(['status'], env);
    expect([status.code, status.stderr]).toEqual([0, '']);
    expect(status.stdout).toMatch(new RegExp(`^${id} {2}completed`));
    const one = await human(['status', id], env);
    expect([one.code, one.stderr]).toEqual([0, '']);
    expect(one.stdout).toMatch(new RegExp(`^Migration ${id}: completed\n`));

    const verify = await human(['verify', id], env);
    expect([verify.code, verify.stderr]).toEqual([0, '']);
    expect(verify.stdout).toMatch(
      new RegExp(`^Verified migration ${id}: \\d+ record\\(s\\) read back\\.`),
    );
    expect(verify.stdout).toContain('No differences.');

    const resume = await human(['resume', id], env);
    expect(resume.code, resume.stderr).toBe(0);
    expect(lines(resume.stdout)[0]).toMatch(
      new RegExp(`^Summary: resume completed \\(migration ${id}\\)`),
    );
    expect(resume.stderr).toContain(`Migration ${id} is already complete.`);
    expect(resume.stderr).toMatch(/^Resuming migration /m);

    const rollback = await human(['rollback', id, '--yes'], env);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.stdout).toMatch(/^Rollback rolled-back: deleted .*2 customer/);
    expect(lines(rollback.stdout)).toHaveLength(1);
    expect(rollback.stderr).toContain(`Rollback of migration ${id} (completed):`);
    expect(rollback.stderr).toContain('delete from Splynx: ');
    expect(rollback.stdout + rollback.stderr).not.toMatch(ANSI);
  });

  it('init: what it wrote, on stdout', async () => {
    const file = path.join(tempStateDir(), 's2s.config.json');
    const run = await human(['init', '--config', file]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(new RegExp(`^Wrote ${file.replace(/[.]/g, '\\.')}: \\d+ statuses`));
    expect(JSON.parse(readFileSync(file, 'utf8')).customers).toBeDefined();
  });

  it('simulate: the URLs and exports on stdout, nothing on stderr', async () => {
    const sim = startCli(['simulate', '--accounts', '20'], {});
    await new Promise<void>((resolve) => {
      let seen = '';
      sim.child.stdout?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('Ctrl-C stops both')) resolve();
      });
    });
    sim.child.kill('SIGINT');
    const run = await sim.result;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Simulated Sonar: {2}http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stdout).toContain('  export SONAR_URL=http://127.0.0.1:');
    expect(run.stderr).toBe('');
  });
});

describe('--json: every stdout line is JSON, and failures are a JSON error line', () => {
  it('a usage error: one error line with code 2 and the suggestion', async () => {
    const run = await human(['migrate', '--custmer', '5', '--yes', '--json']);
    expect(run.code).toBe(2);
    expect(jsonLines(run)).toEqual([
      {
        type: 'error',
        code: 2,
        message: 'unknown flag --custmer; did you mean --customer?',
        fixes: ['Run `s2s help migrate` for its flags.'],
      },
    ]);
    // People still read the error on stderr.
    expect(run.stderr).toContain('s2s: unknown flag --custmer; did you mean --customer?');
  });

  it('a config error: one error line with code 2 naming the key', async () => {
    const config = path.join(tempStateDir(), 'bad.json');
    writeFileSync(config, JSON.stringify({ customers: { loginTemplate: 'no-id-here' } }));
    const run = await human(['plan', '--all', '--config', config, '--json']);
    expect(run.code).toBe(2);
    const [line, ...more] = jsonLines(run);
    expect(more).toEqual([]);
    expect(line).toMatchObject({ type: 'error', code: 2 });
    expect(line?.message).toContain('customers.loginTemplate');
    expect(line?.fixes).toEqual(expect.any(Array));

    const badEnv = await human(['status', '--json'], { SONAR_URL: 'not a url' });
    expect(badEnv.code).toBe(2);
    expect(jsonLines(badEnv)).toEqual([
      expect.objectContaining({
        type: 'error',
        code: 2,
        message: expect.stringContaining('SONAR_URL'),
      }),
    ]);
  });

  it('a stopped run: its events, an error line with code 1 naming the record, then the summary', async () => {
    const { meta } = bed.world.dataset;
    const longCity = meta.hardCases.find((h) => h.kinds.includes('long-city'))?.account_id;
    expect(longCity).toBeDefined();
    const run = await human(
      ['migrate', '--customers', `${cleanIds(bed.world, 1)[0]},${longCity}`, '--yes', '--json'],
      { S2S_STATE_DIR: tempStateDir() },
    );
    expect(run.code).toBe(1);
    const all = jsonLines(run);
    expect(all.at(-1)).toMatchObject({ type: 'summary', summary: { status: 'stopped' } });
    const errors = all.filter((l) => l.type === 'error');
    expect(errors).toHaveLength(1);
    expect(all.at(-2)).toBe(errors[0]);
    const error = errors[0] as { code: number; message: string; fixes: string[] };
    expect(error.code).toBe(1);
    expect(error.message).toContain(`(customer ${longCity})`);
    expect(error.message).toContain('city');
    expect(error.fixes.at(-1)).toMatch(/^Continue with `s2s resume [\w-]+`/);
  });

  it('a command that ends well has no error line, and simulate answers in JSON too', async () => {
    const status = await human(['status', '--json'], { S2S_STATE_DIR: tempStateDir() });
    expect(jsonLines(status)).toEqual([{ type: 'status', migrations: [] }]);
    const sim = startCli(['simulate', '--accounts', '20', '--json'], {});
    const line = await new Promise<string>((resolve) => {
      sim.child.stdout?.on('data', (chunk: Buffer) => resolve(chunk.toString()));
    });
    sim.child.kill('SIGINT');
    await sim.result;
    expect(JSON.parse(line)).toMatchObject({ type: 'simulate', accounts: 20 });
  });
});

describe('help, and suggestions for what is unknown', () => {
  it('prints the same help for `s2s help X` and `s2s X --help`, for every command', async () => {
    for (const command of ['plan', 'migrate', 'rollback', 'preflight']) {
      const viaHelp = await human(['help', command]);
      const viaFlag = await human([command, '--help']);
      expect(viaHelp.stdout).toBe(commandHelp(command as 'plan'));
      expect(viaFlag.stdout).toBe(viaHelp.stdout);
      expect(viaHelp.stdout).toContain('Examples:');
      expect([viaHelp.code, viaFlag.code]).toEqual([0, 0]);
    }
  });

  it('suggests the nearest flag or command and exits 2', async () => {
    const flag = await human(['migrate', '--custmer', '5']);
    expect(flag.code).toBe(2);
    expect(flag.stdout).toBe('');
    expect(flag.stderr).toBe(
      's2s: unknown flag --custmer; did you mean --customer?\n  Run `s2s help migrate` for its flags.\n',
    );
    const command = await human(['rollbak', '20261126-071500-ab12']);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^s2s: unknown command "rollbak"; did you mean rollback\?\n/);
  });

  it('names --customers and the bad value', async () => {
    const run = await human(['migrate', '--customers', '1,abc', '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^s2s: --customers "abc" is not a Sonar account id \(digits\)\.\n/);
  });
});

describe('durations and rates over the migration’s whole life', () => {
  it('a migration interrupted and resumed reports at least the sum of both runs', async () => {
    const slow = await startBed({ accounts: 40, seed: 7, latencyMs: 15 });
    try {
      const ids = cleanIds(slow.world, 12);
      // Interrupted (as Ctrl-C does) once a few customers are in; state is saved, exit 130.
      const first = startCli(
        ['migrate', '--customers', ids.join(','), '--yes', '--json'],
        slow.env,
      );
      let customers = 0;
      let interrupted = false;
      let buffer = '';
      first.child.stdout?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const complete = buffer.split('\n');
        buffer = complete.pop() ?? '';
        for (const line of complete) {
          const event = JSON.parse(line) as { type: string; entity?: string };
          if (event.type === 'entity' && event.entity === 'customer') customers++;
        }
        if (customers >= 4 && !interrupted) {
          interrupted = true;
          first.child.kill('SIGINT');
        }
      });
      const stopped = await first.result;
      expect(stopped.code, stopped.stderr).toBe(130);
      const firstRun = stopped.summary?.durationMs as number;
      expect(firstRun).toBeGreaterThan(0);

      const resumed = await slow.s2s(['resume']);
      expect(resumed.code, resumed.stderr).toBe(0);
      const total = resumed.summary?.durationMs as number;
      const secondRun = resumed.summary?.runDurationMs as number;
      expect(secondRun).toBeGreaterThan(0);
      expect(total).toBeGreaterThanOrEqual(firstRun + secondRun);

      // The reports say the same, and the rate is records over that whole time.
      const id = resumed.summary?.migrationId as string;
      const report = JSON.parse(readFileSync(path.join(slow.stateDir, id, 'report.json'), 'utf8'));
      expect(report.durationMs).toBe(total);
      const done = (report.totals as Array<{ created: number; adopted: number }>).reduce(
        (n, row) => n + row.created + row.adopted,
        0,
      );
      expect(report.ratePerSecond).toBeCloseTo(done / (total / 1000), 1);
      // A later reader (verify rewrites the reports) keeps the whole-life figure.
      await slow.s2s(['verify', id]);
      const again = JSON.parse(readFileSync(path.join(slow.stateDir, id, 'report.json'), 'utf8'));
      expect(again.durationMs).toBe(total);
    } finally {
      await slow.close();
    }
  }, 180_000);
});
