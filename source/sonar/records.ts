// The typed records the Sonar extractors yield and the pure mapping layer reads. They are plain
// data (JSON-serialisable, no classes) and already normalised at the client edge:
// - every id and `*_id` is a string, as Sonar sends Int64Bit (never compare ids as numbers);
// - money is an integer in the smallest currency unit (cents), as Sonar stores it;
// - `Date` values are `YYYY-MM-DD`, `Datetime` values ISO 8601 with offset, both kept as strings;
// - a field Sonar may leave empty is `null`, never `undefined`, so records compare and serialise
//   the same way everywhere.
// Field names follow the Sonar schema (../shared/reference/sonar/schema.graphql) on purpose: a
// reader can check a record against the reference without a translation table.

export type SonarId = string;

export type ServiceType =
  | 'RECURRING'
  | 'EXPIRING'
  | 'ONETIME'
  | 'OVERAGE'
  | 'ADJUSTMENT'
  | 'DATA'
  | 'VOICE';
export type ServiceApplication = 'DEBIT' | 'CREDIT';
export type AccountTypeKind =
  | 'COMMERCIAL'
  | 'RESIDENTIAL'
  | 'GOVERNMENT'
  | 'INDUSTRIAL'
  | 'SENIOR_CITIZEN';
export type AddressType = 'PHYSICAL' | 'MAILING';
export type NotePriority = 'NORMAL' | 'STICKY' | 'STICKY_WITH_CONFIRMATION';

// ---------------------------------------------------------------- foundation

export interface SonarCompany {
  id: SonarId;
  name: string;
  /** The instance's default company (MAPPING: may adopt Splynx partner 1). */
  default: boolean;
  enabled: boolean;
}

export interface SonarAccountStatus {
  id: SonarId;
  name: string;
  /** True when accounts in this status count as active (MAPPING, Status). */
  activates_account: boolean;
}

export interface SonarAccountType {
  id: SonarId;
  name: string;
  type: AccountTypeKind;
}

export interface SonarAccountGroup {
  id: SonarId;
  name: string;
}

export interface SonarRole {
  id: SonarId;
  name: string;
}

export interface SonarUser {
  id: SonarId;
  name: string;
  username: string;
  email_address: string;
  /** Digits as Sonar stores them (`Numeric`, may keep leading zeros). */
  mobile_number: string | null;
  enabled: boolean;
  /** Sonar's own support staff; never migrated. Null when the instance does not say. */
  is_sonar_staff: boolean | null;
  role_id: SonarId | null;
  /** Name of `role_id`'s role, resolved at extraction; null when the user has no role. */
  role_name: string | null;
}

/** Speeds and billing period of a DATA service (`data_service_detail`). */
export interface SonarDataServiceDetail {
  download_speed_kilobits_per_second: number;
  upload_speed_kilobits_per_second: number;
  /** Months per billing period. */
  billing_frequency: number;
}

export interface SonarService {
  id: SonarId;
  name: string;
  type: ServiceType;
  application: ServiceApplication;
  /** Catalogue price in cents; null when the service has no fixed amount. */
  amount: number | null;
  enabled: boolean;
  /** Null: the service is available to every company. */
  company_id: SonarId | null;
  /** Only for type DATA; null otherwise or when Sonar has no detail row. */
  data_service_detail: SonarDataServiceDetail | null;
  /** Months per billing period: from the data, recurring or expiring detail; null when none. */
  billing_frequency: number | null;
  /** EXPIRING services: billing cycles the service runs (`ExpiringServiceDetail.times_to_run`). */
  times_to_run: number | null;
  /** Sonar taxes on the service (`service_taxes`), ascending. */
  tax_ids: SonarId[];
}

export interface SonarFoundation {
  companies: SonarCompany[];
  account_statuses: SonarAccountStatus[];
  account_types: SonarAccountType[];
  account_groups: SonarAccountGroup[];
  roles: SonarRole[];
  users: SonarUser[];
  services: SonarService[];
  taxes: SonarTax[];
}

