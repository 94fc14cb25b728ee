// The operator's mapping config (s2s.config.json): every choice MAPPING.md marks "(config)".
// Validated at load; `s2s init` writes it with defaults read from the Sonar instance.
import * as v from 'valibot';

export const SONAR_STATE = ['ACTIVE', 'SUSPENDED', 'INACTIVE', 'TERMINATED'] as const;
export type SonarState = (typeof SONAR_STATE)[number];
export const SPLYNX_CUSTOMER_STATUS = ['new', 'active', 'blocked', 'disabled'] as const;
export type SplynxCustomerStatus = (typeof SPLYNX_CUSTOMER_STATUS)[number];
export const ACCOUNT_TYPE_ENUM = [
  'COMMERCIAL',
  'RESIDENTIAL',
  'GOVERNMENT',
  'INDUSTRIAL',
  'SENIOR_CITIZEN',
] as const;

const PositiveId = v.pipe(v.number(), v.integer(), v.minValue(1));
const SonarIdKey = v.pipe(v.string(), v.regex(/^\d+$/, 'must be a Sonar id (digits)'));

export const MappingConfigSchema = v.object({
  $schema: v.optional(v.string()),
  partners: v.optional(
    v.object({
      /** The Sonar company marked default adopts Splynx partner 1 ("Main") instead of creating one. */
      adoptDefaultPartner: v.optional(v.boolean(), true),
    }),
    {},
  ),
  administrators: v.optional(
    v.object({
      /** Sonar role name → Splynx role_name. Unlisted roles use `defaultRole`. */
      roles: v.optional(v.record(v.string(), v.string()), {}),
      defaultRole: v.optional(v.string(), 'administrator'),
    }),
    {},
  ),
  /** Sonar service id → existing Splynx tariff id: map onto it instead of creating a tariff. */
  tariffs: v.optional(v.record(SonarIdKey, PositiveId), {}),
  /**
   * Sonar tax id → existing Splynx tax id. Splynx taxes cannot be created over the API
   * (api-blueprint.apib, Taxes: list and read only), so every Sonar tax a migrated service uses
   * must be mapped; `s2s init` lists them.
   */
  taxes: v.optional(v.record(SonarIdKey, PositiveId), {}),
  network: v.optional(
    v.object({
      /** Splynx location for migrated IPv4/IPv6 networks. */
      locationId: v.optional(PositiveId, 1),
    }),
    {},
  ),
  customers: v.optional(
    v.object({
      /** `{id}` is the Sonar account id; also `{name}`-free by design: logins must be stable. */
      loginTemplate: v.optional(
        v.pipe(v.string(), v.includes('{id}', 'must contain {id} so logins stay unique')),
        '{id}',
      ),
      locationId: v.optional(PositiveId, 1),
      /** Sonar account type enum → Splynx category. */
      categoryByAccountType: v.optional(
        v.record(v.picklist(ACCOUNT_TYPE_ENUM), v.picklist(['person', 'company'])),
        { COMMERCIAL: 'company', GOVERNMENT: 'company', INDUSTRIAL: 'company' },
      ),
      /** Sonar account status id → state; statuses not listed are derived from their name. */
      stateBySonarStatusId: v.optional(v.record(SonarIdKey, v.picklist(SONAR_STATE)), {}),
      /** State → Splynx customer status. */
      splynxStatus: v.optional(
        v.object({
          ACTIVE: v.optional(v.picklist(SPLYNX_CUSTOMER_STATUS), 'active'),
          SUSPENDED: v.optional(v.picklist(SPLYNX_CUSTOMER_STATUS), 'blocked'),
          INACTIVE: v.optional(v.picklist(SPLYNX_CUSTOMER_STATUS), 'disabled'),
          TERMINATED: v.optional(v.picklist(SPLYNX_CUSTOMER_STATUS), 'disabled'),
        }),
        {},
      ),
      /** Billing interlock: Splynx must not invoice half-migrated customers. */
      makeInvoices: v.optional(v.picklist([0, 1]), 0),
    }),
    {},
  ),
  /**
   * Sonar CREDIT services become a fixed discount on the Splynx service they apply to. Sonar does
   * not say which one, so: `appliesTo` names it per credit service (credit service id → Sonar
   * service id on the same account); otherwise `default` `only-data-service` takes the account's
   * one internet service, and `none` (or no such single service) stops the account.
   */
  credits: v.optional(
    v.object({
      appliesTo: v.optional(v.record(SonarIdKey, SonarIdKey), {}),
      default: v.optional(v.picklist(['only-data-service', 'none']), 'only-data-service'),
    }),
    {},
  ),
  balances: v.optional(
    v.object({
      /**
       * off: no opening balance; import: one correction transaction per non-zero balance;
       * open-invoices: each unpaid Sonar invoice becomes a Splynx invoice with the payments
       * applied to it (mapping/invoices.ts), and no correction transaction.
       */
      mode: v.optional(
        v.picklist(
          ['off', 'import', 'open-invoices'],
          'must be "off", "import" or "open-invoices"',
        ),
        'off',
      ),
      /**
       * Sonar payment_type → Splynx payment method id (Config / Finance / Payment methods), over
       * the defaults of a fresh Splynx: CREDITCARD 3, BANKACCOUNT 2, CASH 1, WIRE 2, CHECK 5, OTHER 5.
       */
      paymentMethods: v.optional(
        v.record(
          v.picklist(['CREDITCARD', 'BANKACCOUNT', 'CASH', 'WIRE', 'CHECK', 'OTHER']),
          v.pipe(v.number(), v.integer(), v.minValue(1)),
        ),
        {},
      ),
      /** Sonar running_balance > 0 means the customer owes money; flip if your books disagree. */
      invertSign: v.optional(v.boolean(), false),
    }),
    {},
  ),
});

export type MappingConfig = v.InferOutput<typeof MappingConfigSchema>;
export type MappingConfigInput = v.InferInput<typeof MappingConfigSchema>;

export function defaultMappingConfig(): MappingConfig {
  return v.parse(MappingConfigSchema, {});
}
