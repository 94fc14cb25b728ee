// Foundation collections (MAPPING phase 1). They are small, so all of them travel in one request.
import * as v from 'valibot';
import {
  idSchema,
  intSchema,
  nullableBoolean,
  nullableId,
  nullableInt,
  nullableNumericString,
} from '../wire.js';
import type { CollectionSpec } from './collection.js';

export const companiesSpec = {
  field: 'companies',
  selection: 'id name default enabled',
  entity: v.object({ id: idSchema, name: v.string(), default: v.boolean(), enabled: v.boolean() }),
} satisfies CollectionSpec;

export const accountStatusesSpec = {
  field: 'account_statuses',
  selection: 'id name activates_account',
  entity: v.object({ id: idSchema, name: v.string(), activates_account: v.boolean() }),
} satisfies CollectionSpec;

export const accountTypesSpec = {
  field: 'account_types',
  selection: 'id name type',
  entity: v.object({
    id: idSchema,
    name: v.string(),
    type: v.picklist(['COMMERCIAL', 'RESIDENTIAL', 'GOVERNMENT', 'INDUSTRIAL', 'SENIOR_CITIZEN']),
  }),
} satisfies CollectionSpec;

export const accountGroupsSpec = {
  field: 'account_groups',
  selection: 'id name',
  entity: v.object({ id: idSchema, name: v.string() }),
} satisfies CollectionSpec;

export const rolesSpec = {
  field: 'roles',
  selection: 'id name',
  entity: v.object({ id: idSchema, name: v.string() }),
} satisfies CollectionSpec;

export const usersSpec = {
  field: 'users',
  selection: 'id name username email_address mobile_number enabled is_sonar_staff role_id',
  entity: v.object({
    id: idSchema,
    name: v.string(),
    username: v.string(),
    email_address: v.string(),
    mobile_number: nullableNumericString,
    enabled: v.boolean(),
    is_sonar_staff: nullableBoolean,
    role_id: nullableId,
  }),
} satisfies CollectionSpec;

const detailSchema = v.nullish(
  v.object({
    download_speed_kilobits_per_second: intSchema,
    upload_speed_kilobits_per_second: intSchema,
    billing_frequency: intSchema,
  }),
  null,
);

export const servicesSpec = {
  field: 'services',
  selection: `id name type application amount enabled company_id
      data_service_detail { download_speed_kilobits_per_second upload_speed_kilobits_per_second billing_frequency }
      recurring_service_detail { billing_frequency }
      expiring_service_detail { billing_frequency times_to_run }`,
  entity: v.object({
    id: idSchema,
    name: v.string(),
    type: v.picklist([
      'RECURRING',
      'EXPIRING',
      'ONETIME',
      'OVERAGE',
      'ADJUSTMENT',
      'DATA',
      'VOICE',
    ]),
    application: v.picklist(['DEBIT', 'CREDIT']),
    amount: nullableInt,
    enabled: v.boolean(),
    company_id: nullableId,
    data_service_detail: detailSchema,
    recurring_service_detail: v.nullish(v.object({ billing_frequency: intSchema }), null),
    expiring_service_detail: v.nullish(
      v.object({ billing_frequency: intSchema, times_to_run: intSchema }),
      null,
    ),
  }),
} satisfies CollectionSpec;

export const taxesSpec = {
  field: 'taxes',
  selection: 'id name rate application type',
  entity: v.object({
    id: idSchema,
    name: v.string(),
    rate: v.number(),
    application: v.picklist(['FLAT', 'PERCENTAGE']),
    type: v.picklist(['GEOGRAPHICAL', 'GLOBAL']),
  }),
} satisfies CollectionSpec;

/** Which tax applies to which service (Sonar `ServiceTax`). */
export const serviceTaxesSpec = {
  field: 'service_taxes',
  selection: 'id service_id tax_id',
  entity: v.object({ id: idSchema, service_id: idSchema, tax_id: idSchema }),
} satisfies CollectionSpec;

/** Accounts whose billing parameter makes them tax-exempt (read by `s2s init` to list them). */
export const taxExemptSpec = {
  field: 'account_billing_parameters',
  args: 'tax_exempt: true',
  selection: 'id account_id',
  entity: v.object({ id: idSchema, account_id: idSchema }),
} satisfies CollectionSpec;

export const FOUNDATION_SPECS = {
  companies: companiesSpec,
  account_statuses: accountStatusesSpec,
  account_types: accountTypesSpec,
  account_groups: accountGroupsSpec,
  roles: rolesSpec,
  users: usersSpec,
  services: servicesSpec,
  taxes: taxesSpec,
  service_taxes: serviceTaxesSpec,
} as const;
