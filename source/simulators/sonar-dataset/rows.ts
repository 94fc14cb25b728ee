// Row shapes per Sonar table: every scalar field of the Sonar type, with the real schema's names and
// nullability (../shared/reference/sonar/schema.graphql), minus sonar_unique_id and _version, which
// the simulator derives. Small enums are literal unions so a misspelt value fails to compile. These
// are type aliases, not interfaces, so that they stay assignable to SonarRow.

import type { SonarTableName } from './tables.js';

/** `companies`: Sonar `Company`. */
export type CompanyRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  billing_communication_delay_end_local_time: string | null; // Time
  billing_communication_delay_start_local_time: string | null; // Time
  checks_payable_to: string | null;
  country: string; // enum Country
  customer_portal_url: string | null; // URL
  default: boolean;
  enabled: boolean;
  isp_type: 'ILEC' | 'CLEC' | 'IXC' | 'VOIP' | 'ISP' | 'WIRELESS' | 'RETAIL_SALES' | null;
  name: string;
  phone_number: string | null; // Numeric
  primary_color: string; // HtmlHexColor
  secondary_color: string; // HtmlHexColor
  show_remittance_slip: boolean;
  tax_identification: string | null;
  website_address: string | null; // URL
};

/** `account_statuses`: Sonar `AccountStatus`. */
export type AccountStatusRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  activates_account: boolean;
  color: string; // HtmlHexColor
  icon: string; // enum Icon
  name: string;
};

/** `account_types`: Sonar `AccountType`. */
export type AccountTypeRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  color: string; // HtmlHexColor
  icon: string; // enum Icon
  invoice_message_id: number | null;
  name: string;
  type: 'COMMERCIAL' | 'RESIDENTIAL' | 'GOVERNMENT' | 'INDUSTRIAL' | 'SENIOR_CITIZEN';
};

/** `account_groups`: Sonar `AccountGroup`. */
export type AccountGroupRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  name: string;
};

/** `roles`: Sonar `Role`. */
export type RoleRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  applied_permissions: string[]; // enum Permission
  name: string;
};

/** `users`: Sonar `User`. */
export type UserRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  completed_setup: boolean;
  email_address: string; // EmailAddress
  enabled: boolean;
  is_sonar_staff: boolean | null;
  language: 'en' | 'fr' | null;
  mobile_number: string | null; // Numeric
  name: string;
  public_name: string;
  role_id: number | null;
  super_admin: boolean;
  username: string;
};

/** `services`: Sonar `Service`. */
export type ServiceRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  amount: number | null;
  application: 'CREDIT' | 'DEBIT';
  company_id: number | null;
  display_if_zero: boolean;
  enabled: boolean;
  general_ledger_code_id: number | null;
  name: string;
  reverse_tax_definition_id: number | null;
  tax_definition_id: number | null;
  type: 'RECURRING' | 'EXPIRING' | 'ONETIME' | 'OVERAGE' | 'ADJUSTMENT' | 'DATA' | 'VOICE';
};

/** `data_service_details`: Sonar `DataServiceDetail`. */
export type DataServiceDetailRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  billing_frequency: number;
  download_speed_kilobits_per_second: number;
  service_id: number;
  technology_code:
    | 'ASYMMETRICXDSL'
    | 'SYMMETRICXDSL'
    | 'COPPERWIRELINE'
    | 'CABLEMODEM'
    | 'FIBER'
    | 'SATELLITE'
    | 'NONGEOSTATIONARYSATELLITE'
    | 'TERRESTRIALFIXEDWIRELESS'
    | 'UNLICENSEDTERRESTRIALFIXEDWIRELESS'
    | 'LICENSEDTERRESTRIALFIXEDWIRELESS'
    | 'LICENSEDBYRULETERRESTRIALFIXEDWIRELESS'
    | 'ELECTRICPOWERLINE'
    | 'OTHER';
  telrad_global_service_profile_name: string | null;
  upload_speed_kilobits_per_second: number;
  usage_based_billing_policy_id: number | null;
};

/** `taxes`: Sonar `Tax`. */
export type TaxRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  application: 'FLAT' | 'PERCENTAGE';
  name: string;
  /** Percent for PERCENTAGE, cents for FLAT. */
  rate: number;
  type: 'GEOGRAPHICAL' | 'GLOBAL';
};

/** `service_taxes`: which Sonar `Tax` applies to which `Service`. */
export type ServiceTaxRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  exemption_amount: number;
  service_id: number;
  tax_id: number;
};

