// Account queries. The page query carries everything nested that is cheap per account; what can
// hang off many owners (IPs, RADIUS, notes, equipment) comes either from flat collections searched
// by a window's account ids and joined by id (many accounts, joins.ts) or from the deep variant
// (a handful of accounts). Both read those owners with the same selections below. Every nested
// list asks for its page_info, so one Sonar cut short is completed rather than passed on short.
import * as v from 'valibot';
import {
  idSchema,
  intSchema,
  type NestedParent,
  nested,
  nullableBoolean,
  nullableId,
  nullableInt,
  nullableNumericString,
  nullableString,
  pageOf,
} from '../wire.js';
import { ID_ASC } from './collection.js';
import { fieldDatum, ITEM_FIELDS, inventoryItemEntity } from './inventory.js';

const ACCOUNTS_ARGS = `paginator: $paginator, sorter: ${ID_ASC}, search: $search, include_archived: $includeArchived`;
const ACCOUNTS_VARIABLES = '$paginator: Paginator!, $search: [Search], $includeArchived: Boolean';
const PAGE_INFO = 'page_info { page total_pages total_count records_per_page }';

export const IP_SELECTION =
  'id subnet subnet_id ip_pool_id soft description ipassignmentable_type ipassignmentable_id';

export const ipEntity = v.object({
  id: idSchema,
  subnet: v.string(),
  subnet_id: idSchema,
  ip_pool_id: nullableId,
  soft: v.boolean(),
  description: nullableString,
  ipassignmentable_type: v.string(),
  ipassignmentable_id: idSchema,
});

/** The IPs nested under one kind of owner. */
const ips = (parent: NestedParent) => nested(parent, 'ip_assignments', IP_SELECTION, ipEntity);

export const noteEntity = v.object({
  id: idSchema,
  message: v.string(),
  priority: v.picklist(['NORMAL', 'STICKY', 'STICKY_WITH_CONFIRMATION']),
  created_at: v.string(),
});
export const NOTE_SELECTION = 'id message priority created_at';

const addressEntity = v.object({
  id: idSchema,
  type: v.picklist(['PHYSICAL', 'MAILING']),
  serviceable: v.boolean(),
  line1: nullableString,
  line2: nullableString,
  city: nullableString,
  subdivision: nullableString,
  zip: nullableString,
  country: nullableString,
  latitude: nullableNumericString,
  longitude: nullableNumericString,
});
const ADDRESS_SELECTION =
  'id type serviceable line1 line2 city subdivision zip country latitude longitude';

const phoneNumbers = nested(
  'Contact',
  'phone_numbers',
  'number extension phone_number_type { name }',
  v.object({
    number: v.pipe(v.union([v.string(), v.number()]), v.transform(String)),
    extension: nullableNumericString,
    phone_number_type: v.nullish(v.object({ name: v.string() }), null),
  }),
);
const contacts = nested(
  'Account',
  'contacts',
  `id name email_address primary role username
    ${phoneNumbers.text}`,
  v.object({
    id: idSchema,
    name: v.string(),
    email_address: nullableString,
    primary: nullableBoolean,
    role: nullableString,
    username: nullableString,
    phone_numbers: phoneNumbers.schema,
  }),
);
const accountServices = nested(
  'Account',
  'account_services',
  'id service_id quantity price_override name_override next_bill_date number_of_times_billed',
  v.object({
    id: idSchema,
    service_id: idSchema,
    quantity: intSchema,
    price_override: nullableInt,
    name_override: nullableString,
    // Optional on the wire: older fixtures and servers that omit them read as "not known".
    next_bill_date: v.nullish(v.string(), null),
    number_of_times_billed: v.nullish(intSchema, null),
  }),
);
const accountGroups = nested('Account', 'account_groups', 'id', v.object({ id: idSchema }));
const addresses = nested('Account', 'addresses', ADDRESS_SELECTION, addressEntity);

const ACCOUNT_CORE = `fragment AccountCore on Account {
  id name account_status_id account_type_id company_id parent_account_id activation_date next_bill_date created_at archived_at
  ${addresses.text}
  ${contacts.text}
  ${accountServices.text}
  account_billing_parameter { bill_day due_days grace_days months_to_bill tax_exempt print_invoice }
  ${accountGroups.text}
}`;

export const radiusEntity = v.object({
  id: idSchema,
  username: v.string(),
  password: nullableString,
  ip_assignments: ips('RadiusAccount').schema,
});
export const macEntity = v.object({
  id: idSchema,
  mac_address: v.string(),
  ip_assignments: ips('UninventoriedMacAddress').schema,
});
const fieldData = nested(
  'InventoryItem',
  'inventory_model_field_data',
  `id inventory_model_field_id value ${ips('InventoryModelFieldData').text}`,
  v.object({ ...fieldDatum.entries, ip_assignments: ips('InventoryModelFieldData').schema }),
);
export const equipmentEntity = v.object({
  ...inventoryItemEntity.entries,
  ip_assignments: ips('InventoryItem').schema,
  inventory_model_field_data: fieldData.schema,
});

