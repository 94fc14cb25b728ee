// A rate the operator can trust: records per second over a sliding window, and nothing at all
// until the window holds enough of the run to mean something (no `1416.7/s, about 0s left` from
// the first 18 records in a few milliseconds). ETA only once the rate is known.

export interface RateReading {
  /** Per second over the window; null while too little has been seen. */
  perSecond: number | null;
  etaSeconds: number | null;
}

export class RateMeter {
  /** One sample per bucket: the count done at its end. */
  private samples: Array<{ at: number; done: number }> = [];

  constructor(
    private readonly options: {
      windowMs?: number;
      /** The window must span at least this long before a rate is given. */
      minSpanMs?: number;
      /** …and hold at least this many records. */
      minRecords?: number;
      bucketMs?: number;
      now?: () => number;
    } = {},
  ) {}

  private get now() {
    return this.options.now?.() ?? Date.now();
  }

  /** The count done so far (monotonic); cheap enough to call per record. */
  record(done: number): void {
    const at = this.now;
    const bucket = this.options.bucketMs ?? 250;
    const last = this.samples[this.samples.length - 1];
    if (last && at - last.at < bucket && this.samples.length > 1) last.done = done;
    else this.samples.push({ at, done });
    const windowMs = this.options.windowMs ?? 20_000;
    while (this.samples.length > 2 && (this.samples[1]?.at ?? at) <= at - windowMs) {
      this.samples.shift();
    }
  }

  /** Starts afresh (a new phase counts other things at another pace). */
  reset(): void {
    this.samples = [];
  }

  reading(total?: number): RateReading {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last) return { perSecond: null, etaSeconds: null };
    // The span runs to now, so a stall lowers the rate instead of freezing it.
    const span = this.now - first.at;
    const records = last.done - first.done;
    if (span < (this.options.minSpanMs ?? 3_000) || records < (this.options.minRecords ?? 10)) {
      return { perSecond: null, etaSeconds: null };
    }
    const perSecond = (records * 1000) / span;
    const left = total === undefined ? 0 : total - last.done;
    const etaSeconds = left > 0 && perSecond > 0 ? Math.max(1, Math.round(left / perSecond)) : null;
    return { perSecond, etaSeconds };
  }
}