/** `expiring_service_details`: Sonar `ExpiringServiceDetail`. */
export type ExpiringServiceDetailRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  billing_frequency: number;
  service_id: number;
  /** How many billing cycles the service runs before it expires. */
  times_to_run: number;
};

/** `recurring_service_details`: Sonar `RecurringServiceDetail`. */
export type RecurringServiceDetailRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  billing_frequency: number;
  service_id: number;
};

/** `accounts`: Sonar `Account`. */
export type AccountRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  account_status_id: number;
  account_type_id: number;
  activation_date: string | null; // Date
  activation_time: string | null; // Time
  archived_at: string | null; // Datetime
  archived_by_user_id: number | null;
  company_id: number;
  data_usage_percentage: number | null;
  geopoint: string | null; // Geopoint
  is_delinquent: boolean;
  is_eligible_for_archive: boolean | null;
  name: string;
  next_bill_date: string | null; // Date
  next_recurring_charge_amount: number | null;
  parent_account_id: number | null;
};

/** `account_billing_parameters`: Sonar `AccountBillingParameter`. */
export type AccountBillingParameterRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  account_id: number;
  aggregate_invoice_taxes: boolean;
  aggregate_linked_debits: boolean;
  anchor_delinquency_logic: 'ALL' | 'ANCHOR_ONLY' | null;
  auto_pay_day: 'BILL_DAY' | 'INVOICE_DAY';
  auto_pay_days: number;
  bill_day: number | null;
  bill_day_mode: 'FIXED' | 'ANNIVERSARY_INVOICE_DAY' | 'ANNIVERSARY_BILL_DAY';
  bill_mode: 'INVOICE' | 'STATEMENT';
  billing_default_id: number | null;
  days_of_delinquency_for_status_switch: number | null;
  default_for: 'ACCOUNT_TYPE' | 'ANCHOR' | 'LINKED';
  delinquency_account_status_id: number | null;
  delinquency_removal_account_status_id: number | null;
  due_days: number;
  due_days_day: 'BILL_DAY' | 'INVOICE_DAY';
  grace_days: number;
  grace_until: string | null; // Date
  invoice_day: number | null;
  lifeline: boolean;
  months_to_bill: number;
  print_invoice: boolean;
  switch_status_after_delinquency: boolean;
  tax_exempt: boolean;
};

/** `addresses`: Sonar `Address`. */
export type AddressRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  address_status_id: number | null;
  addressable_id: number | null;
  addressable_type:
    | 'Account'
    | 'InventoryLocation'
    | 'BankAccount'
    | 'CreditCard'
    | 'NetworkSite'
    | 'Company'
    | 'TowercoverageSubmission'
    | 'Vendor'
    | null;
  anchor_address_id: number | null;
  attainable_download_speed: number | null;
  attainable_upload_speed: number | null;
  avalara_pcode: string | null;
  billing_default_id: number | null;
  census_year: number | null;
  city: string | null;
  country: string | null; // enum Country
  county: string | null; // enum UsCounty
  fips: string | null;
  fips_source: 'FCC' | 'MIGRATION' | 'OTHER' | 'SONAR' | null;
  is_anchor: boolean;
  latitude: number | null; // Latitude
  line1: string | null;
  line2: string | null;
  longitude: number | null; // Longitude
  serviceable: boolean;
  subdivision: string | null; // enum Subdivision
  timezone: string | null; // enum Timezone
  type: 'PHYSICAL' | 'MAILING';
  zip: string | null;
};

/** `contacts`: Sonar `Contact`. */
export type ContactRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  contactable_id: number;
  contactable_type: 'Account' | 'NetworkSite' | 'Vendor';
  email_address: string | null; // EmailAddress
  language: 'en' | 'fr' | null;
  marketing_opt_in: boolean | null;
  name: string;
  primary: boolean;
  role: string | null;
  username: string | null;
};

/** `phone_number_types`: Sonar `PhoneNumberType`. */
export type PhoneNumberTypeRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  name: string;
  sms_capable: boolean;
};

/** `phone_numbers`: Sonar `PhoneNumber`. */
export type PhoneNumberRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  contact_id: number;
  country: string; // enum Country
  extension: string | null; // Numeric
  number: string; // Numeric
  number_formatted: string | null;
  phone_number_type_id: number;
  sms_opt_in: boolean;
};

/** `account_services`: Sonar `AccountService`. */
export type AccountServiceRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  account_id: number;
  addition_prorate_date: string | null; // Date
  data_usage_last_calculated_date: string | null; // Date
  name_override: string | null;
  next_bill_date: string | null; // Date
  number_of_times_billed: number | null;
  package_id: number | null;
  price_override: number | null;
  price_override_reason: string | null;
  quantity: number;
  service_id: number;
  unique_package_relationship_id: string | null;
};

