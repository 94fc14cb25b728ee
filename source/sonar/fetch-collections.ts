// Pages several root collections together: every request carries the next page of each
// collection that still has one, so the request count is the page count of the largest.
import * as v from 'valibot';
import type { SonarClient } from './client.js';
import { type CollectionSpec, collectionsDocument } from './queries/collection.js';
import { pageOf } from './wire.js';

export type CollectionSpecs = Record<string, CollectionSpec>;
export type CollectionRows<TSpecs extends CollectionSpecs> = {
  [K in keyof TSpecs]: v.InferOutput<TSpecs[K]['entity']>[];
};

export const DEFAULT_PAGE_SIZE = 500;

export async function fetchCollections<TSpecs extends CollectionSpecs>(
  client: SonarClient,
  operation: string,
  specs: TSpecs,
  options: { pageSize?: number; signal?: AbortSignal } = {},
): Promise<CollectionRows<TSpecs>> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const rows: Record<string, unknown[]> = {};
  const next = new Map<string, number>();
  for (const alias of Object.keys(specs)) {
    rows[alias] = [];
    next.set(alias, 1);
  }
  while (next.size > 0) {
    const parts = [...next.keys()].map((alias) => ({
      alias,
      spec: specs[alias] as CollectionSpec,
    }));
    const schema = v.object(
      Object.fromEntries(parts.map(({ alias, spec }) => [alias, pageOf(spec.entity)])),
    );
    const variables = Object.fromEntries(
      [...next].map(([alias, page]) => [`p_${alias}`, { page, records_per_page: pageSize }]),
    );
    const data = (await client.query(
      operation,
      collectionsDocument(operation, parts),
      variables,
      schema,
      options.signal,
    )) as Record<string, { page_info: { total_pages: number }; entities: unknown[] }>;
    for (const { alias } of parts) {
      const page = data[alias] as { page_info: { total_pages: number }; entities: unknown[] };
      const current = next.get(alias) as number;
      (rows[alias] as unknown[]).push(...page.entities);
      // An empty page ends a collection even if total_pages promised more (rows deleted meanwhile).
      if (page.entities.length === 0 || current >= page.page_info.total_pages) next.delete(alias);
      else next.set(alias, current + 1);
    }
  }
  return rows as CollectionRows<TSpecs>;
}
