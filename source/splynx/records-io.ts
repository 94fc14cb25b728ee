// Generic reads and writes of Splynx records for the engine: look up by sonar_id or natural key
// (one at a time or a whole batch in one request), create, read back. Entity-specific knowledge
// stays in endpoints.ts; this file only knows the API's shapes.
import * as v from 'valibot';
import type { SplynxClient } from './client.js';
import { toId } from './coerce.js';
import type { EntityEndpoint } from './endpoints.js';
import { sameValue } from './normalise.js';
import type { Filter, Primitive } from './query-string.js';

export type SplynxRecord = Record<string, unknown>;
const RecordSchema = v.record(v.string(), v.unknown());

export function idOf(record: SplynxRecord): number | undefined {
  return toId(record.id);
}

export function sonarIdOf(record: SplynxRecord): string | undefined {
  const extra = record.additional_attributes;
  if (extra && typeof extra === 'object' && !Array.isArray(extra)) {
    const value = (extra as Record<string, unknown>).sonar_id;
    if (value !== undefined && value !== null && value !== '') return String(value);
  }
  return undefined;
}

const fieldChecks = new WeakMap<SplynxClient, Map<string, Promise<boolean>>>();

/**
 * Whether the module has its `sonar_id` additional field yet. Searching by an undefined field is
 * an error on Splynx, and before the foundation phase runs no record can carry one anyway.
 * Only a positive answer is cached: the field may be created later in the same run.
 */
export async function hasSonarIdField(
  client: SplynxClient,
  module: string,
  signal?: AbortSignal,
): Promise<boolean> {
  let cache = fieldChecks.get(client);
  if (!cache) {
    cache = new Map();
    fieldChecks.set(client, cache);
  }
  let check = cache.get(module);
  if (!check) {
    check = client
      .find(
        `admin/config/additional-fields/${module}--sonar_id`,
        RecordSchema,
        signal ? { signal } : {},
      )
      .then((found) => found !== undefined);
    cache.set(module, check);
    check.then(
      (exists) => {
        if (!exists) cache?.delete(module);
      },
      () => cache?.delete(module),
    );
  }
  return check;
}

export async function readRecord(
  client: SplynxClient,
  path: string,
  signal?: AbortSignal,
): Promise<SplynxRecord> {
  return client.get(path, RecordSchema, signal ? { signal } : {});
}

export async function searchRecords(
  client: SplynxClient,
  path: string,
  filters: { main?: Filter; additional?: Filter },
  signal?: AbortSignal,
): Promise<SplynxRecord[]> {
  return client.list(path, RecordSchema, { ...filters, ...(signal ? { signal } : {}) });
}

/** The one record whose sonar_id (else natural key) matches; undefined when absent. */
export async function findExisting(
  client: SplynxClient,
  endpoint: EntityEndpoint,
  key: { sonarId?: string; natural?: Record<string, Primitive> },
  signal?: AbortSignal,
): Promise<number | undefined> {
  if (
    endpoint.sonarIdModule &&
    key.sonarId !== undefined &&
    (await hasSonarIdField(client, endpoint.sonarIdModule, signal))
  ) {
    const rows = await searchRecords(
      client,
      endpoint.path,
      { additional: { sonar_id: key.sonarId } },
      signal,
    );
    const match = rows.find((row) => sonarIdOf(row) === key.sonarId);
    if (match) return idOf(match);
  }
  if (key.natural && Object.keys(key.natural).length > 0) {
    const rows = await searchRecords(client, endpoint.path, { main: key.natural }, signal);
    // The search matched loosely; the key must hold by the read-back rules (Splynx may have
    // trimmed or re-spelled it).
    const match = rows.find((row) =>
      Object.entries(key.natural ?? {}).every(([f, value]) => sameValue(value, row[f], f)),
    );
    if (match) return idOf(match);
  }
  return undefined;
}

/** sonar_id → Splynx id for many records in one request (IN search); absent ones are missing. */
export async function indexBySonarIds(
  client: SplynxClient,
  endpoint: EntityEndpoint,
  sonarIds: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, number>> {
  const index = new Map<string, number>();
  if (sonarIds.length === 0 || !endpoint.sonarIdModule) return index;
  if (!(await hasSonarIdField(client, endpoint.sonarIdModule, signal))) return index;
  const path = endpoint.path;
  const rows = await searchRecords(
    client,
    path,
    { additional: { sonar_id: ['IN', sonarIds] } },
    signal,
  );
  for (const row of rows) {
    const sonarId = sonarIdOf(row);
    const id = idOf(row);
    if (sonarId !== undefined && id !== undefined && sonarIds.includes(sonarId)) {
      index.set(sonarId, id);
    }
  }
  return index;
}

/** Every record of a small collection (partners, labels, tariffs...), paged. */
export async function listAllRecords(
  client: SplynxClient,
  path: string,
  signal?: AbortSignal,
): Promise<SplynxRecord[]> {
  const all: SplynxRecord[] = [];
  for await (const page of client.listAll(path, RecordSchema, {
    pageSize: 500,
    ...(signal ? { signal } : {}),
  })) {
    all.push(...page);
  }
  return all;
}

export async function createRecord(
  client: SplynxClient,
  path: string,
  payload: object,
  signal?: AbortSignal,
): Promise<number> {
  return (await client.create(path, payload, signal)).id;
}
