// The simulator's storage: one table of rows per Splynx entity, ids auto-incrementing per table
// after the seed. Rows hold values already in their v5 wire form (ints, "0"/"1", "12.0000").

export type Row = { id: number } & Record<string, unknown>;

export class SplynxTable {
  private readonly byId = new Map<number, Row>();
  private nextId = 1;

  constructor(readonly name: string) {}

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
    return row;
  }

  get(id: number): Row | undefined {
    return this.byId.get(id);
  }

  update(id: number, patch: Record<string, unknown>): Row | undefined {
    const row = this.byId.get(id);
    if (!row) return undefined;
    Object.assign(row, patch, { id });
    return row;
  }

  delete(id: number): boolean {
    return this.byId.delete(id);
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

export class SplynxDb {
  private readonly tables = new Map<string, SplynxTable>();

  /** The table by name, created empty on first use. */
  table(name: string): SplynxTable {
    let table = this.tables.get(name);
    if (!table) {
      table = new SplynxTable(name);
      this.tables.set(name, table);
    }
    return table;
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