export interface SonarTax {
  id: SonarId;
  name: string;
  /** Percent for PERCENTAGE taxes, cents for FLAT ones. */
  rate: number;
  application: 'FLAT' | 'PERCENTAGE';
  type: 'GEOGRAPHICAL' | 'GLOBAL';
}

// ---------------------------------------------------------------- network

export interface SonarSupernet {
  id: SonarId;
  name: string | null;
  /** CIDR, e.g. `100.64.0.0/16` or `2605:a000::/32`. */
  subnet: string;
  ip_version: 4 | 6;
}

export interface SonarSubnet {
  id: SonarId;
  name: string | null;
  /** CIDR. */
  subnet: string;
  supernet_id: SonarId;
  ip_version: 4 | 6;
  /** Sonar SubnetType: MIXED, ACCOUNT, NETWORK or EXCLUDED (kept open for schema drift). */
  type: string;
}

export interface SonarIpPool {
  id: SonarId;
  name: string | null;
  /** `a.b.c.d-e.f.g.h`, inclusive. */
  ip_range: string;
  subnet_id: SonarId;
}

export interface SonarNetwork {
  supernets: SonarSupernet[];
  subnets: SonarSubnet[];
  ip_pools: SonarIpPool[];
}

// ---------------------------------------------------------------- inventory

export interface SonarInventoryLocation {
  id: SonarId;
  name: string;
}

export interface SonarManufacturer {
  id: SonarId;
  name: string;
}

export interface SonarPostalAddress {
  line1: string | null;
  line2: string | null;
  city: string | null;
  /** Sonar Subdivision enum, `<country>_<code>`, e.g. `US_TX`. */
  subdivision: string | null;
  zip: string | null;
  /** ISO-2, e.g. `US`. */
  country: string | null;
}

/** A supplier. Address and contact are the first PHYSICAL/any address and the primary contact. */
export interface SonarVendor {
  id: SonarId;
  name: string;
  archived: boolean;
  address: SonarPostalAddress | null;
  contact_name: string | null;
  email_address: string | null;
  /** The primary contact's first phone number (digits as stored). */
  phone_number: string | null;
}

export interface SonarInventoryModelField {
  id: SonarId;
  name: string;
  /** Sonar InventoryModelFieldType: TEXT, NUMBER, MAC_ADDRESS, ... (kept open for schema drift). */
  type: string;
  /** The one identifying field per model (usually the MAC or serial). */
  primary: boolean;
}

export interface SonarInventoryModel {
  id: SonarId;
  name: string;
  model_name: string | null;
  manufacturer_id: SonarId;
  /** Quantity-tracked model without serials. */
  generic: boolean;
  enabled: boolean;
  fields: SonarInventoryModelField[];
}

export interface SonarInventoryItem {
  id: SonarId;
  inventory_model_id: SonarId;
  /** Where the item is: `Address` (customer equipment), `InventoryLocation`, `User`, `NetworkSite`... */
  inventoryitemable_type: string;
  inventoryitemable_id: SonarId;
  /** Sonar InventoryItemStatus: FUNCTIONAL, FAILED or LOST. */
  status: string;
  account_service_id: SonarId | null;
  /** Values of the model's fields keyed by inventory model field id (MAC, serial, ...). */
  field_values: Record<SonarId, string>;
}

export interface SonarInventory {
  inventory_locations: SonarInventoryLocation[];
  manufacturers: SonarManufacturer[];
  vendors: SonarVendor[];
  inventory_models: SonarInventoryModel[];
  inventory_items: SonarInventoryItem[];
}

// ---------------------------------------------------------------- accounts

export interface SonarAddress extends SonarPostalAddress {
  id: SonarId;
  type: AddressType;
  /** A serviceable address can host the account's service and equipment. */
  serviceable: boolean;
  latitude: string | null;
  longitude: string | null;
}

export interface SonarPhoneNumber {
  /** Digits as stored (`Numeric`, may keep leading zeros). */
  number: string;
  extension: string | null;
  /** Name of the phone number type, e.g. `Mobile`, `Home`, `Work`; null when unknown. */
  type: string | null;
}

