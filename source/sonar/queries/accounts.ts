// Account queries. The page query carries everything nested that is cheap per account; what can
// hang off many owners (IPs, RADIUS, notes, equipment) comes either from flat collections searched
// by a window's account ids and joined by id (many accounts, joins.ts) or from the deep variant
// (a handful of accounts). Both read those owners with the same selections below.
import * as v from 'valibot';
import {
  idSchema,
  intSchema,
  listOf,
  nullableBoolean,
  nullableId,
  nullableInt,
  nullableNumericString,
  nullableString,
  pageOf,
} from '../wire.js';
import { ID_ASC } from './collection.js';
import { ITEM_SELECTION, inventoryItemEntity } from './inventory.js';

const ACCOUNTS_ARGS = `paginator: $paginator, sorter: ${ID_ASC}, search: $search, include_archived: $includeArchived`;
const ACCOUNTS_VARIABLES = '$paginator: Paginator!, $search: [Search], $includeArchived: Boolean';
const PAGE_INFO = 'page_info { page total_pages total_count records_per_page }';

export const IP_SELECTION =
  'id subnet subnet_id ip_pool_id soft description ipassignmentable_type ipassignmentable_id';

const ACCOUNT_CORE = `fragment AccountCore on Account {
  id name account_status_id account_type_id company_id parent_account_id activation_date created_at archived_at
  addresses { entities { id type serviceable line1 line2 city subdivision zip country latitude longitude } }
  contacts { entities { id name email_address primary role username
    phone_numbers { entities { number extension phone_number_type { name } } } } }
  account_services { entities { id service_id quantity price_override name_override } }
  account_billing_parameter { bill_day due_days grace_days months_to_bill tax_exempt print_invoice }
  account_groups { entities { id } }
}`;

const IPS = `ip_assignments { entities { ${IP_SELECTION} } }`;

/** What the joins read of each owner: RADIUS logins, MACs and equipment carry their IPs nested. */
export const RADIUS_SELECTION = `id username password ${IPS}`;
export const MAC_SELECTION = `id mac_address ${IPS}`;
export const NOTE_SELECTION = 'id message priority created_at';
export const EQUIPMENT_SELECTION = `${ITEM_SELECTION}
    ${IPS}
    inventory_model_field_data { entities { id ${IPS} } }`;

const ACCOUNT_JOINS = `fragment AccountJoins on Account {
  ${IPS}
  radius_accounts { entities { ${RADIUS_SELECTION} } }
  uninventoried_mac_addresses { entities { ${MAC_SELECTION} } }
  notes { entities { ${NOTE_SELECTION} } }
  addresses { entities { id inventory_items { entities { ${EQUIPMENT_SELECTION} } } } }
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
    entities { ...AccountCore ...AccountJoins }
  }
}
${ACCOUNT_CORE}
${ACCOUNT_JOINS}`;

/** The TUI's light listing. Variables: paginator, search?, includeArchived?, generalSearch?. */
export const ACCOUNT_LIST_QUERY = `query SonarAccountList(${ACCOUNTS_VARIABLES}, $generalSearch: String) {
  accounts(${ACCOUNTS_ARGS}, general_search: $generalSearch) {
    ${PAGE_INFO}
    entities {
      id name account_status_id created_at
      account_services { entities { service { name type } } }
    }
  }
}`;

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

export const noteEntity = v.object({
  id: idSchema,
  message: v.string(),
  priority: v.picklist(['NORMAL', 'STICKY', 'STICKY_WITH_CONFIRMATION']),
  created_at: v.string(),
});

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

const coreEntries = {
  id: idSchema,
  name: v.string(),
  account_status_id: idSchema,
  account_type_id: idSchema,
  company_id: idSchema,
  parent_account_id: nullableId,
  activation_date: nullableString,
  created_at: v.string(),
  archived_at: nullableString,
  contacts: listOf(
    v.object({
      id: idSchema,
      name: v.string(),
      email_address: nullableString,
      primary: nullableBoolean,
      role: nullableString,
      username: nullableString,
      phone_numbers: listOf(
        v.object({
          number: v.pipe(v.union([v.string(), v.number()]), v.transform(String)),
          extension: nullableNumericString,
          phone_number_type: v.nullish(v.object({ name: v.string() }), null),
        }),
      ),
    }),
  ),
  account_services: listOf(
    v.object({
      id: idSchema,
      service_id: idSchema,
      quantity: intSchema,
      price_override: nullableInt,
      name_override: nullableString,
    }),
  ),
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
  account_groups: listOf(v.object({ id: idSchema })),
};

export const accountEntity = v.object({ ...coreEntries, addresses: listOf(addressEntity) });

const withIps = { ip_assignments: listOf(ipEntity) };

export const radiusEntity = v.object({
  id: idSchema,
  username: v.string(),
  password: nullableString,
  ...withIps,
});
export const macEntity = v.object({ id: idSchema, mac_address: v.string(), ...withIps });
export const equipmentEntity = v.object({
  ...inventoryItemEntity.entries,
  ...withIps,
  inventory_model_field_data: listOf(
    v.object({
      id: idSchema,
      inventory_model_field_id: idSchema,
      value: v.string(),
      ...withIps,
    }),
  ),
});

/** Everything hung off one account, nested: the deep query's shape, and what a window joins to. */
export const joinEntries = {
  ...withIps,
  radius_accounts: listOf(radiusEntity),
  uninventoried_mac_addresses: listOf(macEntity),
  notes: listOf(noteEntity),
};

export const deepAccountEntity = v.object({
  ...coreEntries,
  addresses: listOf(
    v.object({ ...addressEntity.entries, inventory_items: listOf(equipmentEntity) }),
  ),
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
      account_services: listOf(
        v.object({ service: v.nullable(v.object({ name: v.string(), type: v.string() })) }),
      ),
    }),
  ),
});

export type AccountWire = v.InferOutput<typeof accountEntity>;
export type DeepAccountWire = v.InferOutput<typeof deepAccountEntity>;
export type IpWire = v.InferOutput<typeof ipEntity>;
export type EquipmentWire = v.InferOutput<typeof equipmentEntity>;
