// The demo's simulators run in a child process, not in the app's: a 50,000-account ISP and the
// Splynx it fills take a few hundred MB and a share of the CPU that are not the app's, and the app
// then talks to them over loopback as it would to a real Sonar and Splynx. The child is in its own
// process group (a closed terminal's SIGHUP reaches the app, which stops the run gracefully while
// the simulators still answer), and it ends when its stdin does: when the app closes it, or dies.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { UserError } from '../errors.js';
import type { DemoWorldOptions } from '../simulators/demo-world.js';
import type { WorldData } from '../simulators/persist/world-meta.js';

export interface DemoProcess {
  /** The simulators' process (tests kill it with -9). */
  pid: number;
  env: Record<string, string>;
  /** With a dataDir: whether the simulators started empty, and since when their data exists. */
  data?: WorldData;
  close(): Promise<void>;
}

const AnswerSchema = v.union([
  v.object({
    env: v.record(v.string(), v.string()),
    data: v.optional(v.object({ fresh: v.boolean(), since: v.string() })),
  }),
  v.object({ error: v.string() }),
]);

export function startDemoProcess(options: DemoWorldOptions): Promise<DemoProcess> {
  const here = fileURLToPath(import.meta.url);
  // demo-child.ts under tsx (the checkout), demo-child.js in a build.
  const entry = path.join(path.dirname(here), `demo-child${path.extname(here)}`);
  // The app runs under tsx in a checkout (`--import tsx` in execArgv); anything else starting
  // the .ts entry (a test runner) needs the loader named.
  const loader =
    entry.endsWith('.ts') && !process.execArgv.some((arg) => arg.includes('tsx'))
      ? ['--import', 'tsx']
      : [];
  const child = spawn(
    process.execPath,
    [...process.execArgv, ...loader, entry, JSON.stringify(options)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      detached: true,
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    const failed = (why: string, hint?: string) =>
      reject(new UserError(`The demo's simulators did not start: ${why}.`, hint));
    child.once('error', (error) => failed(error.message));
    // Once started, an exit only resolves `exited` (a promise settles once).
    // 'close', after stdout is drained: the line saying why they stopped is read first.
    child.once('close', (code, signal) => failed(`they exited (${signal ?? code})`));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (line === undefined || !out.includes('\n')) return;
      child.stdout?.removeAllListeners('data');
      let parsed: v.SafeParseResult<typeof AnswerSchema>;
      try {
        parsed = v.safeParse(AnswerSchema, JSON.parse(line));
      } catch {
        return failed(`they answered ${JSON.stringify(line.slice(0, 80))}`);
      }
      if (!parsed.success) return failed('their answer named no URLs');
      const answer = parsed.output;
      if ('error' in answer) {
        return failed(
          answer.error.replace(/\.$/, ''),
          'Start with the --seed and --accounts named first to keep that data, or add --fresh-demo to clear it (its migrations too) and start anew.',
        );
      }
      resolve({
        pid: child.pid as number,
        env: answer.env,
        ...(answer.data ? { data: answer.data } : {}),
        close: async () => {
          child.stdin?.end();
          await exited;
        },
      });
    });
  });
}
