// One Sonar record → one Splynx record, looked up by sonar_id or natural key, adopted or
// created, verified. Foundation, network and inventory records all follow this pattern; only
// customers need more (customer-writer.ts).
import type { PhaseId } from '../../command-line.js';
import type { MappingIssue, MapResult } from '../../mapping/issues.js';
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
import { bump, type PlanCounts, type PlannedAction } from '../events.js';
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
  readonly counts: PlanCounts = {};

  constructor(
    private readonly ctx: PhaseContext,
    readonly write: boolean,
  ) {}

  planned(
    item: Pick<SimpleItem<object>, 'phase' | 'entity' | 'sonarId' | 'label'>,
    action: PlannedAction,
    reason?: string,
  ): void {
    bump(this.counts, item.entity, action);
    if (action === 'create' || action === 'adopt') {
      this.ctx.shared.planned ??= new Set();
      this.ctx.shared.planned.add(`${item.entity}:${item.sonarId}`);
    }
    this.ctx.emit({ type: 'planned', ...item, action, ...(reason ? { reason } : {}) });
  }

  skipped(
    item: Pick<SimpleItem<object>, 'phase' | 'entity' | 'sonarId' | 'label'>,
    reason: string,
  ): void {
    if (this.write) this.ctx.emit({ type: 'entity', ...item, action: 'skipped', reason });
    else this.planned(item, 'skip', reason);
  }

  async blocked(item: SimpleItem<object>, issues: MappingIssue[]): Promise<void> {
    if (this.write) await refuse(this.ctx, item, issues);
    else this.planned(item, 'blocked', issues[0]?.message);
  }

  /** Plans or migrates one item; returns its Splynx id when it exists after the call. */
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
      // A plan creates nothing, so references to records it would create cannot resolve yet.
      const issues = this.write
        ? mapped.issues
        : mapped.issues.filter((i) => i.rule !== 'unresolved-reference');
      if (issues.length > 0 || this.write) {
        await this.blocked(item as SimpleItem<object>, issues);
        return undefined;
      }
      this.planned(ref, 'create');
      return undefined;
    }
    for (const warning of mapped.warnings) {
      ctx.emit({ type: 'log', level: 'warn', message: `${item.label}: ${warning.message}` });
    }
    const payload = mapped.value;
    const known = item.index.lookup(item.sonarIdValue, payload);
    if (!this.write) {
      this.planned(ref, known === null ? 'create' : 'adopt');
      return known ?? undefined;
    }
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
