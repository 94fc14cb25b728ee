// Every Splynx failure is classified here, once, into an ApiError the engine can act on without
// looking at HTTP again (DESIGN.md, Errors). Bodies are redacted and cut to 2 KB before they are
// stored, because they may echo what we sent (passwords of services, tokens in paths).

import { ApiError, type ApiErrorInit, type FieldIssue } from '../errors.js';
import { certificateHint, certificateProblem } from '../http/certificate-error.js';
import type { Redactor } from '../redact.js';
import type { SplynxAuth } from './client-options.js';

export const MAX_BODY_CHARS = 2048;
const WRITE_MAY_HAVE_HAPPENED = ' (the write may have happened: search before retrying)';

/**
 * The classifiers' one way to make an ApiError: a write whose outcome is unknown always says so
 * in its message, since the operator reading it must know to look before sending it again.
 */
function splynxError(message: string, init: Omit<ApiErrorInit, 'service'>): ApiError {
  const outcome = init.kind === 'unknown-outcome' ? WRITE_MAY_HAVE_HAPPENED : '';
  return new ApiError(`${message}${outcome}`, { service: 'splynx', ...init });
}

export type Target = 'item' | 'collection';

export function isRead(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/**
 * Safe to send again when the answer is lost: reads, and PUT, which sets the values it carries
 * (sent twice, the record ends the same). POST and DELETE are sent once.
 */
export function isReplayable(method: string): boolean {
  return isRead(method) || method === 'PUT';
}

/** The body as an error may keep it: JSON with sensitive keys masked, known secrets replaced. */
export function storedBody(text: string, redactor: Redactor): string {
  let out: string;
  try {
    out = JSON.stringify(redactor.value(JSON.parse(text)));
  } catch {
    out = redactor.text(text);
  }
  return out.length > MAX_BODY_CHARS ? `${out.slice(0, MAX_BODY_CHARS - 1)}…` : out;
}

export interface ParsedErrorBody {
  internalCode?: string;
  message?: string;
  fields: FieldIssue[];
}

function fieldIssues(value: unknown): FieldIssue[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) =>
      item &&
      typeof item === 'object' &&
      typeof (item as { message?: unknown }).message === 'string'
        ? [
            {
              field: String((item as { field?: unknown }).field ?? ''),
              message: (item as { message: string }).message,
            },
          ]
        : [],
    );
  }
  // Yii's other spelling: {"field": ["message", ...]}.
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([field, messages]) =>
      (Array.isArray(messages) ? messages : [messages])
        .filter((m): m is string => typeof m === 'string')
        .map((message) => ({ field, message })),
    );
  }
  return [];
}

/** Reads both error shapes: `[{field,message}]` and `{"error":{message,code,internal_code}}`. */
export function parseErrorBody(text: string): ParsedErrorBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { fields: [] };
  }
  if (Array.isArray(body)) return { fields: fieldIssues(body) };
  if (!body || typeof body !== 'object') return { fields: [] };
  const outer = body as Record<string, unknown>;
  const inner =
    outer.error && typeof outer.error === 'object'
      ? (outer.error as Record<string, unknown>)
      : outer;
  const fields = [inner.fields, inner.errors, outer.fields, outer.errors].flatMap(fieldIssues);
  return {
    internalCode: typeof inner.internal_code === 'string' ? inner.internal_code : undefined,
    message: typeof inner.message === 'string' ? inner.message : undefined,
    fields,
  };
}

const ACTION: Record<string, string> = {
  GET: 'view',
  HEAD: 'view',
  OPTIONS: 'view',
  POST: 'add',
  PUT: 'edit',
  DELETE: 'delete',
};

function authHint(auth: SplynxAuth['mode'], internalCode: string | undefined): string {
  if (internalCode === 'USER_AGENT_CHANGED' || internalCode === 'IP_CHANGED') {
    return 'Splynx binds tokens to the User-Agent and IP that created them: run s2s from one machine and do not change its user agent mid-run.';
  }
  if (auth === 'basic') {
    return 'Basic auth only works when the key has "Unsecure access" switched on (Administration → Main → API keys → edit the key); or drop the basic mode and let s2s use an access token.';
  }
  if (auth === 'admin') {
    return 'Check SPLYNX_LOGIN and SPLYNX_PASSWORD; an administrator with two-factor login cannot be used by s2s, use an API key instead.';
  }
  return 'Check SPLYNX_API_KEY and SPLYNX_API_SECRET (Administration → Main → API keys): the key must be active, and its "Allowed list for IPs" must include this machine.';
}

function hintFor(
  status: number,
  method: string,
  path: string,
  internalCode: string | undefined,
  auth: SplynxAuth['mode'],
): string | undefined {
  if (status === 401) return authHint(auth, internalCode);
  if (status === 403) {
    return `Grant the API key "${ACTION[method] ?? method}" on this entity: Administration → Main → API keys → (the key) → Permissions, the entry for ${path.replace(/\/\d.*$/, '')}.`;
  }
  if (status === 405 && internalCode === 'NOT_ALLOWED_BY_PARTNER_RESTRICTION') {
    return 'The record belongs to another partner than the API key: set the key\'s Partner to "Any" (Administration → Main → API keys) or use a key of that partner.';
  }
  if (status === 405) {
    return `This Splynx does not offer ${method} on ${path}: its module may be switched off (Config → Main → Modules) or this Splynx version lacks it.`;
  }
  return undefined;
}

