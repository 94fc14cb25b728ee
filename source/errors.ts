// The small error family every layer shares. Failures are classified once, at the client edge
// (DESIGN.md, Errors); everything above only reads `kind` and never re-parses HTTP details.

export type Service = 'sonar' | 'splynx';

/**
 * retryable: safe to try again after a pause (429, 5xx on reads, network, timeout on reads).
 * unknown-outcome: a write that may have happened; the engine must search before retrying.
 * record: this record is wrong (422, mapping issue); stop with the record, field and fix.
 * fatal: nothing will work until someone fixes config or permissions (401/403/405...).
 */
export type FailureKind = 'retryable' | 'unknown-outcome' | 'record' | 'fatal';

export interface FieldIssue {
  /** Dot-path of the offending field as the target names it, e.g. `city` or `billing.billing_due`. */
  field: string;
  message: string;
}

/** Something the operator must fix: bad flags, bad config, missing credentials. Exit code 2 unless given. */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/**
 * Another process holds the lock of the migration this command must write. Exit 4 (EXIT.locked):
 * nothing is wrong with the command, it may simply be run again later or with --break-lock.
 */
export class LockedError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, hint, 4);
  }
}

export interface ApiErrorInit {
  service: Service;
  kind: FailureKind;
  status?: number;
  method?: string;
  /** Path without host or query secrets, e.g. `admin/customers/customer`. */
  path?: string;
  internalCode?: string;
  fields?: FieldIssue[];
  /** Response body, already redacted and truncated. */
  body?: string;
  retryAfterMs?: number;
  hint?: string;
  cause?: unknown;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly service: Service;
  readonly kind: FailureKind;
  readonly status: number | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly internalCode: string | undefined;
  readonly fields: FieldIssue[];
  readonly body: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly hint: string | undefined;

  constructor(message: string, init: ApiErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.service = init.service;
    this.kind = init.kind;
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.internalCode = init.internalCode;
    this.fields = init.fields ?? [];
    this.body = init.body;
    this.retryAfterMs = init.retryAfterMs;
    this.hint = init.hint;
  }

  get retryable(): boolean {
    return this.kind === 'retryable';
  }
}

/** A broken invariant in our own code. Never caught to carry on. */
export class BugError extends Error {
  override readonly name = 'BugError';
}

export function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' || (error as { code?: string }).code === 'ABORT_ERR')
  );
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
