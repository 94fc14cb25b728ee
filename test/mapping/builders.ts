// Small record builders: a valid, boring record by default; each test overrides what it is about.
import type { IdResolver } from '../../source/mapping/issues.js';
import type {
  SonarAccount,
  SonarAccountService,
  SonarAccountStatus,
  SonarAccountType,
  SonarAddress,
  SonarContact,
  SonarInventoryItem,
  SonarInventoryModel,
  SonarService,
  SonarUser,
} from '../../source/sonar/records.js';

export function address(overrides: Partial<SonarAddress> = {}): SonarAddress {
  return {
    id: '300',
    type: 'PHYSICAL',
    serviceable: true,
    line1: '12 Mill Lane',
    line2: null,
    city: 'Springfield',
    subdivision: 'US_IL',
    zip: '62701',
    country: 'US',
    latitude: '39.7817',
    longitude: '-89.6501',
    ...overrides,
  };
}

export function contact(overrides: Partial<SonarContact> = {}): SonarContact {
  return {
    id: '500',
    name: 'Ada Lovelace',
    email_address: 'ada@example.com',
    primary: true,
    role: null,
    username: null,
    phone_numbers: [{ number: '5551234567', extension: null, type: 'Mobile' }],
    ...overrides,
  };
}

export function accountService(overrides: Partial<SonarAccountService> = {}): SonarAccountService {
  return {
    id: '700',
    service_id: '10',
    quantity: 1,
    price_override: null,
    name_override: null,
    next_bill_date: null,
    number_of_times_billed: null,
    ...overrides,
  };
}

export function account(overrides: Partial<SonarAccount> = {}): SonarAccount {
  return {
    id: '1042',
    name: 'Ada Lovelace',
    account_status_id: '1',
    account_type_id: '1',
    company_id: '1',
    parent_account_id: null,
    activation_date: '2021-03-04',
    next_bill_date: null,
    created_at: '2021-03-01T10:00:00-06:00',
    archived_at: null,
    addresses: [address()],
    contacts: [contact()],
    account_services: [accountService()],
    billing_parameter: {
      bill_day: 1,
      due_days: 14,
      grace_days: 5,
      months_to_bill: 1,
      tax_exempt: false,
      print_invoice: false,
    },
    account_group_ids: [],
    ip_assignments: [],
    radius_accounts: [{ id: '900', username: 'ada-pppoe', password: 's3cret' }],
    uninventoried_macs: [],
    notes: [],
    equipment: [],
    balance: null,
    ...overrides,
  };
}

export function service(overrides: Partial<SonarService> = {}): SonarService {
  return {
    id: '10',
    name: 'Fiber 100',
    type: 'DATA',
    application: 'DEBIT',
    amount: 4999,
    enabled: true,
    company_id: null,
    data_service_detail: {
      download_speed_kilobits_per_second: 100000,
      upload_speed_kilobits_per_second: 20000,
      billing_frequency: 1,
    },
    billing_frequency: 1,
    times_to_run: null,
    tax_ids: [],
    ...overrides,
  };
}

export function user(overrides: Partial<SonarUser> = {}): SonarUser {
  return {
    id: '4',
    name: 'Grace Hopper',
    username: 'ghopper',
    email_address: 'grace@isp.example',
    mobile_number: '0155512345',
    enabled: true,
    is_sonar_staff: false,
    role_id: '2',
    role_name: 'Support',
    ...overrides,
  };
}

export const statuses: SonarAccountStatus[] = [
  { id: '1', name: 'Active', activates_account: true },
  { id: '2', name: 'Suspended - non-payment', activates_account: false },
  { id: '3', name: 'Delinquent', activates_account: false },
  { id: '4', name: 'On Hold', activates_account: false },
  { id: '5', name: 'Cancelled', activates_account: false },
  { id: '6', name: 'Terminated', activates_account: false },
  { id: '7', name: 'Closed', activates_account: false },
  { id: '8', name: 'Former customer', activates_account: false },
  { id: '9', name: 'Lead', activates_account: false },
];

export const accountTypes: SonarAccountType[] = [
  { id: '1', name: 'Residential', type: 'RESIDENTIAL' },
  { id: '2', name: 'Business', type: 'COMMERCIAL' },
  { id: '3', name: 'City hall', type: 'GOVERNMENT' },
  { id: '4', name: 'Seniors', type: 'SENIOR_CITIZEN' },
];

export interface ResolverTables {
  partners?: Record<string, number>;
  labels?: Record<string, number>;
  tariffs?: Record<string, number>;
  customers?: Record<string, number>;
  locations?: number[];
}

/** An IdResolver over plain tables, like the engine's id map. Tariff keys are `kind:serviceId`. */
export function resolver(tables: ResolverTables = {}): IdResolver {
  const partners = tables.partners ?? { '1': 1 };
  const labels = tables.labels ?? {};
  const tariffs = tables.tariffs ?? { 'internet:10': 31, 'recurring:11': 41 };
  const customers = tables.customers ?? {};
  return {
    partner: (companyId) => (companyId === null ? undefined : partners[companyId]),
    label: (groupId) => labels[groupId],
    tariff: (kind, serviceId) => tariffs[`${kind}:${serviceId}`],
    customer: (accountId) => customers[accountId],
    allPartnerIds: () => Object.values(partners),
    allLocationIds: () => tables.locations ?? [1],
  };
}

export function model(overrides: Partial<SonarInventoryModel> = {}): SonarInventoryModel {
  return {
    id: '60',
    name: 'Ubiquiti LiteBeam',
    model_name: 'LBE-5AC-Gen2',
    manufacturer_id: '50',
    generic: false,
    enabled: true,
    fields: [
      { id: '61', name: 'MAC Address', type: 'MAC_ADDRESS', primary: true },
      { id: '62', name: 'Serial Number', type: 'TEXT', primary: false },
    ],
    ...overrides,
  };
}

export function item(overrides: Partial<SonarInventoryItem> = {}): SonarInventoryItem {
  return {
    id: '80',
    inventory_model_id: '60',
    inventoryitemable_type: 'InventoryLocation',
    inventoryitemable_id: '1',
    status: 'FUNCTIONAL',
    account_service_id: null,
    field_values: { '61': '24:5A:4C:00:11:22', '62': 'SN-0001' },
    ...overrides,
  };
}
