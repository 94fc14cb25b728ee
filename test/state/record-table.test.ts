import { describe, expect, it } from 'vitest';
import { RecordTable } from '../../source/state/record-table.js';
import type { EntityRecord } from '../../source/state/schemas.js';

const AT = '2026-11-26T09:00:00.000Z';

/** The columns as the snapshot stores them, parsed back from the streamed text. */
const encoded = (table: RecordTable) => JSON.parse([...table.encodeChunks(CREATED)].join(''));
const CREATED = Date.parse('2026-11-26T08:00:00.000Z');

function rec(
  fields: Partial<EntityRecord> & Pick<EntityRecord, 'entity' | 'sonarId'>,
): EntityRecord {
  return {
    key: `${fields.entity}:${fields.sonarId}`,
    action: 'created',
    attempts: 1,
    updatedAt: AT,
    ...fields,
  };
}

// Every shape a record can take: integer and non-canonical Sonar ids, numeric, string and no
// Splynx id, s2s hashes, foreign hashes and none, extras, errors.
const VARIETY: EntityRecord[] = [
  rec({
    entity: 'customer',
    sonarId: '1',
    splynxId: 10,
    payloadHash: '0123456789abcdef0123456789abcdef',
  }),
  rec({
    entity: 'customer',
    sonarId: '007',
    splynxId: 11,
    payloadHash: 'ffffffffffffffffffffffffffffffff',
  }),
  rec({
    entity: 'additional_field',
    sonarId: 'admins',
    splynxId: 'admins--sonar_id',
    action: 'adopted',
    attempts: 0,
  }),
  rec({
    entity: 'customer_note',
    sonarId: '99999999999999999999',
    splynxId: 0,
    payloadHash: 'sha256:abc',
  }),
  rec({
    entity: 'customer',
    sonarId: '2',
    action: 'failed',
    lastError: { kind: 'record', message: 'bad email', field: 'email' },
    payloadHash: '-'.repeat(32),
  }),
  rec({
    entity: 'ipv4_network',
    sonarId: '5',
    splynxId: 3,
    extra: { unverified: true, cidr: '10.0.0.0/24', pools: [1, 2] },
  }),
  rec({
    entity: 'customer',
    sonarId: '3',
    action: 'blocked',
    attempts: 0,
    lastError: { kind: 'record', message: 'parent failed' },
    updatedAt: '2026-11-26T07:59:59.999Z',
  }),
];

describe('RecordTable', () => {
  it('gives back exactly what was stored, through memory and through its encoded columns', () => {
    const table = new RecordTable();
    for (const record of VARIETY) table.set(record);
    expect([...table.entries()]).toEqual(VARIETY);
    const decoded = RecordTable.decode(encoded(table), CREATED);
    if (!('table' in decoded)) throw new Error(decoded.problem);
    expect([...decoded.table.entries()]).toEqual(VARIETY);
    expect(decoded.table.get('customer', '007')).toEqual(VARIETY[1]);
    expect(decoded.table.get('customer', '7')).toBeUndefined();
  });

  it('replaces in place: a record keeps its position and drops fields the new version lacks', () => {
    const table = new RecordTable();
    for (const record of VARIETY) table.set(record);
    const replaced = rec({
      entity: 'customer',
      sonarId: '2',
      splynxId: 12,
      payloadHash: 'a'.repeat(32),
    });
    table.set(replaced);
    expect(table.size).toBe(VARIETY.length);
    expect([...table.entries()][4]).toEqual(replaced);
  });

  it('filters by entity and action', () => {
    const table = new RecordTable();
    for (const record of VARIETY) table.set(record);
    expect([...table.entries({ entity: 'customer' })].map((r) => r.sonarId)).toEqual([
      '1',
      '007',
      '2',
      '3',
    ]);
    expect([...table.entries({ entity: 'customer', action: 'failed' })].map((r) => r.key)).toEqual([
      'customer:2',
    ]);
    expect([...table.entries({ entity: 'tariff' })]).toEqual([]);
  });

  it('shares one frozen object between identical small extras, and stores none for an empty one', () => {
    const table = new RecordTable();
    table.set(rec({ entity: 'customer', sonarId: '1', splynxId: 1, extra: { rolledBack: true } }));
    table.set(rec({ entity: 'customer', sonarId: '2', splynxId: 2, extra: { rolledBack: true } }));
    table.set(rec({ entity: 'customer', sonarId: '3', splynxId: 3, extra: {} }));
    const [a, b, c] = [...table.entries()];
    expect(a?.extra).toBe(b?.extra);
    expect(Object.isFrozen(a?.extra)).toBe(true);
    expect(c).not.toHaveProperty('extra');
    expect(encoded(table).extra).toEqual({
      0: { rolledBack: true },
      1: { rolledBack: true },
    });
  });

  it('grows past its first allocation and round-trips across text chunks without losing a record', () => {
    const table = new RecordTable();
    for (let i = 0; i < 25_000; i++) {
      table.set(
        rec({ entity: i % 2 ? 'customer' : 'customer_billing', sonarId: String(i), splynxId: i }),
      );
    }
    expect(table.size).toBe(25_000);
    expect(table.get('customer', '4999')?.splynxId).toBe(4_999);
    expect(table.get('customer_billing', '0')?.splynxId).toBe(0);
    const decoded = RecordTable.decode(encoded(table), CREATED);
    if (!('table' in decoded)) throw new Error(decoded.problem);
    expect([...decoded.table.entries()]).toEqual([...table.entries()]);
  });
});
