// The Splynx request bodies the mapping produces, one type per endpoint. Field names and enums follow
// ../shared/reference/splynx-api.md §6 and the live OPTIONS capture; ids are numbers, money is a
// number in currency units with at most 2 decimals (Splynx stores decimal(19,4)).
import type { SonarState, SplynxCustomerStatus } from './mapping-config.js';

/** The Sonar origin, stored in the `sonar_id` additional field of modules that have one. */
export interface SonarIdAttribute {
  additional_attributes: { sonar_id: string };
}

export type CustomerCategory = 'person' | 'company';

/** POST admin/administration/partners. */
export interface PartnerPayload {
  name: string;
}

/** POST admin/config/labels. */
export interface LabelPayload {
  module: 'customers';
  label: string;
}

/** POST admin/administration/administrators; the engine adds `password` (never stored). */
export interface AdministratorPayload extends SonarIdAttribute {
  login: string;
  name: string;
  email: string;
  phone: string;
  role_name: string;
  /** 0 = all partners. */
  partner_id: 0;
}

interface TariffBase extends SonarIdAttribute {
  title: string;
  price: number;
  /** Sonar prices exclude tax (Sonar adds taxes on the invoice), so Splynx must not assume VAT in. */
  with_vat: false;
  /** The Splynx tax mapped from the service's Sonar tax (config `taxes`); absent when untaxed. */
  tax_id?: number;
  partners_ids: number[];
  customer_categories: CustomerCategory[];
  available_for_locations: number[];
}

/** POST admin/tariffs/internet. Speeds in kbit/s. */
export interface InternetTariffPayload extends TariffBase {
  speed_download: number;
  speed_upload: number;
  billing_types: ['recurring'];
}

/** POST admin/tariffs/recurring. */
export interface RecurringTariffPayload extends TariffBase {
  billing_types: ['recurring'];
}

/** POST admin/tariffs/one-time. */
export type OneTimeTariffPayload = TariffBase;

export type TariffKind = 'internet' | 'recurring' | 'one_time';

export type TariffPayload =
  | { tariffKind: 'internet'; payload: InternetTariffPayload }
  | { tariffKind: 'recurring'; payload: RecurringTariffPayload }
  | { tariffKind: 'one_time'; payload: OneTimeTariffPayload };

/** POST admin/networking/ipv4 (supernets, subnets and pools alike). */
export interface Ipv4NetworkPayload extends SonarIdAttribute {
  network: string;
  mask: number;
  title: string;
  location_id: number;
  network_type: 'rootnet' | 'endnet';
  type_of_usage: 'static' | 'pool' | 'management';
}

/** POST admin/networking/ipv6. */
export interface Ipv6NetworkPayload {
  network: string;
  prefix: number;
  title: string;
  location_id: number;
  network_type: 'rootnet' | 'endnet';
  type_of_usage: 'static' | 'management';
}

export type NetworkPayload =
  | { ipVersion: 4; payload: Ipv4NetworkPayload }
  | { ipVersion: 6; payload: Ipv6NetworkPayload };

/** POST admin/config/inventory-stocks. */
export interface StockPayload {
  name: string;
}

/** POST admin/inventory/vendors (a Sonar manufacturer). */
export interface VendorPayload {
  name: string;
}

/** POST admin/inventory/suppliers (a Sonar vendor). */
export interface SupplierPayload {
  name: string;
  address: string;
  contact_name: string;
  email: string;
  phone: string;
}

/** POST admin/inventory/products (a Sonar inventory model). */
export interface ProductPayload {
  name: string;
  vendor_id: number;
}

/** POST admin/inventory/items. */
export interface InventoryItemPayload extends SonarIdAttribute {
  product_id: number;
  barcode: string;
  serial_number: string;
}

