// Sonar catalogue services become Splynx tariffs (MAPPING.md, Phase 1). Services Splynx has no
// tariff kind for are skipped with a reason the plan and report show.
import type { SonarService } from '../sonar/records.js';
import { checkText } from './checks.js';
import {
  type IdResolver,
  type IssueSubject,
  type MappingIssue,
  type MapResult,
  resultOf,
} from './issues.js';
import type { MappingConfig } from './mapping-config.js';
import type { TariffKind, TariffPayload } from './payloads.js';

export type TariffPlan =
  | { kind: 'skip'; reason: string }
  | { kind: 'existing'; tariffKind: TariffKind; splynxId: number }
  | MapResult<TariffPayload>;

/** The Splynx tariff kind a Sonar service becomes; null when it becomes none. */
export function tariffKindOf(
  service: Pick<SonarService, 'type' | 'application'>,
): TariffKind | null {
  if (service.application === 'CREDIT') return null;
  switch (service.type) {
    case 'DATA':
      return 'internet';
    case 'RECURRING':
    // Bills every cycle until it has run times_to_run cycles: a recurring service with an end
    // date (mapping/billing-start.ts, expiringEnd).
    case 'EXPIRING':
      return 'recurring';
    case 'ONETIME':
      return 'one_time';
    default:
      return null;
  }
}

/** Why a service that becomes no tariff is not migrated, for the plan and the report. */
export function tariffSkipReason(service: SonarService): string {
  const what = `service ${service.id} "${service.name}"`;
  if (service.application === 'CREDIT') {
    return `${what} is a credit; it becomes no tariff but a fixed discount on the customer service it applies to (credits in s2s.config.json)`;
  }
  switch (service.type) {
    case 'VOICE':
      return `${what} is a voice service; voice is out of scope for this migration`;
    case 'OVERAGE':
      return `${what} is a usage overage charge; Splynx handles overage with FUP/CAP rules, not tariffs`;
    default:
      return `${what} is an adjustment; adjustments are one-off ledger entries, not tariffs`;
  }
}

/** Cents to currency units; Sonar amounts are whole cents, so two decimals are exact. */
export function centsToUnits(cents: number): number {
  return Math.round(cents) / 100;
}

/**
 * The Splynx tax of a tariff: the mapping (config `taxes`) of the service's Sonar tax. A Splynx
 * tariff has one `tax_id` (api-blueprint.apib, tariffs: `tax_id`), so Sonar taxes that map to
 * different Splynx taxes need a Splynx tax group mapped instead.
 */
function tariffTaxId(
  service: SonarService,
  config: MappingConfig,
  subject: IssueSubject,
  issues: MappingIssue[],
): number | undefined {
  const mapped = new Set<number>();
  for (const taxId of service.tax_ids) {
    const splynx = config.taxes[taxId];
    if (splynx === undefined) {
      issues.push({
        ...subject,
        field: 'tax_id',
        sourceField: 'service_taxes.tax_id',
        rule: 'tax-mapping',
        message: `Service ${service.id} "${service.name}" is taxed with Sonar tax ${taxId}, which has no Splynx tax mapped.`,
        fix: `Map it in s2s.config.json: taxes."${taxId}": <Splynx tax id> (s2s init lists Sonar's taxes).`,
      });
      continue;
    }
    mapped.add(splynx);
  }
  if (mapped.size > 1) {
    issues.push({
      ...subject,
      field: 'tax_id',
      sourceField: 'service_taxes.tax_id',
      rule: 'tax-mapping',
      message: `Service ${service.id} "${service.name}" has Sonar taxes ${service.tax_ids.join(', ')} mapped to different Splynx taxes; a Splynx tariff takes one.`,
      fix: `Create a Splynx tax group of those taxes and map each of ${service.tax_ids.map((id) => `taxes."${id}"`).join(', ')} to it.`,
    });
  }
  return [...mapped][0];
}

