// Pages several root collections together: every request carries the next page of each
// collection that still has one, so the request count is the page count of the largest.
import * as v from 'valibot';
import type { SonarClient } from './client.js';
import { completeNested } from './complete-nested.js';
import { halvedPageSize } from './page-size.js';
import { type CollectionSpec, collectionsDocument, ID_ASC } from './queries/collection.js';
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
  /**
   * An upper bound per alias: its rows are read in ascending `attribute` (then id) and the alias
   * ends at the first row past `high`, which is dropped. With a lone `GTE low` search this reads
   * `[low, high]` without putting two bounds on one attribute in one Search object.
   */
  until?: Partial<Record<keyof TSpecs, { attribute: string; high: number }>>;
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
 * whole (62,704 inventory items with their field data are ~3× the converted size). A request
 * that times out is sent again at half the page size, and the smaller size stays.
 */
export async function* pageCollections<TSpecs extends CollectionSpecs>(
  client: SonarClient,
  operation: string,
  specs: TSpecs,
  options: PageCollectionsOptions<TSpecs> = {},
): AsyncGenerator<Partial<CollectionRows<TSpecs>>> {
  let pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const searches = (options.searches ?? {}) as Record<string, SearchInput[] | undefined>;
  const until = (options.until ?? {}) as Record<string, { attribute: string; high: number }>;
  // Rows of each collection read so far; the page asked for is the one that starts there.
  const next = new Map<string, number>(Object.keys(specs).map((alias) => [alias, 0]));
  while (next.size > 0) {
    const parts = [...next.keys()].map((alias) => {
      const bound = until[alias];
      return {
        alias,
        spec: specs[alias] as CollectionSpec,
        searched: searches[alias] !== undefined,
        ...(bound ? { sorter: sorterBy(bound.attribute) } : {}),
      };
    });
    const schema = v.object(
      Object.fromEntries(parts.map(({ alias, spec }) => [alias, pageOf(spec.entity)])),
    );
    const document = collectionsDocument(operation, parts);
    const variables = () =>
      Object.fromEntries(
        [...next].flatMap(([alias, offset]) => [
          [`p_${alias}`, { page: offset / pageSize + 1, records_per_page: pageSize }],
          ...(searches[alias] ? [[`s_${alias}`, searches[alias]]] : []),
        ]),
      );
    const data = (await client.query(operation, document, variables(), schema, options.signal, {
      shrink: () => {
        const smaller = halvedPageSize(pageSize, next.values());
        if (smaller === undefined) return undefined;
        pageSize = smaller;
        return { document, variables: variables() };
      },
    })) as Record<string, { page_info: { total_pages: number }; entities: unknown[] }>;
    await completeNested(client, data, options.signal);
    const out: Record<string, unknown[]> = {};
    for (const { alias } of parts) {
      const page = data[alias] as { page_info: { total_pages: number }; entities: unknown[] };
      const offset = next.get(alias) as number;
      const bound = until[alias];
      const past = bound
        ? page.entities.findIndex((row) => keyOf(row, bound.attribute) > bound.high)
        : -1;
      out[alias] = past === -1 ? page.entities : page.entities.slice(0, past);
      // An empty page ends a collection even if total_pages promised more (rows deleted meanwhile).
      if (
        past !== -1 ||
        page.entities.length === 0 ||
        offset / pageSize + 1 >= page.page_info.total_pages
      )
        next.delete(alias);
      else next.set(alias, offset + pageSize);
    }
    yield out as Partial<CollectionRows<TSpecs>>;
  }
}

function sorterBy(attribute: string): string {
  return attribute === 'id'
    ? ID_ASC
    : `[{attribute: "${attribute}", direction: ASC}, {attribute: "id", direction: ASC}]`;
}

function keyOf(row: unknown, attribute: string): number {
  return Number((row as Record<string, unknown>)[attribute]);
}
