// A believable Sonar instance for one fake ISP, generated from (seed, accounts) alone: the demo and
// every end-to-end test run on it, so it must hold what MAPPING.md reads, in Sonar's real shapes, plus
// a few percent of deliberately awkward accounts listed in meta.hardCases.

import { Random } from '../random.js';
import {
  ACCOUNT_GROUPS,
  ACCOUNT_TYPES,
  ACTIVE,
  BUSINESS_KINDS,
  BUSINESS_PLAN_WEIGHTS,
  BUSINESS_PREFIXES,
  BUSINESS_SUFFIXES,
  CANCELLED,
  COMPANY_1_PLACES,
  COMPANY_2_PLACES,
  COMPANY_2_PLAN_WEIGHTS,
  CONTACT_ROLES,
  DATA_PLANS,
  type DataPlan,
  DELINQUENT,
  EMAIL_DOMAINS,
  FIBER_CPE,
  FIRST_NAMES,
  FORMER,
  GOVERNMENT_NAMES,
  INACTIVE,
  LAST_NAMES,
  LONG_CITY_NAMES,
  MANUFACTURERS,
  MODEL_CATEGORIES,
  MODELS,
  NO_PRIMARY_MODEL,
  NOTE_MESSAGES,
  OTHER_SERVICES,
  type OtherService,
  type Place,
  RESIDENTIAL_PLAN_WEIGHTS,
  ROLES,
  ROUTERS,
  SECONDARY_ROLES,
  STATUSES,
  STICKY_NOTE_MESSAGES,
  STREET_NAMES,
  STREET_SUFFIXES,
  SUPPLIERS,
  SUSPENDED,
  UNIT_PREFIXES,
  USERS,
  WIRELESS_CPE,
} from './catalogue.js';
import { Clock, dayOf, pad2, REFERENCE_DATE, REFERENCE_DAY, SLOTS_PER_DAY } from './clock.js';
import { type AccountPlan, type HardCase, type HardCaseKind, planAccounts } from './hard-cases.js';
import { intToIpv4, ipv4ToInt } from './ipv4.js';
import { APOSTROPHE_NAMES, INVALID_EMAILS, loginSlug, UNICODE_NAMES } from './names.js';
import { buildReceivables } from './receivables.js';
import type { AddressRow, TypedSonarTables } from './rows.js';
import { SONAR_TABLES, type SonarTables } from './tables.js';

export {
  HARD_CASE_DESCRIPTIONS,
  HARD_CASE_KINDS,
  type HardCase,
  type HardCaseKind,
} from './hard-cases.js';

export const MIN_ACCOUNTS = 10;
export const MAX_ACCOUNTS = 100_000;

export interface SonarDatasetMeta {
  seed: number;
  accounts: number;
  /** The dataset's "today" (YYYY-MM-DD); every timestamp is earlier. */
  referenceDate: string;
  /** Number of companies (1 or 2). */
  companies: number;
  /** Accounts with deliberately awkward data, ascending by id. */
  hardCases: HardCase[];
  /** The one pair of inventory items whose MAC field values collide. */
  duplicateMac: { mac: string; inventory_item_ids: [number, number] } | null;
  /** The inventory model none of whose fields is primary. */
  modelWithoutPrimaryFieldId: number;
  /** ip_assignments rows whose address lies outside every subnet (hard case ip-outside-networks). */
  outsideIpAssignmentIds: number[];
}

export interface SonarDataset {
  tables: SonarTables;
  meta: SonarDatasetMeta;
}

export function generateSonarDataset(options: {
  seed: number;
  accounts: number;
  /**
   * Attach Sonar's taxes to the services (default off). Sonar's taxes are always listed, but a
   * migration of taxed services needs `taxes` mapped in s2s.config.json, which the demo and most
   * tests run without.
   */
  taxedServices?: boolean;
}): SonarDataset {
  const { seed, accounts } = options;
  if (!Number.isInteger(accounts) || accounts < MIN_ACCOUNTS || accounts > MAX_ACCOUNTS) {
    throw new RangeError(
      `accounts must be an integer from ${MIN_ACCOUNTS} to ${MAX_ACCOUNTS}, got ${accounts}`,
    );
  }
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return new DatasetBuilder(seed, accounts, options.taxedServices ?? false).build();
}

/** Cumulative weights for a weighted pick. */
function cumulative(weights: readonly number[]): number[] {
  const sums: number[] = [];
  let total = 0;
  for (const weight of weights) {
    total += weight;
    sums.push(total);
  }
  return sums;
}

