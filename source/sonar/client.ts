// The one door to Sonar: every query goes through `SonarClient.query`, which shares a request
// budget between callers, retries what is safe to retry, classifies every failure once into
// ApiError (service 'sonar') and validates the answer with valibot before anyone reads it.

import { GraphQLClient } from 'graphql-request';
import { type Dispatcher, fetch as undiciFetch } from 'undici';
import * as v from 'valibot';
import { ApiError, type FailureKind, type FieldIssue, isAbortError } from '../errors.js';
import {
  abortableSleep,
  type BackoffOptions,
  backoffDelay,
  DEFAULT_BACKOFF,
  parseRetryAfter,
} from '../http/backoff.js';
import { certificateHint, certificateProblem } from '../http/certificate-error.js';
import { Limiter } from '../http/limiter.js';
import { isSensitiveKey, Redactor } from '../redact.js';
import { normaliseSonarUrl } from './url.js';

export interface SonarRequestEvent {
  /** The GraphQL operation name, e.g. `SonarAccounts`. */
  operation: string;
  /** HTTP status; 0 when no answer arrived (network error, timeout, abort). */
  status: number;
  ms: number;
  /** 1 for the first try. */
  attempt: number;
  outcome: 'ok' | FailureKind | 'aborted';
}

export interface SonarClientOptions {
  /** Instance host, base URL or the GraphQL endpoint itself. */
  url: string;
  token: string;
  /** undici dispatcher for TLS options, proxies, or a MockAgent in tests. */
  dispatcher?: Dispatcher;
  /** Per-request timeout; the run's signal can end a request sooner. */
  timeoutMs?: number;
  /** Requests per rolling minute (Sonar documents 400 per user). Ignored when `limiter` is given. */
  perMinute?: number;
  /** Requests in flight at once. Ignored when `limiter` is given. */
  concurrency?: number;
  /** Share one budget with other callers using the same token. */
  limiter?: Limiter;
  backoff?: Partial<BackoffOptions>;
  /** Clock for the per-minute budget (tests inject one). */
  now?: () => number;
  random?: () => number;
  /** Waits between retries (tests record the delays instead of sleeping). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRequest?: (event: SonarRequestEvent) => void;
}

export const SONAR_DEFAULTS = { timeoutMs: 60_000, perMinute: 400, concurrency: 2 } as const;

/** A request to send instead after a timeout: the same read asking for fewer rows. */
export interface SmallerRequest {
  document: string;
  variables: Record<string, unknown> | undefined;
}

export interface QueryOptions {
  /**
   * Called when an attempt times out; a request returned is sent next in place of the one that
   * timed out (and that retry does not use up an attempt). Undefined: retry the same request.
   */
  shrink?: () => SmallerRequest | undefined;
}

/** `internalCode` of the ApiError for a Sonar request that got no answer in time. */
export const TIMEOUT_CODE = 'timeout';

const BODY_LIMIT = 2_000;

export class SonarClient {
  readonly endpoint: string;
  readonly limiter: Limiter;
  private readonly graphql: GraphQLClient;
  private readonly redactor: Redactor;
  private readonly timeoutMs: number;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly onRequest: ((event: SonarRequestEvent) => void) | undefined;
  /** HTTP requests sent, retries included (benchmarks read it). */
  requests = 0;

  constructor(options: SonarClientOptions) {
    this.endpoint = normaliseSonarUrl(options.url);
    this.redactor = new Redactor([options.token]);
    this.timeoutMs = options.timeoutMs ?? SONAR_DEFAULTS.timeoutMs;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? abortableSleep;
    this.onRequest = options.onRequest;
    this.limiter =
      options.limiter ??
      new Limiter({
        concurrency: options.concurrency ?? SONAR_DEFAULTS.concurrency,
        perMinute: options.perMinute ?? SONAR_DEFAULTS.perMinute,
        ...(options.now ? { now: options.now } : {}),
      });
    const dispatcher = options.dispatcher;
    this.graphql = new GraphQLClient(this.endpoint, {
      headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
      errorPolicy: 'all',
      fetch: ((input: URL | string, init: RequestInit) =>
        this.send(String(input), init, dispatcher)) as typeof fetch,
    });
  }