export interface ResponseFailure {
  method: string;
  path: string;
  status: number;
  text: string;
  target: Target;
  retryAfterMs: number | undefined;
  /** Safe to send twice: reads, and token requests (a spare token harms nothing). */
  replayable: boolean;
  auth: SplynxAuth['mode'];
  redactor: Redactor;
}

/** An HTTP answer outside 2xx, as the ApiError the engine acts on. */
export function classifyResponse(failure: ResponseFailure): ApiError {
  const { method, path, status, target } = failure;
  const raw = parseErrorBody(failure.text);
  // Validation messages may quote what we sent, secrets included.
  const parsed: ParsedErrorBody = {
    ...raw,
    message: raw.message === undefined ? undefined : failure.redactor.text(raw.message),
    fields: raw.fields.map((f) => ({
      field: failure.redactor.text(f.field),
      message: failure.redactor.text(f.message),
    })),
  };
  let kind: ApiError['kind'];
  if (status === 429) kind = 'retryable';
  else if (status >= 500) kind = failure.replayable ? 'retryable' : 'unknown-outcome';
  else if (status === 401 || status === 403 || status === 405) kind = 'fatal';
  // A missing collection means the endpoint itself is absent; a missing item is about one record.
  else if (status === 404) kind = target === 'item' ? 'record' : 'fatal';
  else kind = 'record';

  const html = looksHtml(failure.text);
  const title = html ? htmlTitle(failure.text) : undefined;
  const what =
    html && parsed.internalCode === undefined
      ? `an HTML page${title ? ` ("${failure.redactor.text(title)}")` : ''}, not the Splynx API`
      : parsed.fields.length > 0
        ? parsed.fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join('; ')
        : [parsed.internalCode, parsed.message].filter(Boolean).join(' ') ||
          (failure.text.trim()
            ? failure.redactor.text(failure.text.trim().slice(0, 200))
            : 'no body');
  return splynxError(`Splynx ${method} ${path} failed with ${status}: ${what}`, {
    kind,
    status,
    method,
    path,
    internalCode: parsed.internalCode,
    fields: parsed.fields,
    body: storedBody(failure.text, failure.redactor),
    retryAfterMs: failure.retryAfterMs,
    hint:
      hintFor(status, method, path, parsed.internalCode, failure.auth) ??
      (status === 404 && target === 'collection'
        ? `This Splynx has no ${path} endpoint: check the Splynx version and that the module is enabled.`
        : html
          ? 'A web server or proxy in front of Splynx answered instead of the Splynx API: if it persists, check that Splynx (PHP-FPM) is running and that SPLYNX_URL points at Splynx itself.'
          : undefined),
  });
}

// Errors raised before any byte was sent: the request cannot have done anything, even a write.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

export interface TransportFailure {
  method: string;
  path: string;
  error: unknown;
  timedOut: boolean;
  timeoutMs: number;
  replayable: boolean;
  redactor: Redactor;
}

/** A timeout or network failure: retryable on reads, unknown outcome on writes that were sent. */
export function classifyTransport(failure: TransportFailure): ApiError {
  const { method, path, error } = failure;
  const certificate = certificateProblem(error);
  if (certificate) {
    return splynxError(
      `Splynx ${method} ${path}: the TLS certificate of SPLYNX_URL could not be verified: ${certificate}`,
      {
        kind: 'fatal',
        method,
        path,
        cause: error,
        hint: certificateHint('SPLYNX_INSECURE_TLS'),
      },
    );
  }
  const code = (error as { code?: unknown } | null)?.code;
  const notSent = typeof code === 'string' && NOT_SENT.has(code);
  const kind = failure.replayable || notSent ? 'retryable' : 'unknown-outcome';
  const reason = failure.timedOut
    ? `no answer within ${failure.timeoutMs} ms`
    : failure.redactor.text(error instanceof Error ? error.message : String(error)) +
      (typeof code === 'string' ? ` (${code})` : '');
  return splynxError(`Splynx ${method} ${path} failed: ${reason}`, {
    kind,
    method,
    path,
    cause: error,
    hint: notSent ? 'Check SPLYNX_URL and that this machine can reach Splynx.' : undefined,
  });
}

function snippetOf(body: string): string {
  return body.length > 120 ? `${body.slice(0, 120)}…` : body;
}

/** `<title>` (or the first heading) of an HTML page: what a proxy's error page says. */
function htmlTitle(text: string): string | undefined {
  const match = /<title[^>]*>([^<]*)<\/title>|<h1[^>]*>([^<]*)<\/h1>/i.exec(text);
  const title = (match?.[1] ?? match?.[2])?.trim();
  return title ? title : undefined;
}

