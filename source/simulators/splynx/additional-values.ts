// Values of additional fields on an entity's `additional_attributes`: defaults for rows created
// before a field existed, type and select checks, is_required and is_unique.
import type { Row, SplynxDb } from './db.js';
import type { Ctx } from './model.js';
import type { FieldIssue } from './replies.js';

export function fieldsOf(db: SplynxDb, module: string): Row[] {
  return db.table('additional_fields').filter((f) => f.module === module);
}

function defaultOf(definition: Row): string {
  return definition.default_value === undefined || definition.default_value === null
    ? ''
    : String(definition.default_value);
}

/** The full `additional_attributes` object of a row: every defined field, stored or default. */
export function valuesOf(db: SplynxDb, module: string, row: Row): Record<string, unknown> {
  const stored = (row.additional_attributes ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const definition of fieldsOf(db, module)) {
    const name = String(definition.name);
    out[name] = name in stored ? stored[name] : defaultOf(definition);
  }
  return out;
}

function asText(value: unknown): string | undefined {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean')
    return String(value === true ? 1 : value === false ? 0 : value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
    return value.join(',');
  return undefined;
}

function typeMessage(definition: Row, text: string): string | undefined {
  const title = String(definition.title);
  if (text === '') return undefined;
  switch (definition.type) {
    case 'integer':
      return /^-?\d+$/.test(text) ? undefined : `${title} must be an integer.`;
    case 'decimal':
    case 'numeric':
      return /^-?\d+(\.\d+)?$/.test(text) ? undefined : `${title} must be a number.`;
    case 'boolean':
      return text === '0' || text === '1' ? undefined : `${title} must be either "1" or "0".`;
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? undefined : `The format of ${title} is invalid.`;
    case 'datetime':
      return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)
        ? undefined
        : `The format of ${title} is invalid.`;
    case 'select':
    case 'select_multiple': {
      const allowed = String(definition.select_values ?? '')
        .split(',')
        .map((s) => s.trim());
      const given = definition.type === 'select' ? [text] : text.split(',');
      return given.every((g) => allowed.includes(g.trim())) ? undefined : `${title} is invalid.`;
    }
    default: {
      const max = Number(definition.max_length);
      const min = Number(definition.min_length);
      if (max > 0 && [...text].length > max)
        return `${title} should contain at most ${max} characters.`;
      if (min > 0 && [...text].length < min)
        return `${title} should contain at least ${min} characters.`;
      return undefined;
    }
  }
}

/**
 * Check the sent `additional_attributes` against the module's definitions and return the merged
 * object to store. Names that are not defined are ignored, as Splynx ignores unknown attributes.
 */
export function checkValues(
  ctx: Ctx,
  table: string,
  module: string,
  sent: unknown,
  previous: Row | undefined,
  issues: FieldIssue[],
): Record<string, unknown> {
  const merged: Record<string, unknown> = {
    ...((previous?.additional_attributes ?? {}) as Record<string, unknown>),
  };
  if (sent !== undefined && (typeof sent !== 'object' || sent === null || Array.isArray(sent))) {
    issues.push({ field: 'additional_attributes', message: 'Additional attributes is invalid.' });
    return merged;
  }
  const given = (sent ?? {}) as Record<string, unknown>;
  for (const definition of fieldsOf(ctx.db, module)) {
    const name = String(definition.name);
    const path = `additional_attributes.${name}`;
    if (!(name in given)) {
      if (!previous && definition.is_required === '1' && !defaultOf(definition)) {
        issues.push({ field: path, message: `${String(definition.title)} cannot be blank.` });
      }
      continue;
    }
    const text = asText(given[name]);
    if (text === undefined) {
      issues.push({ field: path, message: `${String(definition.title)} is invalid.` });
      continue;
    }
    if (definition.is_required === '1' && text === '') {
      issues.push({ field: path, message: `${String(definition.title)} cannot be blank.` });
      continue;
    }
    const problem = typeMessage(definition, text);
    if (problem) {
      issues.push({ field: path, message: problem });
      continue;
    }
    if (definition.is_unique === '1' && text !== '') {
      const clash = ctx.db
        .table(table)
        .where(
          `unique:additional:${module}:${name}`,
          (r) => [String(valuesOf(ctx.db, module, r)[name] ?? '')],
          text,
        )
        .find((r) => r.id !== previous?.id);
      if (clash) {
        issues.push({
          field: path,
          message: `${String(definition.title)} "${text}" has already been taken.`,
        });
        continue;
      }
    }
    merged[name] = text;
  }
  return merged;
}