  /**
   * Runs one GraphQL operation and returns its `data` parsed by `schema`. `operation` names the
   * query in events and errors. Retries 429, 5xx, network errors and timeouts with backoff.
   */
  async query<TSchema extends v.GenericSchema>(
    operation: string,
    document: string,
    variables: Record<string, unknown> | undefined,
    schema: TSchema,
    signal?: AbortSignal,
    options: QueryOptions = {},
  ): Promise<v.InferOutput<TSchema>> {
    let request: SmallerRequest = { document, variables };
    let sent = 0;
    for (let attempt = 1; ; attempt++) {
      let data: unknown;
      const current = request;
      sent++;
      try {
        data = await this.limiter.run(
          () => this.attempt(operation, current.document, current.variables, sent, signal),
          signal,
        );
      } catch (error) {
        if (!(error instanceof ApiError) || error.kind !== 'retryable') throw error;
        // A heavy page that times out will time out again: ask for less instead of the same.
        const smaller = error.internalCode === TIMEOUT_CODE ? options.shrink?.() : undefined;
        if (smaller) {
          request = smaller;
          attempt--;
          continue;
        }
        if (attempt >= this.backoff.attempts) throw gaveUp(error, attempt);
        const delay = backoffDelay(attempt, this.backoff, error.retryAfterMs, this.random);
        // A 429 is about the token, not this request: hold every caller, not just this one.
        if (error.status === 429) this.limiter.pauseFor(delay);
        await this.sleep(delay, signal);
        continue;
      }
      return this.validate(operation, schema, data);
    }
  }

  private async attempt(
    operation: string,
    document: string,
    variables: Record<string, unknown> | undefined,
    attempt: number,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const started = performance.now();
    const event = (status: number, outcome: SonarRequestEvent['outcome']) =>
      this.onRequest?.({
        operation,
        status,
        ms: Math.round(performance.now() - started),
        attempt,
        outcome,
      });
    this.requests++;
    try {
      const response = await this.graphql.rawRequest<Record<string, unknown>>({
        query: document,
        ...(variables ? { variables } : {}),
        signal: combined,
      });
      if (response.errors && response.errors.length > 0) {
        throw this.graphqlErrors(operation, response.status, response.errors);
      }
      if (response.data === undefined || response.data === null) {
        throw new ApiError(`Sonar ${operation}: the answer carried no data`, {
          service: 'sonar',
          kind: 'fatal',
          status: response.status,
          method: 'POST',
          path: operation,
        });
      }
      event(response.status, 'ok');
      return response.data;
    } catch (error) {
      if (signal?.aborted) {
        event(0, 'aborted');
        throw signal.reason;
      }
      const classified = this.classifyThrown(operation, error, timeout.aborted);
      event(classified.status ?? 0, classified.kind);
      throw classified;
    }
  }

  /** Our fetch: undici with our dispatcher; every non-2xx answer becomes an ApiError here. */
  private async send(
    url: string,
    init: RequestInit,
    dispatcher: Dispatcher | undefined,
  ): Promise<Response> {
    const response = await undiciFetch(url, {
      method: init.method ?? 'POST',
      headers: Object.fromEntries(new Headers(init.headers)),
      body: init.body as string,
      signal: init.signal ?? null,
      ...(dispatcher ? { dispatcher } : {}),
    });
    const text = await response.text();
    const operation = operationOf(init.body);
    if (response.status < 200 || response.status > 299) {
      throw this.httpError(operation, response.status, text, response.headers.get('retry-after'));
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ApiError(`Sonar ${operation}: the answer is not JSON (is SONAR_URL right?)`, {
        service: 'sonar',
        kind: 'fatal',
        status: response.status,
        method: 'POST',
        path: operation,
        body: this.clip(text),
        hint: `Check SONAR_URL: ${this.endpoint} should be the Sonar GraphQL endpoint`,
      });
    }
    const plainError = plainErrorMessage(parsed);
    if (plainError !== undefined && !hasGraphqlShape(parsed)) {
      // Sonar's throttle answers `{"error": "Request limit of 400/min reached."}`, status unstated.
      const throttled = /limit|too many/i.test(plainError);
      throw new ApiError(`Sonar ${operation}: ${this.redactor.text(plainError)}`, {
        service: 'sonar',
        kind: throttled ? 'retryable' : 'fatal',
        status: throttled ? 429 : response.status,
        method: 'POST',
        path: operation,
        body: this.clip(text),
      });
    }
    return new Response(text, {
      status: response.status,
      headers: { 'content-type': 'application/json' },
    });
  }

