// Which accounts are deliberately awkward, and the account-level facts (status, company, parent,
// archived) that those cases constrain. Everything here is decided before any row is written, because
// a child may point at a parent with a higher id, and a hard case may force an account's status.

import type { Random } from '../random.js';
import { ACTIVE, CANCELLED, DELINQUENT, FORMER, INACTIVE, SUSPENDED } from './catalogue.js';

export const HARD_CASE_KINDS = [
  'unicode-name',
  'apostrophe-name',
  'duplicate-name',
  'long-city',
  'invalid-email',
  'no-email',
  'two-data-services',
  'no-service',
  'price-override',
  'child-of-inactive-parent',
  'child-before-parent',
  'child-without-address',
  'ip-outside-networks',
  'duplicate-mac',
  'equipment-without-primary-field',
] as const;

export type HardCaseKind = (typeof HARD_CASE_KINDS)[number];

/** What each kind guarantees about the account it is recorded on. */
export const HARD_CASE_DESCRIPTIONS: Record<HardCaseKind, string> = {
  'unicode-name': 'account name (and primary contact name) contains non-ASCII letters or emoji',
  'apostrophe-name': "account name contains an apostrophe, e.g. O'Brien",
  'duplicate-name': 'another account (also recorded with this kind) has exactly the same name',
  'long-city': 'the serviceable PHYSICAL address has a city longer than 32 characters',
  'invalid-email': 'the primary contact has a syntactically invalid email_address',
  'no-email': 'no contact of the account has an email_address',
  'two-data-services':
    'Active account with two DATA account services (and a RADIUS account for each)',
  'no-service': 'Active account with no account services at all',
  'price-override': 'Active account whose DATA account service has a price_override',
  'child-of-inactive-parent': 'Active child account whose parent account has the Inactive status',
  'child-before-parent': 'child account whose id is lower than its parent account id',
  'child-without-address':
    'child account with no address of its own (Sonar lets it rely on the parent address)',
  'ip-outside-networks':
    'Active account holding an IP assignment outside every subnet (stale data; its subnet_id still names a subnet)',
  'duplicate-mac':
    'Active account with an inventory item whose MAC field value equals another item MAC (meta.duplicateMac)',
  'equipment-without-primary-field':
    'Active account with an inventory item of the model that has no primary field (meta.modelWithoutPrimaryFieldId)',
};

export interface HardCase {
  account_id: number;
  kinds: HardCaseKind[];
}

/** Kinds that cannot share an account: each would contradict the other. */
const CONFLICTS: readonly [HardCaseKind, HardCaseKind][] = [
  ['unicode-name', 'apostrophe-name'],
  ['unicode-name', 'duplicate-name'],
  ['apostrophe-name', 'duplicate-name'],
  ['invalid-email', 'no-email'],
  ['two-data-services', 'no-service'],
  ['no-service', 'price-override'],
  ['child-of-inactive-parent', 'child-before-parent'],
  ['child-without-address', 'long-city'],
  ['child-without-address', 'duplicate-mac'],
  ['child-without-address', 'equipment-without-primary-field'],
  ['duplicate-mac', 'equipment-without-primary-field'],
];

const ACTIVE_KINDS: ReadonlySet<HardCaseKind> = new Set([
  'two-data-services',
  'no-service',
  'price-override',
  'child-of-inactive-parent',
  'ip-outside-networks',
  'duplicate-mac',
  'equipment-without-primary-field',
]);

export interface AccountPlan {
  count: number;
  /** Index into STATUSES, per account id (slot 0 unused). */
  status: Uint8Array;
  /** 1 or 2. */
  company: Uint8Array;
  /** Parent account id or 0. */
  parent: Int32Array;
  isParent: Uint8Array;
  archived: Uint8Array;
  /** Status chosen by a hard case; nothing may change it afterwards. */
  locked: Uint8Array;
  kinds: Map<number, HardCaseKind[]>;
  /** Per duplicate-name pair, the shared name: both ids map to it. */
  duplicateNameGroup: Map<number, number>;
  /** Instance number of a hard case on an account, to vary names, cities and emails. */
  instance: Map<string, number>;
}

