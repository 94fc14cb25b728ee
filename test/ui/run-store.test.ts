// The run as the app folds it: a rate only once a window of the run has been seen (never
// `1416.7/s, about 0s left` at 18/500), a rate for phases without progress events (never `0.0/s`
// for a whole phase), and a log that keeps its latest lines whatever the run's length.
import { describe, expect, it } from 'vitest';
import { LOG_LINES, RunStore } from '../../source/ui/run-store.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('run store', () => {
  it('gives no rate and no ETA for the first records of a phase, then a smoothed one', () => {
    const c = clock();
    const store = new RunStore(['customers'], c.now);
    store.apply({ type: 'phase-started', phase: 'customers', title: 'Customers' });
    // 18 accounts in 12 ms: what the engine's own meter called 1416.7/s, about 0s left.
    for (let done = 1; done <= 18; done++) {
      store.apply({
        type: 'progress',
        phase: 'customers',
        done,
        total: 500,
        rate: 1416.7,
        etaSeconds: 0,
      });
      c.advance(0.7);
    }
    expect(store.snapshot().rate).toEqual({ perSecond: null, etaSeconds: null, unit: 'customers' });
    // Then 20 a second for 10 s: 218 of 500 done.
    for (let done = 19; done <= 218; done++) {
      c.advance(50);
      store.apply({
        type: 'progress',
        phase: 'customers',
        done,
        total: 500,
        rate: 0,
        etaSeconds: 0,
      });
    }
    const { perSecond, etaSeconds } = store.snapshot().rate;
    expect(perSecond).toBeGreaterThan(19);
    expect(perSecond).toBeLessThan(23);
    // 282 left at ~20/s.
    expect(etaSeconds).toBeGreaterThan(12);
    expect(etaSeconds).toBeLessThan(16);
  });

  it('counts records per second in phases that report no progress events', () => {
    const c = clock();
    const store = new RunStore(['foundation'], c.now);
    store.apply({ type: 'phase-started', phase: 'foundation', title: 'Foundation' });
    for (let i = 0; i < 40; i++) {
      c.advance(100);
      store.apply({
        type: 'entity',
        phase: 'foundation',
        entity: 'label',
        sonarId: String(i),
        label: `group ${i}`,
        action: 'created',
      });
    }
    const snap = store.snapshot();
    expect(snap.rate.unit).toBe('records');
    expect(snap.rate.perSecond).toBeGreaterThan(9);
    expect(snap.rate.perSecond).toBeLessThan(11);
    expect(snap.progress.foundation?.done).toBe(40);
    // A stall lowers the rate instead of freezing the last one.
    c.advance(60_000);
    expect(store.snapshot().rate.perSecond ?? 0).toBeLessThan(1);
  });

  it('keeps the latest log lines in order and counts every one', () => {
    const store = new RunStore(['customers']);
    for (let i = 0; i < LOG_LINES * 3 + 7; i++) {
      store.apply({ type: 'log', level: 'info', message: `line ${i}` });
    }
    const { log, logTotal } = store.snapshot();
    expect(logTotal).toBe(LOG_LINES * 3 + 7);
    expect(log).toHaveLength(LOG_LINES);
    expect(log[0]?.text).toBe(`line ${LOG_LINES * 2 + 7}`);
    expect(log.at(-1)?.text).toBe(`line ${LOG_LINES * 3 + 6}`);
  });

  it('tells its subscribers which changes are urgent', () => {
    const store = new RunStore(['customers']);
    const seen: boolean[] = [];
    store.subscribe((urgent) => seen.push(urgent));
    store.apply({ type: 'in-flight', phase: 'customers', label: 'account 1' });
    store.apply({ type: 'paused' });
    store.apply({
      type: 'record-failed',
      failure: {
        kind: 'record',
        phase: 'customers',
        entity: 'customer',
        sonarId: '1',
        label: 'account 1',
        message: 'no',
        fixes: [],
      },
    });
    expect(seen).toEqual([false, true, true]);
  });
});
