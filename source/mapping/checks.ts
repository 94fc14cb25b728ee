// Field checks shared by every mapper. They only report: a value Splynx would reject is never
// trimmed, cut or rewritten (MAPPING.md), so the operator fixes it at the source.
import { type IssueSubject, issue, type MappingIssue, quote } from './issues.js';

export interface TextSpec {
  /** Splynx field, dot-path if nested. */
  field: string;
  /** Where the value comes from in Sonar. */
  sourceField: string;
  /** Splynx column length in characters (varchar counts code points, not bytes). */
  max?: number;
  required?: boolean;
  /** Notes and comments may hold line breaks and tabs; single-line fields may not. */
  multiline?: boolean;
  /** For values s2s builds from config rather than copies from Sonar. */
  fix?: string;
}

const SINGLE_LINE_CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
const MULTI_LINE_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
// With the u flag only unpaired halves match: they have no UTF-8 form, so the HTTP client would
// send U+FFFD in their place and Splynx would store a different value than Sonar holds.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

// Splynx validates with Yii2's EmailValidator (IDN off); mirroring its pattern means we stop on
// exactly the addresses Splynx would refuse, apostrophes allowed, non-ASCII not.
const EMAIL =
  /^[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;

export function charLength(value: string): number {
  return [...value].length;
}

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

function where(subject: IssueSubject, sourceField: string): string {
  return `${sourceField} of ${subject.sonarType} ${subject.sonarId}`;
}

/** Appends one issue per broken rule of `value` to `issues`. */
export function checkText(
  subject: IssueSubject,
  value: string,
  spec: TextSpec,
  issues: MappingIssue[],
): void {
  const base = { field: spec.field, sourceField: spec.sourceField };
  if (spec.required && value.trim() === '') {
    issues.push(
      issue(subject, {
        ...base,
        rule: 'required',
        message: `${spec.field} is required but ${where(subject, spec.sourceField)} is empty.`,
        fix: `In Sonar, fill in ${where(subject, spec.sourceField)}, then run again.`,
      }),
    );
    return;
  }
  if (LONE_SURROGATE.test(value)) {
    issues.push(
      issue(subject, {
        ...base,
        rule: 'invalid-unicode',
        message: `${where(subject, spec.sourceField)} contains a broken character (an unpaired UTF-16 surrogate) that cannot be sent as UTF-8: ${quote(value)}.`,
        fix: `In Sonar, retype ${where(subject, spec.sourceField)}; the broken character is shown as \\ud8xx-\\udfxx in the message.`,
      }),
    );
  }
  const control = spec.multiline ? MULTI_LINE_CONTROL : SINGLE_LINE_CONTROL;
  if (control.test(value)) {
    issues.push(
      issue(subject, {
        ...base,
        rule: 'control-characters',
        message: `${where(subject, spec.sourceField)} contains control characters: ${quote(value)}.`,
        fix: `In Sonar, remove the invisible control characters (tabs, line breaks, NUL...) from ${where(subject, spec.sourceField)}.`,
      }),
    );
  }
  if (spec.max !== undefined && charLength(value) > spec.max) {
    issues.push(
      issue(subject, {
        ...base,
        rule: `max-length:${spec.max}`,
        message: `${where(subject, spec.sourceField)} is ${charLength(value)} characters, Splynx allows ${spec.max} for ${spec.field}: ${quote(value)}.`,
        fix:
          spec.fix ??
          `In Sonar, shorten ${where(subject, spec.sourceField)} to at most ${spec.max} characters.`,
      }),
    );
  }
}

/** A comma-separated list of addresses: every part must be valid; an empty list is fine. */
export function checkEmails(
  subject: IssueSubject,
  value: string,
  spec: TextSpec,
  issues: MappingIssue[],
): void {
  checkText(subject, value, spec, issues);
  if (value.trim() === '') return;
  for (const part of value.split(',')) {
    if (isEmail(part)) continue;
    issues.push(
      issue(subject, {
        field: spec.field,
        sourceField: spec.sourceField,
        rule: 'email',
        message: `${quote(part)} from ${where(subject, spec.sourceField)} is not an email address Splynx accepts.`,
        fix: `In Sonar, correct or remove the email address ${quote(part)} (${where(subject, spec.sourceField)}).`,
      }),
    );
  }
}
