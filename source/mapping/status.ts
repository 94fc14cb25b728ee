// Which of the four lifecycle states a Sonar account is in, and what Splynx calls it (MAPPING.md,
// Status). Sonar statuses are operator-named, so the name is only a fallback the config can override.
import type { SonarAccount, SonarAccountStatus } from '../sonar/records.js';
import type { MappingConfig, SonarState, SplynxCustomerStatus } from './mapping-config.js';

const SUSPENDED_NAME = /suspend|delinquen|hold/i;
const TERMINATED_NAME = /cancel|terminat|closed|former/i;

export function customerState(
  account: Pick<SonarAccount, 'account_status_id' | 'archived_at'>,
  statuses: SonarAccountStatus[],
  config: MappingConfig,
): SonarState {
  return resolvedState(account, statuses, config) ?? 'INACTIVE';
}

/**
 * False when the account's status was neither extracted nor configured: customerState then
 * falls back to INACTIVE, and the mapping refuses the account rather than decide that for it.
 */
export function hasKnownStatus(
  account: Pick<SonarAccount, 'account_status_id' | 'archived_at'>,
  statuses: SonarAccountStatus[],
  config: MappingConfig,
): boolean {
  return resolvedState(account, statuses, config) !== undefined;
}

function resolvedState(
  account: Pick<SonarAccount, 'account_status_id' | 'archived_at'>,
  statuses: SonarAccountStatus[],
  config: MappingConfig,
): SonarState | undefined {
  if (account.archived_at !== null) return 'TERMINATED';
  const configured = config.customers.stateBySonarStatusId[account.account_status_id];
  if (configured !== undefined) return configured;
  const status = statuses.find((candidate) => candidate.id === account.account_status_id);
  if (status === undefined) return undefined;
  if (status.activates_account) return 'ACTIVE';
  if (SUSPENDED_NAME.test(status.name)) return 'SUSPENDED';
  if (TERMINATED_NAME.test(status.name)) return 'TERMINATED';
  return 'INACTIVE';
}

export function splynxCustomerStatus(
  state: SonarState,
  config: MappingConfig,
): SplynxCustomerStatus {
  return config.customers.splynxStatus[state];
}

const ORDER: Record<SonarState, number> = { ACTIVE: 0, SUSPENDED: 1, INACTIVE: 2, TERMINATED: 3 };

/** Migration order: active customers first, terminated last. */
export function stateOrder(state: SonarState): number {
  return ORDER[state];
}
