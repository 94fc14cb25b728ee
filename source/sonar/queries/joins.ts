// Flat collections joined to accounts by id when many accounts are extracted: one pass over each
// whole collection is far cheaper than nesting them under every account page.
import * as v from 'valibot';
import { idSchema, nullableString } from '../wire.js';
import { IP_SELECTION, ipEntity, noteEntity } from './accounts.js';
import type { CollectionSpec } from './collection.js';
import { addressItemsSpec } from './inventory.js';

export const ipAssignmentsSpec = {
  field: 'ip_assignments',
  selection: IP_SELECTION,
  entity: ipEntity,
} satisfies CollectionSpec;

export const radiusAccountsSpec = {
  field: 'radius_accounts',
  selection: 'id account_id username password',
  entity: v.object({
    id: idSchema,
    account_id: idSchema,
    username: v.string(),
    password: nullableString,
  }),
} satisfies CollectionSpec;

export const uninventoriedMacsSpec = {
  field: 'uninventoried_mac_addresses',
  selection: 'id account_id mac_address',
  entity: v.object({ id: idSchema, account_id: idSchema, mac_address: v.string() }),
} satisfies CollectionSpec;

export const accountNotesSpec = {
  field: 'notes',
  args: 'noteable_type: Account',
  selection: 'id noteable_id message priority created_at',
  entity: v.object({ ...noteEntity.entries, noteable_id: idSchema }),
} satisfies CollectionSpec;

export const JOIN_SPECS = {
  ip_assignments: ipAssignmentsSpec,
  radius_accounts: radiusAccountsSpec,
  uninventoried_mac_addresses: uninventoriedMacsSpec,
  notes: accountNotesSpec,
  address_items: addressItemsSpec,
} as const;
