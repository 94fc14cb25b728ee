// Builds the documents for paging root collections, several at once under aliases, so small
// collections share one request and large ones advance page by page together.
import type * as v from 'valibot';
import { BugError } from '../../errors.js';

export interface CollectionSpec<TEntity extends v.GenericSchema = v.GenericSchema> {
  /** Root query field, e.g. `ip_assignments`. */
  field: string;
  /** Fixed filter arguments in GraphQL syntax, e.g. `noteable_type: Account`. */
  args?: string;
  /** Selection set inside `entities { ... }`. */
  selection: string;
  /** Wire shape of one entity. */
  entity: TEntity;
}

export const ID_ASC = '[{attribute: "id", direction: ASC}]';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `query <operation>($p_<alias>: Paginator!, ...) { <alias>: <field>(<args>, paginator, sorter) {...} }`.
 * Each alias has its own paginator variable so the collections can be on different pages.
 */
export function collectionsDocument(
  operation: string,
  parts: readonly { alias: string; spec: CollectionSpec }[],
): string {
  if (!NAME.test(operation)) throw new BugError(`bad operation name ${operation}`);
  const variables = parts.map(({ alias }) => `$p_${alias}: Paginator!`).join(', ');
  const fields = parts.map(({ alias, spec }) => {
    if (!NAME.test(alias)) throw new BugError(`bad alias ${alias}`);
    const args = [spec.args, `paginator: $p_${alias}`, `sorter: ${ID_ASC}`]
      .filter(Boolean)
      .join(', ');
    return `  ${alias}: ${spec.field}(${args}) {
    page_info { page total_pages total_count records_per_page }
    entities { ${spec.selection} }
  }`;
  });
  return `query ${operation}(${variables}) {\n${fields.join('\n')}\n}`;
}
