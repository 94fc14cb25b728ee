// Phase 1 (MAPPING.md): sonar_id fields, partners, labels, administrators, tariffs. With a
// selection by id it migrates exactly the foundation records those customers need; with --all,
// everything (staff come only with a full migration).
import { randomBytes } from 'node:crypto';
import { mapAdministrator } from '../../mapping/administrator.js';
import type { IdResolver } from '../../mapping/issues.js';
import { mapLabel } from '../../mapping/label.js';
import { mapPartner } from '../../mapping/partner.js';
import { findDuplicateTariffTitles, mapTariff, tariffKindOf } from '../../mapping/tariff.js';
import type { SonarFoundation } from '../../sonar/records.js';
import { ENDPOINTS, type EntityEndpoint, SONAR_ID_MODULES } from '../../splynx/endpoints.js';
import { idOf, listAllRecords, readRecord } from '../../splynx/records-io.js';
import { guarded } from '../guard.js';
import { isDone } from '../ledger.js';
import type { Phase, PhaseContext, SharedState } from '../phase.js';
import { RecordFailedError } from '../record-failure.js';
import { adoptOrCreate } from '../write-record.js';
import {
  ACTIVATION_DATE_FIELD,
  ACTIVATION_DATE_MODULES,
  ensureSonarIdField,
  fieldKey,
} from './additional-fields.js';
import { ExistingIndex, Walker } from './simple-entity.js';

type Needed = Pick<SonarFoundation, 'companies' | 'account_groups' | 'users' | 'services'>;

function neededRecords(ctx: PhaseContext, foundation: SonarFoundation): Needed {
  const accounts = ctx.selection.accounts;
  if (ctx.selection.kind === 'all' || !accounts) return foundation;
  // Records a --records-from retry names on their own, beside what its accounts need.
  const named = (entity: RegExp) =>
    (ctx.selection.records ?? []).filter((r) => entity.test(r.entity)).map((r) => r.sonarId);
  const companyIds = new Set([...accounts.map((a) => a.company_id), ...named(/^partner$/)]);
  const groupIds = new Set([...accounts.flatMap((a) => a.account_group_ids), ...named(/^label$/)]);
  const serviceIds = new Set([
    ...accounts.flatMap((a) => a.account_services.map((s) => s.service_id)),
    ...named(/^tariff_/),
  ]);
  const userIds = new Set(named(/^administrator$/));
  const services = foundation.services.filter((s) => serviceIds.has(s.id));
  for (const s of services) if (s.company_id) companyIds.add(s.company_id);
  return {
    companies: foundation.companies.filter((c) => companyIds.has(c.id)),
    account_groups: foundation.account_groups.filter((g) => groupIds.has(g.id)),
    users: foundation.users.filter((u) => userIds.has(u.id)),
    services,
  };
}

/** What resolving ids needs: the id map, and what this run learned about Splynx. */
export type IdLookup = {
  ledger: Pick<PhaseContext['ledger'], 'splynxId'>;
  shared: Pick<SharedState, 'partnerIds' | 'locationIds'>;
};

export function idResolver(ctx: IdLookup): IdResolver {
  const ledger = ctx.ledger;
  const id = (entity: string, sonarId: string) => {
    const known = ledger.splynxId(entity, sonarId);
    return typeof known === 'number' ? known : undefined;
  };
  return {
    partner: (companyId) => (companyId === null ? undefined : id('partner', companyId)),
    label: (groupId) => id('label', groupId),
    // Config overrides land in the ledger once the named tariff is proven to exist.
    tariff: (kind, serviceId) => id(`tariff_${kind}`, serviceId),
    customer: (accountId) => id('customer', accountId),
    allPartnerIds: () => ctx.shared.partnerIds ?? [],
    allLocationIds: () => ctx.shared.locationIds ?? [1],
  };
}

const TARIFF_ENDPOINT = {
  internet: ENDPOINTS.tariff_internet,
  recurring: ENDPOINTS.tariff_recurring,
  one_time: ENDPOINTS.tariff_one_time,
} as const;

async function ids(ctx: PhaseContext, endpoint: EntityEndpoint): Promise<number[]> {
  const rows = await listAllRecords(ctx.splynx, endpoint.path, ctx.signal);
  return rows.map(idOf).filter((id): id is number => id !== undefined);
}

/**
 * Adopts a Splynx record the config (or the install) names, proving it exists by reading it;
 * a missing one is the config's fault, and the failure names the key to change.
 */
function adoptNamed(
  ctx: PhaseContext,
  ref: { entity: string; sonarId: string; label: string },
  endpoint: EntityEndpoint,
  splynxId: number,
  configKey?: string,
) {
  return guarded(ctx, { phase: 'foundation', ...ref }, async () => {
    try {
      return await adoptOrCreate(ctx, {
        phase: 'foundation',
        ...ref,
        payload: {},
        find: async (signal) => idOf(await readRecord(ctx.splynx, endpoint.item(splynxId), signal)),
        create: async () => splynxId,
      });
    } catch (error) {
      const missing =
        error instanceof RecordFailedError &&
        error.failure.status === 404 &&
        configKey !== undefined;
      if (!missing) throw error;
      throw new RecordFailedError({
        ...error.failure,
        rule: 'tariff-mapping',
        field: configKey,
        message: `s2s.config.json maps ${ref.label} onto Splynx ${endpoint.path}/${splynxId}, which does not exist`,
        fixes: [
          `Set ${configKey} in s2s.config.json to an existing Splynx tariff id, or remove it to create the tariff.`,
        ],
      });
    }
  });
}

