// Which Splynx endpoints a migration uses, where each one's permission lives in the API key's
// Permissions dialog, and which fields the mapping fills on each collection it creates into.
// The field lists are typed against the payloads, so a mapping change cannot leave them stale.
import type { MappingConfig } from '../mapping/mapping-config.js';
import type {
  AdministratorPayload,
  CustomerPayload,
  InternetServicePayload,
  InternetTariffPayload,
  InventoryItemPayload,
  Ipv4NetworkPayload,
  Ipv6NetworkPayload,
  LabelPayload,
  NotePayload,
  OneTimeTariffPayload,
  PartnerPayload,
  ProductPayload,
  RecurringServicePayload,
  RecurringTariffPayload,
  StockPayload,
  SupplierPayload,
  VendorPayload,
} from '../mapping/payloads.js';
import { customerPaths, ENDPOINTS } from '../splynx/endpoints.js';

export interface ProbedEndpoint {
  path: string;
  /** Group → entry in Administration → Main → API keys → (key) → Permissions. */
  permission: string;
  /** Config → Main → Modules entry that switches it off, when one does. */
  module?: string;
  /** HEAD answers 500 without a search filter (cross-customer services): probe OPTIONS only. */
  optionsOnly?: boolean;
  /** Fields the mapping sends on create; absent for endpoints only read or PUT. */
  fills?: readonly string[];
}

type Fields<T> = Record<keyof Required<T>, true>;
const keys = <T>(fields: Fields<T>, ...more: string[]): string[] => [
  ...Object.keys(fields),
  ...more,
];

const TARIFF_BASE = {
  additional_attributes: true,
  title: true,
  price: true,
  with_vat: true,
  tax_id: true,
  partners_ids: true,
  customer_categories: true,
  available_for_locations: true,
} as const;
const SERVICE_BASE = {
  additional_attributes: true,
  tariff_id: true,
  status: true,
  description: true,
  quantity: true,
  unit_price: true,
  start_date: true,
  end_date: true,
  discount: true,
  discount_type: true,
  discount_value: true,
  discount_start_date: true,
  discount_text: true,
} as const;

/** The body customer-writer.ts sends for an opening balance. */
const TRANSACTION_FIELDS = [
  'customer_id',
  'type',
  'quantity',
  'price',
  'total',
  'description',
  'date',
  'category',
];

export function probedEndpoints(config: MappingConfig): ProbedEndpoint[] {
  const list: ProbedEndpoint[] = [
    {
      path: ENDPOINTS.partner.path,
      permission: 'Administration → Partners',
      fills: keys<PartnerPayload>({ name: true }),
    },
    { path: ENDPOINTS.location.path, permission: 'Administration → Locations' },
    {
      path: ENDPOINTS.administrator.path,
      permission: 'Administration → Administrators',
      fills: keys<AdministratorPayload>(
        {
          additional_attributes: true,
          login: true,
          name: true,
          email: true,
          phone: true,
          role_name: true,
          partner_id: true,
        },
        'password',
      ),
    },
    {
      path: 'admin/config/additional-fields/customers',
      permission: 'Config → Additional fields',
      optionsOnly: true,
    },
    {
      path: ENDPOINTS.label.path,
      permission: 'Config → Labels',
      fills: keys<LabelPayload>({ module: true, label: true }),
    },
    {
      path: ENDPOINTS.tariff_internet.path,
      permission: 'Tariff plans → Internet',
      fills: keys<InternetTariffPayload>({
        ...TARIFF_BASE,
        speed_download: true,
        speed_upload: true,
        billing_types: true,
      }),
    },
    {
      path: ENDPOINTS.tariff_recurring.path,
      permission: 'Tariff plans → Recurring',
      fills: keys<RecurringTariffPayload>({ ...TARIFF_BASE, billing_types: true }),
    },
    {
      path: ENDPOINTS.tariff_one_time.path,
      permission: 'Tariff plans → One-time',
      fills: keys<OneTimeTariffPayload>(TARIFF_BASE),
    },
    {
      path: ENDPOINTS.ipv4_network.path,
      permission: 'Networking → IPv4 networks',
      fills: keys<Ipv4NetworkPayload>({
        additional_attributes: true,
        network: true,
        mask: true,
        title: true,
        location_id: true,
        network_type: true,
        type_of_usage: true,
      }),
    },
    {
      path: ENDPOINTS.ipv6_network.path,
      permission: 'Networking → IPv6 networks',
      module: 'IPv6',
      fills: keys<Ipv6NetworkPayload>({
        network: true,
        prefix: true,
        title: true,
        location_id: true,
        network_type: true,
        type_of_usage: true,
      }),
    },
    {
      path: ENDPOINTS.stock.path,
      permission: 'Config → Inventory → Stocks',
      module: 'Inventory',
      fills: keys<StockPayload>({ name: true }),
    },
    {
      path: ENDPOINTS.vendor.path,
      permission: 'Inventory → Vendors',
      module: 'Inventory',
      fills: keys<VendorPayload>({ name: true }),
    },
    {
      path: ENDPOINTS.supplier.path,
      permission: 'Inventory → Suppliers',
      module: 'Inventory',
      fills: keys<SupplierPayload>({
        name: true,
        address: true,
        contact_name: true,
        email: true,
        phone: true,
      }),
    },
    {
      path: ENDPOINTS.product.path,
      permission: 'Inventory → Products',
      module: 'Inventory',
      fills: keys<ProductPayload>({ name: true, vendor_id: true }),
    },
    {
      path: ENDPOINTS.inventory_item.path,
      permission: 'Inventory → Items',
      module: 'Inventory',
      fills: keys<InventoryItemPayload>({
        additional_attributes: true,
        product_id: true,
        barcode: true,
        serial_number: true,
      }),
    },
    {
      path: ENDPOINTS.customer.path,
      permission: 'Customers → Customer',
      fills: keys<CustomerPayload>(
        {
          additional_attributes: true,
          name: true,
          login: true,
          status: true,
          category: true,
          partner_id: true,
          location_id: true,
          email: true,
          phone: true,
          street_1: true,
          city: true,
          zip_code: true,
          gps: true,
          date_add: true,
          customer_labels: true,
        },
        'parent_id',
      ),
    },
    {
      path: customerPaths.notes,
      permission: 'Customers → Customer notes',
      fills: keys<NotePayload>({ comment: true, is_pinned: true, type: true }, 'customer_id'),
    },
    {
      path: customerPaths.allInternetServices,
      permission: 'Customers → Internet services',
      optionsOnly: true,
      fills: keys<InternetServicePayload>(
        {
          ...SERVICE_BASE,
          login: true,
          password: true,
          taking_ipv4: true,
          ipv4: true,
          mac: true,
        },
        'customer_id',
      ),
    },
    {
      path: customerPaths.allRecurringServices,
      permission: 'Customers → Recurring services',
      optionsOnly: true,
      fills: keys<RecurringServicePayload>(SERVICE_BASE, 'customer_id'),
    },
  ];
  if (config.balances.mode === 'import') {
    list.push({
      path: ENDPOINTS.transaction.path,
      permission: 'Finance → Transactions',
      module: 'Finance',
      fills: TRANSACTION_FIELDS,
    });
  }
  return list;
}
