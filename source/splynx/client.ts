// The Splynx REST client. Every request goes through one pipeline: shared limiter → auth header
// → one HTTP exchange with a timeout → classification → retry only where a second send is safe.
// Writes that may have happened are never retried here: the engine searches first (MAPPING.md).
import { setMaxListeners } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type Dispatcher, request } from 'undici';
import * as v from 'valibot';
import { ApiError, isAbortError } from '../errors.js';
import {
  abortableSleep,
  type BackoffOptions,
  backoffDelay,
  DEFAULT_BACKOFF,
  parseRetryAfter,
} from '../http/backoff.js';
import { Limiter } from '../http/limiter.js';
import { Redactor } from '../redact.js';
import {
  basicHeader,
  NonceSource,
  signatureHeader,
  type TokenCall,
  TokenManager,
  tokenHeader,
} from './auth.js';
import {
  classifyResponse,
  classifyTransport,
  isReplayable,
  missingId,
  notJson,
  parseAnswer,
  schemaMismatch,
  type Target,
} from './classify-error.js';
import {
  type Clock,
  DEFAULT_CONCURRENCY,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  normaliseBaseUrl,
  type RequestEvent,
  type SplynxAuth,
  type SplynxClientOptions,
} from './client-options.js';
import { idSchema, toId } from './coerce.js';
import { type EntitySchema, EntitySchemaSchema } from './entity-schema.js';
import { buildQuery, type Filter, type ListQuery, type Order } from './query-string.js';

type Method = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'DELETE';

interface Call {
  method: Method;
  /** Relative to the API base, no leading slash, may carry its own query string. */
  path: string;
  query?: string;
  body?: unknown;
  target: Target;
  /** Token requests carry no Authorization header and bypass the limiter (a caller holds a slot). */
  token?: boolean;
}

interface Exchange {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed body of a 2xx that had one; checked inside the retry loop so a cut body retries. */
  json?: unknown;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListOptions extends CallOptions {
  main?: Filter;
  additional?: Filter;
  order?: Order;
  limit?: number;
  offset?: number;
}

export interface ListAllOptions extends Omit<ListOptions, 'limit' | 'offset'> {
  /** Rows per request. Default 100: large unpaginated Splynx lists are slow. */
  pageSize?: number;
}

export interface CountOptions extends CallOptions {
  main?: Filter;
  additional?: Filter;
}

const CreatedSchema = v.looseObject({ id: idSchema });
const NamedSchema = v.looseObject({ name: v.optional(v.string()), id: v.optional(v.unknown()) });
const CheckSchema = v.looseObject({ status: v.string() });
const REAL_CLOCK: Clock = { now: Date.now, sleep: abortableSleep };
export const DEFAULT_PAGE_SIZE = 100;

/** A path that names one record (an id segment) answers 404 about that record, not the endpoint. */
function namesRecord(path: string): boolean {
  return /\/\d+(\/|--|$)/.test(path);
}

function splitPath(path: string): { path: string; query: string } {
  const trimmed = path.replace(/^\/+/, '');
  const q = trimmed.indexOf('?');
  return q < 0
    ? { path: trimmed.replace(/\/+$/, ''), query: '' }
    : { path: trimmed.slice(0, q).replace(/\/+$/, ''), query: trimmed.slice(q + 1) };
}

/** One signal that aborts when any of the given ones does; dispose() detaches the listeners. */
function linkSignals(signals: (AbortSignal | undefined)[]): {
  signal: AbortSignal;
  dispose: () => void;
} {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 1) return { signal: present[0] as AbortSignal, dispose: () => {} };
  const controller = new AbortController();
  const aborted = present.find((s) => s.aborted);
  if (aborted) {
    controller.abort(aborted.reason);
    return { signal: controller.signal, dispose: () => {} };
  }
  const listeners = present.map((s) => {
    const onAbort = () => controller.abort(s.reason);
    s.addEventListener('abort', onAbort, { once: true });
    return () => s.removeEventListener('abort', onAbort);
  });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const off of listeners) off();
    },
  };
}

