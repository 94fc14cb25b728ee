// Drives the real app in a real pseudo-terminal: tmux on a private socket, the CLI started as a
// person starts it (no CI in the environment, so Ink draws every frame), keys sent one by one,
// the screen read back as text. Also reads the app process's memory from /proc.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'source/cli.tsx');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Terminal {
  screen(): string;
  alive(): boolean;
  keys(...sequence: string[]): Promise<void>;
  /** Sends text as typed characters (no key names). */
  type(text: string): Promise<void>;
  waitFor(text: string | RegExp, ms?: number): Promise<string>;
  /** The app's node process: resident memory now and at its peak, in MB. */
  memory(): { rssMb: number; peakMb: number };
  resize(columns: number, rows: number): void;
  close(): void;
}

export function openTerminal(options: {
  args: string[];
  env: Record<string, string>;
  columns?: number;
  rows?: number;
}): Terminal {
  const socket = `s2s-tui-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const env = Object.entries({ NO_COLOR: '1', ...options.env }).flatMap(([k, v]) => [
    '-e',
    `${k}=${v}`,
  ]);
  tmux(
    'new-session',
    '-d',
    '-s',
    'app',
    '-x',
    String(options.columns ?? 80),
    '-y',
    String(options.rows ?? 24),
    ...env,
    // Ink renders only the final frame when it thinks it runs in CI: a person's terminal has no CI.
    `cd ${ROOT} && env -u CI ${process.execPath} --import tsx ${CLI} ${options.args.join(' ')}; echo "EXIT=$?"; sleep 120`,
  );
  const alive = () => spawnSync('tmux', ['-L', socket, 'has-session', '-t', 'app']).status === 0;
  const screen = () => tmux('capture-pane', '-p', '-t', 'app');
  const pid = () => {
    const pane = tmux('list-panes', '-t', 'app', '-F', '#{pane_pid}').trim();
    const child = spawnSync('pgrep', ['-P', pane], { encoding: 'utf8' }).stdout.trim();
    return child.split('\n').find((p) => p !== '' && !isSleep(p));
  };
  return {
    screen,
    alive,
    async keys(...sequence) {
      for (const key of sequence) {
        tmux('send-keys', '-t', 'app', key);
        await sleep(150);
      }
    },
    async type(text) {
      tmux('send-keys', '-t', 'app', '-l', text);
      await sleep(150);
    },
    async waitFor(text, ms = 60_000) {
      const started = Date.now();
      let last = '';
      while (Date.now() - started < ms) {
        last = alive() ? screen() : last;
        if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
        await sleep(100);
      }
      throw new Error(`screen never showed ${String(text)}:\n${last}`);
    },
    memory() {
      const id = pid();
      if (!id) return { rssMb: 0, peakMb: 0 };
      const status = readFileSync(`/proc/${id}/status`, 'utf8');
      const kb = (field: string) =>
        Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
    },
    resize(columns, rows) {
      tmux('resize-window', '-t', 'app', '-x', String(columns), '-y', String(rows));
    },
    close() {
      spawnSync('tmux', ['-L', socket, 'kill-server']);
    },
  };
}

function isSleep(pid: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep';
  } catch {
    return true;
  }
}
