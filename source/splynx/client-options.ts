// What a SplynxClient needs to know, and the one place its base URL is normalised, so every
// caller may hand us `https://host`, `https://host/` or `https://host/api/2.0/` alike.
import type { Dispatcher } from 'undici';
import { UserError } from '../errors.js';
import type { BackoffOptions } from '../http/backoff.js';

export type SplynxAuth =
  /** Default: a 30-minute access token from `admin/auth/tokens`, renewed before it expires. */
  | { mode: 'api-key-token'; apiKey: string; apiSecret: string }
  /** `Splynx-EA (key&nonce&signature)` on every request, the API v1 way. */
  | { mode: 'api-key-signature'; apiKey: string; apiSecret: string }
  /** Only works when the key has "Unsecure access" switched on. */
  | { mode: 'basic'; apiKey: string; apiSecret: string }
  | { mode: 'admin'; login: string; password: string };

export interface RequestEvent {
  method: string;
  /** API path without host and query string; tokens inside it are redacted. */
  path: string;
  status?: number;
  ms: number;
  /** 1 for the first try of a call; replays after a token renewal count as new attempts. */
  attempt: number;
  /** Redacted one-line reason when the exchange failed. */
  error?: string;
}

/** Time as the client sees it; tests swap in a fake so backoff waits cost nothing. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface SplynxClientOptions {
  /** Host or full API base; normalised to `.../api/2.0`. */
  baseUrl: string;
  auth: SplynxAuth;
  /** Requests in flight at once, shared by every caller of this client. Default 4. */
  concurrency?: number;
  /** Requests started per rolling minute; unlimited by default (Splynx documents no limit). */
  requestsPerMinute?: number;
  /** Per attempt, from dispatch to the last body byte. Default 30 s. */
  timeoutMs?: number;
  /** Tokens are bound to the User-Agent, so it must stay the same for the client's lifetime. */
  userAgent?: string;
  /** MockAgent in tests; an Agent with rejectUnauthorized:false for SPLYNX_INSECURE_TLS. Not closed by us. */
  dispatcher?: Dispatcher;
  backoff?: Partial<BackoffOptions>;
  onRequest?: (event: RequestEvent) => void;
  /** The run's signal: aborting it cancels everything in flight and everything queued. */
  signal?: AbortSignal;
  clock?: Clock;
}

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_USER_AGENT = 's2s/0.1 (+splynx-client)';

/** `https://x`, `https://x/`, `https://x/api/2.0/` → `https://x/api/2.0`. */
export function normaliseBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new UserError(
      `Splynx URL "${input}" is not a valid URL`,
      'Set SPLYNX_URL to the address of your Splynx, e.g. https://splynx.example.com',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(
      `Splynx URL "${input}" must start with http:// or https://`,
      'Set SPLYNX_URL to the address of your Splynx, e.g. https://splynx.example.com',
    );
  }
  url.search = '';
  url.hash = '';
  let path = url.pathname.replace(/\/+$/, '');
  if (!/\/api\/2\.0$/.test(path)) path = `${path}/api/2.0`;
  return `${url.origin}${path}`;
}
