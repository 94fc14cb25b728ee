// Phase 1 (MAPPING.md): sonar_id fields, partners, labels, administrators, tariffs. With a small
// selection it migrates exactly the foundation records those customers need; with --all, all.
import { randomBytes } from 'node:crypto';
import { mapAdministrator } from '../../mapping/administrator.js';
import type { IdResolver } from '../../mapping/issues.js';
import { mapLabel } from '../../mapping/label.js';
import { mapPartner } from '../../mapping/partner.js';
import { mapTariff } from '../../mapping/tariff.js';
import type { SonarFoundation, SonarService } from '../../sonar/records.js';
import { ENDPOINTS, type EntityEndpoint, SONAR_ID_MODULES } from '../../splynx/endpoints.js';
import {
  findExisting,
  idOf,
  listAllRecords,
  readRecord,
  type SplynxRecord,
  sonarIdOf,
} from '../../splynx/records-io.js';
import { bump, type PlanCounts, type PlannedAction } from '../events.js';
import { guarded, refuse } from '../guard.js';
import { recordKey } from '../ledger.js';
import type { Phase, PhaseContext } from '../phase.js';
import { adoptOrCreate } from '../write-record.js';
import { ensureSonarIdField } from './additional-fields.js';

/** The Sonar records of phase 1 that this run needs. */
interface Needed {
  companies: SonarFoundation['companies'];
  groups: SonarFoundation['account_groups'];
  users: SonarFoundation['users'];
  services: SonarService[];
}

async function loadFoundation(ctx: PhaseContext): Promise<SonarFoundation> {
  ctx.shared.foundation ??= await ctx.sonar.foundation(ctx.signal);
  return ctx.shared.foundation;
}

function neededRecords(ctx: PhaseContext, foundation: SonarFoundation): Needed {
  const accounts = ctx.selection.accounts;
  if (ctx.selection.kind === 'all' || !accounts) {
    return {
      companies: foundation.companies,
      groups: foundation.account_groups,
      users: foundation.users,
      services: foundation.services,
    };
  }
  // A partial migration brings exactly what its customers reference; staff come with --all.
  const companyIds = new Set(accounts.map((a) => a.company_id));
  const groupIds = new Set(accounts.flatMap((a) => a.account_group_ids));
  const serviceIds = new Set(accounts.flatMap((a) => a.account_services.map((s) => s.service_id)));
  const services = foundation.services.filter((s) => serviceIds.has(s.id));
  for (const s of services) if (s.company_id) companyIds.add(s.company_id);
  return {
    companies: foundation.companies.filter((c) => companyIds.has(c.id)),
    groups: foundation.account_groups.filter((g) => groupIds.has(g.id)),
    users: [],
    services,
  };
}

/** Existing Splynx records of one collection, indexed by sonar_id and by natural key. */
class ExistingIndex {
  private readonly bySonarId = new Map<string, number>();
  private readonly byNatural = new Map<string, number>();

  constructor(
    private readonly endpoint: EntityEndpoint,
    rows: SplynxRecord[],
  ) {
    for (const row of rows) this.add(row);
  }

  add(row: SplynxRecord): void {
    const id = idOf(row);
    if (id === undefined) return;
    const sonarId = sonarIdOf(row);
    if (sonarId !== undefined) this.bySonarId.set(sonarId, id);
    this.byNatural.set(this.naturalKey(row), id);
  }

