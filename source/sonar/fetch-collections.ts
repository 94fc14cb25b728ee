// Pages several root collections together: every request carries the next page of each
// collection that still has one, so the request count is the page count of the largest.
import * as v from 'valibot';
import type { SonarClient } from './client.js';
import { type CollectionSpec, collectionsDocument } from './queries/collection.js';
import type { SearchInput } from './selection.js';
import { pageOf } from './wire.js';

export type CollectionSpecs = Record<string, CollectionSpec>;
export type CollectionRows<TSpecs extends CollectionSpecs> = {
  [K in keyof TSpecs]: v.InferOutput<TSpecs[K]['entity']>[];
};

export const DEFAULT_PAGE_SIZE = 500;

export interface PageCollectionsOptions<TSpecs extends CollectionSpecs> {
  pageSize?: number;
  signal?: AbortSignal;
  /** A `search` per alias (Search objects ORed); an alias without one reads its whole collection. */
  searches?: Partial<Record<keyof TSpecs, SearchInput[]>>;
}

export async function fetchCollections<TSpecs extends CollectionSpecs>(
  client: SonarClient,
  operation: string,
  specs: TSpecs,
  options: PageCollectionsOptions<TSpecs> = {},
): Promise<CollectionRows<TSpecs>> {
  const rows: Record<string, unknown[]> = Object.fromEntries(
    Object.keys(specs).map((alias) => [alias, []]),
  );
  for await (const pages of pageCollections(client, operation, specs, options)) {
    for (const [alias, entities] of Object.entries(pages)) {
      (rows[alias] as unknown[]).push(...(entities as unknown[]));
    }
  }
  return rows as CollectionRows<TSpecs>;
}

/**
 * The same requests, one answer at a time: each holds the next page of every collection that
 * still has one. Callers that convert rows page by page never hold a collection's raw rows
 * whole (62,704 inventory items with their field data are ~3× the converted size).
 */
export async function* pageCollections<TSpecs extends CollectionSpecs>(
  client: SonarClient,
  operation: string,
  specs: TSpecs,
  options: PageCollectionsOptions<TSpecs> = {},
): AsyncGenerator<Partial<CollectionRows<TSpecs>>> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const searches = (options.searches ?? {}) as Record<string, SearchInput[] | undefined>;
  const next = new Map<string, number>(Object.keys(specs).map((alias) => [alias, 1]));
  while (next.size > 0) {
    const parts = [...next.keys()].map((alias) => ({
      alias,
      spec: specs[alias] as CollectionSpec,
      searched: searches[alias] !== undefined,
    }));
    const schema = v.object(
      Object.fromEntries(parts.map(({ alias, spec }) => [alias, pageOf(spec.entity)])),
    );
    const variables = Object.fromEntries(
      [...next].flatMap(([alias, page]) => [
        [`p_${alias}`, { page, records_per_page: pageSize }],
        ...(searches[alias] ? [[`s_${alias}`, searches[alias]]] : []),
      ]),
    );
    const data = (await client.query(
      operation,
      collectionsDocument(operation, parts),
      variables,
      schema,
      options.signal,
    )) as Record<string, { page_info: { total_pages: number }; entities: unknown[] }>;
    const out: Record<string, unknown[]> = {};
    for (const { alias } of parts) {
      const page = data[alias] as { page_info: { total_pages: number }; entities: unknown[] };
      const current = next.get(alias) as number;
      out[alias] = page.entities;
      // An empty page ends a collection even if total_pages promised more (rows deleted meanwhile).
      if (page.entities.length === 0 || current >= page.page_info.total_pages) next.delete(alias);
      else next.set(alias, current + 1);
    }
    yield out as Partial<CollectionRows<TSpecs>>;
  }
}
