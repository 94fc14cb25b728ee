import { describe, expect, it } from 'vitest';
import { forEachBounded } from '../../source/engine/bounded.js';

const tick = (ms = 1) => new Promise((r) => setTimeout(r, ms));

describe('forEachBounded', () => {
  it('starts items in order with at most `limit` in flight, and waits for all', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const finished: number[] = [];
    await forEachBounded(
      [1, 2, 3, 4, 5, 6, 7],
      3,
      () => true,
      async (n) => {
        started.push(n);
        running++;
        peak = Math.max(peak, running);
        await tick(8 - n);
        running--;
        finished.push(n);
      },
    );
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
    expect(finished.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('on the first error starts nothing new, lets the running ones finish, then throws it', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = forEachBounded(
      [1, 2, 3, 4, 5, 6],
      2,
      () => true,
      async (n) => {
        started.push(n);
        if (n === 2) throw new Error('item 2 failed');
        await tick(20);
        finished.push(n);
      },
    );
    await expect(run).rejects.toThrow('item 2 failed');
    expect(started).toEqual([1, 2]);
    expect(finished).toEqual([1]);
  });

  it('starts nothing once proceed() says no', async () => {
    const started: number[] = [];
    let stop = false;
    await forEachBounded(
      [1, 2, 3, 4],
      1,
      () => !stop,
      async (n) => {
        started.push(n);
        if (n === 2) stop = true;
      },
    );
    expect(started).toEqual([1, 2]);
  });

  it('reads an async list only as items start, and waits on an async proceed', async () => {
    const pulled: number[] = [];
    async function* list() {
      for (const n of [1, 2, 3, 4]) {
        pulled.push(n);
        yield n;
      }
    }
    let open = false;
    const started: number[] = [];
    const run = forEachBounded(
      list(),
      1,
      async () => {
        while (!open) await tick();
        return true;
      },
      async (n) => {
        started.push(n);
        if (n === 2) throw new Error('stop at 2');
      },
    );
    await tick(5);
    // Held by proceed(): the first item is read, nothing has started.
    expect([pulled, started]).toEqual([[1], []]);
    open = true;
    await expect(run).rejects.toThrow('stop at 2');
    expect(started).toEqual([1, 2]);
    expect(pulled).toEqual([1, 2, 3]);
  });
});
