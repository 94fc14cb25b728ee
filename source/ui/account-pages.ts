// Paged, cached access to the account list for one filter: the list screen asks for the rows in
// its window and only those pages are fetched, so 50,000 accounts cost what one screen costs.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SonarState } from '../mapping/mapping-config.js';
import type { AccountRow, AppServices } from './services.js';

export const PAGE_SIZE = 100;

export interface AccountFilter {
  search: string;
  states?: SonarState[];
}

export interface AccountWindow {
  /** null until the first page answers. */
  total: number | null;
  rowAt(index: number): AccountRow | undefined;
  /** Makes sure rows [from, to) are loaded or loading. */
  want(from: number, to: number): void;
  error?: string;
}

export function useAccountPages(services: AppServices, filter: AccountFilter): AccountWindow {
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string>();
  const [, setVersion] = useState(0);
  const pages = useRef(new Map<number, AccountRow[]>());
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const key = `${filter.search}|${filter.states?.join(',') ?? ''}`;
  const current = useRef(filter);
  current.current = filter;

  const load = useCallback(
    (page: number, gen: number) => {
      if (pages.current.has(page) || loading.current.has(page)) return;
      loading.current.add(page);
      const filter = current.current;
      services
        .listAccounts({
          ...(filter.search ? { search: filter.search } : {}),
          ...(filter.states ? { states: filter.states } : {}),
          page,
          pageSize: PAGE_SIZE,
        })
        .then(
          (result) => {
            if (gen !== generation.current) return;
            loading.current.delete(page);
            pages.current.set(page, result.rows);
            setTotal(result.totalCount);
            setError(undefined);
            setVersion((v) => v + 1);
          },
          (err: unknown) => {
            if (gen !== generation.current) return;
            loading.current.delete(page);
            setError(err instanceof Error ? err.message : String(err));
          },
        );
    },
    [services],
  );

  // A new filter (its key) starts a new generation: answers for the old one are dropped.
  // biome-ignore lint/correctness/useExhaustiveDependencies: key is the filter's identity
  useEffect(() => {
    generation.current++;
    pages.current = new Map();
    loading.current = new Set();
    setTotal(null);
    load(1, generation.current);
  }, [key, load]);

  return {
    total,
    ...(error ? { error } : {}),
    rowAt: (index) => pages.current.get(Math.floor(index / PAGE_SIZE) + 1)?.[index % PAGE_SIZE],
    want: (from, to) => {
      const first = Math.floor(Math.max(0, from) / PAGE_SIZE) + 1;
      const last = Math.floor(Math.max(0, to - 1) / PAGE_SIZE) + 1;
      for (let page = first; page <= last; page++) load(page, generation.current);
    },
  };
}

/** Every id matching a filter, page by page (for "all" and "invert"). */
export async function allIds(services: AppServices, filter: AccountFilter): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const result = await services.listAccounts({
      ...(filter.search ? { search: filter.search } : {}),
      ...(filter.states ? { states: filter.states } : {}),
      page,
      pageSize: 500,
    });
    for (const row of result.rows) ids.push(row.id);
    if (page >= result.totalPages || result.rows.length === 0) return ids;
  }
}
