// The contract between the dataset generator and the Sonar simulator: one in-memory table per
// Sonar root collection, each row holding exactly the scalar fields of that Sonar type (names as in
// ../shared/reference/sonar/schema.graphql). Conventions:
// - `id` and every `*_id` are JS numbers here; the simulator serialises Int64Bit as strings.
// - `sonar_unique_id` and `_version` are not stored; the simulator derives them.
// - enums are their value names as strings; money is integer cents; Date is `YYYY-MM-DD`,
//   Datetime ISO 8601 with offset.

export const SONAR_TABLES = [
  'companies',
  'account_statuses',
  'account_types',
  'account_groups',
  'roles',
  'users',
  'services',
  'data_service_details',
  'recurring_service_details',
  'expiring_service_details',
  'taxes',
  'service_taxes',
  'accounts',
  'account_billing_parameters',
  'addresses',
  'contacts',
  'phone_number_types',
  'phone_numbers',
  'account_services',
  'supernets',
  'subnets',
  'ip_pools',
  'ip_assignments',
  'radius_accounts',
  'uninventoried_mac_addresses',
  'manufacturers',
  'inventory_model_categories',
  'inventory_models',
  'inventory_model_fields',
  'inventory_items',
  'inventory_model_field_data',
  'inventory_locations',
  'vendors',
  'notes',
  'transactions',
  'invoices',
  'debits',
  'payments',
  'credits',
] as const;

export type SonarTableName = (typeof SONAR_TABLES)[number];

/** Many-to-many links that Sonar exposes only as relations (no root collection). */
export interface AccountGroupLink {
  account_id: number;
  account_group_id: number;
}

export type SonarRow = { id: number } & Record<string, unknown>;

export type SonarTables = { [K in SonarTableName]: SonarRow[] } & {
  account_account_groups: AccountGroupLink[];
};