function looksHtml(text: string): boolean {
  return /^\s*</.test(text);
}

/** JSON that starts like an object or array but stops early: a cut connection or a full disk. */
function looksTruncated(text: string): boolean {
  return /^\s*[[{]/.test(text);
}

/** A 2xx answer to check before anyone reads it as data. */
export interface AnswerCheck {
  method: string;
  path: string;
  status: number;
  text: string;
  replayable: boolean;
  redactor: Redactor;
}

/**
 * A 2xx whose body is not JSON (an HTML login page, a PHP notice, a body cut short). Never data:
 * on a replayable call a cut body is worth another try and anything else is a setup problem; on
 * a write the write may have happened.
 */
export function notJson(check: AnswerCheck): ApiError {
  const { method, path, status, text, replayable, redactor } = check;
  const html = looksHtml(text);
  const truncated = !html && looksTruncated(text);
  const body = storedBody(text, redactor);
  const what = html
    ? 'an HTML page'
    : truncated
      ? `JSON cut short after ${Buffer.byteLength(text)} bytes`
      : 'a non-JSON body';
  const kind: ApiError['kind'] = !replayable
    ? 'unknown-outcome'
    : truncated
      ? 'retryable'
      : 'fatal';
  return splynxError(
    `Splynx ${method} ${path} answered ${status} with ${what} where JSON was expected: ${snippetOf(body) || '(empty)'}`,
    {
      kind,
      status,
      method,
      path,
      body,
      hint: html
        ? 'Check SPLYNX_URL: it must point at the Splynx host itself, not a proxy or a login page.'
        : truncated
          ? 'The connection to Splynx delivered part of an answer: check the network path and any proxy in between, and the Splynx server (disk, PHP memory limit).'
          : 'Check SPLYNX_URL and that nothing between s2s and Splynx rewrites answers.',
    },
  );
}

/** Splynx's `{"error":{...}}` shape, which is never a record, list or token. */
export function isErrorEnvelope(json: unknown): boolean {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return false;
  const inner = (json as { error?: unknown }).error;
  if (!inner || typeof inner !== 'object' || Array.isArray(inner)) return false;
  const fields = inner as Record<string, unknown>;
  return typeof fields.message === 'string' || typeof fields.internal_code === 'string';
}

/** A 2xx that carries an error envelope: Splynx (or something before it) failed but said 2xx. */
export function errorIn2xx(check: AnswerCheck): ApiError {
  const { method, path, status, text, replayable, redactor } = check;
  const parsed = parseErrorBody(text);
  const message = parsed.message === undefined ? undefined : redactor.text(parsed.message);
  const what = [parsed.internalCode, message].filter(Boolean).join(' ') || 'an error';
  const kind: ApiError['kind'] = replayable ? 'fatal' : 'unknown-outcome';
  return splynxError(
    `Splynx ${method} ${path} answered ${status} (success) with an error body: ${what}`,
    {
      kind,
      status,
      method,
      path,
      internalCode: parsed.internalCode,
      body: storedBody(text, redactor),
      hint: 'Splynx reported an error under a success status: look in the Splynx logs (Administration → Logs) for this request, and check nothing between s2s and Splynx rewrites answers.',
    },
  );
}

/** The JSON of a 2xx body, or the ApiError for a body that lies about its success. */
export function parseAnswer(check: AnswerCheck): unknown {
  let json: unknown;
  try {
    json = JSON.parse(check.text);
  } catch {
    throw notJson(check);
  }
  if (isErrorEnvelope(json)) throw errorIn2xx(check);
  return json;
}

/**
 * A create answered 2xx without what names the new record (its id, or for an additional field
 * its name): something was probably made, we cannot tell what.
 */
export function missingId(
  method: string,
  path: string,
  status: number,
  text: string,
  redactor: Redactor,
  key: 'id' | 'name' = 'id',
): ApiError {
  const body = storedBody(text, redactor);
  return splynxError(
    `Splynx ${method} ${path} answered ${status} without a usable ${key} for the new record: ${snippetOf(body) || '(empty)'}`,
    {
      kind: 'unknown-outcome',
      status,
      method,
      path,
      fields: [{ field: key, message: 'missing from the answer to a create' }],
      body,
      hint: 'Something between s2s and Splynx may strip answers; s2s searches for the record before sending it again.',
    },
  );
}

/** JSON that does not have the shape we rely on; `fields` are dot-paths into the response. */
export function schemaMismatch(
  method: string,
  path: string,
  status: number,
  text: string,
  fields: FieldIssue[],
  redactor: Redactor,
): ApiError {
  const what = fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join('; ');
  return splynxError(`Splynx ${method} ${path} returned data s2s does not understand: ${what}`, {
    // A create whose answer lacks the id still created something; a read is about this record.
    kind: isRead(method) ? 'record' : 'unknown-outcome',
    status,
    method,
    path,
    fields,
    body: storedBody(text, redactor),
  });
}