/** `supernets`: Sonar `Supernet`. */
export type SupernetRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  largest_cidr_available: number | null;
  name: string | null;
  subnet: string; // SubnetScalar
};

/** `subnets`: Sonar `Subnet`. */
export type SubnetRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  largest_cidr_available: number | null;
  name: string | null;
  poller_id: number | null;
  polling_priority: number;
  subnet: string; // SubnetScalar
  supernet_id: number;
  type: 'MIXED' | 'ACCOUNT' | 'NETWORK' | 'EXCLUDED';
};

/** `ip_pools`: Sonar `IpPool`. */
export type IpPoolRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  dhcp_server_identifier_id: number | null;
  ip_range: string; // IpRange
  ips_available: number;
  name: string | null;
  subnet_id: number;
};

/** `ip_assignments`: Sonar `IpAssignment`. */
export type IpAssignmentRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  description: string | null;
  ip_pool_id: number | null;
  ipassignmentable_id: number;
  ipassignmentable_type:
    | 'Account'
    | 'InventoryItem'
    | 'InventoryModelFieldData'
    | 'RadiusAccount'
    | 'UninventoriedMacAddress'
    | 'NetworkSite';
  reference: string | null; // Text
  soft: boolean;
  subnet: string; // SubnetScalar
  subnet_id: number;
};

/** `radius_accounts`: Sonar `RadiusAccount`. */
export type RadiusAccountRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  account_id: number;
  password: string | null; // Text
  username: string;
};

/** `uninventoried_mac_addresses`: Sonar `UninventoriedMacAddress`. */
export type UninventoriedMacAddressRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  account_id: number;
  mac_address: string; // MacAddress
};

/** `manufacturers`: Sonar `Manufacturer`. */
export type ManufacturerRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  name: string;
};

/** `inventory_model_categories`: Sonar `InventoryModelCategory`. */
export type InventoryModelCategoryRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  general_ledger_code_id: number | null;
  icon: string; // enum Icon
  name: string;
};

/** `inventory_models`: Sonar `InventoryModel`. */
export type InventoryModelRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  default_vendor_id: number | null;
  device_type: 'CABLE_MODEM' | 'OTHER';
  enabled: boolean;
  generic: boolean;
  icon: string; // enum Icon
  inventory_model_category_id: number;
  is_segmentable: boolean;
  lte_sim_type: 'TELRAD' | 'BAICELLS' | 'TELRAD_RESTCONF' | null;
  manufacturer_id: number;
  model_name: string | null;
  name: string;
  network_monitoring_template_id: number | null;
  port: number | null;
  protocol: 'HTTP' | 'HTTPS' | null;
  quantity: number | null;
  unit_of_measurement: 'CENTIMETERS' | 'EACH' | 'INCHES' | 'FEET' | 'METERS' | null;
};

/** `inventory_model_fields`: Sonar `InventoryModelField`. */
export type InventoryModelFieldRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  inventory_model_id: number;
  name: string;
  primary: boolean;
  regexp: string | null;
  required: boolean;
  secondary_type: 'CABLE_MODEM_PROVISIONING' | null;
  type:
    | 'TEXT'
    | 'NUMBER'
    | 'DECIMAL'
    | 'MAC_ADDRESS'
    | 'REGULAR_EXPRESSION'
    | 'IMSI'
    | 'LTEAUTHKEY'
    | 'OPOPC';
  unique: 'NONE' | 'LOCAL' | 'GLOBAL';
};

/** `inventory_items`: Sonar `InventoryItem`. */
export type InventoryItemRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  account_service_id: number | null;
  claimed_user_id: number | null;
  deployment_type_id: number | null;
  flapping: boolean;
  icmp_device_status: 'GOOD' | 'DOWN' | 'WARNING' | null;
  icmp_status_flap_count: number;
  icmp_status_last_change: string | null; // Datetime
  icmp_threshold_violation:
    | 'TOTAL_PACKET_LOSS'
    | 'LOSS_THRESHOLD_VIOLATED'
    | 'LATENCY_THRESHOLD_VIOLATED'
    | 'LOSS_AND_LATENCY_THRESHOLD_VIOLATED'
    | null;
  inventory_model_id: number;
  inventoryitemable_id: number;
  inventoryitemable_type:
    | 'User'
    | 'InventoryLocation'
    | 'GenericInventoryAssignee'
    | 'Vehicle'
    | 'InternalLocation'
    | 'Address'
    | 'NetworkSite';
  latitude: number | null; // Latitude
  longitude: number | null; // Longitude
  metadata: string | null;
  overall_status: 'GOOD' | 'DOWN' | 'WARNING' | null;
  override_status: 'GOOD' | 'DOWN' | 'WARNING' | null;
  override_status_last_change: string | null; // Datetime
  parent_inventory_item_id: number | null;
  preseem_status: 'RED' | 'YELLOW' | 'GREEN' | null;
  purchase_order_item_id: number | null;
  purchase_price: number | null;
  quantity: number | null;
  segment_parent_id: number | null;
  snmp_device_status: 'GOOD' | 'DOWN' | 'WARNING' | null;
  snmp_status_flap_count: number;
  snmp_status_last_change: string | null; // Datetime
  snmp_status_message: string | null;
  status: 'FAILED' | 'LOST' | 'FUNCTIONAL';
  um_price: number | null;
};

