// The ledger's records stored by column. A 100,000-customer migration holds about half a million
// records (customer, billing, info, services, notes...); as one object each they took ~180 MB of
// heap and a 120 MB snapshot, which broke the memory budget and made resume slow to start. Here a
// record costs its index entry plus a few typed-array slots (~80 bytes), and the snapshot stores
// the same columns (format 2). Callers still see plain EntityRecord objects, built on demand.
import * as v from 'valibot';
import { recordKey } from './ids.js';
import {
  ACTIONS,
  type Action,
  type EncodedRecords,
  type EntityRecord,
  EntitySchema,
  type Json,
  SonarIdSchema,
  SplynxIdSchema,
  type StoredError,
  StoredErrorSchema,
} from './schemas.js';

type SonarKey = number | string;
type Extra = { readonly [key: string]: Json };

interface RowFields {
  splynxId: number | string | undefined;
  /** Index into ACTIONS. */
  action: number;
  attempts: number;
  atMs: number;
  payloadHash: string | undefined;
  extra: Extra | undefined;
  lastError: StoredError | undefined;
}

/** Integer ids Sonar spells canonically are kept as numbers (no string per record). */
const CANONICAL_INT = /^(0|[1-9]\d{0,14})$/;
// Payload hashes as s2s makes them (32 lowercase hex) pack into four 32-bit words; in the
// snapshot they are one long string, 32 characters per record, dashes for none.
const NO_HASH = '-'.repeat(32);
const DASH = 0x2d;
const CHUNK_ROWS = 10_000;

/** The stored columns with one value per record (the others are sparse, keyed by row). */
export const DENSE_COLUMNS = [
  'entity',
  'sonarId',
  'splynxId',
  'action',
  'attempts',
  'updatedAt',
] as const;
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

const HASH_NONE = 0;
const HASH_PACKED = 1;
const HASH_OTHER = 2;

// Identical small extras (`{rolledBack: true, ...}` on every record after a rollback) share one
// frozen object instead of one each.
const INTERN_MAX_JSON = 96;
const INTERN_MAX_ENTRIES = 4_096;

export class RecordTable {
  #size = 0;
  #capacity = 0;
  readonly #entityNames: string[] = [];
  readonly #entityCodes = new Map<string, number>();
  /** Per entity code: Sonar id → row. */
  readonly #rows: Array<Map<SonarKey, number>> = [];
  #entity = new Uint16Array(0);
  #sonarNum = new Float64Array(0);
  readonly #sonarStr = new Map<number, string>();
  #splynxNum = new Float64Array(0);
  readonly #splynxStr = new Map<number, string>();
  #action = new Uint8Array(0);
  #attempts = new Uint32Array(0);
  #at = new Float64Array(0);
  #hashKind = new Uint8Array(0);
  #hash = new Uint32Array(0);
  readonly #hashStr = new Map<number, string>();
  readonly #extra = new Map<number, Extra>();
  readonly #lastError = new Map<number, StoredError>();
  readonly #interned = new Map<string, Extra>();

  get size(): number {
    return this.#size;
  }

  get(entity: string, sonarId: string): EntityRecord | undefined {
    const code = this.#entityCodes.get(entity);
    if (code === undefined) return undefined;
    const row = this.#rows[code]?.get(keyOf(sonarId));
    return row === undefined ? undefined : this.#materialize(row);
  }

