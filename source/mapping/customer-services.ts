// A Sonar account's services become Splynx internet and recurring services (MAPPING.md, Phase 4):
// DATA services get a RADIUS login each, a static IP when one lies in a migrated static network,
// and the MACs of the equipment that serves them.
import type { SonarAccount, SonarAccountService, SonarService } from '../sonar/records.js';
import { billingStart, expiringEnd } from './billing-start.js';
import { checkText } from './checks.js';
import { applyCredits } from './credits.js';
import { cidr4Contains, parseCidr4 } from './ip.js';
import type { IdResolver, IssueSubject, MappingIssue, MigratedIpv4Network } from './issues.js';
import type { MappingConfig, SonarState } from './mapping-config.js';
import type { InternetServicePayload, RecurringServicePayload } from './payloads.js';
import { centsToUnits, tariffKindOf, tariffSkipReason } from './tariff.js';

export interface ServicesContext {
  state: SonarState;
  /** `YYYY-MM-DD` the account was activated: the true start of its services. */
  activationDate: string;
  services: Map<string, SonarService>;
  ids: IdResolver;
  networks: MigratedIpv4Network[];
  credits: MappingConfig['credits'];
}

export interface MappedServices {
  internetServices: Array<{ sonarId: string; payload: InternetServicePayload }>;
  recurringServices: Array<{ sonarId: string; payload: RecurringServicePayload }>;
}

const MAC = /^[0-9A-Fa-f]{2}([:-]?)[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}$/;

interface StaticIp {
  ip: string;
  /** Set when Sonar hangs the IP on a RADIUS account: it then belongs to that account's service. */
  radiusAccountId: string | null;
}

/** Static IPv4 addresses of the account that Splynx can hand out from a migrated static network. */
function staticIps(
  account: SonarAccount,
  networks: MigratedIpv4Network[],
  warnings: MappingIssue[],
): StaticIp[] {
  const subject = { entity: 'customer', sonarId: account.id, sonarType: 'Account' };
  const parsedNetworks = networks.flatMap((network) => {
    const cidr = parseCidr4(network.cidr);
    return cidr === null ? [] : [{ ...network, parsed: cidr }];
  });
  const found: StaticIp[] = [];
  for (const assignment of account.ip_assignments) {
    const cidr = parseCidr4(
      assignment.subnet.includes('/') ? assignment.subnet : `${assignment.subnet}/32`,
    );
    if (cidr === null) continue; // IPv6: Splynx services take IPv6 from pools, not per-address
    const where = `ip_assignments[id=${assignment.id}]`;
    if (cidr.mask !== 32) {
      warnings.push({
        ...subject,
        field: 'internet_services.ipv4_route',
        sourceField: where,
        rule: 'ip-not-migrated',
        message: `Account ${account.id} has the routed block ${assignment.subnet}; only single addresses are migrated.`,
        fix: `Add ${assignment.subnet} as an additional network on the customer's internet service in Splynx.`,
      });
      continue;
    }
    const network = parsedNetworks.find((candidate) =>
      cidr4Contains(candidate.parsed, cidr.network),
    );
    if (network === undefined) {
      warnings.push({
        ...subject,
        field: 'internet_services.ipv4',
        sourceField: where,
        rule: 'ip-outside-networks',
        message: `Account ${account.id} has IP ${assignment.subnet}, which lies outside every migrated network; the service gets no static IP.`,
        fix: `Migrate the Sonar subnet ${assignment.subnet_id} (network phase), or assign the IP in Splynx afterwards.`,
      });
      continue;
    }
    if (network.typeOfUsage !== 'static') continue;
    const { source } = assignment;
    found.push({
      ip: assignment.subnet.split('/')[0] ?? '',
      radiusAccountId: source.via === 'radius_account' ? source.radius_account_id : null,
    });
  }
  return found;
}

function macOf(values: Record<string, string>): string | undefined {
  return Object.values(values).find((value) => MAC.test(value));
}

/** MACs per DATA account service; unattached equipment goes to the account's only DATA service. */
function macsFor(account: SonarAccount, dataServiceIds: string[]): Map<string, string[]> {
  const macs = new Map<string, string[]>(dataServiceIds.map((id) => [id, []]));
  const only = dataServiceIds.length === 1 ? dataServiceIds[0] : undefined;
  for (const item of account.equipment) {
    const mac = macOf(item.field_values);
    const target = item.account_service_id ?? only;
    if (mac !== undefined && target !== undefined) macs.get(target)?.push(mac);
  }
  if (only !== undefined) {
    for (const unlisted of account.uninventoried_macs) macs.get(only)?.push(unlisted.mac_address);
  }
  return macs;
}