/** `inventory_model_field_data`: Sonar `InventoryModelFieldData`. */
export type InventoryModelFieldDataRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  inventory_item_id: number;
  inventory_model_field_id: number;
  value: string;
};

/** `inventory_locations`: Sonar `InventoryLocation`. */
export type InventoryLocationRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  default_shipping_location: boolean;
  geopoint: string | null; // Geopoint
  name: string;
};

/** `vendors`: Sonar `Vendor`. */
export type VendorRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  archived: boolean;
  automate_approved_purchase_orders: boolean;
  currency: string; // enum Currency
  name: string;
  payment_terms:
    | 'CASH_ON_DELIVERY'
    | 'CASH_IN_ADVANCE'
    | 'CASH_CONC_DISB'
    | 'END_OF_MONTH'
    | 'NET_30'
    | 'NET_60'
    | 'NET_90';
};

/** `notes`: Sonar `Note`. */
export type NoteRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  message: string; // Text
  noteable_id: number;
  noteable_type: string; // enum NoteableType
  priority: 'NORMAL' | 'STICKY' | 'STICKY_WITH_CONFIRMATION';
  user_id: number | null;
};

/** `transactions`: Sonar `Transaction`. */
export type TransactionRow = {
  id: number;
  account_id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  amount: number;
  description: string | null;
  datetime: string | null; // Datetime
  running_balance: number;
  type: 'DEBIT' | 'DISCOUNT' | 'PAYMENT';
  tax_total: number;
  successful: boolean | null;
};

/** `invoices`: Sonar `Invoice` (money in cents; `remaining_due` is what is still owed). */
export type InvoiceRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  account_id: number;
  auto_pay_attempts: number;
  auto_pay_date: string | null; // Date
  child_invoice_remaining_due: number;
  company_id: number;
  date: string; // Date
  delinquency_date: string | null; // Date
  delinquent: boolean;
  due_date: string; // Date
  end_date: string; // Date
  frozen: boolean;
  invoice_template_version_id: number | null;
  late_fee_applied: boolean;
  late_fee_only: boolean;
  message: string | null;
  number_of_months: number;
  parent_invoice_id: number | null;
  pending_email: boolean;
  remaining_due: number;
  status: string;
  tax_committed: boolean;
  tax_provider_id: number | null;
  total_debits: number;
  total_taxes: number;
  void: boolean;
  voided_at: string | null; // Datetime
};

/** `debits`: Sonar `Debit`, an invoice's line item. */
export type DebitRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  account_id: number;
  amount: number;
  company_id: number;
  description: string | null;
  general_ledger_code: string | null;
  general_ledger_code_description: string | null;
  invoice_id: number | null;
  linked_debit_id: number | null;
  minutes: number | null;
  number_of_months: number;
  prorated_from: string | null; // Date
  prorated_to: string | null; // Date
  quantity: number;
  quantity_prorated_from: number | null;
  quantity_prorated_to: number | null;
  reversed: boolean;
  reversed_at: string | null; // Datetime
  reversed_by_user_id: number | null;
  service_id: number;
  service_name: string;
  service_transaction_type: string | null; // enum ServiceTransactionType
  type: 'RECURRING' | 'EXPIRING' | 'ONETIME' | 'OVERAGE' | 'ADJUSTMENT';
  user_id: number | null;
  voice_service_generic_parameter_id: number | null;
};

