import { describe, expect, it } from 'vitest';
import { FaultController } from '../../source/simulators/faults.js';
import { Random } from '../../source/simulators/random.js';

describe('Random', () => {
  it('replays the same sequence from the same seed and differs across seeds', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    for (const x of seqA) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('int stays inside its inclusive bounds and reaches both ends', () => {
    const r = new Random('bounds');
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(r.int(1, 3));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });
});

describe('FaultController', () => {
  it('consumes counters one request at a time, reads only for 5xx, creates only for commit-then-fail', () => {
    const f = new FaultController({ rateLimitNext: 1, serverErrorOnReads: 1, commitThenFail: 1 });
    const write = { isRead: false, isCreate: true };
    const read = { isRead: true, isCreate: false };
    expect(f.decide(write).type).toBe('rate-limit');
    expect(f.decide(write).type).toBe('commit-then-fail');
    expect(f.decide(write).type).toBe('none');
    expect(f.decide(read).type).toBe('server-error');
    expect(f.decide(read).type).toBe('none');
  });

  it('rejects nonsense switches', () => {
    const f = new FaultController();
    expect(() => f.set({ rateLimitNext: -1 })).toThrow();
    expect(() => f.set({ randomRate: 2 })).toThrow();
  });

  it('random faults are reproducible from their seed', () => {
    const run = () => {
      const f = new FaultController({ randomRate: 0.3, randomSeed: 7 });
      return Array.from({ length: 50 }, () => f.decide({ isRead: true, isCreate: false }).type);
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first.filter((t) => t !== 'none').length).toBeGreaterThan(3);
  });
});