export function planAccounts(rng: Random, count: number, hasCompany2: boolean): AccountPlan {
  const size = count + 1;
  const plan: AccountPlan = {
    count,
    status: new Uint8Array(size),
    company: new Uint8Array(size),
    parent: new Int32Array(size),
    isParent: new Uint8Array(size),
    archived: new Uint8Array(size),
    locked: new Uint8Array(size),
    kinds: new Map(),
    duplicateNameGroup: new Map(),
    instance: new Map(),
  };
  for (let id = 1; id <= count; id++) {
    const roll = rng.next();
    const status =
      roll < 0.75
        ? ACTIVE
        : roll < 0.8
          ? SUSPENDED
          : roll < 0.83
            ? DELINQUENT
            : roll < 0.9
              ? INACTIVE
              : roll < 0.97
                ? CANCELLED
                : FORMER;
    plan.status[id] = status;
    plan.company[id] = hasCompany2 && rng.chance(0.15) ? 2 : 1;
    if ((status === CANCELLED || status === FORMER) && rng.chance(0.2)) plan.archived[id] = 1;
  }
  new Allocator(rng, plan).run();
  return plan;
}

class Allocator {
  private readonly children: number[] = [];

  constructor(
    private readonly rng: Random,
    private readonly plan: AccountPlan,
  ) {}

  run(): void {
    const { count } = this.plan;
    // About 5% of accounts carry a hard case; at small sizes every kind still appears once.
    const perKind = Math.max(1, Math.round((count * 0.05) / HARD_CASE_KINDS.length));
    for (let n = 0; n < perKind; n++) this.childOfInactiveParent(n);
    for (let n = 0; n < perKind; n++) this.childBeforeParent(n);
    for (let n = 0; n < perKind; n++) this.childWithoutAddress(n);
    for (let n = 0; n < perKind; n++) this.duplicateName(n);
    this.duplicateMac();
    const simple: HardCaseKind[] = [
      'unicode-name',
      'apostrophe-name',
      'long-city',
      'invalid-email',
      'no-email',
      'two-data-services',
      'no-service',
      'price-override',
      'ip-outside-networks',
      'equipment-without-primary-field',
    ];
    for (const kind of simple) {
      for (let n = 0; n < perKind; n++) {
        const id = this.pick((c) => this.canTake(c, kind));
        if (id) this.assign(id, kind, n);
      }
    }
    this.ordinaryChildren();
  }

  private childOfInactiveParent(n: number): void {
    const child = this.pick(
      (c) => this.canBeChild(c) && this.canTake(c, 'child-of-inactive-parent'),
    );
    if (!child) return;
    const parent = this.pick(
      (p) =>
        p !== child &&
        this.canBeParent(p) &&
        (!this.plan.locked[p] || this.plan.status[p] === INACTIVE) &&
        !this.hasActiveKind(p),
    );
    if (!parent) return;
    this.plan.status[parent] = INACTIVE;
    this.plan.locked[parent] = 1;
    this.link(child, parent);
    this.assign(child, 'child-of-inactive-parent', n);
  }

  private childBeforeParent(n: number): void {
    const child = this.pick(
      (c) => c < this.plan.count && this.canBeChild(c) && this.canTake(c, 'child-before-parent'),
    );
    if (!child) return;
    const parent = this.pick(
      (p) => p > child && this.canBeParent(p) && this.canBeActive(p),
      child + 1,
    );
    if (!parent) return;
    this.makeActive(parent);
    this.link(child, parent);
    this.assign(child, 'child-before-parent', n);
  }

  private childWithoutAddress(n: number): void {
    const existing = this.pickChild((c) => this.canTake(c, 'child-without-address'));
    if (existing) {
      this.assign(existing, 'child-without-address', n);
      return;
    }
    const child = this.pick(
      (c) => c > 1 && this.canBeChild(c) && this.canTake(c, 'child-without-address'),
    );
    if (!child) return;
    const parent = this.pick(
      (p) => p < child && this.canBeParent(p) && this.canBeActive(p),
      1,
      child - 1,
    );
    if (!parent) return;
    this.makeActive(parent);
    this.link(child, parent);
    this.assign(child, 'child-without-address', n);
  }

  private duplicateName(n: number): void {
    const first = this.pick((c) => this.canTake(c, 'duplicate-name'));
    if (!first) return;
    const second = this.pick((c) => c !== first && this.canTake(c, 'duplicate-name'));
    if (!second) return;
    this.assign(first, 'duplicate-name', n);
    this.assign(second, 'duplicate-name', n);
    this.plan.duplicateNameGroup.set(first, n);
    this.plan.duplicateNameGroup.set(second, n);
  }