function weightedIndex(rng: Random, sums: readonly number[]): number {
  const total = sums[sums.length - 1] ?? 0;
  const roll = rng.next() * total;
  for (let i = 0; i < sums.length; i++) if (roll < (sums[i] ?? 0)) return i;
  return sums.length - 1;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function hex2(value: number): string {
  return value < 16 ? `0${value.toString(16)}` : value.toString(16);
}

/** RADIUS password characters, without look-alikes (0/O, 1/l/I). */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A run of consecutive IPv4 addresses handed out in order. */
interface IpCursor {
  subnetId: number;
  next: number;
  last: number;
  poolId: number | null;
}

interface ServiceRef {
  id: number;
  amount: number;
  name: string;
  application: 'DEBIT' | 'CREDIT';
  /** EXPIRING services: the cycles they run (`ExpiringServiceDetail.times_to_run`). */
  timesToRun?: number;
}

interface PlanRef extends ServiceRef {
  plan: DataPlan;
}

/** What the per-account steps share about the account being written. */
interface AccountContext {
  id: number;
  status: number;
  kinds: readonly HardCaseKind[];
  name: string;
  emailLocal: string;
  slug: string;
  typeIndex: number;
  place: Place;
  createdKey: number;
  activationDay: number | null;
  address: AddressRow | null;
  plan: PlanRef | null;
  dataServiceIds: number[];
  monthly: number;
  billDay: number;
  /** Sonar's `months_to_bill`: 1, or 3 for the business accounts billed quarterly. */
  monthsToBill: number;
  /** Sonar's next bill date (`YYYY-MM-DD`), null when no bill is scheduled yet. */
  nextBillDate: string | null;
}

/**
 * Where Sonar's billing of an account stands on the reference date, derived from the id and not
 * the random stream, so adding this variety leaves every other generated value as it was. Sonar
 * bills in advance: most accounts bill monthly and bill next on their January bill day; one
 * business account in five bills quarterly and is somewhere inside its 3-month cycle, so it bills
 * next in January, February or March; an account activated in the last 10 days has not been
 * billed and has no bill scheduled yet.
 */
function billingCycle(
  id: number,
  business: boolean,
  billDay: number,
  activationDay: number | null,
): { monthsToBill: number; nextBillDate: string | null } {
  const monthsToBill = business && id % 5 === 0 ? 3 : 1;
  if (activationDay !== null && activationDay > REFERENCE_DAY - 10) {
    return { monthsToBill, nextBillDate: null };
  }
  const month = monthsToBill === 3 ? 1 + (id % 3) : 1;
  return { monthsToBill, nextBillDate: `2026-${pad2(month)}-${pad2(billDay)}` };
}

const BUSINESS_WEIGHTS = cumulative(BUSINESS_PLAN_WEIGHTS.map(([, w]) => w));
const RESIDENTIAL_WEIGHTS = cumulative(RESIDENTIAL_PLAN_WEIGHTS.map(([, w]) => w));
const COMPANY_2_WEIGHTS = cumulative(COMPANY_2_PLAN_WEIGHTS.map(([, w]) => w));
const TYPE_WEIGHTS = cumulative(ACCOUNT_TYPES.map((type) => type.weight));
/** Transactions per account: mostly paid-up pairs, so most balances end at zero. */
const TRANSACTION_COUNT_WEIGHTS = cumulative([4, 50, 4, 42]);

const FIRST_DAY = dayOf(2018, 1, 1);
const LAST_CREATED_DAY = dayOf(2025, 12, 20);

class DatasetBuilder {
  private readonly rng: Random;
  private readonly clock = new Clock();
  private readonly t: TypedSonarTables;
  private readonly links: SonarTables['account_account_groups'] = [];
  private readonly hasCompany2: boolean;
  private plan!: AccountPlan;

  private readonly planIds = new Map<string, PlanRef>();
  private readonly otherServices = new Map<OtherService['key'], ServiceRef>();
  private readonly modelIds: number[] = [];
  private readonly modelFieldIds: { mac: number; serial: number }[] = [];
  private readonly locationIds: number[] = [];
  private noteUserIds: number[] = [];

  private business!: IpCursor;
  private infrastructure!: IpCursor;
  private pools!: IpCursor[];
  private cgnat!: IpCursor;
  private cgnatBlock = 0;
  private cgnatSupernetId = 0;
  private firstCgnatSubnetId = 0;
  private outsideNext = ipv4ToInt('192.0.2.1');

  private duplicateMac: SonarDatasetMeta['duplicateMac'] = null;
  private readonly outsideIpAssignmentIds: number[] = [];

  constructor(
    private readonly seed: number,
    private readonly count: number,
    private readonly taxedServices = false,
  ) {
    this.rng = new Random(seed);
    this.hasCompany2 = count >= 50 || (seed & 1) === 1;
    const tables = {} as Record<string, unknown[]>;
    for (const name of SONAR_TABLES) tables[name] = [];
    this.t = tables as unknown as TypedSonarTables;
    this.foundation();
    this.services();
    this.network();
    this.inventoryCatalogue();
  }

  build(): SonarDataset {
    this.plan = planAccounts(this.rng.fork('plan'), this.count, this.hasCompany2);
    const rng = this.rng.fork('accounts');
    for (let id = 1; id <= this.count; id++) this.account(rng, id);
    this.warehouseStock(this.rng.fork('warehouse'));
    this.finishPools();
    buildReceivables(this.t);

    const hardCases: HardCase[] = [];
    for (const [account_id, kinds] of this.plan.kinds)
      hardCases.push({ account_id, kinds: [...kinds] });
    hardCases.sort((a, b) => a.account_id - b.account_id);
    const tables = this.t as unknown as SonarTables;
    tables.account_account_groups = this.links;
    return {
      tables,
      meta: {
        seed: this.seed,
        accounts: this.count,
        referenceDate: REFERENCE_DATE,
        companies: this.hasCompany2 ? 2 : 1,
        hardCases,
        duplicateMac: this.duplicateMac,
        modelWithoutPrimaryFieldId: this.modelIds[NO_PRIMARY_MODEL] ?? 0,
        outsideIpAssignmentIds: this.outsideIpAssignmentIds,
      },
    };
  }

  // ---------- reference data ----------

  private stamp(day: number): string {
    return this.clock.datetime(day, 36);
  }

  private foundation(): void {
    const { t } = this;
    const opened = dayOf(2017, 9, 1);
    const companies = [
      {
        name: 'Hill Country Fiber',
        domain: 'hillcountryfiber.com',
        isp: 'ISP' as const,
        phone: '5125550100',
        colors: ['1F6FEB', 'F59E0B'],
        tax: '74-3019582',
        place: COMPANY_1_PLACES[0] as Place,
        line1: '1200 Congress Ave',
      },
      {
        name: 'Mountain State Broadband',
        domain: 'mountainstatebroadband.com',
        isp: 'WIRELESS' as const,
        phone: '3045550100',
        colors: ['14532D', 'FBBF24'],
        tax: '55-0718243',
        place: COMPANY_2_PLACES[0] as Place,
        line1: '85 High St',
      },
    ].slice(0, this.hasCompany2 ? 2 : 1);
    companies.forEach((company, index) => {
      const id = t.companies.length + 1;
      const created = this.stamp(opened + index * 400);
      t.companies.push({
        id,
        created_at: created,
        updated_at: created,
        billing_communication_delay_end_local_time: null,
        billing_communication_delay_start_local_time: null,
        checks_payable_to: `${company.name} LLC`,
        country: 'US',
        customer_portal_url: `https://portal.${company.domain}`,
        default: index === 0,
        enabled: true,
        isp_type: company.isp,
        name: company.name,
        phone_number: company.phone,
        primary_color: company.colors[0] as string,
        secondary_color: company.colors[1] as string,
        show_remittance_slip: index === 0,
        tax_identification: company.tax,
        website_address: `https://www.${company.domain}`,
      });
      this.pushAddress(
        'Company',
        id,
        'PHYSICAL',
        false,
        company.line1,
        null,
        company.place,
        created,
        {
          zip: company.place.zips[0] as string,
          latitude: company.place.latitude,
          longitude: company.place.longitude,
        },
      );
    });

    const catalogueDay = dayOf(2017, 9, 15);
    const created = this.stamp(catalogueDay);
    for (const status of STATUSES) {
      t.account_statuses.push({
        id: t.account_statuses.length + 1,
        created_at: created,
        updated_at: created,
        activates_account: status.activates,
        color: status.color,
        icon: status.icon,
        name: status.name,
      });
    }
    for (const type of ACCOUNT_TYPES) {
      t.account_types.push({
        id: t.account_types.length + 1,
        created_at: created,
        updated_at: created,
        color: type.color,
        icon: type.icon,
        invoice_message_id: null,
        name: type.name,
        type: type.type,
      });
    }
    for (const name of ACCOUNT_GROUPS) {
      t.account_groups.push({
        id: t.account_groups.length + 1,
        created_at: created,
        updated_at: created,
        name,
      });
    }
    for (const role of ROLES) {
      t.roles.push({
        id: t.roles.length + 1,
        created_at: created,
        updated_at: created,
        applied_permissions: [...role.permissions],
        name: role.name,
      });
    }
    USERS.forEach((user, index) => {
      const at = this.stamp(catalogueDay + index * 45);
      const [first] = user.name.split(' ');
      t.users.push({
        id: t.users.length + 1,
        created_at: at,
        updated_at: at,
        completed_setup: true,
        email_address: user.staff
          ? 'support@sonar.software'
          : `${user.username}@${companies[0]?.domain ?? 'hillcountryfiber.com'}`,
        enabled: user.enabled,
        is_sonar_staff: user.staff,
        language: 'en',
        mobile_number: user.mobile,
        name: user.name,
        public_name: first ?? user.name,
        role_id: user.role + 1,
        super_admin: user.superAdmin,
        username: user.username,
      });
    });
    this.noteUserIds = t.users
      .filter((user) => user.enabled && !user.is_sonar_staff)
      .map((user) => user.id);
    ['Mobile', 'Home', 'Work'].forEach((name, index) => {
      t.phone_number_types.push({
        id: index + 1,
        created_at: created,
        updated_at: created,
        name,
        sms_capable: name === 'Mobile',
      });
    });
  }

  private services(): void {
    const { t } = this;
    const created = this.stamp(dayOf(2017, 10, 1));
    const available = (company: 1 | 2 | null) => company !== 2 || this.hasCompany2;
    for (const plan of DATA_PLANS) {
      if (!available(plan.company)) continue;
      const id = t.services.length + 1;
      t.services.push({
        id,
        created_at: created,
        updated_at: created,
        amount: plan.amount,
        application: 'DEBIT',
        company_id: plan.company,
        display_if_zero: false,
        enabled: plan.enabled,
        general_ledger_code_id: null,
        name: plan.name,
        reverse_tax_definition_id: null,
        tax_definition_id: null,
        type: 'DATA',
      });
      t.data_service_details.push({
        id: t.data_service_details.length + 1,
        created_at: created,
        updated_at: created,
        billing_frequency: 1,
        download_speed_kilobits_per_second: plan.download,
        service_id: id,
        technology_code:
          plan.technology as TypedSonarTables['data_service_details'][number]['technology_code'],
        telrad_global_service_profile_name: null,
        upload_speed_kilobits_per_second: plan.upload,
        usage_based_billing_policy_id: null,
      });
      this.planIds.set(plan.name, {
        id,
        amount: plan.amount,
        name: plan.name,
        application: 'DEBIT',
        plan,
      });
    }
    for (const service of OTHER_SERVICES) {
      if (!available(service.company)) continue;
      const id = t.services.length + 1;
      t.services.push({
        id,
        created_at: created,
        updated_at: created,
        amount: service.amount,
        application: service.application,
        company_id: service.company,
        display_if_zero: service.type === 'ADJUSTMENT',
        enabled: true,
        general_ledger_code_id: null,
        name: service.name,
        reverse_tax_definition_id: null,
        tax_definition_id: null,
        type: service.type,
      });
      if (service.type === 'EXPIRING') {
        t.expiring_service_details.push({
          id: t.expiring_service_details.length + 1,
          created_at: created,
          updated_at: created,
          billing_frequency: 1,
          service_id: id,
          times_to_run: service.timesToRun ?? 1,
        });
      }
      if (service.type === 'RECURRING') {
        t.recurring_service_details.push({
          id: t.recurring_service_details.length + 1,
          created_at: created,
          updated_at: created,
          billing_frequency: 1,
          service_id: id,
        });
      }
      this.otherServices.set(service.key, {
        id,
        amount: service.amount ?? 0,
        name: service.name,
        application: service.application,
        ...(service.timesToRun === undefined ? {} : { timesToRun: service.timesToRun }),
      });
    }
    this.taxes(created);
  }

  /**
   * Two global percentage taxes: the state sales tax on company 1's (and company-less) charges, a
   * telecom fee on company 2's. Credits, adjustments and overage carry none. One tax per service,
   * since a Splynx tariff has a single `tax_id`.
   */
  private taxes(created: string): void {
    const { t } = this;
    t.taxes.push(
      {
        id: 1,
        created_at: created,
        updated_at: created,
        application: 'PERCENTAGE',
        name: 'State Sales Tax',
        rate: 6.25,
        type: 'GLOBAL',
      },
      {
        id: 2,
        created_at: created,
        updated_at: created,
        application: 'PERCENTAGE',
        name: 'Rural Telecom Fee',
        rate: 2,
        type: 'GLOBAL',
      },
    );
    if (!this.taxedServices) return;
    for (const service of t.services) {
      const taxed = ['DATA', 'RECURRING', 'EXPIRING', 'ONETIME'].includes(String(service.type));
      if (!taxed || service.application === 'CREDIT') continue;
      t.service_taxes.push({
        id: t.service_taxes.length + 1,
        created_at: created,
        updated_at: created,
        exemption_amount: 0,
        service_id: service.id,
        tax_id: service.company_id === 2 ? 2 : 1,
      });
    }
  }

  private network(): void {
    const { t } = this;
    const created = this.stamp(dayOf(2017, 11, 1));
    const supernet = (name: string, subnet: string) => {
      const id = t.supernets.length + 1;
      t.supernets.push({
        id,
        created_at: created,
        updated_at: created,
        largest_cidr_available: null,
        name,
        subnet,
      });
      return id;
    };
    const cgnatSupernet = supernet('Customer CGNAT space', '100.64.0.0/16');
    const publicSupernet = supernet('Public block', '203.0.113.0/24');
    const v6Supernet = supernet('IPv6 allocation', '2001:db8::/32');
    this.cgnatSupernetId = cgnatSupernet;

    const business = this.subnet(
      'Business static',
      '203.0.113.0/25',
      publicSupernet,
      'ACCOUNT',
      created,
    );
    const infrastructure = this.subnet(
      'Infrastructure',
      '203.0.113.128/26',
      publicSupernet,
      'MIXED',
      created,
    );
    const wholePool = this.subnet(
      'DHCP pool A',
      '100.64.255.0/24',
      cgnatSupernet,
      'ACCOUNT',
      created,
    );
    const partialPool = this.subnet(
      'DHCP pool B',
      '100.64.254.0/24',
      cgnatSupernet,
      'MIXED',
      created,
    );
    this.subnet('Customer IPv6', '2001:db8:100::/48', v6Supernet, 'ACCOUNT', created);

    const pool = (subnetId: number, name: string, first: string, last: string): IpCursor => {
      const id = t.ip_pools.length + 1;
      t.ip_pools.push({
        id,
        created_at: created,
        updated_at: created,
        dhcp_server_identifier_id: null,
        ip_range: `${first}-${last}`,
        ips_available: 0,
        name,
        subnet_id: subnetId,
      });
      // Network and broadcast addresses are in the whole-subnet pool's range but never handed out.
      const start = ipv4ToInt(first);
      const end = ipv4ToInt(last);
      return {
        subnetId,
        next: start % 256 === 0 ? start + 1 : start,
        last: end % 256 === 255 ? end - 1 : end,
        poolId: id,
      };
    };
    const partial = pool(partialPool, 'Residential DHCP B', '100.64.254.10', '100.64.254.200');
    const whole = pool(wholePool, 'Residential DHCP A', '100.64.255.0', '100.64.255.255');
    this.business = {
      subnetId: business,
      next: ipv4ToInt('203.0.113.1'),
      last: ipv4ToInt('203.0.113.126'),
      poolId: null,
    };
    this.infrastructure = {
      subnetId: infrastructure,
      next: ipv4ToInt('203.0.113.129'),
      last: ipv4ToInt('203.0.113.190'),
      poolId: null,
    };
    this.pools = [partial, whole];
    this.cgnat = this.cgnatSubnet(0, created);
    this.firstCgnatSubnetId = this.cgnat.subnetId;
  }

  private subnet(
    name: string,
    subnet: string,
    supernetId: number,
    type: 'ACCOUNT' | 'MIXED',
    created: string,
  ): number {
    const id = this.t.subnets.length + 1;
    this.t.subnets.push({
      id,
      created_at: created,
      updated_at: created,
      largest_cidr_available: null,
      name,
      poller_id: null,
      polling_priority: 1,
      subnet,
      supernet_id: supernetId,
      type,
    });
    return id;
  }

  /** Customer /24s inside 100.64.0.0/16, opened one after another as the previous fills up. */
  private cgnatSubnet(block: number, created: string): IpCursor {
    const base = ipv4ToInt('100.64.0.0') + block * 256;
    const cidr = `${intToIpv4(base)}/24`;
    const id = this.subnet(
      `Customers ${cidr}`,
      cidr,
      this.cgnatSupernetId,
      block % 4 === 3 ? 'MIXED' : 'ACCOUNT',
      created,
    );
    return { subnetId: id, next: base + 1, last: base + 254, poolId: null };
  }

  private takeIp(cursor: IpCursor): number {
    if (cursor.next > cursor.last) return -1;
    const ip = cursor.next;
    cursor.next += 1;
    return ip;
  }

  /** Next customer address; -1 once 100.64.0.0–100.64.253.255 is used up. */
  private takeCgnat(created: string): IpCursor | null {
    if (this.cgnat.next > this.cgnat.last) {
      // 254 and 255 are the DHCP pool subnets.
      if (this.cgnatBlock >= 253) return null;
      this.cgnatBlock += 1;
      this.cgnat = this.cgnatSubnet(this.cgnatBlock, created);
    }
    return this.cgnat;
  }

  private assignIp(
    cursor: IpCursor | null,
    type:
      | 'Account'
      | 'InventoryItem'
      | 'InventoryModelFieldData'
      | 'RadiusAccount'
      | 'UninventoriedMacAddress',
    ownerId: number,
    description: string,
    created: string,
  ): number {
    if (!cursor) return 0;
    const ip = this.takeIp(cursor);
    if (ip < 0) return 0;
    const id = this.t.ip_assignments.length + 1;
    this.t.ip_assignments.push({
      id,
      created_at: created,
      updated_at: created,
      description,
      ip_pool_id: cursor.poolId,
      ipassignmentable_id: ownerId,
      ipassignmentable_type: type,
      reference: null,
      soft: cursor.poolId !== null,
      subnet: `${intToIpv4(ip)}/32`,
      subnet_id: cursor.subnetId,
    });
    return id;
  }

  private finishPools(): void {
    const assigned = new Map<number, number>();
    for (const row of this.t.ip_assignments) {
      if (row.ip_pool_id !== null)
        assigned.set(row.ip_pool_id, (assigned.get(row.ip_pool_id) ?? 0) + 1);
    }
    for (const pool of this.t.ip_pools) {
      const dash = pool.ip_range.indexOf('-');
      const size =
        ipv4ToInt(pool.ip_range.slice(dash + 1)) - ipv4ToInt(pool.ip_range.slice(0, dash)) + 1;
      pool.ips_available = size - (assigned.get(pool.id) ?? 0);
    }
  }

  private inventoryCatalogue(): void {
    const { t } = this;
    const created = this.stamp(dayOf(2017, 12, 1));
    for (const name of MANUFACTURERS) {
      t.manufacturers.push({
        id: t.manufacturers.length + 1,
        created_at: created,
        updated_at: created,
        name,
      });
    }
    for (const category of MODEL_CATEGORIES) {
      t.inventory_model_categories.push({
        id: t.inventory_model_categories.length + 1,
        created_at: created,
        updated_at: created,
        general_ledger_code_id: null,
        icon: category.icon,
        name: category.name,
      });
    }
    const warehouses = [
      {
        name: 'Austin Main Warehouse',
        place: COMPANY_1_PLACES[0] as Place,
        line1: '9800 Industrial Blvd',
        company: 1,
      },
      {
        name: 'Temple Depot',
        place: COMPANY_1_PLACES[5] as Place,
        line1: '410 S 1st St',
        company: 1,
      },
      {
        name: 'Morgantown Yard',
        place: COMPANY_2_PLACES[0] as Place,
        line1: '22 Greenbag Rd',
        company: 2,
      },
    ];
    for (const warehouse of warehouses) {
      if (warehouse.company === 2 && !this.hasCompany2) continue;
      const id = t.inventory_locations.length + 1;
      t.inventory_locations.push({
        id,
        created_at: created,
        updated_at: created,
        default_shipping_location: id === 1,
        geopoint: null,
        name: warehouse.name,
      });
      this.locationIds.push(id);
      this.pushAddress(
        'InventoryLocation',
        id,
        'PHYSICAL',
        false,
        warehouse.line1,
        null,
        warehouse.place,
        created,
        {
          zip: warehouse.place.zips[0] as string,
          latitude: warehouse.place.latitude,
          longitude: warehouse.place.longitude,
        },
      );
    }
    for (const supplier of SUPPLIERS) {
      const id = t.vendors.length + 1;
      t.vendors.push({
        id,
        created_at: created,
        updated_at: created,
        archived: false,
        automate_approved_purchase_orders: false,
        currency: 'USD',
        name: supplier.name,
        payment_terms: supplier.terms,
      });
      this.pushAddress(
        'Vendor',
        id,
        'PHYSICAL',
        false,
        supplier.line1,
        null,
        { city: supplier.city, subdivision: supplier.subdivision, county: null, timezone: null },
        created,
        { zip: supplier.zip, latitude: null, longitude: null },
      );
      const contactId = t.contacts.length + 1;
      t.contacts.push({
        id: contactId,
        created_at: created,
        updated_at: created,
        contactable_id: id,
        contactable_type: 'Vendor',
        email_address: supplier.email,
        language: 'en',
        marketing_opt_in: false,
        name: supplier.contact,
        primary: true,
        role: 'Account Manager',
        username: null,
      });
      this.pushPhone(contactId, supplier.phone, 3, created);
    }
    MODELS.forEach((model) => {
      const id = t.inventory_models.length + 1;
      const router = model.category === 2;
      t.inventory_models.push({
        id,
        created_at: created,
        updated_at: created,
        default_vendor_id: model.vendor + 1,
        device_type: 'OTHER',
        enabled: true,
        generic: false,
        icon: MODEL_CATEGORIES[model.category]?.icon ?? 'BOX759780',
        inventory_model_category_id: model.category + 1,
        is_segmentable: false,
        lte_sim_type: null,
        manufacturer_id: model.manufacturer + 1,
        model_name: model.modelName,
        name: model.name,
        network_monitoring_template_id: null,
        port: router ? 443 : 80,
        protocol: router ? 'HTTPS' : 'HTTP',
        quantity: null,
        unit_of_measurement: 'EACH',
      });
      this.modelIds.push(id);
      const field = (
        name: string,
        type: 'MAC_ADDRESS' | 'TEXT',
        primary: boolean,
        unique: 'GLOBAL' | 'NONE',
      ) => {
        const fieldId = t.inventory_model_fields.length + 1;
        t.inventory_model_fields.push({
          id: fieldId,
          created_at: created,
          updated_at: created,
          inventory_model_id: id,
          name,
          primary,
          regexp: null,
          required: primary,
          secondary_type: null,
          type,
          unique,
        });
        return fieldId;
      };
      const hasPrimary = model.primary !== 'none';
      this.modelFieldIds.push({
        mac: field(
          'MAC Address',
          'MAC_ADDRESS',
          model.primary === 'mac',
          hasPrimary ? 'GLOBAL' : 'NONE',
        ),
        serial: field(
          'Serial Number',
          'TEXT',
          model.primary === 'serial',
          model.primary === 'serial' ? 'GLOBAL' : 'NONE',
        ),
      });
    });
  }

  // ---------- shared row writers ----------

  private pushAddress(
    addressableType: 'Account' | 'InventoryLocation' | 'Company' | 'Vendor',
    addressableId: number,
    type: 'PHYSICAL' | 'MAILING',
    serviceable: boolean,
    line1: string,
    line2: string | null,
    place: { city: string; subdivision: string; county: string | null; timezone: string | null },
    created: string,
    where: { zip: string; latitude: number | null; longitude: number | null },
    fips: string | null = null,
  ): AddressRow {
    const row: AddressRow = {
      id: this.t.addresses.length + 1,
      created_at: created,
      updated_at: created,
      address_status_id: null,
      addressable_id: addressableId,
      addressable_type: addressableType,
      anchor_address_id: null,
      attainable_download_speed: null,
      attainable_upload_speed: null,
      avalara_pcode: null,
      billing_default_id: null,
      census_year: fips ? 2020 : null,
      city: place.city,
      country: 'US',
      county: place.county,
      fips,
      fips_source: fips ? 'FCC' : null,
      is_anchor: false,
      latitude: where.latitude,
      line1,
      line2,
      longitude: where.longitude,
      serviceable,
      subdivision: place.subdivision,
      timezone: place.timezone,
      type,
      zip: where.zip,
    };
    this.t.addresses.push(row);
    return row;
  }

  private pushPhone(contactId: number, number: string, typeId: number, created: string): void {
    this.t.phone_numbers.push({
      id: this.t.phone_numbers.length + 1,
      created_at: created,
      updated_at: created,
      contact_id: contactId,
      country: 'US',
      extension: null,
      number,
      number_formatted: `(${number.slice(0, 3)}) ${number.slice(3, 6)}-${number.slice(6)}`,
      phone_number_type_id: typeId,
      sms_opt_in: typeId === 1,
    });
  }

  // ---------- accounts ----------

  private account(rng: Random, id: number): void {
    const { plan } = this;
    const status = plan.status[id] ?? ACTIVE;
    const kinds = plan.kinds.get(id) ?? [];
    const company = plan.company[id] ?? 1;
    const places = company === 2 ? COMPANY_2_PLACES : COMPANY_1_PLACES;
    const place = rng.pick(places);
    let typeIndex = weightedIndex(rng, TYPE_WEIGHTS);

    // Creation dates rise with the id, denser in recent years as the ISP grows.
    const fraction = (id - 1 + rng.next()) / this.count;
    const createdDay = FIRST_DAY + Math.floor((LAST_CREATED_DAY - FIRST_DAY) * Math.sqrt(fraction));
    const createdKey = createdDay * SLOTS_PER_DAY + rng.int(32, 72);

    const [name, emailLocal] = this.accountName(rng, id, kinds, typeIndex, place);
    if (
      kinds.includes('unicode-name') ||
      kinds.includes('apostrophe-name') ||
      kinds.includes('duplicate-name')
    ) {
      typeIndex = 0;
    }
    const slug = loginSlug(emailLocal) || 'customer';

    const neverActivated = status === INACTIVE && rng.chance(0.5) && !plan.isParent[id];
    const activationDay = neverActivated
      ? null
      : Math.min(createdDay + rng.int(0, 21), REFERENCE_DAY - 1);

    const ctx: AccountContext = {
      id,
      status,
      kinds,
      name,
      emailLocal,
      slug,
      typeIndex,
      place,
      createdKey,
      activationDay,
      address: null,
      plan: null,
      dataServiceIds: [],
      monthly: 0,
      billDay: rng.chance(0.4) ? 1 : rng.int(1, 28),
      monthsToBill: 1,
      nextBillDate: null,
    };
    const accountType = ACCOUNT_TYPES[typeIndex]?.type;
    Object.assign(
      ctx,
      billingCycle(
        id,
        accountType === 'COMMERCIAL' ||
          accountType === 'GOVERNMENT' ||
          accountType === 'INDUSTRIAL',
        ctx.billDay,
        activationDay,
      ),
    );

    this.addresses(rng, ctx);
    this.contacts(rng, ctx);
    this.accountServices(rng, ctx, company);
    this.equipmentAndIps(rng, ctx);
    this.billing(rng, ctx);
    this.notes(rng, ctx);
    this.transactions(rng, ctx);
    this.groups(rng, ctx);

    const created = this.clock.at(createdKey);
    const updatedDay = createdDay + rng.int(0, Math.max(0, REFERENCE_DAY - 1 - createdDay));
    const archived = plan.archived[id] === 1;
    const archivedDay = archived ? Math.min(REFERENCE_DAY - 1, updatedDay + rng.int(0, 30)) : 0;
    const billable = status === ACTIVE || status === SUSPENDED || status === DELINQUENT;
    this.t.accounts.push({
      id,
      created_at: created,
      updated_at: archived
        ? this.stamp(archivedDay)
        : this.clock.datetime(updatedDay, rng.int(32, 72)),
      account_status_id: status + 1,
      account_type_id: typeIndex + 1,
      activation_date: activationDay === null ? null : this.clock.date(activationDay),
      activation_time:
        activationDay === null ? null : `${pad2(rng.int(8, 17))}:${pad2(rng.int(0, 59))}:00`,
      archived_at: archived ? this.stamp(archivedDay) : null,
      archived_by_user_id: archived ? 1 : null,
      company_id: company,
      data_usage_percentage: billable && ctx.plan ? rng.int(0, 100) : null,
      geopoint: null,
      is_delinquent: status === DELINQUENT,
      is_eligible_for_archive: (status === CANCELLED || status === FORMER) && !archived,
      name,
      next_bill_date: billable && ctx.monthly !== 0 ? ctx.nextBillDate : null,
      next_recurring_charge_amount: billable && ctx.monthly !== 0 ? ctx.monthly : null,
      parent_account_id: plan.parent[id] || null,
    });
  }

  private accountName(
    rng: Random,
    id: number,
    kinds: readonly HardCaseKind[],
    typeIndex: number,
    place: Place,
  ): [string, string] {
    if (kinds.includes('unicode-name')) {
      const [name, local] = UNICODE_NAMES[
        this.instance(id, 'unicode-name') % UNICODE_NAMES.length
      ] ?? ['', ''];
      return [name, local];
    }
    if (kinds.includes('apostrophe-name')) {
      const [name, local] = APOSTROPHE_NAMES[
        this.instance(id, 'apostrophe-name') % APOSTROPHE_NAMES.length
      ] ?? ['', ''];
      return [name, local];
    }
    if (kinds.includes('duplicate-name')) {
      const n = this.instance(id, 'duplicate-name');
      const first = FIRST_NAMES[(n * 7) % FIRST_NAMES.length] ?? 'John';
      const last = LAST_NAMES[(n * 11 + 5) % LAST_NAMES.length] ?? 'Smith';
      return [`${first} ${last}`, `${first}.${last}`.toLowerCase()];
    }
    const kind = ACCOUNT_TYPES[typeIndex]?.type;
    if (kind === 'COMMERCIAL' || kind === 'INDUSTRIAL') {
      const prefix = rng.pick(BUSINESS_PREFIXES);
      const business = rng.pick(BUSINESS_KINDS);
      return [`${prefix} ${business}${rng.pick(BUSINESS_SUFFIXES)}`, 'office'];
    }
    if (kind === 'GOVERNMENT') {
      return [rng.pick(GOVERNMENT_NAMES).replace('{city}', place.city), 'admin'];
    }
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    return [`${first} ${last}`, `${first}.${last}`.toLowerCase()];
  }

  /** Which occurrence of a hard-case kind an account is, to vary names, cities and emails. */
  private instance(id: number, kind: HardCaseKind): number {
    return this.plan.instance.get(`${id}:${kind}`) ?? 0;
  }

  private addresses(rng: Random, ctx: AccountContext): void {
    if (ctx.kinds.includes('child-without-address')) return;
    const { place } = ctx;
    const created = this.clock.at(ctx.createdKey);
    const line1 = `${rng.int(100, 9999)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}`;
    const line2 = rng.chance(0.2) ? `${rng.pick(UNIT_PREFIXES)} ${rng.int(1, 40)}` : null;
    const city = ctx.kinds.includes('long-city')
      ? (LONG_CITY_NAMES[this.instance(ctx.id, 'long-city') % LONG_CITY_NAMES.length] ?? place.city)
      : place.city;
    const fips = `${place.county.slice(7)}${String(rng.int(100, 999_999)).padStart(6, '0')}${String(rng.int(1000, 4999))}`;
    ctx.address = this.pushAddress(
      'Account',
      ctx.id,
      'PHYSICAL',
      true,
      line1,
      line2,
      { city, subdivision: place.subdivision, county: place.county, timezone: place.timezone },
      created,
      {
        zip: rng.pick(place.zips),
        latitude: round6(place.latitude + (rng.next() - 0.5) * 0.1),
        longitude: round6(place.longitude + (rng.next() - 0.5) * 0.1),
      },
      fips,
    );
    if (rng.chance(0.15)) {
      this.pushAddress(
        'Account',
        ctx.id,
        'MAILING',
        false,
        `PO Box ${rng.int(10, 9999)}`,
        null,
        place,
        created,
        { zip: rng.pick(place.zips), latitude: null, longitude: null },
      );
    }
  }

  private contacts(rng: Random, ctx: AccountContext): void {
    const { t } = this;
    const created = this.clock.at(ctx.createdKey);
    const type = ACCOUNT_TYPES[ctx.typeIndex]?.type;
    const organisation = type === 'COMMERCIAL' || type === 'GOVERNMENT' || type === 'INDUSTRIAL';
    const noEmail = ctx.kinds.includes('no-email');
    const domain = rng.pick(EMAIL_DOMAINS);

    let primaryName = ctx.name;
    let local = ctx.emailLocal;
    if (organisation && ctx.emailLocal === 'office') {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      primaryName = `${first} ${last}`;
      local = `${first.toLowerCase()}.${last.toLowerCase()}`;
    }
    let email: string | null = `${local}${ctx.id % 100}@${domain}`;
    if (noEmail) email = null;
    else if (ctx.kinds.includes('invalid-email')) {
      email =
        INVALID_EMAILS[this.instance(ctx.id, 'invalid-email') % INVALID_EMAILS.length] ??
        'bob@@example.com';
    }
    const primaryId = t.contacts.length + 1;
    t.contacts.push({
      id: primaryId,
      created_at: created,
      updated_at: created,
      contactable_id: ctx.id,
      contactable_type: 'Account',
      email_address: email,
      language: rng.chance(0.02) ? 'fr' : 'en',
      marketing_opt_in: rng.chance(0.3),
      name: primaryName,
      primary: true,
      role: organisation ? rng.pick(CONTACT_ROLES) : null,
      username: rng.chance(0.4) ? `${ctx.slug}${ctx.id}` : null,
    });
    const areaCode = ctx.place.areaCode;
    this.pushPhone(primaryId, this.phoneNumber(rng, areaCode), rng.chance(0.7) ? 1 : 2, created);
    if (rng.chance(0.1)) this.pushPhone(primaryId, this.phoneNumber(rng, areaCode), 3, created);

    const extra = rng.chance(0.6) ? 0 : rng.chance(0.75) ? 1 : 2;
    for (let n = 0; n < extra; n++) {
      const first = rng.pick(FIRST_NAMES);
      const last = organisation
        ? rng.pick(LAST_NAMES)
        : (primaryName.split(' ').pop() ?? rng.pick(LAST_NAMES));
      const contactId = t.contacts.length + 1;
      t.contacts.push({
        id: contactId,
        created_at: created,
        updated_at: created,
        contactable_id: ctx.id,
        contactable_type: 'Account',
        email_address:
          noEmail || rng.chance(0.2)
            ? null
            : `${first.toLowerCase()}${ctx.id}${n}@${rng.pick(EMAIL_DOMAINS)}`,
        language: 'en',
        marketing_opt_in: false,
        name: `${first} ${last}`,
        primary: false,
        role: rng.pick(SECONDARY_ROLES),
        username: null,
      });
      if (rng.chance(0.7)) this.pushPhone(contactId, this.phoneNumber(rng, areaCode), 1, created);
    }
  }

  private phoneNumber(rng: Random, areaCode: string): string {
    return `${areaCode}${rng.int(200, 989)}${String(rng.int(0, 9999)).padStart(4, '0')}`;
  }

  private choosePlan(rng: Random, ctx: AccountContext, company: number): PlanRef | null {
    const type = ACCOUNT_TYPES[ctx.typeIndex]?.type;
    const [names, weights] =
      company === 2
        ? [COMPANY_2_PLAN_WEIGHTS, COMPANY_2_WEIGHTS]
        : type === 'COMMERCIAL' || type === 'GOVERNMENT' || type === 'INDUSTRIAL'
          ? [BUSINESS_PLAN_WEIGHTS, BUSINESS_WEIGHTS]
          : [RESIDENTIAL_PLAN_WEIGHTS, RESIDENTIAL_WEIGHTS];
    const entry = names[weightedIndex(rng, weights)];
    return entry ? (this.planIds.get(entry[0]) ?? null) : null;
  }

  private accountServices(rng: Random, ctx: AccountContext, company: number): void {
    const { status, kinds } = ctx;
    const billable = status === ACTIVE || status === SUSPENDED || status === DELINQUENT;
    const wantsData = kinds.includes('no-service')
      ? false
      : billable || (status === INACTIVE && ctx.activationDay !== null && rng.chance(0.3));
    if (!wantsData) return;
    const plan = this.choosePlan(rng, ctx, company);
    if (!plan) return;
    ctx.plan = plan;
    const startDay = ctx.activationDay ?? Math.floor(ctx.createdKey / SLOTS_PER_DAY);
    const override = kinds.includes('price-override') || rng.chance(0.01);
    this.pushAccountService(rng, ctx, plan, 1, override ? plan.amount - 1000 : null, startDay);
    if (kinds.includes('two-data-services')) {
      const second = this.choosePlan(rng, ctx, company) ?? plan;
      this.pushAccountService(rng, ctx, second, 1, null, startDay);
    }
    const type = ACCOUNT_TYPES[ctx.typeIndex]?.type;
    const other = this.otherServices;
    if (company === 1 && rng.chance(0.15))
      this.pushAccountService(rng, ctx, other.get('router-rental'), 1, null, startDay);
    if (company === 2 && rng.chance(0.2))
      this.pushAccountService(rng, ctx, other.get('rural-router'), 1, null, startDay);
    if (company === 1 && rng.chance(0.05))
      this.pushAccountService(rng, ctx, other.get('wifi'), 1, null, startDay);
    if (type === 'SENIOR_CITIZEN')
      this.pushAccountService(rng, ctx, other.get('senior-discount'), 1, null, startDay);
    if (company === 1 && rng.chance(0.03))
      this.pushAccountService(rng, ctx, other.get('voice'), 1, null, startDay);
    if (company === 1 && rng.chance(0.02))
      this.pushAccountService(rng, ctx, other.get('installment'), 1, null, startDay);
    if (startDay > REFERENCE_DAY - 45)
      this.pushAccountService(rng, ctx, other.get('install'), 1, null, startDay);
  }

  private pushAccountService(
    rng: Random,
    ctx: AccountContext,
    service: ServiceRef | PlanRef | undefined,
    quantity: number,
    priceOverride: number | null,
    startDay: number,
  ): number {
    if (!service) return 0;
    const id = this.t.account_services.length + 1;
    const isData = 'plan' in service;
    const months = Math.max(0, Math.floor((REFERENCE_DAY - startDay) / 30.4));
    const created = this.stamp(startDay);
    this.t.account_services.push({
      id,
      created_at: created,
      updated_at: created,
      account_id: ctx.id,
      addition_prorate_date: null,
      data_usage_last_calculated_date: isData ? '2025-12-31' : null,
      name_override: isData && rng.chance(0.01) ? `${service.name} (promo)` : null,
      // Null: bills with the account (schema.graphql, AccountService.next_bill_date).
      next_bill_date: null,
      // Expiring services were taken out at different times, so they are spread from just begun
      // to run out (0 cycles left); derived from the id, not the random stream.
      number_of_times_billed:
        'timesToRun' in service && service.timesToRun !== undefined
          ? Math.min(months, id % (service.timesToRun + 1))
          : months,
      package_id: null,
      price_override: priceOverride,
      price_override_reason: priceOverride === null ? null : 'Retention offer',
      quantity,
      service_id: service.id,
      unique_package_relationship_id: null,
    });
    if (isData) ctx.dataServiceIds.push(id);
    const price = (priceOverride ?? service.amount) * quantity;
    ctx.monthly += service.application === 'CREDIT' ? -price : price;
    return id;
  }

  private equipmentAndIps(rng: Random, ctx: AccountContext): void {
    const { t } = this;
    const { kinds, status } = ctx;
    const created = this.clock.at(ctx.createdKey);
    const active = status === ACTIVE;

    // RADIUS logins for every DATA service of most accounts (always when there are two).
    const radiusIds: number[] = [];
    const twoData = ctx.dataServiceIds.length > 1;
    if (ctx.dataServiceIds.length > 0 && (twoData || rng.chance(0.9))) {
      for (let index = 0; index < ctx.dataServiceIds.length; index++) {
        const id = t.radius_accounts.length + 1;
        t.radius_accounts.push({
          id,
          created_at: created,
          updated_at: created,
          account_id: ctx.id,
          password: this.password(rng),
          username: index === 0 ? `${ctx.slug}${ctx.id}` : `${ctx.slug}${ctx.id}-${index + 1}`,
        });
        radiusIds.push(id);
      }
    }

    if (active) {
      const type = ACCOUNT_TYPES[ctx.typeIndex]?.type;
      const organisation = type === 'COMMERCIAL' || type === 'GOVERNMENT' || type === 'INDUSTRIAL';
      const wantsStatic = organisation ? rng.chance(0.6) : rng.chance(0.25);
      if (wantsStatic && !kinds.includes('no-service')) {
        const publicIp = organisation && this.business.next <= this.business.last;
        const cursor = publicIp ? this.business : this.takeCgnat(created);
        if (this.assignIp(cursor, 'Account', ctx.id, 'Static IP', created) && publicIp) {
          this.pushAccountService(
            rng,
            ctx,
            this.otherServices.get('static-ip'),
            1,
            null,
            ctx.activationDay ?? REFERENCE_DAY - 1,
          );
        }
      }
      if (kinds.includes('ip-outside-networks')) {
        // Left behind by a renumbering: the address is in no subnet, yet subnet_id still names one.
        const ip = this.outsideNext;
        this.outsideNext = ip === ipv4ToInt('192.0.2.254') ? ipv4ToInt('198.18.0.1') : ip + 1;
        const id = t.ip_assignments.length + 1;
        t.ip_assignments.push({
          id,
          created_at: created,
          updated_at: created,
          description: 'Static IP (pre-renumbering)',
          ip_pool_id: null,
          ipassignmentable_id: ctx.id,
          ipassignmentable_type: 'Account',
          reference: null,
          soft: false,
          subnet: `${intToIpv4(ip)}/32`,
          subnet_id: this.firstCgnatSubnetId,
        });
        this.outsideIpAssignmentIds.push(id);
      }
      for (const radiusId of radiusIds) {
        if (!rng.chance(0.08)) continue;
        this.assignIp(
          this.framedIpSource(created),
          'RadiusAccount',
          radiusId,
          'Framed-IP-Address',
          created,
        );
      }
      if (rng.chance(0.01)) {
        const id = t.uninventoried_mac_addresses.length + 1;
        t.uninventoried_mac_addresses.push({
          id,
          created_at: created,
          updated_at: created,
          account_id: ctx.id,
          mac_address: this.mac('02:5e:00', 0x800000 + id),
        });
        if (rng.chance(0.5))
          this.assignIp(
            this.takeCgnat(created),
            'UninventoriedMacAddress',
            id,
            'DHCP reservation',
            created,
          );
      }
    }

    // Customer equipment sits on the serviceable address, never on the account itself.
    const address = ctx.address;
    if (!address) return;
    const duplicateMac = kinds.includes('duplicate-mac');
    const noPrimary = kinds.includes('equipment-without-primary-field');
    const deployed =
      duplicateMac ||
      noPrimary ||
      (active && rng.chance(0.6)) ||
      ((status === SUSPENDED || status === DELINQUENT) && rng.chance(0.5));
    if (!deployed) return;
    const family = ctx.plan?.plan.family ?? 'fiber';
    let cpe: number =
      family === 'fiber'
        ? rng.pick(FIBER_CPE)
        : family === 'wireless'
          ? rng.pick(WIRELESS_CPE)
          : rng.pick(ROUTERS);
    if (duplicateMac && MODELS[cpe]?.primary !== 'mac') cpe = family === 'wireless' ? 0 : 2;
    const serviceId = ctx.dataServiceIds[0] ?? null;
    const item = this.pushItem(
      rng,
      cpe,
      'Address',
      address.id,
      address,
      serviceId,
      ctx.createdKey,
      duplicateMac,
    );
    if (active && rng.chance(0.05)) {
      const cursor =
        this.infrastructure.next <= this.infrastructure.last
          ? this.infrastructure
          : this.takeCgnat(created);
      this.assignIp(cursor, 'InventoryItem', item.itemId, 'Management', created);
    } else if (active && rng.chance(0.03)) {
      this.assignIp(
        this.takeCgnat(created),
        'InventoryModelFieldData',
        item.macFieldDataId,
        'DHCP reservation',
        created,
      );
    }
    if (noPrimary) {
      this.pushItem(
        rng,
        NO_PRIMARY_MODEL,
        'Address',
        address.id,
        address,
        null,
        ctx.createdKey,
        false,
      );
    } else if (family !== 'dsl' && rng.chance(0.25)) {
      this.pushItem(
        rng,
        rng.pick(ROUTERS),
        'Address',
        address.id,
        address,
        null,
        ctx.createdKey,
        false,
      );
    }
  }

  /** RADIUS framed IPs come from the DHCP pools first, then from customer space. */
  private framedIpSource(created: string): IpCursor | null {
    for (const pool of this.pools) if (pool.next <= pool.last) return pool;
    return this.takeCgnat(created);
  }

  private password(rng: Random): string {
    let text = '';
    for (let i = 0; i < 12; i++)
      text += PASSWORD_ALPHABET[rng.int(0, PASSWORD_ALPHABET.length - 1)];
    return text;
  }

  /** A MAC that is unique per index: an odd multiplier permutes the 24-bit device part. */
  private mac(oui: string, index: number): string {
    const device = Math.imul(index, 0x9e3779b1) & 0xffffff;
    return `${oui}:${hex2(device >>> 16)}:${hex2((device >>> 8) & 255)}:${hex2(device & 255)}`;
  }

  private pushItem(
    rng: Random,
    modelIndex: number,
    itemableType: 'Address' | 'InventoryLocation',
    itemableId: number,
    address: AddressRow | null,
    accountServiceId: number | null,
    createdKey: number,
    duplicateMac: boolean,
  ): { itemId: number; macFieldDataId: number } {
    const { t } = this;
    const model = MODELS[modelIndex] ?? MODELS[0];
    const fields = this.modelFieldIds[modelIndex];
    if (!model || !fields) throw new RangeError(`unknown model ${modelIndex}`);
    const itemId = t.inventory_items.length + 1;
    const created = this.clock.at(createdKey);
    const deployed = itemableType === 'Address';
    const health = deployed
      ? rng.chance(0.92)
        ? 'GOOD'
        : rng.chance(0.5)
          ? 'WARNING'
          : 'DOWN'
      : null;
    t.inventory_items.push({
      id: itemId,
      created_at: created,
      updated_at: created,
      account_service_id: accountServiceId,
      claimed_user_id: null,
      deployment_type_id: null,
      flapping: false,
      icmp_device_status: health,
      icmp_status_flap_count: 0,
      icmp_status_last_change: null,
      icmp_threshold_violation: null,
      inventory_model_id: this.modelIds[modelIndex] ?? 1,
      inventoryitemable_id: itemableId,
      inventoryitemable_type: itemableType,
      latitude: address?.latitude ?? null,
      longitude: address?.longitude ?? null,
      metadata: null,
      overall_status: health,
      override_status: null,
      override_status_last_change: null,
      parent_inventory_item_id: null,
      preseem_status: null,
      purchase_order_item_id: null,
      purchase_price: model.price,
      quantity: 1,
      segment_parent_id: null,
      snmp_device_status: null,
      snmp_status_flap_count: 0,
      snmp_status_last_change: null,
      snmp_status_message: null,
      status: deployed || rng.chance(0.9) ? 'FUNCTIONAL' : 'FAILED',
      um_price: null,
    });
    let mac = this.mac(model.oui, itemId);
    if (duplicateMac) {
      if (this.duplicateMac) {
        mac = this.duplicateMac.mac;
        this.duplicateMac.inventory_item_ids[1] = itemId;
      } else {
        this.duplicateMac = { mac, inventory_item_ids: [itemId, 0] };
      }
    }
    const macFieldDataId = t.inventory_model_field_data.length + 1;
    t.inventory_model_field_data.push({
      id: macFieldDataId,
      created_at: created,
      updated_at: created,
      inventory_item_id: itemId,
      inventory_model_field_id: fields.mac,
      value: mac,
    });
    const serial = (Math.imul(itemId, 0x2545f491) >>> 0)
      .toString(16)
      .toUpperCase()
      .padStart(8, '0');
    t.inventory_model_field_data.push({
      id: macFieldDataId + 1,
      created_at: created,
      updated_at: created,
      inventory_item_id: itemId,
      inventory_model_field_id: fields.serial,
      value: `${model.serialPrefix}${serial}`,
    });
    return { itemId, macFieldDataId };
  }

  private billing(rng: Random, ctx: AccountContext): void {
    const created = this.clock.at(ctx.createdKey);
    const switchStatus = rng.chance(0.7);
    this.t.account_billing_parameters.push({
      id: this.t.account_billing_parameters.length + 1,
      created_at: created,
      updated_at: created,
      account_id: ctx.id,
      aggregate_invoice_taxes: false,
      aggregate_linked_debits: this.plan.isParent[ctx.id] === 1,
      anchor_delinquency_logic: null,
      auto_pay_day: 'BILL_DAY',
      auto_pay_days: 0,
      bill_day: ctx.billDay,
      bill_day_mode: 'FIXED',
      bill_mode: 'INVOICE',
      billing_default_id: null,
      days_of_delinquency_for_status_switch: switchStatus ? 30 : null,
      default_for: 'ACCOUNT_TYPE',
      delinquency_account_status_id: switchStatus ? DELINQUENT + 1 : null,
      delinquency_removal_account_status_id: switchStatus ? ACTIVE + 1 : null,
      due_days: rng.pick([14, 21, 30]),
      due_days_day: 'INVOICE_DAY',
      grace_days: rng.pick([0, 5, 7, 10]),
      grace_until: null,
      invoice_day: null,
      lifeline: rng.chance(0.01),
      months_to_bill: ctx.monthsToBill,
      print_invoice: rng.chance(0.15),
      switch_status_after_delinquency: switchStatus,
      tax_exempt: ACCOUNT_TYPES[ctx.typeIndex]?.type === 'GOVERNMENT',
    });
  }

  private notes(rng: Random, ctx: AccountContext): void {
    const roll = rng.next();
    const count = roll < 0.35 ? 0 : roll < 0.7 ? 1 : roll < 0.9 ? 2 : 3;
    const createdDay = Math.floor(ctx.createdKey / SLOTS_PER_DAY);
    for (let n = 0; n < count; n++) {
      const priorityRoll = rng.next();
      const priority =
        priorityRoll < 0.02 ? 'STICKY_WITH_CONFIRMATION' : priorityRoll < 0.1 ? 'STICKY' : 'NORMAL';
      const day = createdDay + rng.int(0, Math.max(0, REFERENCE_DAY - 1 - createdDay));
      const at = this.clock.datetime(day, rng.int(32, 72));
      this.t.notes.push({
        id: this.t.notes.length + 1,
        created_at: at,
        updated_at: at,
        message: rng.pick(priority === 'NORMAL' ? NOTE_MESSAGES : STICKY_NOTE_MESSAGES),
        noteable_id: ctx.id,
        noteable_type: 'Account',
        priority,
        user_id: rng.pick(this.noteUserIds),
      });
    }
  }

  /**
   * Monthly cycles of a DEBIT settled by a PAYMENT (or a DISCOUNT). running_balance adds DEBIT
   * amounts and subtracts PAYMENT and DISCOUNT amounts; all amounts are positive cents. An odd count
   * leaves the last debit unpaid, and the last settlement is sometimes short or over, so some final
   * balances are positive (owed) or negative (credit).
   */
  private transactions(rng: Random, ctx: AccountContext): void {
    const count = weightedIndex(rng, TRANSACTION_COUNT_WEIGHTS) + 1;
    const amount = ctx.monthly > 0 ? ctx.monthly : 5000;
    const label = ctx.plan ? `${ctx.plan.name} - monthly` : 'Monthly service';
    const createdDay = Math.floor(ctx.createdKey / SLOTS_PER_DAY);
    const lastDay = REFERENCE_DAY - 1;
    const start = Math.max(createdDay, lastDay - Math.ceil(count / 2) * 31);
    let key = ctx.createdKey;
    let balance = 0;
    for (let n = 0; n < count; n++) {
      const debitDay = start + (n >> 1) * 30;
      const day = Math.min(lastDay, n % 2 === 0 ? debitDay : debitDay + rng.int(1, 10));
      // Strictly increasing times keep datetime order equal to id order within the account.
      key = Math.max(key + 1, day * SLOTS_PER_DAY + rng.int(32, 72));
      if (n % 2 === 0) {
        balance += amount;
        this.pushTransaction(ctx.id, key, 'DEBIT', amount, label, balance);
        continue;
      }
      const last = n === count - 1;
      const roll = rng.next();
      if (!last && roll < 0.05) {
        balance -= amount;
        this.pushTransaction(ctx.id, key, 'DISCOUNT', amount, 'Outage credit', balance);
        continue;
      }
      const adjust =
        last && roll < 0.04
          ? -rng.int(1, 20) * 100
          : last && roll < 0.07
            ? rng.int(1, 20) * 100
            : 0;
      const paid = amount + adjust;
      balance -= paid;
      const description = rng.chance(0.7) ? 'Credit card payment' : `Check #${rng.int(1000, 9999)}`;
      this.pushTransaction(ctx.id, key, 'PAYMENT', paid, description, balance);
    }
  }

  private pushTransaction(
    accountId: number,
    key: number,
    type: 'DEBIT' | 'PAYMENT' | 'DISCOUNT',
    amount: number,
    description: string,
    runningBalance: number,
  ): void {
    const at = this.clock.at(key);
    this.t.transactions.push({
      id: this.t.transactions.length + 1,
      account_id: accountId,
      created_at: at,
      updated_at: at,
      amount,
      description,
      datetime: at,
      running_balance: runningBalance,
      type,
      tax_total: 0,
      successful: true,
    });
  }

  private groups(rng: Random, ctx: AccountContext): void {
    const link = (index: number) =>
      this.links.push({ account_id: ctx.id, account_group_id: index + 1 });
    const family = ctx.plan?.plan.family;
    if (family === 'fiber') link(0);
    else if (family === 'wireless') link(1);
    const type = ACCOUNT_TYPES[ctx.typeIndex]?.type;
    if (type === 'COMMERCIAL' || type === 'GOVERNMENT' || type === 'INDUSTRIAL') link(2);
    if (rng.chance(0.35)) link(3);
    if (rng.chance(0.03)) link(4);
  }

  private warehouseStock(rng: Random): void {
    const count = Math.max(12, Math.round(this.count * 0.02));
    const firstDay = REFERENCE_DAY - 120;
    for (let n = 0; n < count; n++) {
      // Guarantee a few spare units of the model without a primary field.
      const model = n < 3 ? NO_PRIMARY_MODEL : rng.int(0, MODELS.length - 1);
      const location = this.locationIds[n % this.locationIds.length] ?? 1;
      const key = (firstDay + Math.floor((n * 119) / count)) * SLOTS_PER_DAY + 40;
      this.pushItem(rng, model, 'InventoryLocation', location, null, null, key, false);
    }
  }
}
