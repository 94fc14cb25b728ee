// Network collections (MAPPING phase 2): IP space as Sonar plans it.
import * as v from 'valibot';
import { idSchema, nullableString } from '../wire.js';
import type { CollectionSpec } from './collection.js';

export const supernetsSpec = {
  field: 'supernets',
  selection: 'id name subnet',
  entity: v.object({ id: idSchema, name: nullableString, subnet: v.string() }),
} satisfies CollectionSpec;

export const subnetsSpec = {
  field: 'subnets',
  selection: 'id name subnet supernet_id type',
  entity: v.object({
    id: idSchema,
    name: nullableString,
    subnet: v.string(),
    supernet_id: idSchema,
    type: v.string(),
  }),
} satisfies CollectionSpec;

export const ipPoolsSpec = {
  field: 'ip_pools',
  selection: 'id name ip_range subnet_id',
  entity: v.object({
    id: idSchema,
    name: nullableString,
    ip_range: v.string(),
    subnet_id: idSchema,
  }),
} satisfies CollectionSpec;

export const NETWORK_SPECS = {
  supernets: supernetsSpec,
  subnets: subnetsSpec,
  ip_pools: ipPoolsSpec,
} as const;
