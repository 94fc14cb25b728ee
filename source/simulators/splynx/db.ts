// The simulator's storage: one table of rows per Splynx entity, ids auto-incrementing per table
// after the seed. Rows hold values already in their v5 wire form (ints, "0"/"1", "12.0000").

export type Row = { id: number } & Record<string, unknown>;

/** One mutation of a table, as splynx-persistence.ts writes it down and replays it. */
export type TableChange =
  | { t: string; op: 'put'; row: Row }
  | { t: string; op: 'patch'; id: number; patch: Record<string, unknown> }
  | { t: string; op: 'del'; id: number }
  | { t: string; op: 'next'; next: number };

/** A lookup by some value of a row, kept current on every insert, update and delete. */
interface Index {
  /** Every value the row is found under (several for a multi-valued field). */
  key: (row: Row) => string[];
  ids: Map<string, Set<number>>;
}

export class SplynxTable {
  private readonly byId = new Map<number, Row>();
  private readonly indexes = new Map<string, Index>();
  private nextId = 1;
  /** Told every change before the caller (and so the HTTP answer) sees its result. */
  onChange: ((change: TableChange) => void) | undefined;

  constructor(readonly name: string) {}

  /** The id the next insert gets: a deleted last row's id is never handed out again. */
  get next(): number {
    return this.nextId;
  }

  set next(value: number) {
    this.nextId = Math.max(this.nextId, value);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Insert with the next id, or with `id` when given (seed data, composite rows). */
  insert(values: Record<string, unknown>, id?: number): Row {
    const rowId = id ?? this.nextId;
    if (this.byId.has(rowId)) throw new RangeError(`${this.name}: id ${rowId} exists`);
    this.nextId = Math.max(this.nextId, rowId + 1);
    const row: Row = { ...values, id: rowId };
    this.byId.set(rowId, row);
    for (const index of this.indexes.values()) add(index, row);
    this.onChange?.({ t: this.name, op: 'put', row });
    return row;
  }

  get(id: number): Row | undefined {
    return this.byId.get(id);
  }

  update(id: number, patch: Record<string, unknown>): Row | undefined {
    const row = this.byId.get(id);
    if (!row) return undefined;
    for (const index of this.indexes.values()) remove(index, row);
    Object.assign(row, patch, { id });
    for (const index of this.indexes.values()) add(index, row);
    this.onChange?.({ t: this.name, op: 'patch', id, patch });
    return row;
  }

  delete(id: number): boolean {
    const row = this.byId.get(id);
    if (!row) return false;
    for (const index of this.indexes.values()) remove(index, row);
    this.byId.delete(id);
    this.onChange?.({ t: this.name, op: 'del', id });
    return true;
  }

  /**
   * Rows whose `key(row)` is `value`, in id order. The index `name` is built on first use and
   * kept current, so lookups by customer, login or sonar_id stay O(1) at 100,000 customers
   * (a scan per request made the scale bench quadratic). One name, one key function.
   */
  where(name: string, key: (row: Row) => string[], value: string): Row[] {
    let index = this.indexes.get(name);
    if (!index) {
      index = { key, ids: new Map() };
      for (const row of this.byId.values()) add(index, row);
      this.indexes.set(name, index);
    }
    const ids = index.ids.get(value);
    if (!ids) return [];
    return [...ids].sort((a, b) => a - b).map((id) => this.byId.get(id) as Row);
  }

  /** Rows whose `field` is `value` exactly (as text): a customer's services, a login's owner. */
  byField(field: string, value: unknown): Row[] {
    return this.where(`field:${field}`, (row) => [String(row[field])], String(value));
  }

  all(): Row[] {
    return [...this.byId.values()];
  }

  find(predicate: (row: Row) => boolean): Row | undefined {
    for (const row of this.byId.values()) if (predicate(row)) return row;
    return undefined;
  }

  filter(predicate: (row: Row) => boolean): Row[] {
    return this.all().filter(predicate);
  }
}

function add(index: Index, row: Row): void {
  for (const value of index.key(row)) {
    let ids = index.ids.get(value);
    if (!ids) {
      ids = new Set();
      index.ids.set(value, ids);
    }
    ids.add(row.id);
  }
}

function remove(index: Index, row: Row): void {
  for (const value of index.key(row)) {
    const ids = index.ids.get(value);
    ids?.delete(row.id);
    if (ids?.size === 0) index.ids.delete(value);
  }
}

export class SplynxDb {
  private readonly tables = new Map<string, SplynxTable>();
  private onChange: ((change: TableChange) => void) | undefined;

  /** The table by name, created empty on first use. */
  table(name: string): SplynxTable {
    let table = this.tables.get(name);
    if (!table) {
      table = new SplynxTable(name);
      table.onChange = this.onChange;
      this.tables.set(name, table);
    }
    return table;
  }

  /** Every table's changes, present and future tables alike, go to `listener` (one at a time). */
  watch(listener: ((change: TableChange) => void) | undefined): void {
    this.onChange = listener;
    for (const table of this.tables.values()) table.onChange = listener;
  }

  has(name: string): boolean {
    return this.tables.has(name);
  }

  names(): string[] {
    return [...this.tables.keys()].sort();
  }

  insert(table: string, values: Record<string, unknown>): Row {
    return this.table(table).insert(values);
  }

  get(table: string, id: number): Row | undefined {
    return this.tables.get(table)?.get(id);
  }

  update(table: string, id: number, patch: Record<string, unknown>): Row | undefined {
    return this.tables.get(table)?.update(id, patch);
  }

  find(table: string, predicate: (row: Row) => boolean): Row | undefined {
    return this.tables.get(table)?.find(predicate);
  }

  rows(table: string): Row[] {
    return this.tables.get(table)?.all() ?? [];
  }
}
