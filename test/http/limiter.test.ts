import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { abortableSleep, backoffDelay, parseRetryAfter } from '../../source/http/backoff.js';
import { Limiter } from '../../source/http/limiter.js';

describe('Limiter', () => {
  it('never runs more than `concurrency` tasks at once', async () => {
    const limiter = new Limiter({ concurrency: 2 });
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await abortableSleep(5);
      running--;
    };
    await Promise.all(Array.from({ length: 8 }, () => limiter.run(task)));
    expect(peak).toBe(2);
  });

  it('holds starts beyond the per-minute budget until the window frees', async () => {
    vi.useFakeTimers();
    try {
      let clock = 0;
      const limiter = new Limiter({ concurrency: 10, perMinute: 2, now: () => clock });
      const started: number[] = [];
      const runs = [1, 2, 3].map((n) => limiter.run(async () => started.push(n)));
      await Promise.all(runs.slice(0, 2));
      expect(started).toEqual([1, 2]);
      expect(limiter.waiting).toBe(1);
      clock = 59_000;
      await vi.advanceTimersByTimeAsync(59_000);
      expect(started).toEqual([1, 2]);
      clock = 60_001;
      await vi.advanceTimersByTimeAsync(1_001);
      await runs[2];
      expect(started).toEqual([1, 2, 3]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('drops an aborted waiter from the queue and rejects it with the reason', async () => {
    const limiter = new Limiter({ concurrency: 1 });
    const controller = new AbortController();
    const blocker = limiter.run(() => abortableSleep(20));
    const waiting = limiter.run(async () => 'never', controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(limiter.waiting).toBe(0);
    await blocker;
  });
});

describe('backoff', () => {
  it('grows exponentially within [exp/2, exp] and honours Retry-After', () => {
    const opts = { baseMs: 100, maxMs: 1000, maxRetryAfterMs: 5000, attempts: 5 };
    expect(backoffDelay(1, opts, undefined, () => 0)).toBe(50);
    expect(backoffDelay(3, opts, undefined, () => 0.999)).toBeLessThanOrEqual(400);
    expect(backoffDelay(10, opts, undefined, () => 1)).toBe(1000);
    expect(backoffDelay(1, opts, 3000, () => 0)).toBe(3000);
    expect(backoffDelay(1, opts, 60_000, () => 0)).toBe(5000);
  });

  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

const pausedLimiter = fileURLToPath(new URL('./fixtures/paused-limiter.ts', import.meta.url));

describe('Limiter keeps the process alive for its waiters, and only for them', () => {
  it('a request queued behind a 429 pause is served even when nothing else is pending', () => {
    // The regression: an unreferenced pause timer let Node exit mid-migration with status 0.
    const run = spawnSync(process.execPath, ['--import', 'tsx', pausedLimiter], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('served\n');
    expect(run.status).toBe(0);
  });

  it('a pause whose every waiter aborted does not hold the process open', () => {
    // Killed at 30 s (status null) if the minute-long pause timer still held the process open.
    const run = spawnSync(process.execPath, ['--import', 'tsx', pausedLimiter, 'abort'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stdout).toBe('stop\n');
    expect(run.status).toBe(0);
  });
});
