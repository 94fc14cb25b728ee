// The simulator's view of the dataset: id-sorted tables and lazily built lookup indexes, so a
// nested relation costs one map lookup instead of a table scan (100,000 accounts must stay fast).
// Rows are the dataset's own objects; PATCH merges into them and drops that table's indexes.
import type { SonarRow, SonarTables } from '../sonar-dataset/tables.js';
import {
  isEntityType,
  RELATIONS,
  type RelationSpec,
  type TableName,
  TYPE_TABLES,
} from './relations.js';

/** A row together with the GraphQL type it is served as. */
export interface Typed {
  type: string;
  row: SonarRow;
}

type LinkRow = Record<string, unknown>;

/** One change to Sonar's data, as sonar-data.ts writes it down and replays it. */
export type SonarChange =
  | { op: 'patch'; table: TableName; id: number; fields: Record<string, unknown> }
  | { op: 'insert'; table: TableName; row: SonarRow }
  | { op: 'remove'; table: TableName; id: number };

export interface SortedIndex {
  values: Float64Array;
  rows: SonarRow[];
}

export class SonarStore {
  private sortedCache = new Map<TableName, LinkRow[]>();
  private idIndex = new Map<TableName, Map<number, SonarRow>>();
  private columnIndex = new Map<string, Map<string, LinkRow[]>>();
  private sortedIndex = new Map<string, SortedIndex>();
  private versions = new Map<string, number>();
  /** Told every change before the caller (and so the HTTP answer) sees its result. */
  onChange: ((change: SonarChange) => void) | undefined;

  constructor(readonly tables: SonarTables) {}

  /** All rows of a table, ascending id (the default Sonar order). */
  rows(table: TableName): SonarRow[] {
    let sorted = this.sortedCache.get(table);
    if (!sorted) {
      const source = this.tables[table] as LinkRow[];
      sorted = source.every((row, i) => i === 0 || idOf(source[i - 1]) <= idOf(row))
        ? source
        : [...source].sort((a, b) => idOf(a) - idOf(b));
      this.sortedCache.set(table, sorted);
    }
    return sorted as SonarRow[];
  }

  byId(table: TableName, id: unknown): SonarRow | undefined {
    let index = this.idIndex.get(table);
    if (!index) {
      index = new Map(this.rows(table).map((row) => [row.id, row]));
      this.idIndex.set(table, index);
    }
    return index.get(Number(id));
  }

  /** Rows whose columns equal the given values, ascending id. */
  where(table: TableName, columns: readonly string[], values: readonly unknown[]): SonarRow[] {
    const name = `${table}\u0000${columns.join('\u0000')}`;
    let index = this.columnIndex.get(name);
    if (!index) {
      index = new Map();
      for (const row of this.rows(table) as LinkRow[]) {
        const key = columns.map((column) => keyPart(row[column])).join('\u0000');
        const bucket = index.get(key);
        if (bucket) bucket.push(row);
        else index.set(key, [row]);
      }
      this.columnIndex.set(name, index);
    }
    return (index.get(values.map(keyPart).join('\u0000')) ?? []) as SonarRow[];
  }

  /**
   * The rows with a numeric value for `attribute`, ordered by it (ties in id order), for range
   * and equality searches. `read` gives the value as the GraphQL field shows it.
   */
  sortedBy(table: TableName, attribute: string, read: (row: SonarRow) => unknown): SortedIndex {
    const name = `${table}\u0000${attribute}`;
    let index = this.sortedIndex.get(name);
    if (!index) {
      const pairs: { value: number; row: SonarRow }[] = [];
      for (const row of this.rows(table)) {
        const raw = read(row);
        // A null or empty column matches no range condition (search.ts numberMatches).
        if (raw == null || raw === '') continue;
        const value = Number(raw);
        if (!Number.isNaN(value)) pairs.push({ value, row });
      }
      pairs.sort((a, b) => a.value - b.value || a.row.id - b.row.id);
      index = {
        values: Float64Array.from(pairs, (pair) => pair.value),
        rows: pairs.map((pair) => pair.row),
      };
      this.sortedIndex.set(name, index);
    }
    return index;
  }

  /** `_version` increments on every change, like Sonar's. */
  version(table: TableName, id: number): string {
    return String(this.versions.get(`${table}:${id}`) ?? 1);
  }

