// Splynx authentication: the HMAC signature, the nonce, and the access-token lifecycle.
// A key with nonce checking on rejects any nonce not above the last one it saw, so one NonceSource
// per client hands them out; tokens are renewed by one caller while the others wait for it.
import { createHmac } from 'node:crypto';
import * as v from 'valibot';
import { isAbortError } from '../errors.js';
import type { Redactor } from '../redact.js';
import { toId } from './coerce.js';

/** UPPERCASE hex of HMAC-SHA256(key = secret, message = nonce + apiKey), as Splynx checks it. */
export function signature(nonce: number, apiKey: string, apiSecret: string): string {
  return createHmac('sha256', apiSecret).update(`${nonce}${apiKey}`).digest('hex').toUpperCase();
}

/** Strictly increasing nonces in centiseconds, like the official clients, across every caller. */
export class NonceSource {
  private last = 0;

  constructor(private readonly now: () => number = Date.now) {}

  next(): number {
    this.last = Math.max(this.last + 1, Math.round(this.now() / 10));
    return this.last;
  }
}

export function basicHeader(apiKey: string, apiSecret: string): string {
  return `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`;
}

export function signatureHeader(apiKey: string, apiSecret: string, nonce: number): string {
  const query = new URLSearchParams({
    key: apiKey,
    nonce: String(nonce),
    signature: signature(nonce, apiKey, apiSecret),
  });
  return `Splynx-EA (${query.toString()})`;
}

export function tokenHeader(accessToken: string): string {
  return `Splynx-EA (access_token=${accessToken})`;
}

const seconds = v.pipe(
  v.union([v.number(), v.string()]),
  v.check((x) => toId(x) !== undefined, 'expected a Unix time in seconds'),
  v.transform((x) => (toId(x) as number) * 1000),
);

const TokenResponseSchema = v.object({
  access_token: v.pipe(v.string(), v.minLength(1)),
  access_token_expiration: seconds,
  refresh_token: v.pipe(v.string(), v.minLength(1)),
  refresh_token_expiration: seconds,
});
export type TokenResponse = v.InferOutput<typeof TokenResponseSchema>;

export type TokenCredentials =
  | { authType: 'api_key'; apiKey: string; apiSecret: string }
  | { authType: 'admin'; login: string; password: string };

/** One exchange with Splynx that carries no Authorization header and is safe to retry. */
export type TokenCall = <T>(
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  schema: v.GenericSchema<unknown, T>,
) => Promise<T>;

/** Renew this long before the access token expires (what every official client does). */
export const RENEW_MARGIN_MS = 5_000;

export class TokenManager {
  private tokens: TokenResponse | undefined;
  private pending: Promise<TokenResponse> | undefined;

  constructor(
    private readonly credentials: TokenCredentials,
    private readonly call: TokenCall,
    private readonly nonces: NonceSource,
    private readonly now: () => number,
    private readonly redactor: Redactor,
  ) {}

  /** A token good for at least RENEW_MARGIN_MS; renews (once, for all callers) when it is not. */
  async accessToken(): Promise<string> {
    const tokens = this.tokens;
    if (tokens && this.now() + RENEW_MARGIN_MS <= tokens.access_token_expiration) {
      return tokens.access_token;
    }
    return (await this.renewOnce()).access_token;
  }

  /**
   * Splynx said the token we used has expired (clocks differ, or it was revoked). Renew unless
   * another caller already replaced that token.
   */
  async renewAfterRejection(rejected: string): Promise<string> {
    if (this.tokens && this.tokens.access_token !== rejected) return this.tokens.access_token;
    if (this.tokens) this.tokens = { ...this.tokens, access_token_expiration: 0 };
    return (await this.renewOnce()).access_token;
  }

  private renewOnce(): Promise<TokenResponse> {
    if (!this.pending) {
      this.pending = this.renew().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  private async renew(): Promise<TokenResponse> {
    const current = this.tokens;
    let next: TokenResponse | undefined;
    if (current && this.now() + RENEW_MARGIN_MS <= current.refresh_token_expiration) {
      try {
        next = await this.call(
          'GET',
          `admin/auth/tokens/${current.refresh_token}`,
          undefined,
          TokenResponseSchema,
        );
      } catch (error) {
        // A refused or failed refresh is not the end: a fresh login may still work. An abort is.
        if (isAbortError(error)) throw error;
      }
    }
    next ??= await this.call('POST', 'admin/auth/tokens', this.loginBody(), TokenResponseSchema);
    this.redactor.add(next.access_token);
    this.redactor.add(next.refresh_token);
    this.tokens = next;
    return next;
  }

  private loginBody(): Record<string, unknown> {
    const c = this.credentials;
    if (c.authType === 'admin') return { auth_type: 'admin', login: c.login, password: c.password };
    // The secret itself is never sent: only the signature proves we hold it.
    const nonce = this.nonces.next();
    return {
      auth_type: 'api_key',
      key: c.apiKey,
      nonce,
      signature: signature(nonce, c.apiKey, c.apiSecret),
    };
  }
}
