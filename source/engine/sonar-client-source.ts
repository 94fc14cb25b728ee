// The real Sonar behind the engine's SonarSource port.
import type { SonarClient } from '../sonar/client.js';
import { countAccounts, extractAccounts } from '../sonar/extract-accounts.js';
import { extractFoundation } from '../sonar/extract-foundation.js';
import { extractInventory } from '../sonar/extract-inventory.js';
import { extractNetwork } from '../sonar/extract-network.js';
import { fetchOpenInvoices } from '../sonar/receivables.js';
import type { AccountQuery, SonarSource } from './sonar-source.js';

export function sonarSource(client: SonarClient): SonarSource {
  return {
    foundation: (signal) => extractFoundation(client, { signal }),
    network: (signal) => extractNetwork(client, { signal }),
    inventory: (signal) => extractInventory(client, { signal }),
    accounts: (query: AccountQuery, signal) => extractAccounts(client, { ...query, signal }),
    countAccounts: (query: AccountQuery, signal) => countAccounts(client, query, { signal }),
    openInvoices: (accountIds, signal) => fetchOpenInvoices(client, accountIds, { signal }),
  };
}
