// Authentication as §2 and §10.1 describe it: access tokens (with refresh and logout), per-request
// signatures, and Basic only for an "unsecure" key. Switches cover the inferred behaviours:
// strict nonce, tokens bound to the User-Agent, short token lifetimes.
import { createHmac, randomBytes } from 'node:crypto';
import type { SplynxDb } from './db.js';
import type { Actor } from './model.js';
import type { CurrentOptions } from './options.js';
import { fail, type Reply } from './replies.js';

export interface Credentials {
  apiKey: string;
  apiSecret: string;
  adminLogin: string;
  adminPassword: string;
}

interface Token {
  access: string;
  refresh: string;
  accessExpires: number;
  refreshExpires: number;
  userAgent: string | undefined;
  actor: Actor;
}

/** The API key's own row id, reported as `added_by_id` for records it creates. */
const API_KEY_ID = 1;
const REFRESH_TTL_SECONDS = 30 * 24 * 3600;

export function sign(secret: string, nonce: string | number, key: string): string {
  return createHmac('sha256', secret).update(`${nonce}${key}`).digest('hex').toUpperCase();
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export class AuthState {
  private readonly byAccess = new Map<string, Token>();
  private readonly byRefresh = new Map<string, Token>();
  private lastNonce = -1;

  constructor(
    private readonly credentials: Credentials,
    private readonly options: CurrentOptions,
    private readonly db: SplynxDb,
  ) {}

  /** `POST admin/auth/tokens`. */
  issue(body: Record<string, unknown>, userAgent: string | undefined): Reply {
    const type = body.auth_type;
    let actor: Actor;
    if (type === 'api_key') {
      this.checkSignature(
        String(body.key ?? ''),
        String(body.nonce ?? ''),
        String(body.signature ?? ''),
      );
      actor = { kind: 'api', id: API_KEY_ID };
    } else if (type === 'admin') {
      const admin = this.db.find(
        'administrators',
        (row) => row.login === body.login && row.password === body.password && !!body.password,
      );
      if (!admin) fail(401, 'INVALID_USER', 'Invalid login or password');
      actor = { kind: 'admin', id: admin.id };
    } else if (type === undefined) {
      fail(401, 'INVALID_AUTH_TYPE', 'Auth type is missing');
    } else {
      fail(400, 'INVALID_AUTH_TYPE', 'Invalid auth type');
    }
    const token = this.create(actor, userAgent);
    return { status: 201, body: { ...tokenBody(token), permissions: [] } };
  }

  /** `GET admin/auth/tokens/{refresh}`: a new access token on the same refresh token. */
  renew(refresh: string, userAgent: string | undefined): Reply {
    const token = this.byRefresh.get(refresh);
    if (!token) fail(404, 'NOT_FOUND', 'Refresh token not found');
    if (token.refreshExpires <= nowSeconds())
      fail(401, 'EXPIRED_REFRESH_TOKEN', 'Refresh token expired');
    this.checkUserAgent(token, userAgent);
    this.byAccess.delete(token.access);
    token.access = randomBytes(24).toString('hex');
    token.accessExpires = nowSeconds() + this.options.tokenTtlSeconds;
    this.byAccess.set(token.access, token);
    return { status: 200, body: tokenBody(token) };
  }

  /** `DELETE admin/auth/tokens/{refresh}`. */
  revoke(refresh: string): Reply {
    const token = this.byRefresh.get(refresh);
    if (!token) fail(404, 'NOT_FOUND', 'Refresh token not found');
    this.byRefresh.delete(refresh);
    this.byAccess.delete(token.access);
    return { status: 204 };
  }

  /** Check the Authorization header of an API call and return who is calling. */
  authenticate(header: string | undefined, userAgent: string | undefined): Actor {
    if (!header) fail(401, 'MISSED_AUTHORIZATION_HEADER', 'Authorization header is missing');
    const ea = /^Splynx-EA\s*\((.*)\)\s*$/i.exec(header);
    if (ea) {
      const params = new URLSearchParams(ea[1] ?? '');
      if (params.has('access_token'))
        return this.checkAccessToken(params.get('access_token') ?? '', userAgent);
      if (params.has('key')) {
        this.checkSignature(
          params.get('key') ?? '',
          params.get('nonce') ?? '',
          params.get('signature') ?? '',
        );
        return { kind: 'api', id: API_KEY_ID };
      }
      fail(401, 'UNAUTHORIZED', 'Invalid authorization header');
    }
    const basic = /^Basic\s+(.+)$/i.exec(header);
    if (basic) {
      if (!this.options.basicAuth)
        fail(401, 'UNAUTHORIZED', 'Basic authorization is not allowed for this key');
      const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
      const split = decoded.indexOf(':');
      if (
        decoded.slice(0, split) !== this.credentials.apiKey ||
        decoded.slice(split + 1) !== this.credentials.apiSecret
      ) {
        fail(401, 'UNAUTHORIZED', 'Invalid API key or secret');
      }
      return { kind: 'api', id: API_KEY_ID };
    }
    fail(401, 'UNAUTHORIZED', 'Invalid authorization header');
  }

  /** Expire every access token now (tests of mid-run expiry). */
  expireAccessTokens(): void {
    for (const token of this.byAccess.values()) token.accessExpires = 0;
  }

  private create(actor: Actor, userAgent: string | undefined): Token {
    const token: Token = {
      access: randomBytes(24).toString('hex'),
      refresh: randomBytes(24).toString('hex'),
      accessExpires: nowSeconds() + this.options.tokenTtlSeconds,
      refreshExpires: nowSeconds() + REFRESH_TTL_SECONDS,
      userAgent,
      actor,
    };
    this.byAccess.set(token.access, token);
    this.byRefresh.set(token.refresh, token);
    return token;
  }

  private checkAccessToken(access: string, userAgent: string | undefined): Actor {
    if (!access) fail(401, 'EMPTY_ACCESS_TOKEN', 'Access token is empty');
    const token = this.byAccess.get(access);
    if (!token) fail(401, 'UNAUTHORIZED', 'Invalid access token');
    if (token.accessExpires <= nowSeconds())
      fail(401, 'EXPIRED_ACCESS_TOKEN', 'Access token expired');
    this.checkUserAgent(token, userAgent);
    return token.actor;
  }

  private checkUserAgent(token: Token, userAgent: string | undefined): void {
    if (this.options.bindTokenToUserAgent && token.userAgent !== userAgent) {
      fail(401, 'USER_AGENT_CHANGED', 'User agent changed');
    }
  }

  private checkSignature(key: string, nonce: string, signature: string): void {
    if (key !== this.credentials.apiKey) fail(401, 'UNAUTHORIZED', 'Invalid API key');
    if (!/^\d+$/.test(nonce)) fail(401, 'UNAUTHORIZED', 'Invalid nonce');
    if (signature !== sign(this.credentials.apiSecret, nonce, key))
      fail(401, 'UNAUTHORIZED', 'Invalid signature');
    const value = Number(nonce);
    if (this.options.strictNonce && value <= this.lastNonce)
      fail(401, 'UNAUTHORIZED', 'Nonce is too small');
    this.lastNonce = Math.max(this.lastNonce, value);
  }
}

function tokenBody(token: Token): Record<string, unknown> {
  return {
    access_token: token.access,
    access_token_expiration: token.accessExpires,
    refresh_token: token.refresh,
    refresh_token_expiration: token.refreshExpires,
  };
}

/** Longest matching prefix decides; HEAD and OPTIONS ride on GET. */
export function permitted(
  permissions: Record<string, string[]> | undefined,
  path: string,
  method: string,
): boolean {
  if (!permissions) return true;
  let best: string[] | undefined;
  let bestLength = -1;
  for (const [prefix, methods] of Object.entries(permissions)) {
    if (path.startsWith(prefix) && prefix.length > bestLength) {
      best = methods;
      bestLength = prefix.length;
    }
  }
  if (!best) return false;
  const allowed = best.map((m) => m.toUpperCase());
  return (
    allowed.includes(method) ||
    ((method === 'HEAD' || method === 'OPTIONS') && allowed.includes('GET'))
  );
}
