// How an endpoint is described: its fields (as OPTIONS advertises them, plus how the simulator
// stores, validates and renders each one) and the hooks for rules that span rows or tables.
import type { Row, SplynxDb } from './db.js';
import type { CurrentOptions } from './options.js';
import type { FieldIssue } from './replies.js';

/** How a value is stored and rendered in v5 typing. */
export type StoreKind =
  | 'int' // JSON integer
  | 'intString' // an integer carried as a string ("14"), as customer-billing does
  | 'decimal' // "12.0000"
  | 'flag' // "0" | "1"
  | 'string'
  | 'date' // YYYY-MM-DD
  | 'datetime' // YYYY-MM-DD HH:MM:SS
  | 'ids' // array of integers
  | 'strings' // array of strings
  | 'rows'; // array of objects kept as sent (invoice items); the resource's validate checks each

export interface FieldDef {
  name: string;
  title: string;
  /** The `type` OPTIONS advertises. */
  type: string;
  /** The `required` flag OPTIONS advertises (and enforced). */
  required: boolean;
  store: StoreKind;
  /** Enforced on create although OPTIONS does not advertise it (documented requirements). */
  requiredOnCreate?: boolean;
  max?: number;
  enum?: readonly string[];
  email?: boolean;
  /** Value on create when absent; a function is called per record. */
  default?: unknown;
  /** Ignored on input (computed by Splynx). */
  readOnly?: boolean;
  /** Accepted on input, never rendered (passwords). */
  writeOnly?: boolean;
  /** Not listed by OPTIONS (the live instance does not advertise it). */
  hidden?: boolean;
  /** Must name an existing row of that table; 0 means "none" when `zeroOk`. */
  ref?: { table: string; zeroOk?: boolean };
}

export interface Actor {
  kind: 'api' | 'admin';
  id: number;
}

export interface Ctx {
  db: SplynxDb;
  options: CurrentOptions;
  actor: Actor;
}

export interface WriteCheck {
  ctx: Ctx;
  def: ResourceDef;
  /** The row as it would be after the write (for an update: previous merged with the input). */
  candidate: Record<string, unknown>;
  previous: Row | undefined;
  /** The fields the caller sent, after coercion. */
  input: Record<string, unknown>;
  issues: FieldIssue[];
}

export interface ResourceDef {
  table: string;
  /** Collection path under /api/2.0/. */
  path: string;
  fields: FieldDef[];
  /** Additional-fields module whose fields this entity carries. */
  afModule?: string;
  /** OPTIONS answers 405 (as tariffs/recurring does live). */
  optionsDisabled?: boolean;
  /** Fields unique within the table (case-insensitive, empty values exempt). */
  unique?: string[];
  validate?(check: WriteCheck): void;
  /** Fill values that depend on the new id or on other tables; may return a patch. */
  afterCreate?(ctx: Ctx, row: Row): void;
  afterUpdate?(ctx: Ctx, row: Row, previous: Row): void;
  afterDelete?(ctx: Ctx, row: Row): void;
  /** Extra response fields computed from other tables. */
  decorate?(ctx: Ctx, row: Row, out: Record<string, unknown>): void;
  /**
   * The body of the 201 a create answers. Default `{"id": N}`, the `X Id` structure the
   * blueprint declares for nearly every create.
   */
  created?(row: Row): Record<string, unknown>;
}

interface FieldExtras extends Partial<Omit<FieldDef, 'name' | 'title' | 'type' | 'store'>> {}

/** One field: name, OPTIONS title and type, storage kind, extras. */
export function field(
  name: string,
  title: string,
  type: string,
  store: StoreKind,
  extras: FieldExtras = {},
): FieldDef {
  return { name, title, type, store, required: false, ...extras };
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function nowDatetime(): string {
  return new Date().toISOString().slice(0, 19).replace('T', ' ');
}
