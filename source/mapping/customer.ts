// A Sonar account becomes one Splynx customer plan: the customer, its info, billing, services,
// notes and opening balance (MAPPING.md, Phase 4). Every problem is collected, none stops the
// others from being found, so the operator fixes a record once.
import type {
  SonarAccount,
  SonarAccountStatus,
  SonarAccountType,
  SonarAddress,
  SonarContact,
  SonarService,
} from '../sonar/records.js';
import { checkEmails, checkText, type TextSpec } from './checks.js';
import { mapAccountServices } from './customer-services.js';
import {
  type IdResolver,
  type MappingIssue,
  type MapResult,
  type MigratedIpv4Network,
  resultOf,
} from './issues.js';
import type { MappingConfig } from './mapping-config.js';
import type {
  BillingPayload,
  CustomerCategory,
  CustomerPayload,
  CustomerPlan,
  NotePayload,
  OpeningBalance,
} from './payloads.js';
import { customerState, hasKnownStatus, splynxCustomerStatus } from './status.js';
import { centsToUnits } from './tariff.js';

export interface CustomerContext {
  config: MappingConfig;
  /** `YYYY-MM-DD`; the mapping has no clock. */
  today: string;
  statuses: SonarAccountStatus[];
  accountTypes: SonarAccountType[];
  services: Map<string, SonarService>;
  ids: IdResolver;
  networks: MigratedIpv4Network[];
}

function joinNonEmpty(parts: Array<string | null>, separator: string): string {
  return parts
    .filter((part): part is string => part !== null && part.trim() !== '')
    .join(separator);
}

