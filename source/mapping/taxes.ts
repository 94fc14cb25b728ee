// Sonar taxes map onto existing Splynx taxes (MAPPING.md, Money: taxes). Splynx taxes cannot be
// created over the API (api-blueprint.apib, Taxes: list and retrieve only), so the operator maps
// each Sonar tax a migrated service uses to one with `taxes` in s2s.config.json; `s2s init`
// lists them and preflight stops while one is missing.
import type { SonarFoundation, SonarTax } from '../sonar/records.js';
import type { MappingConfig } from './mapping-config.js';
import { tariffKindOf } from './tariff.js';

export interface TaxUse {
  tax: SonarTax;
  /** Ids of the services that become tariffs and carry this tax. */
  serviceIds: string[];
}

/**
 * The Sonar taxes that migrated tariffs will carry, with the services using them. A service that
 * becomes no tariff, or is mapped onto an existing Splynx tariff (which keeps its own tax), uses
 * none. A tax id the services name but Sonar did not list is reported under that bare id.
 */
export function usedTaxes(foundation: SonarFoundation, config: MappingConfig): TaxUse[] {
  const byId = new Map<string, TaxUse>();
  for (const service of foundation.services) {
    if (tariffKindOf(service) === null || config.tariffs[service.id] !== undefined) continue;
    for (const taxId of service.tax_ids) {
      const tax = foundation.taxes.find((candidate) => candidate.id === taxId) ?? {
        id: taxId,
        name: `tax ${taxId}`,
        rate: 0,
        application: 'PERCENTAGE' as const,
        type: 'GLOBAL' as const,
      };
      const use = byId.get(taxId) ?? { tax, serviceIds: [] };
      use.serviceIds.push(service.id);
      byId.set(taxId, use);
    }
  }
  return [...byId.values()].sort((a, b) => Number(a.tax.id) - Number(b.tax.id));
}

/** Used Sonar taxes without a Splynx tax in the config. */
export function unmappedTaxes(foundation: SonarFoundation, config: MappingConfig): TaxUse[] {
  return usedTaxes(foundation, config).filter((use) => config.taxes[use.tax.id] === undefined);
}

/** `"State Sales Tax" (6.25%)`, `"Cable fee" (1.50 flat)`. */
export function describeTax(tax: SonarTax): string {
  const rate = tax.application === 'FLAT' ? `${(tax.rate / 100).toFixed(2)} flat` : `${tax.rate}%`;
  return `${tax.id} "${tax.name}" (${rate})`;
}