  private httpError(
    operation: string,
    status: number,
    text: string,
    retryAfter: string | null,
  ): ApiError {
    const base = {
      service: 'sonar' as const,
      status,
      method: 'POST',
      path: operation,
      body: this.clip(text),
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(retryAfter);
      return new ApiError(`Sonar ${operation}: rate limited (429)`, {
        ...base,
        kind: 'retryable',
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    if (status >= 500) {
      return new ApiError(`Sonar ${operation}: server error ${status}`, {
        ...base,
        kind: 'retryable',
      });
    }
    if (status === 401) {
      return new ApiError(`Sonar ${operation}: the token was refused (401)`, {
        ...base,
        kind: 'fatal',
        hint: 'check SONAR_TOKEN: create a Personal Access Token in Sonar (avatar → Personal Access Tokens) for a user with a read-only role',
      });
    }
    if (status === 403) {
      return new ApiError(`Sonar ${operation}: permission denied (403)`, {
        ...base,
        kind: 'fatal',
        hint: "the token's user needs READ_* permissions for accounts, services, network and inventory",
      });
    }
    const errors = graphqlErrorList(parsed);
    if (errors) return this.graphqlErrors(operation, status, errors);
    return new ApiError(`Sonar ${operation}: unexpected HTTP ${status}`, {
      ...base,
      kind: 'fatal',
      hint:
        status === 404 || status === 405
          ? `Check SONAR_URL: ${this.endpoint} should be the Sonar GraphQL endpoint`
          : undefined,
    });
  }

  private graphqlErrors(operation: string, status: number, errors: readonly unknown[]): ApiError {
    const messages = errors
      .slice(0, 3)
      .map((e) =>
        e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string'
          ? (e as { message: string }).message
          : JSON.stringify(e),
      )
      .map((m) => this.redactor.text(m));
    return new ApiError(`Sonar ${operation} failed: ${messages.join('; ')}`, {
      service: 'sonar',
      kind: 'fatal',
      status,
      method: 'POST',
      path: operation,
      body: this.clip(JSON.stringify(errors)),
      hint: 'the Sonar instance rejected the query; if this is a permission message, grant the role READ_* permissions',
    });
  }

  private classifyThrown(operation: string, error: unknown, timedOut: boolean): ApiError {
    if (error instanceof ApiError) return error;
    if (timedOut || isAbortError(error) || (error as { name?: string })?.name === 'TimeoutError') {
      return new ApiError(`Sonar ${operation}: no answer within ${this.timeoutMs} ms`, {
        service: 'sonar',
        kind: 'retryable',
        internalCode: TIMEOUT_CODE,
        method: 'POST',
        path: operation,
      });
    }
    const certificate = certificateProblem(error);
    if (certificate) {
      return new ApiError(
        `Sonar ${operation}: the TLS certificate of SONAR_URL could not be verified: ${certificate}`,
        {
          service: 'sonar',
          kind: 'fatal',
          method: 'POST',
          path: operation,
          hint: certificateHint(undefined),
        },
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    const cause =
      error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
    return new ApiError(
      `Sonar ${operation}: network error: ${this.redactor.text(cause?.code ?? message)}`,
      { service: 'sonar', kind: 'retryable', method: 'POST', path: operation },
    );
  }

  private validate<TSchema extends v.GenericSchema>(
    operation: string,
    schema: TSchema,
    data: unknown,
  ): v.InferOutput<TSchema> {
    const result = v.safeParse(schema, data);
    if (result.success) return result.output;
    const fields: FieldIssue[] = result.issues.slice(0, 10).map((issue) => {
      const field = v.getDotPath(issue) ?? '(root)';
      const last = field.split('.').pop() ?? '';
      // valibot quotes the received value; a password or token must not reach the message.
      return {
        field,
        message: isSensitiveKey(last)
          ? `invalid value (${issue.expected ?? 'unexpected type'})`
          : this.redactor.text(issue.message),
      };
    });
    const first = fields[0] as FieldIssue;
    throw new ApiError(
      `Sonar ${operation}: unexpected answer at ${first.field}: ${first.message}`,
      {
        service: 'sonar',
        kind: 'fatal',
        method: 'POST',
        path: operation,
        fields,
        hint: 'the Sonar instance answered with a shape s2s does not expect (schema drift?); report this with the field path',
      },
    );
  }

  private clip(text: string): string {
    const redacted = this.redactor.text(text);
    return redacted.length > BODY_LIMIT ? `${redacted.slice(0, BODY_LIMIT)}…` : redacted;
  }
}

function gaveUp(error: ApiError, attempts: number): ApiError {
  return new ApiError(`${error.message} (gave up after ${attempts} attempts)`, {
    service: 'sonar',
    kind: error.kind,
    ...(error.status === undefined ? {} : { status: error.status }),
    method: 'POST',
    ...(error.path === undefined ? {} : { path: error.path }),
    ...(error.body === undefined ? {} : { body: error.body }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(error.internalCode === undefined ? {} : { internalCode: error.internalCode }),
    hint: 'Sonar kept failing; try again later or lower the request rate (perMinute/concurrency)',
    cause: error,
  });
}

function operationOf(body: unknown): string {
  if (typeof body !== 'string') return 'query';
  const match = /"query":"\s*query\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(body);
  return match?.[1] ?? 'query';
}

function plainErrorMessage(parsed: unknown): string | undefined {
  if (!parsed || typeof parsed !== 'object') return undefined;
  const error = (parsed as { error?: unknown }).error;
  if (typeof error === 'string') return error;
  if (
    error &&
    typeof error === 'object' &&
    typeof (error as { message?: unknown }).message === 'string'
  )
    return (error as { message: string }).message;
  return undefined;
}

function hasGraphqlShape(parsed: unknown): boolean {
  return !!parsed && typeof parsed === 'object' && ('data' in parsed || 'errors' in parsed);
}

function graphqlErrorList(parsed: unknown): unknown[] | undefined {
  if (!parsed || typeof parsed !== 'object') return undefined;
  const errors = (parsed as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.length > 0 ? errors : undefined;
}
