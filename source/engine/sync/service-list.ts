// Which services an account had when s2s last wrote it, kept on the customer's ledger record
// (`extra.s`): a service Sonar no longer lists is ended by `s2s sync`, and this list is how sync
// knows it belonged to the account without reading every customer's services from Splynx.
import type { CustomerPlan } from '../../mapping/payloads.js';

export const SERVICES_KEY = 's';

export interface ServiceRef {
  entity: 'internet_service' | 'recurring_service';
  sonarId: string;
}

/** `i12,r14`: i = internet service, r = recurring service, then the Sonar account service id. */
export function serviceList(
  plan: Pick<CustomerPlan, 'internetServices' | 'recurringServices'>,
): string {
  return [
    ...plan.internetServices.map((s) => `i${s.sonarId}`),
    ...plan.recurringServices.map((s) => `r${s.sonarId}`),
  ].join(',');
}

export function parseServiceList(text: unknown): ServiceRef[] | undefined {
  if (typeof text !== 'string') return undefined;
  return text
    .split(',')
    .filter((item) => item.length > 1)
    .map((item) => ({
      entity: item.startsWith('i') ? 'internet_service' : 'recurring_service',
      sonarId: item.slice(1),
    }));
}