  patch(table: TableName, id: number, fields: Record<string, unknown>): SonarRow | undefined {
    const row = this.byId(table, id);
    if (!row) return undefined;
    const { id: _ignored, ...rest } = fields;
    Object.assign(row, rest);
    this.versions.set(`${table}:${id}`, Number(this.version(table, id)) + 1);
    this.dropIndexes(table, false);
    this.onChange?.({ op: 'patch', table, id, fields: rest });
    return row;
  }

  /**
   * Adds a row (tests change Sonar between runs: a new account, service or note). Without an id
   * it gets the next one, as Sonar hands them out.
   */
  insert(table: TableName, fields: Record<string, unknown>): SonarRow {
    const source = this.tables[table] as LinkRow[];
    const id =
      typeof fields.id === 'number'
        ? fields.id
        : source.reduce((m, r) => Math.max(m, idOf(r)), 0) + 1;
    if (this.byId(table, id)) throw new Error(`${table} already has a row ${id}`);
    const row = { ...fields, id } as SonarRow;
    source.push(row);
    this.dropIndexes(table, true);
    this.onChange?.({ op: 'insert', table, row });
    return row;
  }

  /** Deletes a row, as an operator deleting a record in Sonar; false when there is none. */
  remove(table: TableName, id: number): boolean {
    const source = this.tables[table] as LinkRow[];
    const at = source.findIndex((row) => idOf(row) === id);
    if (at < 0) return false;
    source.splice(at, 1);
    this.dropIndexes(table, true);
    this.onChange?.({ op: 'remove', table, id });
    return true;
  }

  private dropIndexes(table: TableName, rowsChanged: boolean): void {
    if (rowsChanged) {
      this.sortedCache.delete(table);
      this.idIndex.delete(table);
    }
    for (const indexes of [this.columnIndex, this.sortedIndex]) {
      for (const key of indexes.keys()) {
        if (key.startsWith(`${table}\u0000`)) indexes.delete(key);
      }
    }
  }

  /** The rows a relation leads to from one parent row (unfiltered). */
  related(parentType: string, row: SonarRow, relation: string): Typed[] {
    const spec = RELATIONS[parentType]?.[relation];
    if (!spec) throw new Error(`${parentType} has no relation "${relation}"`);
    return this.follow(parentType, row, spec);
  }

  private follow(parentType: string, row: SonarRow, spec: RelationSpec): Typed[] {
    switch (spec.kind) {
      case 'belongs-to': {
        const target =
          row[spec.column] == null
            ? undefined
            : this.byId(TYPE_TABLES[spec.type], row[spec.column]);
        return target ? [{ type: spec.type, row: target }] : [];
      }
      case 'has-one':
      case 'has-many': {
        const rows = this.where(TYPE_TABLES[spec.type], [spec.column], [row.id]);
        return (spec.kind === 'has-one' ? rows.slice(0, 1) : rows).map((r) => ({
          type: spec.type,
          row: r,
        }));
      }
      case 'owns-many':
        return this.where(
          TYPE_TABLES[spec.type],
          [`${spec.owner}_type`, `${spec.owner}_id`],
          [parentType, row.id],
        ).map((r) => ({ type: spec.type, row: r }));
      case 'owned-by': {
        const type = row[`${spec.owner}_type`];
        if (typeof type !== 'string' || !isEntityType(type)) return [];
        const target = this.byId(TYPE_TABLES[type], row[`${spec.owner}_id`]);
        return target ? [{ type, row: target }] : [];
      }
      case 'linked': {
        const to = spec.from === 'account_id' ? 'account_group_id' : 'account_id';
        const table = TYPE_TABLES[spec.type];
        return this.where('account_account_groups', [spec.from], [row.id])
          .flatMap((link) => {
            const target = this.byId(table, (link as LinkRow)[to]);
            return target ? [target] : [];
          })
          .sort((a, b) => a.id - b.id)
          .map((r) => ({ type: spec.type, row: r }));
      }
    }
  }
}

function idOf(row: LinkRow | undefined): number {
  return typeof row?.id === 'number' ? row.id : 0;
}

/** Index keys treat 7 and "7" alike: inputs arrive as Int64Bit strings or numbers. */
function keyPart(value: unknown): string {
  return value == null ? '\u0001null' : String(value);
}
