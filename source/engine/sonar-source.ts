// The engine's view of Sonar: typed records, already joined, in id order. Keeping it to these
// six calls lets the engine be driven by the real client or by anything else that yields records.
import type { SonarInvoice } from '../sonar/receivables.js';
import type {
  SonarAccount,
  SonarFoundation,
  SonarInventory,
  SonarNetwork,
} from '../sonar/records.js';

export interface AccountQuery {
  ids?: string[];
  statusIds?: string[];
  /** Inclusive `YYYY-MM-DD` bounds on created_at. */
  createdFrom?: string;
  createdTo?: string;
  includeArchived?: boolean;
}

export interface SonarSource {
  foundation(signal: AbortSignal): Promise<SonarFoundation>;
  network(signal: AbortSignal): Promise<SonarNetwork>;
  inventory(signal: AbortSignal): Promise<SonarInventory>;
  /** Batches of fully joined accounts, ascending id. */
  accounts(query: AccountQuery, signal: AbortSignal): AsyncIterable<SonarAccount[]>;
  countAccounts(query: AccountQuery, signal: AbortSignal): Promise<number>;
  /** Open (remaining_due > 0, not void) invoices per account id, ascending invoice id. */
  openInvoices(
    accountIds: readonly string[],
    signal: AbortSignal,
  ): Promise<Map<string, SonarInvoice[]>>;
}
