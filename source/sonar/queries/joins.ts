// What a window of accounts joins in, read as flat root collections searched by account id
// (sonar-api.md §2 rule 8: flat, sorted, paged collections, joined client-side by id). RADIUS
// logins, MACs and equipment carry their own IPs nested one level down, so no IP has to be found
// by an owner id that could lie anywhere in Sonar's id space; notes, the one collection an
// account can hold thousands of, stay flat and paged.
import * as v from 'valibot';
import { idSchema } from '../wire.js';
import {
  addressEquipment,
  IP_SELECTION,
  ipEntity,
  MAC_SELECTION,
  macEntity,
  NOTE_SELECTION,
  noteEntity,
  RADIUS_SELECTION,
  radiusEntity,
} from './accounts.js';
import type { CollectionSpec } from './collection.js';

export const JOIN_SPECS = {
  account_ips: {
    field: 'ip_assignments',
    args: 'ipassignmentable_type: Account',
    selection: IP_SELECTION,
    entity: ipEntity,
  },
  radius_accounts: {
    field: 'radius_accounts',
    selection: `account_id ${RADIUS_SELECTION}`,
    entity: v.object({ ...radiusEntity.entries, account_id: idSchema }),
  },
  uninventoried_mac_addresses: {
    field: 'uninventoried_mac_addresses',
    selection: `account_id ${MAC_SELECTION}`,
    entity: v.object({ ...macEntity.entries, account_id: idSchema }),
  },
  notes: {
    field: 'notes',
    args: 'noteable_type: Account',
    selection: `noteable_id ${NOTE_SELECTION}`,
    entity: v.object({ ...noteEntity.entries, noteable_id: idSchema }),
  },
  // Equipment hangs off the account's addresses (§2 rule 6).
  addresses: {
    field: 'addresses',
    args: 'addressable_type: Account',
    selection: `id addressable_id ${addressEquipment.text}`,
    entity: v.object({
      id: idSchema,
      addressable_id: idSchema,
      inventory_items: addressEquipment.schema,
    }),
  },
} as const satisfies Record<string, CollectionSpec>;

/** The attribute of each join that holds the owning account's id: what a window searches by. */
export const JOIN_ACCOUNT_KEYS = {
  account_ips: 'ipassignmentable_id',
  radius_accounts: 'account_id',
  uninventoried_mac_addresses: 'account_id',
  notes: 'noteable_id',
  addresses: 'addressable_id',
} as const satisfies Record<keyof typeof JOIN_SPECS, string>;
