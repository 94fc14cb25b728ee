// Builds the two API clients from validated config. The one place that knows how env settings
// become client options (TLS, auth mode, rate budget, debug logging).
import { Agent } from 'undici';
import type { SonarConnection, SplynxConnection } from './config.js';
import type { Redactor } from './redact.js';
import { SonarClient } from './sonar/client.js';
import { SplynxClient } from './splynx/client.js';

export interface Clients {
  sonar: SonarClient;
  splynx: SplynxClient;
  /** Request counters for summaries and benchmarks. */
  counts: { sonar: number; splynx: number };
  close(): Promise<void>;
}

export interface ConnectOptions {
  sonar: SonarConnection;
  splynx: SplynxConnection;
  signal: AbortSignal;
  concurrency: number;
  redactor: Redactor;
  /** Debug log of each request (method, path, status, ms); values are already redacted. */
  debug?: (line: string) => void;
  /** Sonar requests per minute (the documented limit is 400). */
  sonarPerMinute?: number;
  timeoutMs?: number;
}

export function connect(options: ConnectOptions): Clients {
  const counts = { sonar: 0, splynx: 0 };
  const dispatcher = options.splynx.insecureTls
    ? new Agent({ connect: { rejectUnauthorized: false } })
    : undefined;
  const sonar = new SonarClient({
    url: options.sonar.url,
    token: options.sonar.token,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.sonarPerMinute !== undefined ? { perMinute: options.sonarPerMinute } : {}),
    onRequest: (event) => {
      counts.sonar++;
      options.debug?.(
        `sonar ${event.operation} ${event.status} ${Math.round(event.ms)}ms attempt ${event.attempt} ${event.outcome}`,
      );
    },
  });
  const splynx = new SplynxClient({
    baseUrl: options.splynx.url,
    auth: options.splynx.auth,
    concurrency: Math.max(4, options.concurrency * 2),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    signal: options.signal,
    ...(dispatcher ? { dispatcher } : {}),
    onRequest: (event) => {
      counts.splynx++;
      options.debug?.(
        options.redactor.text(
          `splynx ${event.method} ${event.path} ${event.status ?? '-'} ${Math.round(event.ms)}ms attempt ${event.attempt}${event.error ? ` ${event.error}` : ''}`,
        ),
      );
    },
  });
  return {
    sonar,
    splynx,
    counts,
    close: async () => {
      await splynx.close();
      await dispatcher?.close();
    },
  };
}