  private duplicateMac(): void {
    const first = this.pick((c) => this.canTake(c, 'duplicate-mac'));
    if (!first) return;
    const second = this.pick((c) => c !== first && this.canTake(c, 'duplicate-mac'));
    if (!second) return;
    this.assign(first, 'duplicate-mac', 0);
    this.assign(second, 'duplicate-mac', 0);
  }

  /** Children beyond the hard cases, up to about 3% of accounts, each under an earlier Active account. */
  private ordinaryChildren(): void {
    const { plan } = this;
    let children = 0;
    for (let id = 1; id <= plan.count; id++) if (plan.parent[id]) children++;
    const target = Math.round(plan.count * 0.03);
    for (let attempts = 0; children < target && attempts < target * 4; attempts++) {
      const child = this.rng.int(2, plan.count);
      if (!this.canBeChild(child)) continue;
      const parent = this.rng.int(1, child - 1);
      if (!this.canBeParent(parent) || plan.status[parent] !== ACTIVE) continue;
      this.link(child, parent);
      children++;
    }
  }

  /** Like pick, but among accounts already made children (few, so no scan of every account). */
  private pickChild(test: (id: number) => boolean): number {
    const { children } = this;
    if (children.length === 0) return 0;
    for (let attempt = 0; attempt < 40; attempt++) {
      const id = children[this.rng.int(0, children.length - 1)] ?? 0;
      if (!this.plan.kinds.has(id) && test(id)) return id;
    }
    return children.find(test) ?? 0;
  }

  private link(child: number, parent: number): void {
    this.children.push(child);
    this.plan.parent[child] = parent;
    this.plan.isParent[parent] = 1;
    this.plan.company[child] = this.plan.company[parent] ?? 1;
  }

  private assign(id: number, kind: HardCaseKind, n: number): void {
    const { plan } = this;
    let kinds = plan.kinds.get(id);
    if (!kinds) {
      kinds = [];
      plan.kinds.set(id, kinds);
    }
    kinds.push(kind);
    plan.instance.set(`${id}:${kind}`, n);
    if (ACTIVE_KINDS.has(kind)) this.makeActive(id);
  }

  private makeActive(id: number): void {
    this.plan.status[id] = ACTIVE;
    this.plan.locked[id] = 1;
  }

  private canTake(id: number, kind: HardCaseKind): boolean {
    const { plan } = this;
    if (plan.archived[id]) return false;
    if (ACTIVE_KINDS.has(kind) && !this.canBeActive(id)) return false;
    const kinds = plan.kinds.get(id);
    if (!kinds) return true;
    if (kinds.includes(kind)) return false;
    for (const [a, b] of CONFLICTS) {
      if ((a === kind && kinds.includes(b)) || (b === kind && kinds.includes(a))) return false;
    }
    return true;
  }

  private canBeActive(id: number): boolean {
    return !this.plan.archived[id] && (!this.plan.locked[id] || this.plan.status[id] === ACTIVE);
  }

  private canBeChild(id: number): boolean {
    const { plan } = this;
    return (
      !plan.archived[id] && !plan.isParent[id] && plan.parent[id] === 0 && this.canBeActive(id)
    );
  }

  private canBeParent(id: number): boolean {
    const { plan } = this;
    return !plan.archived[id] && plan.parent[id] === 0;
  }

  private hasActiveKind(id: number): boolean {
    const kinds = this.plan.kinds.get(id);
    return kinds?.some((kind) => ACTIVE_KINDS.has(kind)) === true;
  }

  /**
   * A random account in [low, high] passing the test, preferring one without hard cases so that
   * at scale they spread over distinct accounts; falls back to a scan so small datasets still
   * find room. Returns 0 when nothing qualifies.
   */
  private pick(test: (id: number) => boolean, low = 1, high = this.plan.count): number {
    if (low > high) return 0;
    const { kinds } = this.plan;
    for (let attempt = 0; attempt < 40; attempt++) {
      const id = this.rng.int(low, high);
      if (!kinds.has(id) && !this.plan.isParent[id] && test(id)) return id;
    }
    const span = high - low + 1;
    const offset = this.rng.int(0, span - 1);
    let fallback = 0;
    for (let step = 0; step < span; step++) {
      const id = low + ((offset + step) % span);
      if (!test(id)) continue;
      if (!kinds.has(id) && !this.plan.isParent[id]) return id;
      if (!fallback) fallback = id;
    }
    return fallback;
  }
}
