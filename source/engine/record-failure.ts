// Every way a record can fail becomes one RecordFailure: the Sonar record, the field, the rule,
// Splynx's words, and what to do next. Built once here so the CLI, the TUI and the reports all
// explain a failure the same way.

import type { PhaseId } from '../command-line.js';
import { ApiError, errorMessage } from '../errors.js';
import type { RecordFailure } from './events.js';

export interface RecordRef {
  phase: PhaseId;
  entity: string;
  sonarId: string;
  label: string;
}

/** Thrown by the engine to stop on a record; carries the explanation. */
export class RecordFailedError extends Error {
  override readonly name = 'RecordFailedError';
  constructor(readonly failure: RecordFailure) {
    super(`${failure.label}: ${failure.message}`);
  }
}

export interface MappingIssueLike {
  field: string;
  sourceField?: string;
  rule: string;
  message: string;
  fix: string;
}

/** Only the reference's own fields: callers may pass richer objects that must not leak into events. */
function refOf(ref: RecordRef): RecordRef {
  return { phase: ref.phase, entity: ref.entity, sonarId: ref.sonarId, label: ref.label };
}

export function failureFromIssues(ref: RecordRef, issues: MappingIssueLike[]): RecordFailure {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  const failure: RecordFailure = {
    kind: 'record',
    ...refOf(ref),
    message: `${first?.message ?? 'invalid record'}${more}`,
    fixes: [...new Set(issues.map((i) => i.fix))],
  };
  if (first) {
    failure.field = first.field;
    failure.rule = first.rule;
  }
  return failure;
}

export function failureFromError(ref: RecordRef, error: unknown): RecordFailure {
  if (error instanceof RecordFailedError) return error.failure;
  if (error instanceof ApiError) {
    const field = error.fields[0];
    const failure: RecordFailure = {
      kind: error.kind,
      ...refOf(ref),
      message: describeApiError(error),
      fixes: fixesFor(error),
    };
    if (field) failure.field = field.field;
    if (error.fields.length > 0) {
      failure.splynxMessage = error.fields.map((f) => `${f.field}: ${f.message}`).join('; ');
      failure.rule = 'splynx-validation';
    } else if (error.body) {
      failure.splynxMessage = error.body.slice(0, 300);
    }
    if (error.status !== undefined) failure.status = error.status;
    return failure;
  }
  return {
    kind: 'fatal',
    ...refOf(ref),
    message: errorMessage(error),
    fixes: ['This looks like a bug in s2s; the state is saved. Report it with the migration id.'],
  };
}

function describeApiError(error: ApiError): string {
  const where = error.method && error.path ? ` (${error.method} ${error.path})` : '';
  if (error.kind === 'record' && error.fields.length > 0) {
    return `Splynx rejected ${error.fields.map((f) => f.field).join(', ')}${where}: ${error.fields[0]?.message}`;
  }
  return `${error.message}${where}`;
}

function fixesFor(error: ApiError): string[] {
  const fixes: string[] = [];
  if (error.hint) fixes.push(error.hint);
  switch (error.kind) {
    case 'record':
      fixes.push('Correct the record in Sonar, then run `s2s resume`.');
      fixes.push('Or skip it: `s2s resume --no-stop-on-error` marks it failed and carries on.');
      break;
    case 'fatal':
      fixes.push('Fix the access problem, then run `s2s resume`; nothing was lost.');
      break;
    case 'retryable':
      fixes.push('Splynx or the network is struggling; wait a minute and run `s2s resume`.');
      break;
    case 'unknown-outcome':
      fixes.push('`s2s resume` searches Splynx for this record before writing it again.');
      break;
  }
  return fixes;
}