/** POST admin/customers/customer (created without parent_id; the engine sets it). */
export interface CustomerPayload extends SonarIdAttribute {
  name: string;
  login: string;
  status: 'active' | 'new';
  category: CustomerCategory;
  partner_id: number;
  location_id: number;
  /** Comma-separated; '' when the account has none. */
  email: string;
  /** Comma-separated; '' when the account has none. */
  phone: string;
  street_1: string;
  city: string;
  zip_code: string;
  /** "lat,lng" or ''. */
  gps: string;
  date_add: string;
  customer_labels: number[];
}

/** PUT admin/customers/customer-info/{id} (company accounts). */
export interface CustomerInfoPayload {
  contact_person: string;
}

/** PUT admin/customers/customer-billing/{id}. Billing keys are absent when Sonar has no value. */
export interface BillingPayload {
  make_invoices: 0 | 1;
  billing_date?: number;
  billing_due?: number;
  grace_period?: number;
  billing_street_1?: string;
  billing_city?: string;
  billing_zip_code?: string;
}

interface ServiceBase {
  /** `sonar_activation_date`: the day the service really began, since `start_date` is the day
   * Splynx starts billing it (mapping/billing-start.ts). */
  additional_attributes: { sonar_id: string; sonar_activation_date: string };
  tariff_id: number;
  status: 'active' | 'disabled';
  description: string;
  quantity: number;
  /** Only when Sonar overrides the catalogue price; otherwise Splynx uses the tariff price. */
  unit_price?: number;
  /** The first day Sonar has not billed: Splynx charges from here (mapping/billing-start.ts). */
  start_date: string;
  /** '0000-00-00' = endless. */
  end_date: string;
  /** A Sonar credit on the account, as a fixed discount (mapping/credits.ts). */
  discount?: 1;
  discount_type?: 'fixed';
  discount_value?: number;
  discount_start_date?: string;
  discount_text?: string;
}

/** POST admin/customers/customer/{id}/internet-services. */
export interface InternetServicePayload extends ServiceBase {
  login: string;
  /** The RADIUS password: a customer secret, never logged. */
  password?: string;
  /** 1 = permanent IP from a static network (then `ipv4` is set), 0 = none. */
  taking_ipv4: 0 | 1;
  ipv4?: string;
  /** Comma-separated MACs of the equipment serving this service. */
  mac?: string;
}

/** POST admin/customers/customer/{id}/recurring-services. */
export type RecurringServicePayload = ServiceBase;

/** POST admin/customers/customer-notes (the engine adds customer_id). */
export interface NotePayload {
  comment: string;
  is_pinned: 0 | 1;
  type: 'comment';
}

export interface OpeningBalance {
  /** Currency units, always positive; `type` carries the direction. */
  amount: number;
  /** debit: the customer owes this; credit: the customer has this in hand. */
  type: 'debit' | 'credit';
  description: string;
}

/** Everything one Sonar account becomes, in the order the engine writes it (MAPPING.md, Phase 4). */
export interface CustomerPlan {
  sonarId: string;
  /** For messages, e.g. 'account 1042 "Zoë Ångström"'. */
  label: string;
  state: SonarState;
  finalStatus: SplynxCustomerStatus;
  /** Create as this, add services, then set `finalStatus` last: disabled customers refuse services. */
  createStatus: 'active' | 'new';
  /** The engine resolves parent_id (the parent must be migrated first). */
  parentSonarId: string | null;
  customer: CustomerPayload;
  info: CustomerInfoPayload | null;
  billing: BillingPayload;
  internetServices: Array<{ sonarId: string; payload: InternetServicePayload }>;
  recurringServices: Array<{ sonarId: string; payload: RecurringServicePayload }>;
  notes: Array<{ sonarId: string; payload: NotePayload }>;
  openingBalance: OpeningBalance | null;
  /** A contact had a portal username; Sonar does not expose portal passwords. */
  portalPasswordReset: boolean;
  /** Inventory item ids on the account's addresses (the engine links them or reports them). */
  unlinkedEquipment: string[];
}
