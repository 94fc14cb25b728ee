// Which Sonar types, root collections and relations the simulator serves, and how each relation
// is found in the tables. The schema subset (build-subset.ts) keeps exactly these relation fields,
// and the resolvers and reverse relation filters follow them, so the two can never disagree.
import type { SonarTables } from '../sonar-dataset/tables.js';

export type TableName = keyof SonarTables;

/** GraphQL object type → the table holding its rows. */
export const TYPE_TABLES = {
  Company: 'companies',
  AccountStatus: 'account_statuses',
  AccountType: 'account_types',
  AccountGroup: 'account_groups',
  Role: 'roles',
  User: 'users',
  Service: 'services',
  DataServiceDetail: 'data_service_details',
  RecurringServiceDetail: 'recurring_service_details',
  ExpiringServiceDetail: 'expiring_service_details',
  Tax: 'taxes',
  ServiceTax: 'service_taxes',
  Account: 'accounts',
  AccountBillingParameter: 'account_billing_parameters',
  Address: 'addresses',
  Contact: 'contacts',
  PhoneNumberType: 'phone_number_types',
  PhoneNumber: 'phone_numbers',
  AccountService: 'account_services',
  Supernet: 'supernets',
  Subnet: 'subnets',
  IpPool: 'ip_pools',
  IpAssignment: 'ip_assignments',
  RadiusAccount: 'radius_accounts',
  UninventoriedMacAddress: 'uninventoried_mac_addresses',
  Manufacturer: 'manufacturers',
  InventoryModelCategory: 'inventory_model_categories',
  InventoryModel: 'inventory_models',
  InventoryModelField: 'inventory_model_fields',
  InventoryItem: 'inventory_items',
  InventoryModelFieldData: 'inventory_model_field_data',
  InventoryLocation: 'inventory_locations',
  Vendor: 'vendors',
  Note: 'notes',
  Transaction: 'transactions',
  Invoice: 'invoices',
  Debit: 'debits',
  Payment: 'payments',
  Credit: 'credits',
} as const satisfies Record<string, TableName>;

export type EntityType = keyof typeof TYPE_TABLES;

export function isEntityType(name: string): name is EntityType {
  return Object.hasOwn(TYPE_TABLES, name);
}

/** Root collections served like `accounts(...)`: the root field is named after the table. */
export const ROOT_COLLECTIONS: Record<string, EntityType> = Object.fromEntries(
  Object.entries(TYPE_TABLES)
    .filter(([type]) => type !== 'Transaction')
    .map(([type, table]) => [table, type as EntityType]),
);

/** Roots that break the collection pattern (sonar-api.md §2.9). */
export const SPECIAL_ROOTS = ['transactions', 'account_ip_assignments', 'me'] as const;

/** The polymorphic interfaces kept in the subset; others are dropped from `implements` lists. */
export const KEPT_INTERFACES = [
  'AddressableInterface',
  'ContactableInterface',
  'IpassignmentableInterface',
  'InventoryitemableInterface',
  'NoteableInterface',
  'CreditableInterface',
] as const;

export type RelationSpec =
  /** parent[column] holds the target id. */
  | { kind: 'belongs-to'; type: EntityType; column: string }
  /** target[column] holds the parent id; to-one returns the lowest id. */
  | { kind: 'has-one' | 'has-many'; type: EntityType; column: string }
  /** target[`${owner}_type`] = the parent's type name and target[`${owner}_id`] = parent id. */
  | { kind: 'owns-many'; type: EntityType; owner: string }
  /** parent[`${owner}_type`] / parent[`${owner}_id`] name the target (an interface). */
  | { kind: 'owned-by'; owner: string }
  /** account ↔ account group link table. */
  | { kind: 'linked'; type: EntityType; from: 'account_id' | 'account_group_id' };