  /** Inserts or replaces; a replaced record keeps its place in iteration order. */
  set(record: EntityRecord): void {
    const row = this.#rowFor(record.entity, record.sonarId);
    this.#put(row, {
      splynxId: record.splynxId,
      action: ACTIONS.indexOf(record.action),
      attempts: record.attempts,
      atMs: Date.parse(record.updatedAt),
      payloadHash: record.payloadHash,
      extra: record.extra,
      lastError: record.lastError,
    });
  }

  *entries(filter: { entity?: string; action?: Action } = {}): Generator<EntityRecord> {
    const code = filter.entity === undefined ? undefined : this.#entityCodes.get(filter.entity);
    if (filter.entity !== undefined && code === undefined) return;
    const action = filter.action === undefined ? undefined : ACTIONS.indexOf(filter.action);
    for (let row = 0; row < this.#size; row++) {
      if (code !== undefined && this.#entity[row] !== code) continue;
      if (action !== undefined && this.#action[row] !== action) continue;
      yield this.#materialize(row);
    }
  }

  /**
   * The records as migration.json stores them (SnapshotRecordsSchema), as JSON text in pieces of
   * CHUNK_ROWS values: a compaction of half a million records never builds the whole text (or
   * whole-column arrays) in memory, which made each compaction a 100-150 MB spike in RSS.
   */
  *encodeChunks(createdAtMs: number): Generator<string> {
    const n = this.#size;
    const column = function* (name: string, value: (row: number) => string): Generator<string> {
      yield `${JSON.stringify(name)}:[`;
      for (let start = 0; start < n; start += CHUNK_ROWS) {
        const parts: string[] = [];
        for (let row = start; row < Math.min(n, start + CHUNK_ROWS); row++) parts.push(value(row));
        yield (start > 0 ? ',' : '') + parts.join(',');
      }
      yield '],';
    };
    yield `{"count":${n},"entities":${JSON.stringify(this.#entityNames)},"actions":${JSON.stringify(ACTIONS)},`;
    yield* column('entity', (row) => String(this.#entity[row]));
    yield* column('sonarId', (row) => JSON.stringify(this.#sonarOf(row)));
    yield* column('splynxId', (row) => JSON.stringify(this.#splynxOf(row) ?? null));
    yield* column('action', (row) => String(this.#action[row]));
    yield* column('attempts', (row) => String(this.#attempts[row]));
    yield* column('updatedAt', (row) => String((this.#at[row] as number) - createdAtMs));
    yield '"payloadHash":"';
    for (let start = 0; start < n; start += CHUNK_ROWS) {
      const end = Math.min(n, start + CHUNK_ROWS);
      const hex = Buffer.alloc((end - start) * 32, DASH);
      for (let row = start; row < end; row++) {
        if (this.#hashKind[row] === HASH_PACKED) this.#writeHex(row, hex, (row - start) * 32);
      }
      yield hex.toString('latin1');
    }
    const others: Record<string, string> = {};
    for (const [row, hash] of this.#hashStr) others[row] = hash;
    yield `","otherHashes":${JSON.stringify(others)}`;
    yield `,"extra":${JSON.stringify(Object.fromEntries(this.#extra))}`;
    yield `,"lastError":${JSON.stringify(Object.fromEntries(this.#lastError))}}`;
  }

  /**
   * Rebuilds a table from its stored columns, checking each value: a file may have been edited.
   * Returns the first problem as `column[index]: what is wrong` instead of throwing.
   */
  static decode(
    encoded: EncodedRecords,
    createdAtMs: number,
  ): { table: RecordTable } | { problem: string } {
    const n = encoded.count;
    for (const column of DENSE_COLUMNS) {
      if (encoded[column].length !== n) {
        return {
          problem: `records.${column} holds ${encoded[column].length} values for ${n} records`,
        };
      }
    }
    if (encoded.payloadHash.length !== n * 32) {
      return {
        problem: `records.payloadHash is ${encoded.payloadHash.length} characters for ${n} records`,
      };
    }
    const actionMap = encoded.actions.map((name) => ACTIONS.indexOf(name as Action));
    const bad = actionMap.indexOf(-1);
    if (bad >= 0)
      return { problem: `records.actions[${bad}]: unknown action "${encoded.actions[bad]}"` };
    for (const [i, name] of encoded.entities.entries()) {
      if (!v.is(EntitySchema, name))
        return { problem: `records.entities[${i}]: "${name}" is not an entity name` };
    }

    const table = new RecordTable();
    table.#grow(n);
    const codes = encoded.entities.map((name) => table.#codeOf(name));
    const hashes = encoded.payloadHash;
    const problem = (column: string, row: number, rule: string) => ({
      problem: `records.${column}[${row}]: ${rule}`,
    });
    for (let row = 0; row < n; row++) {
      const code = codes[encoded.entity[row] as number];
      if (code === undefined) return problem('entity', row, 'not an index into records.entities');
      // Ids obey the schemas a journal record does. Numbers (nearly every id) take the fast path:
      // a schema call per value costs ~0.2 s of resume start-up at half a million records.
      const sonar = encoded.sonarId[row];
      if (typeof sonar === 'number' ? !isIdNumber(sonar) : !v.is(SonarIdSchema, sonar)) {
        return problem(
          'sonarId',
          row,
          'must be a non-negative integer or a string of 1 to 200 characters',
        );
      }
      const sonarId = String(sonar);
      const splynx = encoded.splynxId[row];
      if (
        splynx !== null &&
        (typeof splynx === 'number' ? !isIdNumber(splynx) : !v.is(SplynxIdSchema, splynx))
      ) {
        return problem(
          'splynxId',
          row,
          'must be null, a non-negative integer or a string of 1 to 200 characters',
        );
      }
      const action = actionMap[encoded.action[row] as number];
      if (action === undefined) return problem('action', row, 'not an index into records.actions');
      const attempts = encoded.attempts[row];
      if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 0) {
        return problem('attempts', row, 'must be a non-negative integer');
      }
      const offset = encoded.updatedAt[row];
      if (typeof offset !== 'number' || !Number.isFinite(offset)) {
        return problem('updatedAt', row, 'must be a number of milliseconds');
      }
      const key = keyOf(sonarId);
      if ((table.#rows[code] as Map<SonarKey, number>).has(key)) {
        const entity = encoded.entities[encoded.entity[row] as number] as string;
        return problem('sonarId', row, `${recordKey(entity, sonarId)} appears twice`);
      }
      const at = table.#appendRow(code, key);
      table.#put(at, {
        splynxId: splynx ?? undefined,
        action,
        attempts,
        atMs: createdAtMs + offset,
        // Set below from the one long string, or from otherHashes.
        payloadHash: undefined,
        extra: undefined,
        lastError: undefined,
      });
      // Packed straight from the one long string: no half a million short-lived substrings.
      if (!table.#unpackHash(at, hashes, row * 32)) {
        return problem('payloadHash', row, 'must be 32 lowercase hex characters or 32 dashes');
      }
    }
    // The sparse columns name few rows; checked by themselves.
    for (const [index, other] of Object.entries(encoded.otherHashes)) {
      const row = Number(index);
      if (!(row < n) || typeof other !== 'string' || other.length === 0 || other.length > 200) {
        return problem('otherHashes', row, 'must be a string of 1 to 200 characters');
      }
      table.#hashKind[row] = HASH_OTHER;
      table.#hashStr.set(row, other);
    }
    for (const [index, extra] of Object.entries(encoded.extra)) {
      const row = Number(index);
      if (!(row < n) || typeof extra !== 'object' || extra === null || Array.isArray(extra)) {
        return problem('extra', row, 'must be a JSON object');
      }
      if (Object.keys(extra).length > 0) table.#extra.set(row, table.#intern(extra));
    }
    for (const [index, lastError] of Object.entries(encoded.lastError)) {
      const row = Number(index);
      if (!(row < n) || !v.is(StoredErrorSchema, lastError)) {
        return problem(
          'lastError',
          row,
          'must be {kind, message} with an optional field, hint and key',
        );
      }
      table.#lastError.set(row, Object.freeze({ ...lastError }));
    }
    return { table };
  }

  /** Per entity, how many records end in each action (all five present), from the columns alone. */
  countByEntity(): Record<string, Record<Action, number>> {
    const counts = this.#entityNames.map(() => ACTIONS.map(() => 0));
    for (let row = 0; row < this.#size; row++) {
      const byAction = counts[this.#entity[row] as number] as number[];
      const action = this.#action[row] as number;
      byAction[action] = (byAction[action] as number) + 1;
    }
    return Object.fromEntries(
      this.#entityNames.map((name, code) => [
        name,
        Object.fromEntries(ACTIONS.map((a, i) => [a, counts[code]?.[i] ?? 0])) as Record<
          Action,
          number
        >,
      ]),
    );
  }

  #appendRow(code: number, key: SonarKey): number {
    const row = this.#size++;
    this.#grow(this.#size);
    (this.#rows[code] as Map<SonarKey, number>).set(key, row);
    this.#entity[row] = code;
    if (typeof key === 'number') this.#sonarNum[row] = key;
    else {
      this.#sonarNum[row] = Number.NaN;
      this.#sonarStr.set(row, key);
    }
    return row;
  }

  /** The row of a record, appended (with its identity columns) when new. */
  #rowFor(entity: string, sonarId: string): number {
    const code = this.#codeOf(entity);
    const key = keyOf(sonarId);
    return (this.#rows[code] as Map<SonarKey, number>).get(key) ?? this.#appendRow(code, key);
  }

  #put(row: number, fields: RowFields): void {
    const splynx = fields.splynxId;
    this.#splynxStr.delete(row);
    if (typeof splynx === 'number') this.#splynxNum[row] = splynx;
    else {
      this.#splynxNum[row] = Number.NaN;
      if (typeof splynx === 'string') this.#splynxStr.set(row, splynx);
    }
    this.#action[row] = fields.action;
    this.#attempts[row] = fields.attempts;
    this.#at[row] = fields.atMs;
    this.#hashStr.delete(row);
    const hash = fields.payloadHash;
    if (hash === undefined) this.#hashKind[row] = HASH_NONE;
    else if (hash.length !== 32 || hash === NO_HASH || !this.#unpackHash(row, hash, 0)) {
      this.#hashKind[row] = HASH_OTHER;
      this.#hashStr.set(row, hash);
    }
    const extra = fields.extra;
    if (extra === undefined || Object.keys(extra).length === 0) this.#extra.delete(row);
    else this.#extra.set(row, this.#intern(extra));
    if (fields.lastError === undefined) this.#lastError.delete(row);
    else this.#lastError.set(row, Object.freeze({ ...fields.lastError }));
  }

  /**
   * Packs 32 hex characters of `text` at `offset` into the row's hash words. 32 dashes mean no
   * hash. False (row untouched) for anything else.
   */
  #unpackHash(row: number, text: string, offset: number): boolean {
    if (text.length < offset + 32) return false;
    if (text.startsWith(NO_HASH, offset)) {
      this.#hashKind[row] = HASH_NONE;
      return true;
    }
    const words = [0, 0, 0, 0];
    for (let i = 0; i < 32; i++) {
      const c = text.charCodeAt(offset + i);
      const nibble = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
      if (nibble < 0) return false;
      const w = i >> 3;
      words[w] = (words[w] as number) * 16 + nibble;
    }
    for (let w = 0; w < 4; w++) this.#hash[row * 4 + w] = words[w] as number;
    this.#hashKind[row] = HASH_PACKED;
    return true;
  }

  // Hot: reports, verify and rollback walk every record. Fields are assigned in one fixed order so
  // every record shares a shape, and optional ones are only present when set.
  #materialize(row: number): EntityRecord {
    const entity = this.#entityNames[this.#entity[row] as number] as string;
    const sonarId = String(this.#sonarOf(row));
    const record: {
      -readonly [K in keyof EntityRecord]: EntityRecord[K];
    } = {
      key: `${entity}:${sonarId}`,
      entity,
      sonarId,
      action: ACTIONS[this.#action[row] as number] as Action,
      attempts: this.#attempts[row] as number,
      updatedAt: new Date(this.#at[row] as number).toISOString(),
    };
    const splynxId = this.#splynxOf(row);
    if (splynxId !== undefined) record.splynxId = splynxId;
    const kind = this.#hashKind[row];
    if (kind === HASH_PACKED) record.payloadHash = this.#packedHash(row);
    else if (kind === HASH_OTHER) record.payloadHash = this.#hashStr.get(row) as string;
    const lastError = this.#lastError.get(row);
    if (lastError) record.lastError = lastError;
    const extra = this.#extra.get(row);
    if (extra) record.extra = extra;
    return record;
  }

  #sonarOf(row: number): SonarKey {
    const n = this.#sonarNum[row] as number;
    return Number.isNaN(n) ? (this.#sonarStr.get(row) as string) : n;
  }

  #splynxOf(row: number): number | string | undefined {
    const n = this.#splynxNum[row] as number;
    return Number.isNaN(n) ? this.#splynxStr.get(row) : n;
  }

  #packedHash(row: number): string {
    const hex = Buffer.allocUnsafe(32);
    this.#writeHex(row, hex, 0);
    return hex.toString('latin1');
  }

  #writeHex(row: number, out: Buffer, offset: number): void {
    for (let w = 0; w < 4; w++) {
      const word = this.#hash[row * 4 + w] as number;
      for (let i = 0; i < 8; i++) {
        out[offset + w * 8 + i] = HEX_DIGITS[(word >>> (28 - i * 4)) & 15] as number;
      }
    }
  }

  #codeOf(entity: string): number {
    let code = this.#entityCodes.get(entity);
    if (code === undefined) {
      code = this.#entityNames.length;
      if (code > 0xffff) throw new Error('more than 65,535 entity kinds');
      this.#entityNames.push(entity);
      this.#entityCodes.set(entity, code);
      this.#rows.push(new Map());
    }
    return code;
  }

  #intern(extra: Extra): Extra {
    const json = JSON.stringify(extra);
    if (json.length > INTERN_MAX_JSON) return deepFreeze(structuredClone(extra));
    let shared = this.#interned.get(json);
    if (!shared) {
      shared = deepFreeze(structuredClone(extra));
      if (this.#interned.size < INTERN_MAX_ENTRIES) this.#interned.set(json, shared);
    }
    return shared;
  }

  #grow(needed: number): void {
    if (needed <= this.#capacity) return;
    const capacity = Math.max(needed, 1_024, Math.ceil(this.#capacity * 1.5));
    const grow = <T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(
      old: T,
      make: (length: number) => T,
      width = 1,
    ): T => {
      const next = make(capacity * width);
      next.set(old as never);
      return next;
    };
    this.#entity = grow(this.#entity, (l) => new Uint16Array(l));
    this.#sonarNum = grow(this.#sonarNum, (l) => new Float64Array(l));
    this.#splynxNum = grow(this.#splynxNum, (l) => new Float64Array(l));
    this.#action = grow(this.#action, (l) => new Uint8Array(l));
    this.#attempts = grow(this.#attempts, (l) => new Uint32Array(l));
    this.#at = grow(this.#at, (l) => new Float64Array(l));
    this.#hashKind = grow(this.#hashKind, (l) => new Uint8Array(l));
    this.#hash = grow(this.#hash, (l) => new Uint32Array(l), 4);
    this.#capacity = capacity;
  }
}

/** The number branch of SonarIdSchema / SplynxIdSchema, without a schema call per value. */
function isIdNumber(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function keyOf(sonarId: string): SonarKey {
  return CANONICAL_INT.test(sonarId) ? Number(sonarId) : sonarId;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
