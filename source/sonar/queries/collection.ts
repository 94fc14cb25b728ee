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

export interface CollectionPart {
  alias: string;
  spec: CollectionSpec;
  /** Whether the alias takes a `$s_<alias>: [Search]` variable as its `search` argument. */
  searched?: boolean;
  /** A `sorter` literal; default ascending id. */
  sorter?: string;
}

/**
 * `query <operation>($p_<alias>: Paginator!, ...) { <alias>: <field>(<args>, paginator, sorter) {...} }`.
 * Each alias has its own paginator variable so the collections can be on different pages, and its
 * own search variable when it is searched.
 */
export function collectionsDocument(operation: string, parts: readonly CollectionPart[]): string {
  if (!NAME.test(operation)) throw new BugError(`bad operation name ${operation}`);
  const variables = parts
    .flatMap(({ alias, searched }) => [
      `$p_${alias}: Paginator!`,
      ...(searched ? [`$s_${alias}: [Search]`] : []),
    ])
    .join(', ');
  const fields = parts.map(({ alias, spec, searched, sorter }) => {
    if (!NAME.test(alias)) throw new BugError(`bad alias ${alias}`);
    const args = [
      spec.args,
      `paginator: $p_${alias}`,
      `sorter: ${sorter ?? ID_ASC}`,
      searched ? `search: $s_${alias}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    return `  ${alias}: ${spec.field}(${args}) {
    page_info { page total_pages total_count records_per_page }
    entities { ${spec.selection} }
  }`;
  });
  return `query ${operation}(${variables}) {\n${fields.join('\n')}\n}`;
}