  /** null = known absent. */
  lookup(sonarId: string, payload: object): number | null {
    return (
      this.bySonarId.get(sonarId) ??
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

async function index(ctx: PhaseContext, endpoint: EntityEndpoint): Promise<ExistingIndex> {
  return new ExistingIndex(endpoint, await listAllRecords(ctx.splynx, endpoint.path, ctx.signal));
}

export function idResolver(ctx: PhaseContext): IdResolver {
  const ledger = ctx.ledger;
  const num = (v: number | string | undefined) => (typeof v === 'number' ? v : undefined);
  return {
    partner: (companyId) =>
      companyId === null ? undefined : num(ledger.splynxId('partner', companyId)),
    label: (groupId) => num(ledger.splynxId('label', groupId)),
    tariff: (kind, serviceId) =>
      num(ledger.splynxId(`tariff_${kind}`, serviceId)) ?? ctx.config.tariffs[serviceId],
    customer: (accountId) => num(ledger.splynxId('customer', accountId)),
    allPartnerIds: () => ctx.shared.partnerIds ?? [],
    allLocationIds: () => ctx.shared.locationIds ?? [1],
  };
}

const TARIFF_ENDPOINT = {
  internet: ENDPOINTS.tariff_internet,
  recurring: ENDPOINTS.tariff_recurring,
  one_time: ENDPOINTS.tariff_one_time,
} as const;

/** Walks phase 1 once; `write` false only plans (reads, no writes). */
async function walk(ctx: PhaseContext, write: boolean): Promise<PlanCounts> {
  const counts: PlanCounts = {};
  const planned = (
    entity: string,
    sonarId: string,
    label: string,
    action: PlannedAction,
    reason?: string,
  ) => {
    bump(counts, entity, action);
    ctx.emit({
      type: 'planned',
      phase: 'foundation',
      entity,
      sonarId,
      label,
      action,
      ...(reason ? { reason } : {}),
    });
  };
  const foundation = await loadFoundation(ctx);
  const needed = neededRecords(ctx, foundation);
  const writeCtx = { ledger: ctx.ledger, emit: ctx.emit, signal: ctx.signal };
  const ref = (entity: string, sonarId: string, label: string) => ({
    phase: 'foundation' as const,
    entity,
    sonarId,
    label,
  });

  // sonar_id fields first: every later create carries one.
  for (const module of SONAR_ID_MODULES) {
    await ctx.control.gate();
    if (ctx.control.isStopping) return counts;
    const done = ctx.ledger.get(recordKey('additional_field', module));
    if (!write) {
      planned('additional_field', module, `sonar_id field in ${module}`, done ? 'skip' : 'create');
      continue;
    }
    if (done?.action === 'created' || done?.action === 'adopted') continue;
    await guarded(ctx, ref('additional_field', module, `sonar_id field in ${module}`), () =>
      ensureSonarIdField(ctx, module),
    );
  }

  // Partners.
  const partners = await index(ctx, ENDPOINTS.partner);
  for (const company of needed.companies) {
    const label = `company ${company.id} "${company.name}"`;
    const plan = mapPartner(company, ctx.config);
    if (plan.kind === 'adopt') {
      if (!write) {
        planned('partner', company.id, label, 'adopt', 'default company adopts Splynx partner 1');
        continue;
      }
      await guarded(ctx, ref('partner', company.id, label), () =>
        adoptOrCreate(writeCtx, {
          ...ref('partner', company.id, label),
          payload: {},
          known: plan.splynxId,
          find: async () => plan.splynxId,
          create: async () => plan.splynxId,
        }),
      );
      continue;
    }
    const known = partners.lookup(company.id, plan.payload);
    if (!write) {
      planned('partner', company.id, label, known === null ? 'create' : 'adopt');
      continue;
    }
    await guarded(ctx, ref('partner', company.id, label), () =>
      adoptOrCreate(writeCtx, {
        ...ref('partner', company.id, label),
        payload: plan.payload,
        known,
        find: (signal) =>
          findExisting(
            ctx.splynx,
            ENDPOINTS.partner,
            { natural: { name: plan.payload.name } },
            signal,
          ),
        create: (payload, signal) =>
          ctx.splynx.create(ENDPOINTS.partner.path, payload, signal).then((r) => r.id),
        read: (id, signal) => readRecord(ctx.splynx, ENDPOINTS.partner.item(id), signal),
      }),
    );
  }
  const partnerRows = await listAllRecords(ctx.splynx, ENDPOINTS.partner.path, ctx.signal);
  ctx.shared.partnerIds = partnerRows.map(idOf).filter((id): id is number => id !== undefined);
  const locationRows = await listAllRecords(ctx.splynx, ENDPOINTS.location.path, ctx.signal);
  ctx.shared.locationIds = locationRows.map(idOf).filter((id): id is number => id !== undefined);

  // Labels.
  const labels = await index(ctx, ENDPOINTS.label);
  for (const group of needed.groups) {
    const label = `account group ${group.id} "${group.name}"`;
    const mapped = mapLabel(group);
    if (!mapped.ok) {
      if (!write) planned('label', group.id, label, 'blocked', mapped.issues[0]?.message);
      else await refuse(ctx, ref('label', group.id, label), mapped.issues);
      continue;
    }
    const known = labels.lookup(group.id, mapped.value);
    if (!write) {
      planned('label', group.id, label, known === null ? 'create' : 'adopt');
      continue;
    }
    await guarded(ctx, ref('label', group.id, label), () =>
      adoptOrCreate(writeCtx, {
        ...ref('label', group.id, label),
        payload: mapped.value,
        known,
        find: (signal) =>
          findExisting(
            ctx.splynx,
            ENDPOINTS.label,
            { natural: { label: mapped.value.label } },
            signal,
          ),
        create: (payload, signal) =>
          ctx.splynx.create(ENDPOINTS.label.path, payload, signal).then((r) => r.id),
        read: (id, signal) => readRecord(ctx.splynx, ENDPOINTS.label.item(id), signal),
      }),
    );
  }

  // Administrators (full migrations only).
  const admins = needed.users.length > 0 ? await index(ctx, ENDPOINTS.administrator) : undefined;
  for (const user of needed.users) {
    const label = `user ${user.id} "${user.username}"`;
    const mapped = mapAdministrator(user, ctx.config);
    if ('kind' in mapped) {
      if (!write) planned('administrator', user.id, label, 'skip', mapped.reason);
      else
        ctx.emit({
          type: 'entity',
          ...ref('administrator', user.id, label),
          action: 'skipped',
          reason: mapped.reason,
        });
      continue;
    }
    if (!mapped.ok) {
      if (!write) planned('administrator', user.id, label, 'blocked', mapped.issues[0]?.message);
      else await refuse(ctx, ref('administrator', user.id, label), mapped.issues);
      continue;
    }
    const known = admins?.lookup(user.id, mapped.value) ?? null;
    if (!write) {
      planned('administrator', user.id, label, known === null ? 'create' : 'adopt');
      continue;
    }
    await guarded(ctx, ref('administrator', user.id, label), () =>
      adoptOrCreate(writeCtx, {
        ...ref('administrator', user.id, label),
        payload: mapped.value,
        known,
        find: (signal) =>
          findExisting(
            ctx.splynx,
            ENDPOINTS.administrator,
            { sonarId: user.id, natural: { login: mapped.value.login } },
            signal,
          ),
        // Admins reset their password in Splynx; this one is never written anywhere.
        create: (payload, signal) =>
          ctx.splynx
            .create(
              ENDPOINTS.administrator.path,
              { ...payload, password: randomBytes(18).toString('base64url') },
              signal,
            )
            .then((r) => r.id),
        read: (id, signal) => readRecord(ctx.splynx, ENDPOINTS.administrator.item(id), signal),
      }),
    );
  }

  // Tariffs.
  const ids = idResolver(ctx);
  const tariffIndex = new Map<string, ExistingIndex>();
  for (const service of needed.services) {
    await ctx.control.gate();
    if (ctx.control.isStopping) return counts;
    const label = `service ${service.id} "${service.name}"`;
    const plan = mapTariff(service, ctx.config, ids);
    if ('kind' in plan && plan.kind === 'skip') {
      if (!write) planned('tariff', service.id, label, 'skip', plan.reason);
      else
        ctx.emit({
          type: 'entity',
          ...ref('tariff', service.id, label),
          action: 'skipped',
          reason: plan.reason,
        });
      continue;
    }
    if ('kind' in plan && plan.kind === 'existing') {
      const entity = `tariff_${plan.tariffKind}`;
      const endpoint = TARIFF_ENDPOINT[plan.tariffKind];
      if (!write) {
        planned(
          entity,
          service.id,
          label,
          'adopt',
          `mapped onto Splynx tariff ${plan.splynxId} by s2s.config.json`,
        );
        continue;
      }
      await guarded(ctx, ref(entity, service.id, label), () =>
        adoptOrCreate(writeCtx, {
          ...ref(entity, service.id, label),
          payload: {},
          // The configured tariff must exist: reading it proves it (404 names the config key).
          find: async (signal) =>
            idOf(await readRecord(ctx.splynx, endpoint.item(plan.splynxId), signal)),
          create: async () => plan.splynxId,
        }),
      );
      continue;
    }
    if (!plan.ok) {
      const entity = 'tariff';
      if (!write) planned(entity, service.id, label, 'blocked', plan.issues[0]?.message);
      else await refuse(ctx, ref(entity, service.id, label), plan.issues);
      continue;
    }
    const { tariffKind, payload } = plan.value;
    const entity = `tariff_${tariffKind}`;
    const endpoint = TARIFF_ENDPOINT[tariffKind];
    let existing = tariffIndex.get(tariffKind);
    if (!existing) {
      existing = await index(ctx, endpoint);
      tariffIndex.set(tariffKind, existing);
    }
    const known = existing.lookup(service.id, payload);
    if (!write) {
      planned(entity, service.id, label, known === null ? 'create' : 'adopt');
      continue;
    }
    await guarded(ctx, ref(entity, service.id, label), () =>
      adoptOrCreate(writeCtx, {
        ...ref(entity, service.id, label),
        payload,
        known,
        find: (signal) =>
          findExisting(
            ctx.splynx,
            endpoint,
            { sonarId: service.id, natural: { title: payload.title } },
            signal,
          ),
        create: (body, signal) => ctx.splynx.create(endpoint.path, body, signal).then((r) => r.id),
        read: (id, signal) => readRecord(ctx.splynx, endpoint.item(id), signal),
      }),
    );
  }
  return counts;
}

export const foundationPhase: Phase = {
  id: 'foundation',
  title: 'Company, staff, groups, plans and tariffs',
  dependsOn: [],
  plan: (ctx) => walk(ctx, false),
  apply: async (ctx) => {
    await walk(ctx, true);
  },
};