/** Primary contact first, then the others in Sonar's order. */
function orderedContacts(contacts: SonarContact[]): SonarContact[] {
  return [
    ...contacts.filter((contact) => contact.primary),
    ...contacts.filter((contact) => !contact.primary),
  ];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function phoneText(number: string, extension: string | null): string {
  return extension === null || extension === '' ? number : `${number} x${extension}`;
}

/** The serviceable PHYSICAL address; any PHYSICAL one when none is marked serviceable. */
function physicalAddress(addresses: SonarAddress[]): SonarAddress | undefined {
  const physical = addresses.filter((address) => address.type === 'PHYSICAL');
  return physical.find((address) => address.serviceable) ?? physical[0];
}

function categoryOf(
  account: SonarAccount,
  context: CustomerContext,
  warnings: MappingIssue[],
): CustomerCategory {
  const type = context.accountTypes.find((candidate) => candidate.id === account.account_type_id);
  if (type === undefined) {
    warnings.push({
      entity: 'customer',
      sonarId: account.id,
      sonarType: 'Account',
      field: 'category',
      sourceField: 'account_type_id',
      rule: 'unresolved-reference',
      message: `Account ${account.id} has account type ${account.account_type_id}, which was not extracted; it is migrated as a person.`,
      fix: 'Check the category of this customer in Splynx after migration.',
    });
    return 'person';
  }
  return context.config.customers.categoryByAccountType[type.type] ?? 'person';
}

function openingBalance(account: SonarAccount, config: MappingConfig): OpeningBalance | null {
  // Only `import` corrects the balance: `open-invoices` moves the invoices instead, never both.
  if (config.balances.mode !== 'import' || account.balance === null || account.balance === 0)
    return null;
  const owes = account.balance > 0 !== config.balances.invertSign;
  return {
    amount: centsToUnits(Math.abs(account.balance)),
    type: owes ? 'debit' : 'credit',
    description: `Opening balance from Sonar account ${account.id}`,
  };
}

/** customer-billing: the billing parameter, and the MAILING address when there is one. */
function billingOf(account: SonarAccount, config: MappingConfig, check: Check): BillingPayload {
  const billing: BillingPayload = { make_invoices: config.customers.makeInvoices };
  const parameter = account.billing_parameter;
  if (parameter !== null) {
    if (parameter.bill_day !== null) billing.billing_date = parameter.bill_day;
    billing.billing_due = parameter.due_days;
    billing.grace_period = parameter.grace_days;
  }
  const mailing = account.addresses.find((candidate) => candidate.type === 'MAILING');
  if (mailing === undefined) return billing;
  billing.billing_street_1 = joinNonEmpty([mailing.line1, mailing.line2], ', ');
  billing.billing_city = mailing.city ?? '';
  billing.billing_zip_code = mailing.zip ?? '';
  const at = 'addresses[MAILING]';
  check(billing.billing_street_1, {
    field: 'billing.billing_street_1',
    sourceField: `${at}.line1+line2`,
    max: 255,
  });
  check(billing.billing_city, {
    field: 'billing.billing_city',
    sourceField: `${at}.city`,
    max: 32,
  });
  check(billing.billing_zip_code, {
    field: 'billing.billing_zip_code',
    sourceField: `${at}.zip`,
    max: 32,
  });
  return billing;
}

/** Sticky notes stay pinned; empty notes carry nothing and Splynx requires a comment. */
function notesOf(account: SonarAccount, issues: MappingIssue[]): CustomerPlan['notes'] {
  return account.notes
    .filter((note) => note.message.trim() !== '')
    .map((note) => {
      const subject = { entity: 'note', sonarId: note.id, sonarType: 'Note' };
      checkText(
        subject,
        note.message,
        { field: 'comment', sourceField: 'message', multiline: true },
        issues,
      );
      const payload: NotePayload = {
        comment: note.message,
        is_pinned: note.priority === 'NORMAL' ? 0 : 1,
        type: 'comment',
      };
      return { sonarId: note.id, payload };
    });
}

type Check = (value: string, spec: TextSpec) => void;

export function mapCustomer(
  account: SonarAccount,
  context: CustomerContext,
): MapResult<CustomerPlan> {
  const { config, ids } = context;
  const subject = { entity: 'customer', sonarId: account.id, sonarType: 'Account' };
  const issues: MappingIssue[] = [];
  const warnings: MappingIssue[] = [];
  const check: Check = (value, spec) => checkText(subject, value, spec, issues);

  const state = customerState(account, context.statuses, config);
  // An unknown status would otherwise fall back to INACTIVE: the customer would arrive disabled
  // without anyone having decided that.
  if (!hasKnownStatus(account, context.statuses, config)) {
    issues.push({
      ...subject,
      field: 'status',
      sourceField: 'account_status_id',
      rule: 'unresolved-reference',
      message: `Account ${account.id} has account status ${account.account_status_id}, which was not extracted, so its Splynx status is unknown.`,
      fix: `In Sonar, give account ${account.id} an existing status, or map it with customers.stateBySonarStatusId."${account.account_status_id}" in s2s.config.json.`,
    });
  }
  const finalStatus = splynxCustomerStatus(state, config);
  const createStatus = finalStatus === 'new' ? 'new' : 'active';
  const category = categoryOf(account, context, warnings);

  const contacts = orderedContacts(account.contacts);
  const emails = unique(
    contacts.flatMap((contact) => (contact.email_address?.trim() ? [contact.email_address] : [])),
  );
  const phones = unique(
    contacts.flatMap((contact) =>
      contact.phone_numbers.map((phone) => phoneText(phone.number, phone.extension)),
    ),
  );
  const address = physicalAddress(account.addresses);

  const partnerId = ids.partner(account.company_id);
  if (partnerId === undefined) {
    issues.push({
      ...subject,
      field: 'partner_id',
      sourceField: 'company_id',
      rule: 'unresolved-reference',
      message: `Account ${account.id} belongs to Sonar company ${account.company_id}, which has no Splynx partner yet.`,
      fix: `Migrate company ${account.company_id} (foundation phase) before its customers.`,
    });
  }
  const labels: number[] = [];
  for (const groupId of account.account_group_ids) {
    const label = ids.label(groupId);
    if (label !== undefined) {
      labels.push(label);
      continue;
    }
    issues.push({
      ...subject,
      field: 'customer_labels',
      sourceField: 'account_group_ids',
      rule: 'unresolved-reference',
      message: `Account ${account.id} is in Sonar account group ${groupId}, which has no Splynx label yet.`,
      fix: `Migrate account group ${groupId} (foundation phase) before its customers.`,
    });
  }

  const dateAdd = account.activation_date ?? account.created_at.slice(0, 10);
  const customer: CustomerPayload = {
    name: account.name,
    login: config.customers.loginTemplate.replaceAll('{id}', account.id),
    status: createStatus,
    category,
    partner_id: partnerId ?? 0,
    location_id: config.customers.locationId,
    email: emails.join(','),
    phone: phones.join(','),
    street_1: joinNonEmpty([address?.line1 ?? null, address?.line2 ?? null], ', '),
    city: address?.city ?? '',
    zip_code: address?.zip ?? '',
    gps:
      address?.latitude != null && address.longitude != null
        ? `${address.latitude},${address.longitude}`
        : '',
    date_add: dateAdd,
    customer_labels: labels,
    additional_attributes: { sonar_id: account.id },
  };

  check(customer.name, { field: 'name', sourceField: 'name', max: 256, required: true });
  check(customer.login, {
    field: 'login',
    sourceField: 'id (customers.loginTemplate)',
    max: 128,
    fix: 'Shorten customers.loginTemplate in s2s.config.json.',
  });
  for (const contact of contacts) {
    if (!contact.email_address?.trim()) continue;
    const sourceField = `contacts[id=${contact.id}].email_address`;
    checkEmails(subject, contact.email_address, { field: 'email', sourceField }, issues);
  }
  check(customer.email, { field: 'email', sourceField: 'contacts[].email_address', max: 256 });
  check(customer.phone, { field: 'phone', sourceField: 'contacts[].phone_numbers', max: 256 });
  const at = 'addresses[PHYSICAL]';
  check(customer.street_1, { field: 'street_1', sourceField: `${at}.line1+line2`, max: 255 });
  check(customer.city, { field: 'city', sourceField: `${at}.city`, max: 32 });
  check(customer.zip_code, { field: 'zip_code', sourceField: `${at}.zip`, max: 32 });

  const primary = contacts[0];
  const info =
    category === 'company' && primary !== undefined ? { contact_person: primary.name } : null;
  if (primary !== undefined && info !== null) {
    const sourceField = `contacts[id=${primary.id}].name`;
    check(info.contact_person, { field: 'info.contact_person', sourceField, max: 256 });
  }

  const billing = billingOf(account, config, check);
  const services = mapAccountServices(
    account,
    {
      state,
      activationDate: dateAdd,
      services: context.services,
      ids,
      networks: context.networks,
      credits: config.credits,
    },
    issues,
    warnings,
  );
  const notes = notesOf(account, issues);

  return resultOf(
    {
      sonarId: account.id,
      label: `account ${account.id} "${account.name}"`,
      state,
      finalStatus,
      createStatus,
      parentSonarId: account.parent_account_id,
      customer,
      info,
      billing,
      ...services,
      notes,
      openingBalance: openingBalance(account, config),
      portalPasswordReset: account.contacts.some((contact) => (contact.username ?? '') !== ''),
      unlinkedEquipment: account.equipment.map((item) => item.id),
    },
    issues,
    warnings,
  );
}
