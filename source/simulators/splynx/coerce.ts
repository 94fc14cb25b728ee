// Input → stored values, with Yii-worded messages: type coercion per storage kind, then the
// generic rules every field declares (required, length, enum, email, references).
import type { Row } from './db.js';
import type { Ctx, FieldDef, ResourceDef } from './model.js';
import type { CurrentOptions } from './options.js';
import type { FieldIssue } from './replies.js';

type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/;
const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

export function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return undefined;
}

function list(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value === '' ? [] : value.split(',').map((s) => s.trim());
  if (typeof value === 'number') return [value];
  return undefined;
}

export function coerce(def: FieldDef, value: unknown): Coerced {
  const title = def.title;
  if (value === null) return { ok: true, value: null };
  switch (def.store) {
    case 'int':
    case 'intString': {
      const text = asText(value);
      if (text === '') return { ok: true, value: def.store === 'int' ? 0 : '0' };
      if (text === undefined || !INTEGER.test(text) || typeof value === 'boolean') {
        return { ok: false, message: `${title} must be an integer.` };
      }
      return { ok: true, value: def.store === 'int' ? Number(text) : String(Number(text)) };
    }
    case 'decimal': {
      const text = asText(value);
      if (text === '') return { ok: true, value: '0.0000' };
      if (text === undefined || !NUMBER.test(text) || typeof value === 'boolean') {
        return { ok: false, message: `${title} must be a number.` };
      }
      return { ok: true, value: Number(text).toFixed(4) };
    }
    case 'flag': {
      const text = asText(value)?.toLowerCase();
      if (text === '1' || text === 'true') return { ok: true, value: '1' };
      if (text === '0' || text === 'false' || text === '') return { ok: true, value: '0' };
      return { ok: false, message: `${title} must be either "1" or "0".` };
    }
    case 'string': {
      const text = typeof value === 'string' ? value : asText(value);
      if (text === undefined) return { ok: false, message: `${title} must be a string.` };
      return { ok: true, value: text };
    }
    case 'date':
    case 'datetime': {
      const text = asText(value);
      const pattern = def.store === 'date' ? DATE : DATETIME;
      if (text === undefined || (text !== '' && !pattern.test(text))) {
        return { ok: false, message: `The format of ${title} is invalid.` };
      }
      return { ok: true, value: text };
    }
    case 'ids': {
      const items = list(value);
      const out: number[] = [];
      for (const item of items ?? [null]) {
        const text = asText(item);
        if (text === undefined || !INTEGER.test(text))
          return { ok: false, message: `${title} is invalid.` };
        out.push(Number(text));
      }
      return { ok: true, value: out };
    }
    case 'strings': {
      const items = list(value);
      const out: string[] = [];
      for (const item of items ?? [null]) {
        const text = asText(item);
        if (text === undefined) return { ok: false, message: `${title} is invalid.` };
        out.push(text);
      }
      return { ok: true, value: out };
    }
    case 'rows': {
      const items = list(value);
      if (
        !items?.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))
      )
        return { ok: false, message: `${title} is invalid.` };
      return { ok: true, value: items.map((item) => ({ ...(item as object) })) };
    }
  }
}

// Where Splynx keeps MACs: an internet service's `mac` ("MAC(s)"), one or several per service.
const MAC_FIELDS = new Set(['services_internet.mac']);

/**
 * With `normaliseMacs`, each MAC is stored upper-case without separators and a list is joined by
 * ", ". Inferred [I], not documented: a real client's tests hold service `mac` values read from a
 * live Splynx as "2CC81BBDC9AB, 00E04C687E6A" (LibreQoE/LibreQoS, src/test_integration_splynx.py).
 * Anything that is not a MAC is kept as sent.
 */
export function normaliseMacs(text: string): string {
  const items = text.split(/[\s,;]+/).filter((s) => s !== '');
  return items
    .map((item) => {
      const hex = item.replace(/[:.-]/g, '');
      return /^[0-9A-Fa-f]{12}$/.test(hex) ? hex.toUpperCase() : item;
    })
    .join(', ');
}

