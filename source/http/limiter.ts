// Shared by every caller of one client: at most `concurrency` requests in flight, and at most
// `perMinute` started in any rolling 60 s window (Sonar documents 400/min per user). Waiting
// callers are served in arrival order and leave the queue when their signal aborts.

export interface LimiterOptions {
  concurrency: number;
  /** Requests allowed to start per rolling minute; Infinity disables the budget. */
  perMinute?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

export class Limiter {
  private active = 0;
  private readonly queue: Waiter[] = [];
  private readonly starts: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pausedUntil = 0;
  readonly concurrency: number;
  private readonly perMinute: number;
  private readonly now: () => number;

  constructor(options: LimiterOptions) {
    this.concurrency = Math.max(1, Math.floor(options.concurrency));
    this.perMinute = options.perMinute ?? Number.POSITIVE_INFINITY;
    this.now = options.now ?? Date.now;
  }

  get inFlight(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Hold every new start until `ms` from now (a 429 tells all callers to back off, not just one). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          if (this.queue.length === 0) this.cancelTimer();
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.queue.push(waiter);
      this.drain();
    });
  }

  private release(): void {
    this.active--;
    this.drain();
  }

  private drain(): void {
    while (this.queue.length > 0 && this.active < this.concurrency) {
      const wait = this.waitMs();
      if (wait > 0) {
        this.schedule(wait);
        return;
      }
      const waiter = this.queue.shift() as Waiter;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.active++;
      if (Number.isFinite(this.perMinute)) this.starts.push(this.now());
      waiter.resolve();
    }
  }

  private waitMs(): number {
    const now = this.now();
    let wait = Math.max(0, this.pausedUntil - now);
    if (Number.isFinite(this.perMinute)) {
      while (this.starts.length > 0 && (this.starts[0] as number) <= now - 60_000)
        this.starts.shift();
      if (this.starts.length >= this.perMinute) {
        wait = Math.max(wait, (this.starts[0] as number) + 60_000 - now);
      }
    }
    return wait;
  }

  // The timer stays referenced: while callers wait for it, it may be the only thing left that
  // keeps the process alive (every request queued behind a 429 pause), and an unreferenced one
  // let Node exit mid-run with code 0. It is cleared when the last waiter aborts instead.
  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, ms);
  }

  private cancelTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
