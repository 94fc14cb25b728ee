// Every answer the simulator gives, as data. Handlers throw `ReplyError` to stop early with an
// error answer; the server turns a Reply into bytes in one place.
import type { CurrentOptions } from './options.js';

export interface Reply {
  status: number;
  /** Serialised as compact JSON; undefined means an empty body. */
  body?: unknown;
  /** Sent byte for byte instead of `body` (lying answers: HTML, garbage, cut JSON). */
  raw?: string;
  headers?: Record<string, string>;
}

export interface FieldIssue {
  field: string;
  message: string;
}

export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

const STATUS_MESSAGES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method is disabled!',
  500: 'Internal server error',
};

/** The compact envelope `{"error":{"message","code","internal_code"}}` of every non-422 error. */
export function envelope(status: number, internalCode: string, message?: string): Reply {
  return {
    status,
    body: {
      error: {
        message: message ?? STATUS_MESSAGES[status] ?? 'Error',
        code: status,
        internal_code: internalCode,
      },
    },
  };
}

export function fail(status: number, internalCode: string, message?: string): never {
  throw new ReplyError(envelope(status, internalCode, message));
}

/** Exactly the 88-byte body the live instance sent for a disabled method. */
export function methodDisabled(): Reply {
  return envelope(405, 'METHOD_DISABLED', 'Method is disabled!');
}

export function notFound(): never {
  throw new ReplyError(envelope(404, 'NOT_FOUND', 'Not found'));
}

export function validationFailed(issues: FieldIssue[], options: CurrentOptions): never {
  if (options.errorShape === 'array') throw new ReplyError({ status: 422, body: issues });
  const first = issues[0];
  throw new ReplyError({
    status: 422,
    body: {
      error: {
        message: first ? first.message : 'Invalid input data',
        code: 422,
        internal_code: 'INVALID_INPUT_DATA',
        fields: issues,
      },
    },
  });
}