async function walk(ctx: PhaseContext) {
  const walker = new Walker(ctx);
  ctx.shared.foundation ??= await ctx.sonar.foundation(ctx.signal);
  const needed = neededRecords(ctx, ctx.shared.foundation);
  const phase = 'foundation' as const;

  // sonar_id fields first: every later create carries one.
  for (const module of SONAR_ID_MODULES) {
    const ref = {
      phase,
      entity: 'additional_field',
      sonarId: module,
      label: `sonar_id field in ${module}`,
    };
    if (!isDone(ctx.ledger.get('additional_field', module))) {
      await guarded(ctx, ref, () => ensureSonarIdField(ctx, module));
    }
  }
  for (const module of ACTIVATION_DATE_MODULES) {
    const sonarId = fieldKey(module, ACTIVATION_DATE_FIELD);
    const label = `${ACTIVATION_DATE_FIELD.name} field in ${module}`;
    const ref = { phase, entity: 'additional_field', sonarId, label };
    if (!isDone(ctx.ledger.get('additional_field', sonarId))) {
      await guarded(ctx, ref, () => ensureSonarIdField(ctx, module, ACTIVATION_DATE_FIELD));
    }
  }

  const partners = await ExistingIndex.load(ctx, ENDPOINTS.partner);
  for (const company of needed.companies) {
    const ref = {
      phase,
      entity: 'partner',
      sonarId: company.id,
      label: `company ${company.id} "${company.name}"`,
    };
    const plan = mapPartner(company, ctx.config);
    if (plan.kind === 'adopt') {
      await adoptNamed(ctx, ref, ENDPOINTS.partner, plan.splynxId);
      continue;
    }
    await walker.item({
      ...ref,
      endpoint: ENDPOINTS.partner,
      index: partners,
      mapped: { ok: true, value: plan.payload, warnings: [] },
    });
  }
  ctx.shared.partnerIds = await ids(ctx, ENDPOINTS.partner);
  ctx.shared.locationIds = await ids(ctx, ENDPOINTS.location);

  const labels = await ExistingIndex.load(ctx, ENDPOINTS.label);
  for (const group of needed.account_groups) {
    await walker.item({
      phase,
      entity: 'label',
      sonarId: group.id,
      label: `account group ${group.id} "${group.name}"`,
      endpoint: ENDPOINTS.label,
      index: labels,
      mapped: mapLabel(group),
    });
  }

  if (needed.users.length > 0) {
    const admins = await ExistingIndex.load(ctx, ENDPOINTS.administrator);
    for (const user of needed.users) {
      await walker.item({
        phase,
        entity: 'administrator',
        sonarId: user.id,
        label: `user ${user.id} "${user.username}"`,
        endpoint: ENDPOINTS.administrator,
        index: admins,
        sonarIdValue: user.id,
        mapped: mapAdministrator(user, ctx.config),
        // Admins reset their password in Splynx; this one is never written anywhere.
        secretExtras: () => ({ password: randomBytes(18).toString('base64url') }),
      });
    }
  }

  const resolver = idResolver(ctx);
  const tariffIndexes = new Map<string, ExistingIndex>();
  // Tariffs are adopted by title: a second service with the same name must not take the first's.
  const duplicates = new Map(
    findDuplicateTariffTitles(ctx.shared.foundation.services, ctx.config).map((i) => [
      i.sonarId,
      i,
    ]),
  );
  for (const service of needed.services) {
    const label = `service ${service.id} "${service.name}"`;
    const plan = mapTariff(service, ctx.config, resolver);
    if ('kind' in plan) {
      if (plan.kind === 'skip') {
        walker.skipped({ phase, entity: 'tariff', sonarId: service.id, label }, plan.reason);
        continue;
      }
      const ref = { phase, entity: `tariff_${plan.tariffKind}`, sonarId: service.id, label };
      await adoptNamed(
        ctx,
        ref,
        TARIFF_ENDPOINT[plan.tariffKind],
        plan.splynxId,
        `tariffs."${service.id}"`,
      );
      continue;
    }
    const kind = plan.ok ? plan.value.tariffKind : (tariffKindOf(service) ?? 'internet');
    const duplicate = duplicates.get(service.id);
    const endpoint = TARIFF_ENDPOINT[kind];
    let index = tariffIndexes.get(kind);
    if (!index) {
      index = await ExistingIndex.load(ctx, endpoint);
      tariffIndexes.set(kind, index);
    }
    await walker.item({
      phase,
      entity: `tariff_${kind}`,
      sonarId: service.id,
      label,
      endpoint,
      index,
      sonarIdValue: service.id,
      mapped: duplicate
        ? { ok: false, issues: [duplicate] }
        : plan.ok
          ? { ok: true, value: plan.value.payload, warnings: plan.warnings }
          : plan,
    });
  }
}

export const foundationPhase: Phase = {
  id: 'foundation',
  title: 'Company, staff, groups, plans and tariffs',
  dependsOn: [],
  apply: walk,
};