/** Coerce every field the caller sent that the entity accepts; unknown keys are ignored. */
export function coerceInput(
  def: ResourceDef,
  body: Record<string, unknown>,
  issues: FieldIssue[],
  options?: Pick<CurrentOptions, 'normaliseMacs'>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const fieldDef of def.fields) {
    if (fieldDef.readOnly || !(fieldDef.name in body)) continue;
    const result = coerce(fieldDef, body[fieldDef.name]);
    if (!result.ok) issues.push({ field: fieldDef.name, message: result.message });
    else if (
      options?.normaliseMacs &&
      typeof result.value === 'string' &&
      MAC_FIELDS.has(`${def.table}.${fieldDef.name}`)
    ) {
      out[fieldDef.name] = normaliseMacs(result.value);
    } else out[fieldDef.name] = result.value;
  }
  return out;
}

export function defaultValue(def: FieldDef): unknown {
  if (def.default !== undefined)
    return typeof def.default === 'function' ? def.default() : def.default;
  switch (def.store) {
    case 'int':
      return 0;
    case 'intString':
    case 'flag':
      return '0';
    case 'decimal':
      return '0.0000';
    case 'date':
      return '0000-00-00';
    case 'datetime':
      return '0000-00-00 00:00:00';
    case 'ids':
    case 'strings':
    case 'rows':
      return [];
    case 'string':
      return '';
  }
}

function referenceExists(ctx: Ctx, def: FieldDef, value: unknown): boolean {
  if (!def.ref) return true;
  const id = Number(value);
  if (id === 0 && def.ref.zeroOk) return true;
  return Number.isInteger(id) && ctx.db.get(def.ref.table, id) !== undefined;
}

/**
 * The generic per-field rules on the row as it would be stored. `sent` limits the checks on an
 * update to what the caller changed, so an old row with legacy values stays editable.
 */
export function checkFields(
  ctx: Ctx,
  def: ResourceDef,
  candidate: Record<string, unknown>,
  sent: Record<string, unknown>,
  previous: Row | undefined,
  issues: FieldIssue[],
): void {
  const flagged = new Set(issues.map((i) => i.field));
  for (const f of def.fields) {
    if (f.readOnly || flagged.has(f.name)) continue;
    const value = candidate[f.name];
    const mustHave = f.required || (!previous && f.requiredOnCreate);
    const checked = !previous || f.name in sent;
    const absent = isEmpty(value) || (!previous && !(f.name in sent));
    if (mustHave && absent && (checked || f.required)) {
      issues.push({ field: f.name, message: `${f.title} cannot be blank.` });
      continue;
    }
    if (!checked || isEmpty(value)) continue;
    const values = Array.isArray(value) ? value : [value];
    if (f.max !== undefined && typeof value === 'string' && [...value].length > f.max) {
      issues.push({
        field: f.name,
        message: `${f.title} should contain at most ${f.max} characters.`,
      });
    } else if (f.enum && values.some((v) => !f.enum?.includes(String(v)))) {
      issues.push({ field: f.name, message: `${f.title} is invalid.` });
    } else if (
      f.email &&
      String(value)
        .split(',')
        .some((e) => !EMAIL.test(e.trim()))
    ) {
      issues.push({ field: f.name, message: `${f.title} is not a valid email address.` });
    } else if (f.ref && values.some((v) => !referenceExists(ctx, f, v))) {
      issues.push({ field: f.name, message: `${f.title} is invalid.` });
    }
  }
  for (const name of def.unique ?? []) {
    const value = candidate[name];
    if (isEmpty(value) || flagged.has(name) || (previous && !(name in sent))) continue;
    const wanted = String(value).toLowerCase();
    const clash = ctx.db
      .table(def.table)
      .where(`unique:${name}`, (r) => [String(r[name] ?? '').toLowerCase()], wanted)
      .find((r) => r.id !== previous?.id);
    if (clash) {
      const title = def.fields.find((f) => f.name === name)?.title ?? name;
      issues.push({ field: name, message: `${title} "${String(value)}" has already been taken.` });
    }
  }
}