/** `payments`: Sonar `Payment`; `amount_remaining` is the part not applied to any invoice. */
export type PaymentRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  account_id: number;
  amount: number;
  amount_remaining: number;
  bank_account_id: number | null;
  company_id: number;
  creation_token: string | null;
  credit_card_id: number | null;
  deposit_slip_id: number | null;
  description: string | null;
  fee: number | null;
  fractional_fee: number | null;
  full_processor_response: string | null;
  is_autopay: boolean | null;
  passed_3ds_check: boolean | null;
  passed_avs_check: boolean | null;
  passed_cvv_check: boolean | null;
  payment_datetime: string; // Datetime
  payment_tracker_id: string | null;
  payment_type: 'CREDITCARD' | 'BANKACCOUNT' | 'CASH' | 'WIRE' | 'CHECK' | 'OTHER';
  processor_message: string | null;
  processor_status: string | null;
  reference: string | null;
  status: 'PENDING' | 'FAILED' | 'SUCCEEDED' | null;
  successful: boolean;
  transaction_id: string | null;
  user_id: number | null;
};

/** `credits`: Sonar `Credit`, the part of a payment applied to one invoice. */
export type CreditRow = {
  id: number;
  created_at: string; // Datetime
  updated_at: string; // Datetime
  account_id: number;
  amount: number;
  creditable_id: number;
  creditable_type: 'Discount' | 'Payment';
  invoice_id: number;
  void: boolean;
  voided_at: string | null; // Datetime
};

/** The row type of every table, for consumers that want precise types. */
export interface SonarRowTypes {
  companies: CompanyRow;
  account_statuses: AccountStatusRow;
  account_types: AccountTypeRow;
  account_groups: AccountGroupRow;
  roles: RoleRow;
  users: UserRow;
  services: ServiceRow;
  data_service_details: DataServiceDetailRow;
  recurring_service_details: RecurringServiceDetailRow;
  expiring_service_details: ExpiringServiceDetailRow;
  taxes: TaxRow;
  service_taxes: ServiceTaxRow;
  accounts: AccountRow;
  account_billing_parameters: AccountBillingParameterRow;
  addresses: AddressRow;
  contacts: ContactRow;
  phone_number_types: PhoneNumberTypeRow;
  phone_numbers: PhoneNumberRow;
  account_services: AccountServiceRow;
  supernets: SupernetRow;
  subnets: SubnetRow;
  ip_pools: IpPoolRow;
  ip_assignments: IpAssignmentRow;
  radius_accounts: RadiusAccountRow;
  uninventoried_mac_addresses: UninventoriedMacAddressRow;
  manufacturers: ManufacturerRow;
  inventory_model_categories: InventoryModelCategoryRow;
  inventory_models: InventoryModelRow;
  inventory_model_fields: InventoryModelFieldRow;
  inventory_items: InventoryItemRow;
  inventory_model_field_data: InventoryModelFieldDataRow;
  inventory_locations: InventoryLocationRow;
  vendors: VendorRow;
  notes: NoteRow;
  transactions: TransactionRow;
  invoices: InvoiceRow;
  debits: DebitRow;
  payments: PaymentRow;
  credits: CreditRow;
}

export type TypedSonarTables = { [K in SonarTableName]: SonarRowTypes[K][] };

/** The Sonar GraphQL type whose rows each table holds. */
export const SONAR_TYPE_NAMES: { readonly [K in SonarTableName]: string } = {
  companies: 'Company',
  account_statuses: 'AccountStatus',
  account_types: 'AccountType',
  account_groups: 'AccountGroup',
  roles: 'Role',
  users: 'User',
  services: 'Service',
  data_service_details: 'DataServiceDetail',
  recurring_service_details: 'RecurringServiceDetail',
  expiring_service_details: 'ExpiringServiceDetail',
  taxes: 'Tax',
  service_taxes: 'ServiceTax',
  accounts: 'Account',
  account_billing_parameters: 'AccountBillingParameter',
  addresses: 'Address',
  contacts: 'Contact',
  phone_number_types: 'PhoneNumberType',
  phone_numbers: 'PhoneNumber',
  account_services: 'AccountService',
  supernets: 'Supernet',
  subnets: 'Subnet',
  ip_pools: 'IpPool',
  ip_assignments: 'IpAssignment',
  radius_accounts: 'RadiusAccount',
  uninventoried_mac_addresses: 'UninventoriedMacAddress',
  manufacturers: 'Manufacturer',
  inventory_model_categories: 'InventoryModelCategory',
  inventory_models: 'InventoryModel',
  inventory_model_fields: 'InventoryModelField',
  inventory_items: 'InventoryItem',
  inventory_model_field_data: 'InventoryModelFieldData',
  inventory_locations: 'InventoryLocation',
  vendors: 'Vendor',
  notes: 'Note',
  transactions: 'Transaction',
  invoices: 'Invoice',
  debits: 'Debit',
  payments: 'Payment',
  credits: 'Credit',
};
