// Sonar companies become Splynx partners; the default company may adopt the "Main" partner every
// Splynx install has, so a single-company ISP does not end up with two partners.
import type { SonarCompany } from '../sonar/records.js';
import type { MappingConfig } from './mapping-config.js';
import type { PartnerPayload } from './payloads.js';

export type PartnerPlan =
  | { kind: 'adopt'; splynxId: 1 }
  | { kind: 'create'; payload: PartnerPayload };

export function mapPartner(company: SonarCompany, config: MappingConfig): PartnerPlan {
  if (company.default && config.partners.adoptDefaultPartner) return { kind: 'adopt', splynxId: 1 };
  return { kind: 'create', payload: { name: company.name } };
}
