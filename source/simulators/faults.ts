// Fault switches shared by both simulators (DESIGN.md, Simulators). Counters are consumed one
// request at a time so a test can say exactly "the next 3 reads fail" and nothing else.
import * as v from 'valibot';
import { Random } from './random.js';

export const FaultSettingsSchema = v.object({
  /** Added before every answer. */
  latencyMs: v.optional(v.pipe(v.number(), v.minValue(0)), 0),
  /** The next N requests answer 429 (with Retry-After). */
  rateLimitNext: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  retryAfterSeconds: v.optional(v.pipe(v.number(), v.minValue(0)), 1),
  /** The next N reads (GET/HEAD/OPTIONS, or GraphQL queries) answer 5xx. */
  serverErrorOnReads: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  /** The next N requests are held without an answer for `timeoutMs` (the client should give up first). */
  timeoutNext: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  timeoutMs: v.optional(v.pipe(v.number(), v.minValue(0)), 60_000),
  /**
   * Every read asking for more than this many rows per page is held like a timeout, until the
   * client asks for fewer (a heavy page that never answers in time); 0 = off. Sonar only.
   */
  timeoutAbovePageSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  /** The next N creates (POST) commit the record, then answer 500. */
  commitThenFail: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  /** Random faults on this fraction of requests (429, 5xx, timeout, commit-then-fail), seeded. */
  randomRate: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1)), 0),
  randomSeed: v.optional(v.number(), 1),
});
export type FaultSettings = v.InferOutput<typeof FaultSettingsSchema>;
export type FaultSettingsInput = v.InferInput<typeof FaultSettingsSchema>;

export type FaultDecision =
  | { type: 'none' }
  | { type: 'rate-limit'; retryAfterSeconds: number }
  | { type: 'server-error' }
  | { type: 'timeout'; ms: number }
  | { type: 'commit-then-fail' };

export interface FaultRequest {
  /** A read never changes state: GET/HEAD/OPTIONS, or a GraphQL query. */
  isRead: boolean;
  /** A create (POST that makes a record). Only creates can commit-then-fail. */
  isCreate: boolean;
  /** The largest records_per_page the request asks for, when the server knows it. */
  pageSize?: number;
}

export class FaultController {
  private settings: FaultSettings;
  private random: Random;

  constructor(initial: FaultSettingsInput = {}) {
    this.settings = v.parse(FaultSettingsSchema, initial);
    this.random = new Random(this.settings.randomSeed);
  }

  get current(): Readonly<FaultSettings> {
    return this.settings;
  }

  /** Merge new switches in (the inspection route and tests call this). */
  set(patch: FaultSettingsInput): FaultSettings {
    const merged = v.parse(FaultSettingsSchema, { ...this.settings, ...patch });
    if (patch.randomSeed !== undefined) this.random = new Random(merged.randomSeed);
    this.settings = merged;
    return merged;
  }

  reset(): void {
    this.settings = v.parse(FaultSettingsSchema, {});
    this.random = new Random(1);
  }

  /** Decide the fate of one request; consumes one unit of the matching counter. */
  decide(request: FaultRequest): FaultDecision {
    const s = this.settings;
    if (s.rateLimitNext > 0) {
      s.rateLimitNext--;
      return { type: 'rate-limit', retryAfterSeconds: s.retryAfterSeconds };
    }
    if (s.timeoutNext > 0) {
      s.timeoutNext--;
      return { type: 'timeout', ms: s.timeoutMs };
    }
    if (
      request.isRead &&
      s.timeoutAbovePageSize > 0 &&
      (request.pageSize ?? 0) > s.timeoutAbovePageSize
    ) {
      return { type: 'timeout', ms: s.timeoutMs };
    }
    if (request.isRead && s.serverErrorOnReads > 0) {
      s.serverErrorOnReads--;
      return { type: 'server-error' };
    }
    if (request.isCreate && s.commitThenFail > 0) {
      s.commitThenFail--;
      return { type: 'commit-then-fail' };
    }
    if (s.randomRate > 0 && this.random.chance(s.randomRate)) {
      const roll = this.random.int(0, 3);
      if (roll === 0) return { type: 'rate-limit', retryAfterSeconds: s.retryAfterSeconds };
      if (roll === 1 && request.isRead) return { type: 'server-error' };
      if (roll === 2) return { type: 'timeout', ms: Math.min(s.timeoutMs, 5_000) };
      if (request.isCreate) return { type: 'commit-then-fail' };
      return request.isRead ? { type: 'server-error' } : { type: 'none' };
    }
    return { type: 'none' };
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
