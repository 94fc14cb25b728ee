// The generic resource semantics of §10.2 over any ResourceDef: list with search and paging,
// create, partial update, delete, OPTIONS. Special routes reuse these with their own row scopes.
import { checkValues, fieldsOf, valuesOf } from './additional-values.js';
import { checkFields, coerceInput, defaultValue } from './coerce.js';
import type { Row, SplynxTable } from './db.js';
import type { Ctx, ResourceDef } from './model.js';
import type { PhpValue } from './php-query.js';
import { type FieldIssue, fail, validationFailed } from './replies.js';
import {
  type Condition,
  equalityKeys,
  matches,
  orderAndPage,
  parseConditions,
  parsePaging,
} from './search.js';

function readField(
  ctx: Ctx,
  def: ResourceDef,
  row: Row,
  condition: Pick<Condition, 'group' | 'field'>,
): unknown {
  if (condition.group === 'additional_attributes') {
    return def.afModule ? valuesOf(ctx.db, def.afModule, row)[condition.field] : undefined;
  }
  return row[condition.field];
}

function checkSearchable(ctx: Ctx, def: ResourceDef, conditions: Condition[]): void {
  for (const c of conditions) {
    const known =
      c.group === 'main_attributes'
        ? def.fields.some((f) => f.name === c.field && !f.writeOnly)
        : def.afModule !== undefined &&
          fieldsOf(ctx.db, def.afModule).some((f) => f.name === c.field);
    if (!known) fail(400, 'BAD_REQUEST', `Unknown search attribute ${c.group}[${c.field}]`);
  }
}

/**
 * Filter, order and page `rows` by the query; returns the page and the filtered total. Given the
 * whole `table`, an `=` or `IN` condition picks its candidates from an index instead of a scan.
 */
export function search(
  ctx: Ctx,
  def: ResourceDef,
  rows: Row[] | SplynxTable,
  query: Record<string, PhpValue>,
): { page: Row[]; total: number; conditions: Condition[] } {
  const conditions = parseConditions(query);
  checkSearchable(ctx, def, conditions);
  const paging = parsePaging(query);
  const candidates = Array.isArray(rows)
    ? rows
    : (indexed(ctx, def, rows, conditions) ?? rows.all());
  const filtered = conditions.length
    ? candidates.filter((row) => conditions.every((c) => matches(readField(ctx, def, row, c), c)))
    : candidates;
  const page = orderAndPage(filtered, paging, (row, field) =>
    readField(ctx, def, row, { group: 'main_attributes', field }),
  );
  return { page, total: filtered.length, conditions };
}

function indexed(
  ctx: Ctx,
  def: ResourceDef,
  table: SplynxTable,
  conditions: Condition[],
): Row[] | undefined {
  const c = conditions.find((x) => x.operator === '=' || x.operator === 'IN');
  if (!c) return undefined;
  const first = c.values[0];
  const wanted = c.operator === 'IN' ? (Array.isArray(first) ? first : []) : [first];
  const name = `${c.group}:${c.field}`;
  const key = (row: Row) => equalityKeys(readField(ctx, def, row, c));
  const found = new Map<number, Row>();
  for (const value of wanted) {
    for (const k of equalityKeys(typeof value === 'string' ? value : '')) {
      for (const row of table.where(name, key, k)) found.set(row.id, row);
    }
  }
  return [...found.values()].sort((a, b) => a.id - b.id);
}

export function asBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    fail(400, 'BAD_REQUEST', 'Invalid body');
  return body as Record<string, unknown>;
}

function validate(
  ctx: Ctx,
  def: ResourceDef,
  body: Record<string, unknown>,
  previous: Row | undefined,
  fixed: Record<string, unknown>,
): Record<string, unknown> {
  const issues: FieldIssue[] = [];
  const input = { ...coerceInput(def, body, issues, ctx.options), ...fixed };
  const candidate: Record<string, unknown> = previous ? { ...previous, ...input } : {};
  if (!previous) {
    for (const f of def.fields) {
      if (f.name === 'id') continue;
      candidate[f.name] = f.name in input ? input[f.name] : defaultValue(f);
    }
  }
  checkFields(ctx, def, candidate, input, previous, issues);
  def.validate?.({ ctx, def, candidate, previous, input, issues });
  if (def.afModule) {
    candidate.additional_attributes = checkValues(
      ctx,
      def.table,
      def.afModule,
      body.additional_attributes,
      previous,
      issues,
    );
  }
  if (issues.length) validationFailed(issues, ctx.options);
  return candidate;
}

export function createRecord(
  ctx: Ctx,
  def: ResourceDef,
  body: Record<string, unknown>,
  fixed: Record<string, unknown> = {},
): Row {
  const candidate = validate(ctx, def, body, undefined, fixed);
  const row = ctx.db.table(def.table).insert(candidate);
  def.afterCreate?.(ctx, row);
  return row;
}

export function updateRecord(
  ctx: Ctx,
  def: ResourceDef,
  row: Row,
  body: Record<string, unknown>,
): Row {
  const previous = { ...row };
  const candidate = validate(ctx, def, body, row, {});
  const updated = ctx.db.table(def.table).update(row.id, candidate) ?? row;
  def.afterUpdate?.(ctx, updated, previous);
  return updated;
}

export function deleteRecord(ctx: Ctx, def: ResourceDef, row: Row): void {
  ctx.db.table(def.table).delete(row.id);
  def.afterDelete?.(ctx, row);
}

const asBoolean = (flag: unknown) => flag === true || flag === 1 || flag === '1';

/**
 * An additional field as OPTIONS lists it: exactly the keys of the blueprint's `Base options
 * with AFs response` (splynx-api.md §4.4 lists the same), flags as booleans as it types them.
 */
function describeField(definition: Row): Record<string, unknown> {
  return {
    name: definition.name,
    title: definition.title,
    type: definition.type,
    required: asBoolean(definition.is_required),
    module: definition.module,
    category: definition.category,
    position: definition.position,
    decimals: definition.decimals,
    is_unique: asBoolean(definition.is_unique),
    is_add: asBoolean(definition.is_add),
    show_in_list: asBoolean(definition.show_in_list),
    searchable: asBoolean(definition.searchable),
    readonly: asBoolean(definition.readonly),
    disabled: asBoolean(definition.disabled),
    hidden: asBoolean(definition.hidden),
    set_default_value: asBoolean(definition.set_default_value),
  };
}

/**
 * OPTIONS: the advertised attributes, and the module's additional fields where it has one. The
 * live instance answers `{attributes, additional_attributes}` (live-endpoints.json); with
 * `optionsShape: 'blueprint'` it is one flat array of both, as the blueprint's Base requests →
 * Get attributes of an entity declares (`array[Base options response, Base options with AFs
 * response]`).
 */
export function describe(ctx: Ctx, def: ResourceDef): unknown {
  const attributes = def.fields
    .filter((f) => !f.hidden)
    .map((f) => ({ name: f.name, title: f.title, type: f.type, required: f.required }));
  const additional = def.afModule ? fieldsOf(ctx.db, def.afModule).map(describeField) : [];
  if (ctx.options.optionsShape === 'blueprint') return [...attributes, ...additional];
  return def.afModule ? { attributes, additional_attributes: additional } : { attributes };
}
