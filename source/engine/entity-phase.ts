// Which phase writes each ledger entity. One table, so the phase summaries, the reports and the
// terminal app's run screen can never disagree about where a record belongs.
import type { PhaseId } from '../command-line.js';

const PHASE_OF: Array<[RegExp, PhaseId]> = [
  [/^(additional_field|partner|label|administrator|tariff(_.*)?)$/, 'foundation'],
  [/^(ipv4_network|ipv6_network)$/, 'network'],
  [/^(stock|vendor|supplier|product|inventory_item)$/, 'inventory'],
  [
    /^(customer.*|internet_service|recurring_service|opening_balance|invoice(_payment)?)$/,
    'customers',
  ],
];

/** The phase that writes `entity`; undefined for anything no phase writes. */
export function phaseOfEntity(entity: string): PhaseId | undefined {
  return PHASE_OF.find(([pattern]) => pattern.test(entity))?.[1];
}