function tariffIssue(subject: IssueSubject, service: SonarService, kind: string): MappingIssue {
  return {
    ...subject,
    field: 'tariff_id',
    sourceField: 'service_id',
    rule: 'tariff-mapping',
    message: `Sonar service ${service.id} "${service.name}" has no Splynx ${kind} tariff.`,
    fix: `Migrate the foundation phase first, or map it onto an existing tariff with tariffs."${service.id}": <Splynx tariff id> in s2s.config.json.`,
  };
}

export function mapAccountServices(
  account: SonarAccount,
  context: ServicesContext,
  issues: MappingIssue[],
  warnings: MappingIssue[],
): MappedServices {
  const result: MappedServices = { internetServices: [], recurringServices: [] };
  const data: Array<{ accountService: SonarAccountService; service: SonarService }> = [];
  for (const accountService of account.account_services) {
    const subject = { entity: 'service', sonarId: accountService.id, sonarType: 'AccountService' };
    const service = context.services.get(accountService.service_id);
    if (service === undefined) {
      issues.push({
        ...subject,
        field: 'tariff_id',
        sourceField: 'service_id',
        rule: 'unresolved-reference',
        message: `Account service ${accountService.id} refers to Sonar service ${accountService.service_id}, which was not extracted.`,
        fix: 'Run the foundation phase (it extracts the whole service catalogue) before the customers.',
      });
      continue;
    }
    const kind = tariffKindOf(service);
    if (kind === 'internet') data.push({ accountService, service });
    if (kind === 'internet' || kind === 'recurring') continue;
    const standingCredit =
      service.application === 'CREDIT' && (service.type === 'RECURRING' || service.type === 'DATA');
    if (standingCredit) continue; // a discount on another service (credits.ts)
    warnings.push({
      ...subject,
      field: 'services',
      sourceField: 'service_id',
      rule: 'not-migrated',
      message:
        kind === 'one_time'
          ? `Account service ${accountService.id}: one-time service ${service.id} "${service.name}" was already charged in Sonar and is not re-created.`
          : `Account service ${accountService.id}: ${tariffSkipReason(service)}.`,
      fix: 'Nothing to do unless this customer still needs it in Splynx; then add it there by hand.',
    });
  }

  // Splynx taxes sit on tariffs (`tax_id`), not on customers or services (api-blueprint.apib), so
  // a tax-exempt Sonar account would be taxed through its tariffs: say so for every such account.
  const taxed = account.account_services.filter(
    (accountService) => (context.services.get(accountService.service_id)?.tax_ids.length ?? 0) > 0,
  );
  if (account.billing_parameter?.tax_exempt === true && taxed.length > 0) {
    warnings.push({
      entity: 'customer',
      sonarId: account.id,
      sonarType: 'Account',
      field: 'tax_id',
      sourceField: 'account_billing_parameter.tax_exempt',
      rule: 'tax-exempt',
      message: `Account ${account.id} is tax-exempt in Sonar, but its services ${taxed.map((a) => a.id).join(', ')} use taxed tariffs; Splynx applies a tariff's tax to every customer on it.`,
      fix: 'In Splynx, move this customer onto tax-free copies of those tariffs (or map them with tariffs."<service id>" before migrating).',
    });
  }

  const base = (
    subject: IssueSubject,
    accountService: SonarAccountService,
    service: SonarService,
    tariffId: number | undefined,
  ): RecurringServicePayload => {
    const kind = subject.entity === 'internet_service' ? 'internet' : 'recurring';
    if (tariffId === undefined) issues.push(tariffIssue(subject, service, kind));
    const start = billingStart(
      context.activationDate,
      accountService.next_bill_date,
      account.next_bill_date,
    );
    const payload: RecurringServicePayload = {
      tariff_id: tariffId ?? 0,
      status: context.state === 'ACTIVE' ? 'active' : 'disabled',
      description: accountService.name_override ?? service.name,
      quantity: accountService.quantity,
      start_date: start.startDate,
      end_date: '0000-00-00',
      additional_attributes: {
        sonar_id: accountService.id,
        sonar_activation_date: start.activationDate,
      },
    };
    if (accountService.price_override !== null) {
      payload.unit_price = centsToUnits(accountService.price_override);
    }
    const sourceField = accountService.name_override === null ? 'service.name' : 'name_override';
    checkText(
      subject,
      payload.description,
      { field: 'description', sourceField, required: true },
      issues,
    );
    return payload;
  };

  for (const accountService of account.account_services) {
    const service = context.services.get(accountService.service_id);
    if (service === undefined || tariffKindOf(service) !== 'recurring') continue;
    const subject = {
      entity: 'recurring_service',
      sonarId: accountService.id,
      sonarType: 'AccountService',
    };
    if (service.type === 'EXPIRING' && service.times_to_run === null) {
      warnings.push({
        ...subject,
        field: 'end_date',
        sourceField: 'service.expiring_service_detail.times_to_run',
        rule: 'not-migrated',
        message: `Account service ${accountService.id}: expiring service ${service.id} "${service.name}" has no times_to_run in Sonar, so the cycles left are unknown; it is not migrated.`,
        fix: `Give service ${service.id} its number of cycles in Sonar, or add the service in Splynx with the right end date.`,
      });
      continue;
    }
    const payload = base(
      subject,
      accountService,
      service,
      context.ids.tariff('recurring', service.id),
    );
    if (service.type === 'EXPIRING' && service.times_to_run !== null) {
      const { left, endDate } = expiringEnd(
        payload.start_date,
        service.times_to_run,
        accountService.number_of_times_billed,
        service.billing_frequency,
      );
      if (left <= 0) {
        warnings.push({
          ...subject,
          field: 'end_date',
          sourceField: 'number_of_times_billed',
          rule: 'expired',
          message: `Account service ${accountService.id}: expiring service ${service.id} "${service.name}" has run all ${service.times_to_run} cycles in Sonar; nothing is left to bill, so it is not migrated.`,
          fix: 'Nothing to do.',
        });
        continue;
      }
      payload.end_date = endDate;
    }
    result.recurringServices.push({ sonarId: accountService.id, payload });
  }

  // The n-th DATA service gets the n-th RADIUS account; an IP tied to a RADIUS account follows it,
  // the other static IPs go, in order, to the services still without one.
  const radiusOf = data.map((_, index) => account.radius_accounts[index]);
  const ipOf: Array<string | undefined> = data.map(() => undefined);
  const loose: string[] = [];
  for (const { ip, radiusAccountId } of staticIps(account, context.networks, warnings)) {
    const owner = radiusOf.findIndex(
      (radius) => radius !== undefined && radius.id === radiusAccountId,
    );
    if (owner !== -1 && ipOf[owner] === undefined) ipOf[owner] = ip;
    else loose.push(ip);
  }
  for (const [index, ip] of ipOf.entries()) {
    if (ip === undefined && loose.length > 0) ipOf[index] = loose.shift();
  }
  const macs = macsFor(
    account,
    data.map((entry) => entry.accountService.id),
  );
  data.forEach(({ accountService, service }, index) => {
    const subject = {
      entity: 'internet_service',
      sonarId: accountService.id,
      sonarType: 'AccountService',
    };
    const radius = radiusOf[index];
    const payload: InternetServicePayload = {
      ...base(subject, accountService, service, context.ids.tariff('internet', service.id)),
      login: radius?.username ?? `${account.id}-${accountService.id}`,
      taking_ipv4: 0,
    };
    if (radius?.password != null) payload.password = radius.password;
    const ip = ipOf[index];
    if (ip !== undefined) {
      payload.taking_ipv4 = 1;
      payload.ipv4 = ip;
    }
    const serviceMacs = macs.get(accountService.id) ?? [];
    if (serviceMacs.length > 0) payload.mac = serviceMacs.join(',');
    const loginSource =
      radius === undefined ? 'id-account_service.id' : `radius_accounts[id=${radius.id}].username`;
    checkText(
      subject,
      payload.login,
      { field: 'login', sourceField: loginSource, required: true, max: 128 },
      issues,
    );
    result.internetServices.push({ sonarId: accountService.id, payload });
  });
  for (const extra of loose) {
    warnings.push({
      entity: 'customer',
      sonarId: account.id,
      sonarType: 'Account',
      field: 'internet_services.ipv4',
      sourceField: 'ip_assignments',
      rule: 'ip-not-migrated',
      message: `Account ${account.id} has more static IPs than data services; ${extra} is not assigned.`,
      fix: `Add ${extra} to one of the customer's internet services in Splynx.`,
    });
  }
  applyCredits(
    account,
    context.services,
    context.credits,
    { internet: result.internetServices, recurring: result.recurringServices },
    issues,
    warnings,
  );
  return result;
}