/** What the joins read of each owner: RADIUS logins, MACs and equipment carry their IPs nested. */
export const RADIUS_SELECTION = `id username password ${ips('RadiusAccount').text}`;
export const MAC_SELECTION = `id mac_address ${ips('UninventoriedMacAddress').text}`;
export const EQUIPMENT_SELECTION = `${ITEM_FIELDS}
    ${ips('InventoryItem').text}
    ${fieldData.text}`;

/** An address's equipment, as the joins and the deep query read it. */
export const addressEquipment = nested(
  'Address',
  'inventory_items',
  EQUIPMENT_SELECTION,
  equipmentEntity,
);

const accountIps = ips('Account');
const accountRadius = nested('Account', 'radius_accounts', RADIUS_SELECTION, radiusEntity);
const accountMacs = nested('Account', 'uninventoried_mac_addresses', MAC_SELECTION, macEntity);
const accountNotes = nested('Account', 'notes', NOTE_SELECTION, noteEntity);
const deepAddresses = nested(
  'Account',
  'addresses',
  `${ADDRESS_SELECTION} ${addressEquipment.text}`,
  v.object({ ...addressEntity.entries, inventory_items: addressEquipment.schema }),
);

const ACCOUNT_JOINS = `fragment AccountJoins on Account {
  ${accountIps.text}
  ${accountRadius.text}
  ${accountMacs.text}
  ${accountNotes.text}
}`;

/** One page of accounts with their cheap nested data. Variables: paginator, search?, includeArchived?. */
export const ACCOUNTS_QUERY = `query SonarAccounts(${ACCOUNTS_VARIABLES}) {
  accounts(${ACCOUNTS_ARGS}) {
    ${PAGE_INFO}
    entities { ...AccountCore }
  }
}
${ACCOUNT_CORE}`;

/** As ACCOUNTS_QUERY plus every joined collection nested: for a handful of accounts. */
export const ACCOUNTS_DEEP_QUERY = `query SonarAccountsDeep(${ACCOUNTS_VARIABLES}) {
  accounts(${ACCOUNTS_ARGS}) {
    ${PAGE_INFO}
    entities { ...AccountCore ...AccountJoins ${deepAddresses.text} }
  }
}
${ACCOUNT_CORE}
${ACCOUNT_JOINS}`;

const listServices = nested(
  'Account',
  'account_services',
  'service { name type }',
  v.object({ service: v.nullable(v.object({ name: v.string(), type: v.string() })) }),
);

/** The TUI's light listing. Variables: paginator, search?, includeArchived?, generalSearch?. */
export const ACCOUNT_LIST_QUERY = `query SonarAccountList(${ACCOUNTS_VARIABLES}, $generalSearch: String) {
  accounts(${ACCOUNTS_ARGS}, general_search: $generalSearch) {
    ${PAGE_INFO}
    entities {
      id name account_status_id created_at
      ${listServices.text}
    }
  }
}`;

const coreEntries = {
  id: idSchema,
  name: v.string(),
  account_status_id: idSchema,
  account_type_id: idSchema,
  company_id: idSchema,
  parent_account_id: nullableId,
  activation_date: nullableString,
  next_bill_date: v.nullish(v.string(), null),
  created_at: v.string(),
  archived_at: nullableString,
  contacts: contacts.schema,
  account_services: accountServices.schema,
  account_billing_parameter: v.nullish(
    v.object({
      bill_day: nullableInt,
      due_days: intSchema,
      grace_days: intSchema,
      months_to_bill: intSchema,
      tax_exempt: v.boolean(),
      print_invoice: v.boolean(),
    }),
    null,
  ),
  account_groups: accountGroups.schema,
};

export const accountEntity = v.object({ ...coreEntries, addresses: addresses.schema });

/** Everything hung off one account, nested: the deep query's shape, and what a window joins to. */
export const joinEntries = {
  ip_assignments: accountIps.schema,
  radius_accounts: accountRadius.schema,
  uninventoried_mac_addresses: accountMacs.schema,
  notes: accountNotes.schema,
};

export const deepAccountEntity = v.object({
  ...coreEntries,
  addresses: deepAddresses.schema,
  ...joinEntries,
});

export const accountsPageSchema = v.object({ accounts: pageOf(accountEntity) });
export const deepAccountsPageSchema = v.object({ accounts: pageOf(deepAccountEntity) });
export const accountListSchema = v.object({
  accounts: pageOf(
    v.object({
      id: idSchema,
      name: v.string(),
      account_status_id: idSchema,
      created_at: v.string(),
      account_services: listServices.schema,
    }),
  ),
});

export type AccountWire = v.InferOutput<typeof accountEntity>;
export type DeepAccountWire = v.InferOutput<typeof deepAccountEntity>;
export type IpWire = v.InferOutput<typeof ipEntity>;
export type EquipmentWire = v.InferOutput<typeof equipmentEntity>;
