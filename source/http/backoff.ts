// Backoff shared by both clients: exponential with full jitter, never shorter than what the
// server asked for in Retry-After, and cut short by the run's AbortSignal.

export interface BackoffOptions {
  /** First delay before jitter. */
  baseMs: number;
  /** Ceiling for a computed delay (a Retry-After may exceed it, up to maxRetryAfterMs). */
  maxMs: number;
  /** Refuse to wait longer than this for a Retry-After; the error surfaces instead. */
  maxRetryAfterMs: number;
  /** Total tries, including the first. */
  attempts: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  baseMs: 250,
  maxMs: 15_000,
  maxRetryAfterMs: 120_000,
  attempts: 6,
};

/** Delay before retry number `retry` (1 = the first retry). `random` is injectable for tests. */
export function backoffDelay(
  retry: number,
  options: BackoffOptions,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** (retry - 1));
  const jittered = Math.round(exp / 2 + random() * (exp / 2));
  if (retryAfterMs !== undefined && retryAfterMs > 0) {
    return Math.min(Math.max(retryAfterMs, jittered), options.maxRetryAfterMs);
  }
  return jittered;
}

/** Parses Retry-After as seconds or an HTTP date; undefined when absent or unparseable. */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
