// The mapping layer's only way to say "no": a typed issue naming the Sonar record, the Splynx field,
// the rule and the fix. Mapping is pure and never throws for bad data (DESIGN.md); the engine turns
// issues into record failures, plan lines and report rows.

export interface MappingIssue {
  /** 'customer' | 'internet_service' | 'tariff' | 'administrator' | ... */
  entity: string;
  /** The Sonar record that is wrong (e.g. account id, account_service id). */
  sonarId: string;
  /** 'Account' | 'AccountService' | 'Service' | 'User' | 'Contact' | 'Address' | ... */
  sonarType: string;
  /** The Splynx field it would fill, dot-path if nested (e.g. 'city', 'billing.billing_due'). */
  field: string;
  /** Where it comes from in Sonar, e.g. 'addresses[PHYSICAL].city'. */
  sourceField: string;
  /** Short id: 'max-length:32' | 'email' | 'required' | 'tariff-mapping' | ... */
  rule: string;
  /** One sentence: what is wrong, quoting the (truncated) value. */
  message: string;
  /** What the operator should do (in Sonar, or in s2s.config.json with the exact key). */
  fix: string;
}

export type MapResult<T> =
  | { ok: true; value: T; warnings: MappingIssue[] }
  | { ok: false; issues: MappingIssue[] };

/** What the engine already knows about Splynx; the mapping never looks anything up itself. */
export interface IdResolver {
  /** Null company → undefined. */
  partner(companyId: string | null): number | undefined;
  label(accountGroupId: string): number | undefined;
  tariff(kind: 'internet' | 'recurring' | 'one_time', serviceId: string): number | undefined;
  /** Parent accounts. */
  customer(accountId: string): number | undefined;
  allPartnerIds(): number[];
  allLocationIds(): number[];
}

export interface MigratedIpv4Network {
  splynxId: number;
  cidr: string;
  typeOfUsage: 'static' | 'pool' | 'management';
}

/** Where an issue points: everything but the rule, message and fix. */
export type IssueSubject = Pick<MappingIssue, 'entity' | 'sonarId' | 'sonarType'>;

export function issue(
  subject: IssueSubject,
  detail: Pick<MappingIssue, 'field' | 'sourceField' | 'rule' | 'message' | 'fix'>,
): MappingIssue {
  return { ...subject, ...detail };
}

/** Ok when nothing blocking was found; warnings ride along with the value. */
export function resultOf<T>(
  value: T,
  issues: MappingIssue[],
  warnings: MappingIssue[] = [],
): MapResult<T> {
  return issues.length === 0 ? { ok: true, value, warnings } : { ok: false, issues };
}

/** Quote a value for a message: control characters made visible, long values cut. */
export function quote(value: string, max = 40): string {
  const cut = [...value].length > max ? `${[...value].slice(0, max).join('')}…` : value;
  return JSON.stringify(cut);
}
