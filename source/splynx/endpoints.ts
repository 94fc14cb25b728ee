// Where each migrated entity lives in Splynx and how it is recognised (MAPPING.md, Identity):
// by the `sonar_id` additional field where the module has one, else by its natural key.

export interface EntityEndpoint {
  /** Collection path for list/search/create. */
  path: string;
  /** Item path for read/update/delete. */
  item(id: number): string;
  /** Additional-fields module holding `sonar_id`, when the module supports one. */
  sonarIdModule?: string;
  /** Natural key fields, used when there is no sonar_id (and as a fallback for adoption). */
  naturalKey: readonly string[];
}

const simple = (
  path: string,
  naturalKey: readonly string[],
  sonarIdModule?: string,
  itemBase = path,
): EntityEndpoint => ({
  path,
  item: (id) => `${itemBase}/${id}`,
  naturalKey,
  ...(sonarIdModule ? { sonarIdModule } : {}),
});

export const ENDPOINTS = {
  partner: simple('admin/administration/partners', ['name'], 'partners'),
  location: simple('admin/administration/locations', ['name']),
  label: simple('admin/config/labels', ['label']),
  administrator: simple('admin/administration/administrators', ['login'], 'admins'),
  tariff_internet: simple('admin/tariffs/internet', ['title'], 'tariffs_internet'),
  tariff_recurring: simple('admin/tariffs/recurring', ['title'], 'tariffs_custom'),
  tariff_one_time: simple('admin/tariffs/one-time', ['title'], 'tariffs_one_time'),
  ipv4_network: simple('admin/networking/ipv4', ['network', 'mask'], 'ipv4_networks'),
  ipv6_network: simple('admin/networking/ipv6', ['network', 'prefix']),
  stock: simple(
    'admin/config/inventory-stocks',
    ['name'],
    undefined,
    'admin/config/inventory-stock',
  ),
  vendor: simple('admin/inventory/vendors', ['name']),
  supplier: simple('admin/inventory/suppliers', ['name']),
  product: simple('admin/inventory/products', ['name']),
  inventory_item: simple('admin/inventory/items', ['barcode'], 'inventory_items'),
  customer: simple('admin/customers/customer', ['login'], 'customers'),
  transaction: simple('admin/finance/transactions', []),
  // No additional fields on finance documents: the Sonar id rides in `number` / `receipt_number`.
  invoice: simple('admin/finance/invoices', ['customer_id', 'number']),
  payment: simple('admin/finance/payments', ['customer_id', 'receipt_number']),
} as const satisfies Record<string, EntityEndpoint>;

export type EntityName = keyof typeof ENDPOINTS;

/** Modules that get a `sonar_id` additional field in the foundation phase (MAPPING.md). */
export const SONAR_ID_MODULES = [
  'customers',
  'services_internet',
  'services_custom',
  'tariffs_internet',
  'tariffs_custom',
  'tariffs_one_time',
  'inventory_items',
  'ipv4_networks',
  'admins',
  'partners',
] as const;

export const customerPaths = {
  info: (customerId: number) => `admin/customers/customer-info/${customerId}`,
  billing: (customerId: number) => `admin/customers/customer-billing/${customerId}`,
  notes: 'admin/customers/customer-notes',
  note: (customerId: number, noteId: number) =>
    `admin/customers/customer-notes/${customerId}--${noteId}`,
  internetServices: (customerId: number) =>
    `admin/customers/customer/${customerId}/internet-services`,
  internetService: (customerId: number, serviceId: number) =>
    `admin/customers/customer/${customerId}/internet-services--${serviceId}`,
  recurringServices: (customerId: number) =>
    `admin/customers/customer/${customerId}/recurring-services`,
  recurringService: (customerId: number, serviceId: number) =>
    `admin/customers/customer/${customerId}/recurring-services--${serviceId}`,
  /** Cross-customer service search; Splynx answers 500 unless a filter is given. */
  allInternetServices: 'admin/customers/customer/0/internet-services',
  allRecurringServices: 'admin/customers/customer/0/recurring-services',
};
