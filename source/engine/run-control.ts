// Pause, resume and stop as the operator sees them: pause finishes what is in flight and starts
// nothing new; stop (q, SIGTERM, SIGHUP) does the same and then ends the run with state saved;
// the AbortSignal is for hard cancellation of in-flight requests (second Ctrl-C).

import { setMaxListeners } from 'node:events';

export class RunControl {
  private paused = false;
  private stopRequested = false;
  private waiters: Array<() => void> = [];
  readonly abortController = new AbortController();

  constructor() {
    // Every request in flight listens on the one run signal; dozens at once are expected.
    setMaxListeners(0, this.abortController.signal);
  }

  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get isStopping(): boolean {
    return this.stopRequested || this.signal.aborted;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.release();
  }

  /** Graceful: in-flight work completes and is journaled, nothing new starts. */
  stop(): void {
    this.stopRequested = true;
    this.release();
  }

  /** Hard: cancels in-flight requests too. Their outcome is reconciled on resume. */
  abort(reason: unknown = new Error('aborted by the operator')): void {
    this.stopRequested = true;
    this.abortController.abort(reason);
    this.release();
  }

  /** Resolves immediately unless paused; while paused, resolves on resume or stop. */
  async gate(): Promise<void> {
    while (this.paused && !this.isStopping) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
