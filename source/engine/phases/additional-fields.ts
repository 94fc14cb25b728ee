// The `sonar_id` additional field that ties every migrated record to its Sonar origin (MAPPING.md,
// Identity): unique and searchable, created once per Splynx module.
//
// Splynx names an additional field by its module and name, never by an id: the create answers
// `201 {"name": "sonar_id"}` (api-blueprint.apib, Create Additional Field → Response 201 →
// Attributes (Additional Field Name)) and the field is read back at `{module}--{name}`. So the
// name is the key: looked up before the create, and again after any create whose outcome is
// unknown, so a field is never sent twice.
import * as v from 'valibot';
import { ApiError } from '../../errors.js';
import { abortableSleep, backoffDelay, DEFAULT_BACKOFF } from '../../http/backoff.js';
import type { PhaseContext } from '../phase.js';

/** The field as s2s creates it (tests create the same one on a bare simulator). */
export const SONAR_ID_FIELD = {
  name: 'sonar_id',
  title: 'Sonar ID',
  type: 'string',
  is_required: 0,
  is_unique: 1,
  is_add: 1,
  show_in_list: 0,
  searchable: 1,
  readonly: 0,
  disabled: 0,
};

/**
 * Where a migrated service really began: its Splynx `start_date` is the first day Sonar has not
 * billed (mapping/billing-start.ts), so the activation date is kept here. Not unique: many
 * services start on the same day.
 */
export const ACTIVATION_DATE_FIELD = {
  ...SONAR_ID_FIELD,
  name: 'sonar_activation_date',
  title: 'Sonar activation date',
  is_unique: 0,
  searchable: 0,
};

/** The service modules that carry `sonar_activation_date`. */
export const ACTIVATION_DATE_MODULES = ['services_internet', 'services_custom'] as const;

type FieldSpec = typeof SONAR_ID_FIELD;

/** The ledger key of a field: bare module for `sonar_id` (as before), `module--name` otherwise. */
export function fieldKey(module: string, field: FieldSpec = SONAR_ID_FIELD): string {
  return field.name === SONAR_ID_FIELD.name ? module : `${module}--${field.name}`;
}

export type FieldContext = Pick<PhaseContext, 'splynx' | 'ledger' | 'emit' | 'signal'> & {
  /** Creates sent at most (default: the backoff's attempts). */
  maxAttempts?: number;
};

const recordSchema = v.record(v.string(), v.unknown());

async function fieldExists(
  ctx: Omit<FieldContext, 'ledger'>,
  module: string,
  field: FieldSpec,
): Promise<boolean> {
  const item = `admin/config/additional-fields/${module}--${field.name}`;
  return (await ctx.splynx.find(item, recordSchema, { signal: ctx.signal })) !== undefined;
}

/**
 * Creates the field unless it exists. A create whose outcome is unknown (a 5xx after the commit,
 * a timeout, an answer without the name) is settled by looking the field up by name; only when
 * Splynx has no such field is it sent again. Returns what happened.
 */
export async function createSonarIdField(
  ctx: Omit<FieldContext, 'ledger'>,
  module: string,
  field: FieldSpec = SONAR_ID_FIELD,
): Promise<'created' | 'adopted'> {
  if (await fieldExists(ctx, module, field)) return 'adopted';
  const attempts = ctx.maxAttempts ?? DEFAULT_BACKOFF.attempts;
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.splynx.createNamed(`admin/config/additional-fields/${module}`, field, ctx.signal);
      return 'created';
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.kind === 'unknown-outcome') {
        if (await fieldExists(ctx, module, field)) return 'created';
        if (attempt >= attempts) throw error;
        ctx.emit({
          type: 'log',
          level: 'warn',
          message: `${field.name} field in ${module}: outcome of the create was unknown and Splynx has no such field; sending it again (attempt ${attempt + 1})`,
        });
        await abortableSleep(backoffDelay(attempt, DEFAULT_BACKOFF), ctx.signal);
      } else if (error.kind === 'retryable' && attempt < attempts) {
        await abortableSleep(
          backoffDelay(attempt, DEFAULT_BACKOFF, error.retryAfterMs),
          ctx.signal,
        );
      } else {
        throw error;
      }
    }
  }
}

export async function ensureSonarIdField(
  ctx: FieldContext,
  module: string,
  field: FieldSpec = SONAR_ID_FIELD,
): Promise<void> {
  const action = await createSonarIdField(ctx, module, field);
  const sonarId = fieldKey(module, field);
  await ctx.ledger.commit({
    entity: 'additional_field',
    sonarId,
    splynxId: `${module}--${field.name}`,
    action,
  });
  ctx.emit({
    type: 'entity',
    phase: 'foundation',
    entity: 'additional_field',
    sonarId,
    label: `${field.name} field in ${module}`,
    action,
  });
}
