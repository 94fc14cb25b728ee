// The Splynx a plan talks to (DESIGN.md: plan before apply). Reads go to the real Splynx; writes
// are recorded instead of sent, and records that exist only in the plan are answered from memory,
// so the very code that migrates runs its lookups, adopt-or-create decisions and read-backs
// unchanged and a plan cannot drift from what migrate does.
import type { SplynxClient } from '../splynx/client.js';
import type { Condition, Filter, ListQuery } from '../splynx/query-string.js';

export type WriteMethod = 'POST' | 'PUT' | 'DELETE';

type Row = Record<string, unknown>;

// Records the plan "created" answer their read-backs and the status step of their customer, all
// within one customer's turn; a bound keeps a 100,000-account plan from holding every payload.
const REMEMBERED = 50_000;

/**
 * Plan-only ids are negative: Splynx never hands one out, so a path or filter naming one is known
 * to concern a record that exists only in this plan.
 */
const PLAN_ID = /(?:^|\/|--)(-\d+)(?=$|\/|--|\?)/g;

function planIdsIn(path: string): number[] {
  return [...path.matchAll(PLAN_ID)].map((m) => Number(m[1]));
}

function namesPlanId(filters: Pick<ListQuery, 'main' | 'additional'>): boolean {
  const values = [...Object.values(filters.main ?? {}), ...Object.values(filters.additional ?? {})];
  return values.some((c) => typeof c === 'number' && c < 0);
}

function matches(row: Row, main: Filter | undefined, additional: Filter | undefined): boolean {
  const extra = (row.additional_attributes ?? {}) as Row;
  const test = (value: unknown, condition: Condition) => {
    if (Array.isArray(condition)) {
      const [op, operand] = condition;
      if (op === 'IN' && Array.isArray(operand)) return operand.map(String).includes(String(value));
      // Other operators never search for records s2s writes; a plan record does not match them.
      return false;
    }
    return String(value) === String(condition);
  };
  return (
    Object.entries(main ?? {}).every(([f, c]) => test(row[f], c)) &&
    Object.entries(additional ?? {}).every(([f, c]) => test(extra[f], c))
  );
}

export class DrySplynx {
  /** Intended writes per method, e.g. `{ POST: 120, PUT: 80 }`. */
  readonly writes: Partial<Record<WriteMethod, number>> = {};
  /** Plan id → the created body, and the collection it was created in. */
  private readonly created = new Map<number, { path: string; body: Row }>();
  /** Collection path → plan ids created there, so a search looks only at its own collection. */
  private readonly byPath = new Map<string, Set<number>>();
  /** Path → fields PUT there by the plan, laid over what Splynx (or the plan) holds. */
  private readonly patches = new Map<string, Row>();
  private nextId = -1;

  constructor(private readonly real: SplynxClient) {}

  /** The client phases use: the real one with its writes and plan-only records answered here. */
  client(): SplynxClient {
    const real = this.real;
    // Inherits everything (auth, limiter, OPTIONS cache) from the real client; only the methods
    // below are answered differently, and the real ones they replace call through `this`.
    const dry = Object.create(real) as SplynxClient;
    const self = this;
    Object.assign(dry, {
      async create(path: string, body: unknown) {
        return { id: self.create(path, body as Row) };
      },
      // An additional field is named, not numbered: the plan counts its POST like any other.
      async createNamed(path: string, body: { name: string }) {
        self.create(path, body as Row);
        return { name: body.name };
      },
      async update(path: string, body: unknown) {
        self.count('PUT');
        self.remember(self.patches, path, { ...self.patches.get(path), ...(body as Row) });
      },
      async remove(_path: string) {
        self.count('DELETE');
      },
      async get(path: string, schema: unknown, options: { signal?: AbortSignal } = {}) {
        const planned = planIdsIn(path).at(-1);
        const base =
          planned !== undefined
            ? { id: planned, ...self.created.get(planned)?.body }
            : self.patches.has(path)
              ? ((await real.get(path, schema as never, options)) as Row)
              : undefined;
        if (base === undefined) return real.get(path, schema as never, options);
        return { ...base, ...self.patches.get(path) };
      },
      async list(
        path: string,
        schema: unknown,
        options: ListQuery & { signal?: AbortSignal } = {},
      ) {
        const own = self.listed(path, options);
        if (planIdsIn(path).length > 0 || namesPlanId(options)) return own;
        const rows = (await real.list(path, schema as never, options)) as Row[];
        // Offset paging: the plan's records follow the last page Splynx answers.
        const last = options.limit === undefined || rows.length < options.limit;
        return last ? [...rows, ...own] : rows;
      },
    });
    return dry;
  }

  private create(path: string, body: Row): number {
    const id = this.nextId--;
    this.count('POST');
    this.remember(this.created, id, { path, body: { ...body, id } });
    let ids = this.byPath.get(path);
    if (!ids) {
      ids = new Set();
      this.byPath.set(path, ids);
    }
    ids.add(id);
    return id;
  }

  private listed(path: string, options: Pick<ListQuery, 'main' | 'additional'>): Row[] {
    const rows: Row[] = [];
    for (const id of this.byPath.get(path) ?? []) {
      const entry = this.created.get(id);
      if (!entry) this.byPath.get(path)?.delete(id);
      else if (matches(entry.body, options.main, options.additional)) rows.push(entry.body);
    }
    return rows;
  }

  private remember<K, V>(map: Map<K, V>, key: K, value: V): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > REMEMBERED) map.delete(map.keys().next().value as K);
  }

  private count(method: WriteMethod): void {
    this.writes[method] = (this.writes[method] ?? 0) + 1;
  }
}
