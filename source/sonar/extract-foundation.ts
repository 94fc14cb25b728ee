// Phase 1 input: companies, statuses, types, groups, roles, users and services in one request
// (more only when a collection outgrows a page).
import type { SonarClient } from './client.js';
import { fetchCollections } from './fetch-collections.js';
import { FOUNDATION_SPECS } from './queries/foundation.js';
import type { SonarFoundation } from './records.js';

export interface ExtractOptions {
  signal?: AbortSignal;
  /** Rows per page of each collection (100–1000 are sensible); default 500. */
  pageSize?: number;
}

export async function extractFoundation(
  client: SonarClient,
  options: ExtractOptions = {},
): Promise<SonarFoundation> {
  const rows = await fetchCollections(client, 'SonarFoundation', FOUNDATION_SPECS, options);
  const roleNames = new Map(rows.roles.map((role) => [role.id, role.name]));
  const taxesOf = new Map<string, string[]>();
  for (const link of rows.service_taxes) {
    taxesOf.set(link.service_id, [...(taxesOf.get(link.service_id) ?? []), link.tax_id]);
  }
  return {
    companies: rows.companies,
    account_statuses: rows.account_statuses,
    account_types: rows.account_types,
    account_groups: rows.account_groups,
    roles: rows.roles,
    users: rows.users.map((user) => ({
      ...user,
      role_name: user.role_id === null ? null : (roleNames.get(user.role_id) ?? null),
    })),
    services: rows.services.map(
      ({ recurring_service_detail, expiring_service_detail, ...service }) => ({
        ...service,
        data_service_detail: service.type === 'DATA' ? service.data_service_detail : null,
        billing_frequency:
          service.data_service_detail?.billing_frequency ??
          recurring_service_detail?.billing_frequency ??
          expiring_service_detail?.billing_frequency ??
          null,
        times_to_run: expiring_service_detail?.times_to_run ?? null,
        tax_ids: taxesOf.get(service.id) ?? [],
      }),
    ),
    taxes: rows.taxes,
  };
}
