// Rate and ETA over a sliding window, so a slow start or a pause does not poison the estimate.

export class ProgressMeter {
  private samples: Array<{ at: number; done: number }> = [];
  done = 0;

  constructor(
    public total: number,
    private readonly windowMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  tick(count = 1): void {
    this.done += count;
    const at = this.now();
    this.samples.push({ at, done: this.done });
    while (this.samples.length > 2 && (this.samples[0]?.at ?? at) < at - this.windowMs) {
      this.samples.shift();
    }
  }

  /** Records per second across the window; 0 until two samples exist. */
  get rate(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at === first.at) return 0;
    return ((last.done - first.done) * 1000) / (last.at - first.at);
  }

  get etaSeconds(): number | null {
    const rate = this.rate;
    if (rate <= 0) return null;
    return Math.max(0, Math.round((this.total - this.done) / rate));
  }
}