/** Wait for `promise`, but give up (without cancelling it for others) when `signal` aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * A 401 on a request made with an access token: expired, or rotated by a renewal another request
 * triggered while this one was in flight (Splynx then calls it invalid). Either way the request was
 * refused before anything happened, so one replay with a current token is safe for every method;
 * bad credentials fail again at login and surface there.
 */
function isRejectedToken(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 401;
}

export class SplynxClient {
  readonly baseUrl: string;
  private readonly auth: SplynxAuth;
  private readonly limiter: Limiter;
  /** Signature mode only: a strict-nonce server sees arrival order, so sends go one at a time. */
  private readonly nonceGate = new Limiter({ concurrency: 1 });
  private readonly nonces: NonceSource;
  private readonly tokens: TokenManager | undefined;
  private readonly redactor: Redactor;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly timeoutMs: number;
  private readonly userAgent: string;
  private readonly backoff: BackoffOptions;
  private readonly clock: Clock;
  private readonly onRequest: ((event: RequestEvent) => void) | undefined;
  /** Aborted by the run's signal or by close(): everything in flight and queued stops. */
  private readonly lifetime = new AbortController();
  private readonly schemas = new Map<string, Promise<EntitySchema>>();
  private closed = false;

  constructor(options: SplynxClientOptions) {
    this.baseUrl = normaliseBaseUrl(options.baseUrl);
    this.auth = options.auth;
    this.clock = options.clock ?? REAL_CLOCK;
    this.limiter = new Limiter({
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      perMinute: options.requestsPerMinute,
      now: () => this.clock.now(),
    });
    this.nonces = new NonceSource(() => this.clock.now());
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.onRequest = options.onRequest;
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 10_000 });

    const auth = options.auth;
    this.redactor = new Redactor(
      auth.mode === 'admin' ? [auth.password] : [auth.apiKey, auth.apiSecret],
    );
    if (auth.mode === 'basic') this.redactor.add(basicHeader(auth.apiKey, auth.apiSecret).slice(6));

    const tokenCall: TokenCall = async (method, path, body, schema) => {
      const exchange = await this.perform(
        { method, path, body, target: 'item', token: true },
        this.lifetime.signal,
      );
      return this.decode(method, path, exchange, schema);
    };
    if (auth.mode === 'api-key-token' || auth.mode === 'admin') {
      this.tokens = new TokenManager(
        auth.mode === 'admin'
          ? { authType: 'admin', login: auth.login, password: auth.password }
          : { authType: 'api_key', apiKey: auth.apiKey, apiSecret: auth.apiSecret },
        tokenCall,
        this.nonces,
        () => this.clock.now(),
        this.redactor,
      );
    }

    // Every call in flight listens to the lifetime signal; hundreds at once is by design.
    setMaxListeners(0, this.lifetime.signal);
    const runSignal = options.signal;
    if (runSignal?.aborted) this.lifetime.abort(runSignal.reason);
    else
      runSignal?.addEventListener('abort', () => this.lifetime.abort(runSignal.reason), {
        once: true,
      });
  }

  /** `GET admin/api/check`: reachable, authenticated, and really Splynx. */
  async check(signal?: AbortSignal): Promise<void> {
    const path = 'admin/api/check';
    const exchange = await this.send({ method: 'GET', path, target: 'collection' }, signal);
    const answer = this.decode('GET', path, exchange, CheckSchema);
    if (answer.status !== 'ok') {
      throw new ApiError(`Splynx GET ${path} answered status "${answer.status}", not "ok"`, {
        service: 'splynx',
        kind: 'fatal',
        status: exchange.status,
        method: 'GET',
        path,
        hint: 'Check SPLYNX_URL points at a working Splynx.',
      });
    }
  }

  /** One record, validated; a missing one is ApiError kind 'record' status 404. */
  async get<T>(
    path: string,
    schema: v.GenericSchema<unknown, T>,
    options: CallOptions = {},
  ): Promise<T> {
    const exchange = await this.send({ method: 'GET', path, target: 'item' }, options.signal);
    return this.decode('GET', path, exchange, schema);
  }

  /** Like get, but a missing record is undefined. */
  async find<T>(
    path: string,
    schema: v.GenericSchema<unknown, T>,
    options: CallOptions = {},
  ): Promise<T | undefined> {
    try {
      return await this.get(path, schema, options);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  async list<T>(
    path: string,
    itemSchema: v.GenericSchema<unknown, T>,
    options: ListOptions = {},
  ): Promise<T[]> {
    const exchange = await this.send(
      { method: 'GET', path, query: buildQuery(options), target: this.targetOf(path) },
      options.signal,
    );
    return this.decode('GET', path, exchange, v.array(itemSchema));
  }

  /**
   * Every matching row, a page at a time, ordered by id (after any order given) so that offset
   * paging neither skips nor repeats rows when ties exist.
   */
  async *listAll<T>(
    path: string,
    itemSchema: v.GenericSchema<unknown, T>,
    options: ListAllOptions = {},
  ): AsyncGenerator<T[]> {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const order: Order = { ...options.order, id: options.order?.id ?? 'ASC' };
    for (let offset = 0; ; offset += pageSize) {
      const page = await this.list(path, itemSchema, {
        ...options,
        order,
        limit: pageSize,
        offset,
      });
      if (page.length > 0) yield page;
      if (page.length < pageSize) return;
    }
  }

  /** `HEAD` with the same filters as a list: the X-total-count header. */
  async count(path: string, options: CountOptions = {}): Promise<number> {
    const query: ListQuery = { main: options.main, additional: options.additional };
    const exchange = await this.send(
      { method: 'HEAD', path, query: buildQuery(query), target: this.targetOf(path) },
      options.signal,
    );
    const header = exchange.headers['x-total-count'];
    const total = toId(Array.isArray(header) ? header[0] : header);
    if (total === undefined) {
      throw new ApiError(
        `Splynx HEAD ${this.shown(path)} answered ${exchange.status} without a usable X-total-count header (${JSON.stringify(header ?? null)})`,
        {
          service: 'splynx',
          kind: 'fatal',
          status: exchange.status,
          method: 'HEAD',
          path: this.shown(path),
          hint: 'A proxy in front of Splynx may strip the header; count with a list instead.',
        },
      );
    }
    return total;
  }

  /** The fields of a collection (OPTIONS), fetched once per path for the client's lifetime. */
  options(path: string, signal?: AbortSignal): Promise<EntitySchema> {
    const key = splitPath(path).path;
    let cached = this.schemas.get(key);
    if (!cached) {
      // Shared by every caller, so no one caller's signal may cancel it; each waits on its own.
      cached = this.send(
        { method: 'OPTIONS', path: key, target: this.targetOf(key) },
        undefined,
      ).then((exchange) => this.decode('OPTIONS', key, exchange, EntitySchemaSchema));
      // A failure is not remembered: the next caller asks again.
      cached.catch(() => this.schemas.delete(key));
      this.schemas.set(key, cached);
    }
    return signal ? raceAbort(cached, signal) : cached;
  }

  /**
   * POST; sent once. Every create s2s sends, except an additional field's (see createNamed), is
   * documented to answer `201 {"id": N}` (api-blueprint.apib: Create a Customer → Attributes
   * (Customer Id), and likewise for partners, labels, tariffs, networks, inventory, services,
   * comments, transactions). A 5xx, timeout, odd answer or an answer without the id — `{}`
   * included — is ApiError kind 'unknown-outcome': the record may exist, so the caller searches
   * before sending it again.
   */
  async create(path: string, body: unknown, signal?: AbortSignal): Promise<{ id: number }> {
    const exchange = await this.send(
      { method: 'POST', path, body, target: this.targetOf(path) },
      signal,
    );
    const created = v.safeParse(CreatedSchema, exchange.json);
    if (!created.success) {
      throw missingId('POST', this.shown(path), exchange.status, exchange.text, this.redactor);
    }
    return { id: created.output.id };
  }

  /**
   * POST of a record Splynx names by its name rather than an id: an additional field answers
   * `201 {"name": ...}` (api-blueprint.apib, Create Additional Field → Response 201, Attributes
   * (Additional Field Name)). Success is that name, or an id (some installs answer as every other
   * create does); the record is identified by the name it was sent with either way. Anything
   * else — `{}`, another name, a body cut short — is 'unknown-outcome', as for `create`.
   */
  async createNamed(
    path: string,
    body: { name: string } & Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<{ name: string }> {
    const exchange = await this.send(
      { method: 'POST', path, body, target: this.targetOf(path) },
      signal,
    );
    const answer = v.safeParse(NamedSchema, exchange.json);
    const confirmed =
      answer.success &&
      (answer.output.name === body.name ||
        (answer.output.name === undefined && toId(answer.output.id) !== undefined));
    if (!confirmed) {
      throw missingId(
        'POST',
        this.shown(path),
        exchange.status,
        exchange.text,
        this.redactor,
        'name',
      );
    }
    return { name: body.name };
  }

  /** PUT (partial update); idempotent, so retried on 5xx and timeouts. The 202 body is never read. */
  async update(path: string, body: unknown, signal?: AbortSignal): Promise<void> {
    await this.send({ method: 'PUT', path, body, target: 'item' }, signal);
  }

  /** DELETE; the 204 body is never read. */
  async remove(path: string, signal?: AbortSignal): Promise<void> {
    await this.send({ method: 'DELETE', path, target: 'item' }, signal);
  }

  /** Cancels everything in flight and releases connections this client opened. */
  async close(): Promise<void> {
    if (!this.lifetime.signal.aborted) {
      const reason = new DOMException('The Splynx client was closed', 'AbortError');
      this.lifetime.abort(reason);
    }
    if (this.ownsDispatcher && !this.closed) {
      this.closed = true;
      await this.dispatcher.close();
    }
  }

  private targetOf(path: string): Target {
    return namesRecord(splitPath(path).path) ? 'item' : 'collection';
  }

  private shown(path: string): string {
    return this.redactor.text(splitPath(path).path);
  }

  private async send(call: Call, signal: AbortSignal | undefined): Promise<Exchange> {
    const linked = linkSignals([this.lifetime.signal, signal]);
    try {
      return await this.perform(call, linked.signal);
    } finally {
      linked.dispose();
    }
  }

  /** Attempts until success, a failure that is not 'retryable', or the attempt budget is spent. */
  private async perform(call: Call, signal: AbortSignal): Promise<Exchange> {
    const attempts = { n: 0 };
    for (let retry = 1; ; retry++) {
      try {
        if (call.token) return await this.exchange(call, undefined, signal, attempts);
        return await this.limiter.run(() => this.authorised(call, signal, attempts), signal);
      } catch (error) {
        if (!(error instanceof ApiError) || error.kind !== 'retryable') throw error;
        if (retry >= this.backoff.attempts) throw error;
        if (error.retryAfterMs !== undefined && error.retryAfterMs > this.backoff.maxRetryAfterMs) {
          throw error;
        }
        const delay = backoffDelay(retry, this.backoff, error.retryAfterMs);
        // A 429 speaks for the whole key: hold every caller, not only this one.
        if (error.status === 429) this.limiter.pauseFor(delay);
        await this.clock.sleep(delay, signal);
      }
    }
  }

  private async authorised(
    call: Call,
    signal: AbortSignal,
    attempts: { n: number },
  ): Promise<Exchange> {
    const auth = this.auth;
    switch (auth.mode) {
      case 'basic':
        return this.exchange(call, basicHeader(auth.apiKey, auth.apiSecret), signal, attempts);
      case 'api-key-signature':
        return this.nonceGate.run(
          () =>
            this.exchange(
              call,
              signatureHeader(auth.apiKey, auth.apiSecret, this.nonces.next()),
              signal,
              attempts,
            ),
          signal,
        );
      default: {
        const tokens = this.tokens as TokenManager;
        const token = await raceAbort(tokens.accessToken(), signal);
        try {
          return await this.exchange(call, tokenHeader(token), signal, attempts);
        } catch (error) {
          // Rejected before anything happened, so replaying is safe for every method, once.
          if (!isRejectedToken(error)) throw error;
          const fresh = await raceAbort(tokens.renewAfterRejection(token), signal);
          return this.exchange(call, tokenHeader(fresh), signal, attempts);
        }
      }
    }
  }

  /** One HTTP exchange; throws a classified ApiError, or the abort reason when cancelled. */
  private async exchange(
    call: Call,
    authorization: string | undefined,
    signal: AbortSignal,
    attempts: { n: number },
  ): Promise<Exchange> {
    if (signal.aborted) throw signal.reason;
    const attempt = ++attempts.n;
    const { path, query: ownQuery } = splitPath(call.path);
    const query = [ownQuery, call.query].filter(Boolean).join('&');
    const url = `${this.baseUrl}/${path}${query ? `?${query}` : ''}`;
    const shownPath = this.redactor.text(path);
    const replayable = isReplayable(call.method) || call.token === true;

    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept: 'application/json',
    };
    if (authorization) headers.authorization = authorization;
    let body: string | undefined;
    if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.body);
    }

    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException('Splynx request timed out', 'TimeoutError'));
    }, this.timeoutMs);
    const started = performance.now();
    const emit = (status: number | undefined, error?: string) =>
      this.onRequest?.({
        method: call.method,
        path: shownPath,
        ...(status === undefined ? {} : { status }),
        ms: Math.round((performance.now() - started) * 10) / 10,
        attempt,
        ...(error === undefined ? {} : { error: this.redactor.text(error) }),
      });

    let response: Exchange;
    try {
      const res = await request(url, {
        method: call.method,
        headers,
        body,
        signal: controller.signal,
        dispatcher: this.dispatcher,
      });
      let text = '';
      // 202/204 bodies are never meaningful and are sometimes malformed: drain, do not parse.
      if (res.statusCode === 202 || res.statusCode === 204 || call.method === 'HEAD') {
        await res.body.dump();
      } else {
        text = await res.body.text();
      }
      response = { status: res.statusCode, headers: res.headers, text };
    } catch (error) {
      if (signal.aborted || (isAbortError(error) && !timedOut)) {
        emit(undefined, 'aborted');
        throw signal.aborted ? signal.reason : error;
      }
      const failure = classifyTransport({
        method: call.method,
        path: shownPath,
        error,
        timedOut,
        timeoutMs: this.timeoutMs,
        replayable,
        redactor: this.redactor,
      });
      emit(undefined, failure.message);
      throw failure;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }

    if (response.status >= 200 && response.status < 300) {
      if (response.text !== '') {
        try {
          response.json = parseAnswer({
            method: call.method,
            path: shownPath,
            status: response.status,
            text: response.text,
            replayable,
            redactor: this.redactor,
          });
        } catch (failure) {
          emit(response.status, (failure as Error).message);
          throw failure;
        }
      }
      emit(response.status);
      return response;
    }
    const retryAfter = response.headers['retry-after'];
    const failure = classifyResponse({
      method: call.method,
      path: shownPath,
      status: response.status,
      text: response.text,
      target: call.target,
      retryAfterMs: parseRetryAfter(
        Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
        this.clock.now(),
      ),
      replayable,
      auth: this.auth.mode,
      redactor: this.redactor,
    });
    emit(response.status, failure.internalCode ?? `HTTP ${response.status}`);
    throw failure;
  }

  /** Schema validation of the parsed body, with failures that name the path and the offending fields. */
  private decode<T>(
    method: string,
    path: string,
    exchange: Exchange,
    schema: v.GenericSchema<unknown, T>,
  ): T {
    const shownPath = this.shown(path);
    // Every non-empty 2xx body was parsed (or refused) in exchange(); an empty one is not JSON.
    if (exchange.text === '') {
      throw notJson({
        method,
        path: shownPath,
        status: exchange.status,
        text: exchange.text,
        replayable: isReplayable(method),
        redactor: this.redactor,
      });
    }
    const result = v.safeParse(schema, exchange.json);
    if (result.success) return result.output;
    const fields = result.issues.map((issue) => ({
      field: v.getDotPath(issue) ?? '',
      message: issue.message,
    }));
    throw schemaMismatch(method, shownPath, exchange.status, exchange.text, fields, this.redactor);
  }
}
