// The `sonar_id` additional field that ties every migrated record to its Sonar origin (MAPPING.md,
// Identity): unique and searchable, created once per Splynx module.
import * as v from 'valibot';
import { ApiError } from '../../errors.js';
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

export async function ensureSonarIdField(ctx: PhaseContext, module: string): Promise<void> {
  const item = `admin/config/additional-fields/${module}--sonar_id`;
  let action: 'created' | 'adopted' = 'adopted';
  try {
    await ctx.splynx.get(item, recordSchema, { signal: ctx.signal });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    await ctx.splynx.create(`admin/config/additional-fields/${module}`, SONAR_ID_FIELD, ctx.signal);
    action = 'created';
  }
  await ctx.ledger.commit({
    entity: 'additional_field',
    sonarId: module,
    splynxId: `${module}--sonar_id`,
    action,
  });
  ctx.emit({
    type: 'entity',
    phase: 'foundation',
    entity: 'additional_field',
    sonarId: module,
    label: `sonar_id field in ${module}`,
    action,
  });
}

const recordSchema = v.record(v.string(), v.unknown());