export function mapTariff(
  service: SonarService,
  config: MappingConfig,
  ids: IdResolver,
): TariffPlan {
  const tariffKind = tariffKindOf(service);
  if (tariffKind === null) return { kind: 'skip', reason: tariffSkipReason(service) };
  const existing = config.tariffs[service.id];
  if (existing !== undefined) return { kind: 'existing', tariffKind, splynxId: existing };

  const subject = { entity: 'tariff', sonarId: service.id, sonarType: 'Service' };
  const issues: MappingIssue[] = [];
  const warnings: MappingIssue[] = [];
  checkText(subject, service.name, { field: 'title', sourceField: 'name', required: true }, issues);

  let partnersIds: number[];
  if (service.company_id === null) {
    partnersIds = ids.allPartnerIds();
    if (partnersIds.length === 0) {
      issues.push({
        ...subject,
        field: 'partners_ids',
        sourceField: 'company_id',
        rule: 'required',
        message: `Service ${service.id} is available to every company but no Splynx partner is known yet.`,
        fix: 'Run the foundation phase so the Sonar companies exist as Splynx partners first.',
      });
    }
  } else {
    const partner = ids.partner(service.company_id);
    partnersIds = partner === undefined ? [] : [partner];
    if (partner === undefined) {
      issues.push({
        ...subject,
        field: 'partners_ids',
        sourceField: 'company_id',
        rule: 'unresolved-reference',
        message: `Service ${service.id} belongs to Sonar company ${service.company_id}, which has no Splynx partner yet.`,
        fix: `Migrate company ${service.company_id} (foundation phase) before its services.`,
      });
    }
  }

  if (service.amount === null) {
    warnings.push({
      ...subject,
      field: 'price',
      sourceField: 'amount',
      rule: 'no-price',
      message: `Service ${service.id} "${service.name}" has no fixed amount in Sonar; the tariff is created at price 0.`,
      fix: 'Set the price on the Splynx tariff after migration, or give the service an amount in Sonar.',
    });
  }
  if (service.billing_frequency !== null && service.billing_frequency !== 1) {
    warnings.push({
      ...subject,
      field: 'price',
      sourceField: 'billing_frequency',
      rule: 'billing-frequency',
      message: `Service ${service.id} bills every ${service.billing_frequency} months in Sonar; its amount is carried over unchanged as the Splynx tariff price.`,
      fix: 'Check the billing period of this tariff in Splynx after migration.',
    });
  }

  const taxId = tariffTaxId(service, config, subject, issues);
  const base = {
    title: service.name,
    price: centsToUnits(service.amount ?? 0),
    with_vat: false as const,
    ...(taxId === undefined ? {} : { tax_id: taxId }),
    partners_ids: partnersIds,
    customer_categories: ['person' as const, 'company' as const],
    available_for_locations: ids.allLocationIds(),
    additional_attributes: { sonar_id: service.id },
  };

  if (tariffKind === 'internet') {
    const detail = service.data_service_detail;
    if (detail === null) {
      issues.push({
        ...subject,
        field: 'speed_download',
        sourceField: 'data_service_detail',
        rule: 'required',
        message: `Data service ${service.id} "${service.name}" has no speeds (no data_service_detail) in Sonar.`,
        fix: `In Sonar, set the download and upload speeds of service ${service.id}, or map it onto an existing tariff with tariffs."${service.id}" in s2s.config.json.`,
      });
    }
    return resultOf(
      {
        tariffKind,
        payload: {
          ...base,
          speed_download: detail?.download_speed_kilobits_per_second ?? 0,
          speed_upload: detail?.upload_speed_kilobits_per_second ?? 0,
          billing_types: ['recurring'],
        },
      },
      issues,
      warnings,
    );
  }
  if (tariffKind === 'recurring') {
    return resultOf(
      { tariffKind, payload: { ...base, billing_types: ['recurring'] } },
      issues,
      warnings,
    );
  }
  return resultOf({ tariffKind, payload: base }, issues, warnings);
}

/**
 * Splynx tariff titles are unique per kind and tariffs are adopted by title, so a second Sonar
 * service with the same name would silently adopt the first one's tariff. Every service after the
 * first with a title already taken (case-insensitively) gets an issue. Skipped and configured
 * services create nothing and are ignored.
 */
export function findDuplicateTariffTitles(
  services: SonarService[],
  config: MappingConfig,
): MappingIssue[] {
  const first = new Map<string, string>();
  const issues: MappingIssue[] = [];
  for (const service of services) {
    const kind = tariffKindOf(service);
    if (kind === null || config.tariffs[service.id] !== undefined) continue;
    const key = `${kind}:${service.name.trim().toLowerCase()}`;
    const taken = first.get(key);
    if (taken === undefined) {
      first.set(key, service.id);
      continue;
    }
    issues.push({
      entity: 'tariff',
      sonarId: service.id,
      sonarType: 'Service',
      field: 'title',
      sourceField: 'name',
      rule: 'duplicate-title',
      message: `Service ${service.id} is named "${service.name}" like service ${taken}; Splynx tariff titles are unique, so it would take over that tariff.`,
      fix: `In Sonar, rename service ${service.id}, or map it onto an existing tariff with tariffs."${service.id}": <Splynx tariff id> in s2s.config.json.`,
    });
  }
  return issues;
}