const belongsTo = (type: EntityType, column: string): RelationSpec => ({
  kind: 'belongs-to',
  type,
  column,
});
const hasMany = (type: EntityType, column: string): RelationSpec => ({
  kind: 'has-many',
  type,
  column,
});
const ownsMany = (type: EntityType, owner: string): RelationSpec => ({
  kind: 'owns-many',
  type,
  owner,
});
const ownedBy = (owner: string): RelationSpec => ({ kind: 'owned-by', owner });

export const RELATIONS: Record<string, Record<string, RelationSpec>> = {
  Company: {
    accounts: hasMany('Account', 'company_id'),
    addresses: ownsMany('Address', 'addressable'),
  },
  AccountStatus: { accounts: hasMany('Account', 'account_status_id') },
  AccountType: { accounts: hasMany('Account', 'account_type_id') },
  AccountGroup: { accounts: { kind: 'linked', type: 'Account', from: 'account_group_id' } },
  Role: { users: hasMany('User', 'role_id') },
  User: { role: belongsTo('Role', 'role_id') },
  Me: { role: belongsTo('Role', 'role_id') },
  Service: {
    company: belongsTo('Company', 'company_id'),
    data_service_detail: { kind: 'has-one', type: 'DataServiceDetail', column: 'service_id' },
    recurring_service_detail: {
      kind: 'has-one',
      type: 'RecurringServiceDetail',
      column: 'service_id',
    },
    expiring_service_detail: {
      kind: 'has-one',
      type: 'ExpiringServiceDetail',
      column: 'service_id',
    },
    account_services: hasMany('AccountService', 'service_id'),
    service_taxes: hasMany('ServiceTax', 'service_id'),
  },
  Tax: { service_taxes: hasMany('ServiceTax', 'tax_id') },
  ServiceTax: { service: belongsTo('Service', 'service_id'), tax: belongsTo('Tax', 'tax_id') },
  ExpiringServiceDetail: { service: belongsTo('Service', 'service_id') },
  DataServiceDetail: { service: belongsTo('Service', 'service_id') },
  RecurringServiceDetail: { service: belongsTo('Service', 'service_id') },
  Account: {
    account_status: belongsTo('AccountStatus', 'account_status_id'),
    account_type: belongsTo('AccountType', 'account_type_id'),
    company: belongsTo('Company', 'company_id'),
    parent_account: belongsTo('Account', 'parent_account_id'),
    child_accounts: hasMany('Account', 'parent_account_id'),
    account_billing_parameter: {
      kind: 'has-one',
      type: 'AccountBillingParameter',
      column: 'account_id',
    },
    addresses: ownsMany('Address', 'addressable'),
    contacts: ownsMany('Contact', 'contactable'),
    account_services: hasMany('AccountService', 'account_id'),
    account_groups: { kind: 'linked', type: 'AccountGroup', from: 'account_id' },
    ip_assignments: ownsMany('IpAssignment', 'ipassignmentable'),
    radius_accounts: hasMany('RadiusAccount', 'account_id'),
    uninventoried_mac_addresses: hasMany('UninventoriedMacAddress', 'account_id'),
    notes: ownsMany('Note', 'noteable'),
    invoices: hasMany('Invoice', 'account_id'),
    payments: hasMany('Payment', 'account_id'),
  },
  AccountBillingParameter: { account: belongsTo('Account', 'account_id') },
  Address: {
    addressable: ownedBy('addressable'),
    inventory_items: ownsMany('InventoryItem', 'inventoryitemable'),
  },
  Contact: {
    contactable: ownedBy('contactable'),
    phone_numbers: hasMany('PhoneNumber', 'contact_id'),
  },
  PhoneNumber: {
    contact: belongsTo('Contact', 'contact_id'),
    phone_number_type: belongsTo('PhoneNumberType', 'phone_number_type_id'),
  },
  PhoneNumberType: { phone_numbers: hasMany('PhoneNumber', 'phone_number_type_id') },
  AccountService: {
    account: belongsTo('Account', 'account_id'),
    service: belongsTo('Service', 'service_id'),
    inventory_items: hasMany('InventoryItem', 'account_service_id'),
  },
  Supernet: { subnets: hasMany('Subnet', 'supernet_id') },
  Subnet: {
    supernet: belongsTo('Supernet', 'supernet_id'),
    ip_pools: hasMany('IpPool', 'subnet_id'),
    ip_assignments: hasMany('IpAssignment', 'subnet_id'),
  },
  IpPool: {
    subnet: belongsTo('Subnet', 'subnet_id'),
    ip_assignments: hasMany('IpAssignment', 'ip_pool_id'),
  },
  IpAssignment: {
    ipassignmentable: ownedBy('ipassignmentable'),
    parent_subnet: belongsTo('Subnet', 'subnet_id'),
    ip_pool: belongsTo('IpPool', 'ip_pool_id'),
  },
  RadiusAccount: {
    account: belongsTo('Account', 'account_id'),
    ip_assignments: ownsMany('IpAssignment', 'ipassignmentable'),
  },
  UninventoriedMacAddress: {
    account: belongsTo('Account', 'account_id'),
    ip_assignments: ownsMany('IpAssignment', 'ipassignmentable'),
  },
  Manufacturer: { inventory_models: hasMany('InventoryModel', 'manufacturer_id') },
  InventoryModelCategory: {
    inventory_models: hasMany('InventoryModel', 'inventory_model_category_id'),
  },
  InventoryModel: {
    manufacturer: belongsTo('Manufacturer', 'manufacturer_id'),
    inventory_model_category: belongsTo('InventoryModelCategory', 'inventory_model_category_id'),
    inventory_model_fields: hasMany('InventoryModelField', 'inventory_model_id'),
    inventory_items: hasMany('InventoryItem', 'inventory_model_id'),
  },
  InventoryModelField: {
    inventory_model: belongsTo('InventoryModel', 'inventory_model_id'),
    inventory_model_field_data: hasMany('InventoryModelFieldData', 'inventory_model_field_id'),
  },
  InventoryModelFieldData: {
    inventory_model_field: belongsTo('InventoryModelField', 'inventory_model_field_id'),
    inventory_item: belongsTo('InventoryItem', 'inventory_item_id'),
    ip_assignments: ownsMany('IpAssignment', 'ipassignmentable'),
  },
  InventoryItem: {
    inventoryitemable: ownedBy('inventoryitemable'),
    account_service: belongsTo('AccountService', 'account_service_id'),
    inventory_model: belongsTo('InventoryModel', 'inventory_model_id'),
    inventory_model_field_data: hasMany('InventoryModelFieldData', 'inventory_item_id'),
    ip_assignments: ownsMany('IpAssignment', 'ipassignmentable'),
  },
  InventoryLocation: {
    addresses: ownsMany('Address', 'addressable'),
    inventory_items: ownsMany('InventoryItem', 'inventoryitemable'),
  },
  Vendor: {
    addresses: ownsMany('Address', 'addressable'),
    contacts: ownsMany('Contact', 'contactable'),
  },
  Note: {
    noteable: ownedBy('noteable'),
    user: belongsTo('User', 'user_id'),
  },
  Transaction: { account: belongsTo('Account', 'account_id') },
  Invoice: {
    account: belongsTo('Account', 'account_id'),
    debits: hasMany('Debit', 'invoice_id'),
    credits: hasMany('Credit', 'invoice_id'),
  },
  Debit: {
    account: belongsTo('Account', 'account_id'),
    invoice: belongsTo('Invoice', 'invoice_id'),
  },
  Payment: {
    account: belongsTo('Account', 'account_id'),
    credits: hasMany('Credit', 'creditable_id'),
  },
  Credit: {
    account: belongsTo('Account', 'account_id'),
    invoice: belongsTo('Invoice', 'invoice_id'),
    creditable: ownedBy('creditable'),
  },
};
