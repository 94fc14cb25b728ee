// One Sonar record → one Splynx record, looked up by sonar_id or natural key, adopted or
// created, verified. Foundation, network and inventory records all follow this pattern; only
// customers need more (customer-writer.ts).
import type { PhaseId } from '../../command-line.js';
import type { MapResult } from '../../mapping/issues.js';
import type { EntityEndpoint } from '../../splynx/endpoints.js';
import type { Primitive } from '../../splynx/query-string.js';
import {
  findExisting,
  idOf,
  listAllRecords,
  readRecord,
  type SplynxRecord,
  sonarIdOf,
} from '../../splynx/records-io.js';
import type { Json } from '../../state/index.js';
import { guarded, refuse } from '../guard.js';
import { isSkipped } from '../ledger.js';
import type { PhaseContext } from '../phase.js';
import { adoptOrCreate } from '../write-record.js';

/** Existing Splynx records of one collection, indexed by sonar_id and by natural key. */
export class ExistingIndex {
  private readonly bySonarId = new Map<string, number>();
  private readonly byNatural = new Map<string, number>();

  constructor(
    private readonly endpoint: EntityEndpoint,
    rows: SplynxRecord[],
  ) {
    for (const row of rows) {
      const id = idOf(row);
      if (id === undefined) continue;
      const sonarId = sonarIdOf(row);
      if (sonarId !== undefined) this.bySonarId.set(sonarId, id);
      this.byNatural.set(this.naturalKey(row), id);
    }
  }

  static async load(ctx: PhaseContext, endpoint: EntityEndpoint): Promise<ExistingIndex> {
    return new ExistingIndex(endpoint, await listAllRecords(ctx.splynx, endpoint.path, ctx.signal));
  }

  /** null = known absent. */
  lookup(sonarId: string | undefined, payload: object): number | null {
    return (
      (sonarId === undefined ? undefined : this.bySonarId.get(sonarId)) ??
      this.byNatural.get(this.naturalKey(payload as SplynxRecord)) ??
      null
    );
  }

  private naturalKey(row: SplynxRecord): string {
    return this.endpoint.naturalKey
      .map((f) =>
        String(row[f] ?? '')
          .trim()
          .toLowerCase(),
      )
      .join('|');
  }
}

export interface SimpleItem<P extends object> {
  phase: PhaseId;
  entity: string;
  sonarId: string;
  label: string;
  endpoint: EntityEndpoint;
  index: ExistingIndex;
  mapped: MapResult<P> | { kind: 'skip'; reason: string };
  /** sonar_id to search by (modules with the field); natural key fields come from the endpoint. */
  sonarIdValue?: string;
  /** Body extras never compared or stored (e.g. a generated admin password). */
  secretExtras?: () => Record<string, unknown>;
  unverifiable?: readonly string[];
  /** Small JSON kept in the ledger record (e.g. the CIDR of a network for later phases). */
  extra?: Record<string, Json>;
}

export class Walker {
  constructor(private readonly ctx: PhaseContext) {}

  skipped(
    item: Pick<SimpleItem<object>, 'phase' | 'entity' | 'sonarId' | 'label'>,
    reason: string,
  ): void {
    this.ctx.emit({ type: 'entity', ...item, action: 'skipped', reason });
  }

  /** Migrates one item; returns its Splynx id when it exists after the call. */
  async item<P extends object>(item: SimpleItem<P>): Promise<number | undefined> {
    const ctx = this.ctx;
    await ctx.control.gate();
    if (ctx.control.isStopping) return undefined;
    const ref = {
      phase: item.phase,
      entity: item.entity,
      sonarId: item.sonarId,
      label: item.label,
    };
    const { mapped } = item;
    if (isSkipped(ctx.ledger, item.entity, item.sonarId)) {
      this.skipped(ref, 'skipped by the operator');
      return undefined;
    }
    if ('kind' in mapped) {
      this.skipped(ref, mapped.reason);
      return undefined;
    }
    if (!mapped.ok) {
      await refuse(ctx, ref, mapped.issues);
      return undefined;
    }
    for (const warning of mapped.warnings) {
      ctx.emit({ type: 'log', level: 'warn', message: `${item.label}: ${warning.message}` });
    }
    const payload = mapped.value;
    const known = item.index.lookup(item.sonarIdValue, payload);
    const natural = Object.fromEntries(
      item.endpoint.naturalKey.map((f) => [
        f,
        (payload as Record<string, unknown>)[f] as Primitive,
      ]),
    );
    const result = await guarded(ctx, ref, () =>
      adoptOrCreate(ctx, {
        ...ref,
        payload,
        known,
        find: (signal) =>
          findExisting(
            ctx.splynx,
            item.endpoint,
            { ...(item.sonarIdValue ? { sonarId: item.sonarIdValue } : {}), natural },
            signal,
          ),
        create: (body, signal) =>
          ctx.splynx
            .create(item.endpoint.path, { ...body, ...item.secretExtras?.() }, signal)
            .then((r) => r.id),
        read: (id, signal) => readRecord(ctx.splynx, item.endpoint.item(id), signal),
        update: (id, patch, signal) => ctx.splynx.update(item.endpoint.item(id), patch, signal),
        ...(item.unverifiable ? { unverifiable: item.unverifiable } : {}),
        ...(item.extra ? { extra: item.extra } : {}),
      }),
    );
    return result?.splynxId;
  }
}
