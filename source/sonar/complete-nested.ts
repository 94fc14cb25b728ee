// Nested lists Sonar cut short are completed, never passed on short. A list whose page_info says
// more rows exist than came back (wire.ts marks it) is read on: its parent is found by id through
// its root collection and the same relation is paged from page 2, many lists per request under
// aliases. A list that still comes up short stops the extraction with the parent and the list
// named, since a migration that silently drops an account's 41st note is worse than one that stops.
import * as v from 'valibot';
import { ApiError, BugError } from '../errors.js';
import type { SonarClient } from './client.js';
import {
  CUT,
  type MaybeCut,
  NESTED_PAGE_INFO,
  NESTED_PARENT_ROOTS,
  type NestedCut,
  type NestedList,
  pageInfoSchema,
} from './wire.js';

/** Aliased nested pages per request. */
export const NESTED_PAGES_PER_REQUEST = 50;

interface Found {
  parentId: string;
  list: MaybeCut<unknown>;
  cut: NestedCut;
}

/** Completes, in place, every cut nested list anywhere in `data` (and in the rows it adds). */
export async function completeNested(
  client: SonarClient,
  data: unknown,
  signal: AbortSignal | undefined,
): Promise<void> {
  let found = findCuts(data);
  while (found.length > 0) {
    const added: unknown[] = [];
    const requests = found.flatMap((item) => {
      const pages = Math.ceil(item.cut.total / Math.max(1, item.cut.perPage));
      if (item.cut.perPage < 1 || item.list.length !== item.cut.perPage) throw cutShort(item);
      return Array.from({ length: pages - 1 }, (_, i) => ({ item, page: i + 2 }));
    });
    for (let i = 0; i < requests.length; i += NESTED_PAGES_PER_REQUEST) {
      const chunk = requests.slice(i, i + NESTED_PAGES_PER_REQUEST);
      const document = nestedPagesDocument(
        chunk.map(({ item, page }) => ({
          list: item.cut,
          parentId: item.parentId,
          page,
          perPage: item.cut.perPage,
        })),
      );
      const schema = v.object(
        Object.fromEntries(
          chunk.map(({ item }, n) => [
            `n${n}`,
            v.object({
              entities: v.array(
                v.object({
                  list: v.object({ page_info: pageInfoSchema, entities: v.array(item.cut.entity) }),
                }),
              ),
            }),
          ]),
        ),
      );
      const answer = (await client.query(
        'SonarNestedPages',
        document,
        undefined,
        schema,
        signal,
      )) as Record<string, { entities: { list: { entities: unknown[] } }[] }>;
      chunk.forEach(({ item }, n) => {
        const rows = answer[`n${n}`]?.entities[0]?.list.entities ?? [];
        item.list.push(...rows);
        added.push(rows);
      });
    }
    for (const item of found) {
      if (item.list.length < item.cut.total) throw cutShort(item);
      delete item.list[CUT];
    }
    // Rows read on may hold lists of their own that were cut.
    found = findCuts(added);
  }
}

export interface NestedPageRequest {
  list: NestedList;
  parentId: string;
  page: number;
  perPage: number;
}

/** `n<i>: <parent root>(id: <parent>) { entities { list: <relation>(paginator) {...} } }` each. */
export function nestedPagesDocument(requests: readonly NestedPageRequest[]): string {
  const fields = requests.map(({ list, parentId, page, perPage }, n) => {
    if (!/^\d+$/.test(parentId)) throw new BugError(`parent id ${parentId} is not numeric`);
    const root = NESTED_PARENT_ROOTS[list.parent];
    // The parent may be archived; the root hides archived accounts unless asked.
    const archived = list.parent === 'Account' ? ', include_archived: true' : '';
    return `  n${n}: ${root}(id: ${parentId}${archived}) {
    entities { list: ${list.relation}(paginator: {page: ${page}, records_per_page: ${perPage}}) {
      ${NESTED_PAGE_INFO} entities { ${list.selection} } } }
  }`;
  });
  return `query SonarNestedPages {\n${fields.join('\n')}\n}`;
}

function findCuts(data: unknown): Found[] {
  const found: Found[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const parentId = (value as { id?: unknown }).id;
    for (const child of Object.values(value)) {
      const cut = Array.isArray(child) ? (child as MaybeCut<unknown>)[CUT] : undefined;
      if (cut) {
        if (typeof parentId !== 'string') {
          throw new ApiError(
            `Sonar ${cut.parent}.${cut.relation} came back cut short (${child.length} of ${cut.total}) under a row without an id`,
            { service: 'sonar', kind: 'fatal', method: 'POST', path: cut.relation },
          );
        }
        found.push({ parentId, list: child as MaybeCut<unknown>, cut });
      }
      walk(child);
    }
  };
  walk(data);
  return found;
}

function cutShort({ parentId, list, cut }: Found): ApiError {
  return new ApiError(
    `Sonar ${cut.parent} ${parentId}: its ${cut.relation} came back cut short (${list.length} of ${cut.total} rows) and could not be read in full`,
    {
      service: 'sonar',
      kind: 'record',
      method: 'POST',
      path: `${NESTED_PARENT_ROOTS[cut.parent]}/${parentId}/${cut.relation}`,
      hint: 'Sonar pages nested lists on its own and did not page this one further; report this with the Sonar version',
    },
  );
}