export interface SonarContact {
  id: SonarId;
  name: string;
  email_address: string | null;
  primary: boolean;
  /** Free-text job title. */
  role: string | null;
  /** Customer-portal login (the portal password is not readable through the API). */
  username: string | null;
  phone_numbers: SonarPhoneNumber[];
}

export interface SonarAccountService {
  id: SonarId;
  service_id: SonarId;
  quantity: number;
  /** Cents; null means the catalogue price of the service applies. */
  price_override: number | null;
  name_override: string | null;
  /** `YYYY-MM-DD` this service bills next; null = on the account's next bill date. */
  next_bill_date: string | null;
  /** Billing cycles consumed; Sonar keeps it for EXPIRING services only. */
  number_of_times_billed: number | null;
}

export interface SonarBillingParameter {
  /** Day of month the account bills on; null when it follows the billing default. */
  bill_day: number | null;
  due_days: number;
  grace_days: number;
  months_to_bill: number;
  tax_exempt: boolean;
  print_invoice: boolean;
}

/** Where an IP assignment hangs in Sonar; the mapping uses `via` to explain its choices. */
export type SonarIpSource =
  | { via: 'account' }
  | { via: 'radius_account'; radius_account_id: SonarId }
  | { via: 'inventory_item'; inventory_item_id: SonarId }
  | { via: 'inventory_field'; inventory_item_id: SonarId; inventory_model_field_id: SonarId }
  | { via: 'uninventoried_mac'; mac_address: string };

export interface SonarIpAssignment {
  id: SonarId;
  /** The assigned address or prefix as CIDR, e.g. `100.64.1.10/32`. */
  subnet: string;
  /** The Sonar subnet the address was taken from. */
  subnet_id: SonarId;
  ip_pool_id: SonarId | null;
  /** Assigned automatically by DHCP/RADIUS rather than by staff. */
  soft: boolean;
  description: string | null;
  source: SonarIpSource;
}

/** RADIUS credentials. The password is the customer's secret: send it to Splynx, log it never. */
export interface SonarRadiusAccount {
  id: SonarId;
  username: string;
  password: string | null;
}

export interface SonarNote {
  id: SonarId;
  message: string;
  priority: NotePriority;
  created_at: string;
}

export interface SonarUninventoriedMac {
  id: SonarId;
  mac_address: string;
}

export interface SonarAccount {
  id: SonarId;
  name: string;
  account_status_id: SonarId;
  account_type_id: SonarId;
  company_id: SonarId;
  parent_account_id: SonarId | null;
  /** `YYYY-MM-DD`; null when the account was never activated. */
  activation_date: string | null;
  /** `YYYY-MM-DD` Sonar bills the account next; null when no bill is scheduled. */
  next_bill_date: string | null;
  created_at: string;
  /** Set when the account is archived (MAPPING: archived accounts are TERMINATED). */
  archived_at: string | null;
  addresses: SonarAddress[];
  contacts: SonarContact[];
  account_services: SonarAccountService[];
  /** Null when Sonar returned no billing parameter row. */
  billing_parameter: SonarBillingParameter | null;
  account_group_ids: SonarId[];
  /** Every IP that belongs to the account, de-duplicated by assignment id, ascending. */
  ip_assignments: SonarIpAssignment[];
  radius_accounts: SonarRadiusAccount[];
  uninventoried_macs: SonarUninventoriedMac[];
  notes: SonarNote[];
  /** Inventory items on the account's addresses, ascending by id, with their field values (MAC,
   * serial), so one account can be mapped without the whole inventory at hand. */
  equipment: SonarInventoryItem[];
  /** `running_balance` of the newest transaction in cents (positive = owes); null when none. */
  balance: number | null;
}

/** The light row the TUI lists before anything is extracted. */
export interface SonarAccountSummary {
  id: SonarId;
  name: string;
  account_status_id: SonarId;
  created_at: string;
  /** Names of the account's DATA services (its internet plan), comma-separated; null if none. */
  plan: string | null;
}

/** One page of a listing; `page` is 1-based. */
export interface SonarPage<T> {
  entities: T[];
  page: number;
  total_pages: number;
  total_count: number;
}
