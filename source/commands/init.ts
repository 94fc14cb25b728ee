// `s2s init`: writes s2s.config.json from the live Sonar instance with every default made
// explicit (each status with the state its name implies, each account type, each role), so the
// operator edits mappings before the first run. Keys starting with `$` are notes for the reader:
// the schema ignores keys it does not know.
import { existsSync, writeFileSync } from 'node:fs';
import * as v from 'valibot';
import type { CommonArgs } from '../command-line.js';
import { DEFAULT_CONFIG_FILE, type EnvConfig, resolvePath } from '../config.js';
import { UserError } from '../errors.js';
import {
  ACCOUNT_TYPE_ENUM,
  defaultMappingConfig,
  type MappingConfigInput,
  MappingConfigSchema,
} from '../mapping/mapping-config.js';
import { customerState } from '../mapping/status.js';
import { tariffKindOf, tariffSkipReason } from '../mapping/tariff.js';
import { describeTax } from '../mapping/taxes.js';
import { Redactor } from '../redact.js';
import { SonarClient } from '../sonar/client.js';
import { extractFoundation } from '../sonar/extract-foundation.js';
import { fetchCollections } from '../sonar/fetch-collections.js';
import { taxExemptSpec } from '../sonar/queries/foundation.js';
import type { SonarFoundation } from '../sonar/records.js';
import type { Io } from './session.js';

const TARIFF_NAMES = {
  internet: 'Splynx internet tariff',
  recurring: 'Splynx recurring tariff',
  one_time: 'Splynx one-time tariff',
} as const;

/** The config `s2s init` writes: valid for loadMappingConfig, defaults spelled out. */
export function initialConfig(
  foundation: SonarFoundation,
  taxExemptAccountIds: readonly string[] = [],
): MappingConfigInput & {
  [note: `$${string}`]: unknown;
} {
  const defaults = defaultMappingConfig();
  const stateBySonarStatusId = Object.fromEntries(
    foundation.account_statuses.map((status) => [
      status.id,
      customerState(
        { account_status_id: status.id, archived_at: null },
        foundation.account_statuses,
        defaults,
      ),
    ]),
  );
  const categoryByAccountType = Object.fromEntries(
    ACCOUNT_TYPE_ENUM.map((type) => [
      type,
      defaults.customers.categoryByAccountType[type] ?? 'person',
    ]),
  );
  const roles = Object.fromEntries(
    foundation.roles.map((role) => [role.name, defaults.administrators.defaultRole]),
  );
  return {
    $comment:
      'Written by `s2s init` from Sonar. Edit the mappings, then run `s2s preflight`. Keys starting with $ are notes and are ignored.',
    $accountStatuses: foundation.account_statuses.map(
      (s) =>
        `${s.id} "${s.name}"${s.activates_account ? ' (activates account)' : ''} → ${stateBySonarStatusId[s.id]}`,
    ),
    $accountTypes: foundation.account_types.map(
      (t) =>
        `${t.id} "${t.name}" is ${t.type} → ${categoryByAccountType[t.type] ?? 'person'} (categoryByAccountType)`,
    ),
    $services: foundation.services.map((service) => {
      const kind = tariffKindOf(service);
      return kind === null
        ? `${service.id} "${service.name}" (${service.type}): skipped — ${tariffSkipReason(service)}`
        : `${service.id} "${service.name}" (${service.type}): creates a ${TARIFF_NAMES[kind]}; map it onto an existing one with "tariffs": {"${service.id}": <Splynx tariff id>}`;
    }),
    $companies: foundation.companies.map(
      (c) =>
        `${c.id} "${c.name}"${c.default ? ' (default: adopts Splynx partner 1 while partners.adoptDefaultPartner is true)' : ' → a new Splynx partner'}`,
    ),
    $taxes: foundation.taxes.map((tax) => {
      const services = foundation.services.filter((s) => s.tax_ids.includes(tax.id));
      const used =
        services.length === 0
          ? 'on no service'
          : `on services ${services.map((s) => s.id).join(', ')}`;
      return `${describeTax(tax)} ${used}; map it with "taxes": {"${tax.id}": <Splynx tax id>}`;
    }),
    $taxExemptAccounts:
      taxExemptAccountIds.length === 0
        ? 'none'
        : `${taxExemptAccountIds.length} tax-exempt Sonar accounts: ${taxExemptAccountIds.join(', ')}. Splynx taxes sit on tariffs, not customers: give these customers tax-free tariffs in Splynx.`,
    partners: { adoptDefaultPartner: defaults.partners.adoptDefaultPartner },
    administrators: { roles, defaultRole: defaults.administrators.defaultRole },
    tariffs: {},
    taxes: {},
    network: { locationId: defaults.network.locationId },
    customers: {
      loginTemplate: defaults.customers.loginTemplate,
      locationId: defaults.customers.locationId,
      categoryByAccountType,
      stateBySonarStatusId,
      splynxStatus: { ...defaults.customers.splynxStatus },
      makeInvoices: defaults.customers.makeInvoices,
    },
    // The choice is written out (default "off") so the three readings sit next to it.
    $balances:
      'balances.mode: "off" moves no money; "import" writes one correction transaction per non-zero Sonar balance; "open-invoices" moves each unpaid Sonar invoice with the payments applied to it (never besides a correction). balances.paymentMethods maps Sonar payment types to Splynx payment method ids.',
    balances: { ...defaults.balances },
  } as MappingConfigInput & { [note: `$${string}`]: unknown };
}

export async function runInit(env: EnvConfig, common: CommonArgs, io: Io): Promise<number> {
  if (!env.sonar) {
    throw new UserError(
      'Sonar is not configured: init reads its statuses, account types, services and roles.',
      'Set SONAR_URL and SONAR_TOKEN (see .env.example).',
    );
  }
  const file = resolvePath(io.cwd, common.config ?? env.configFile ?? DEFAULT_CONFIG_FILE);
  if (existsSync(file) && !common.yes) {
    throw new UserError(
      `${file} already exists; init will not overwrite your edits.`,
      'Move it aside, or add --yes to replace it with fresh defaults.',
    );
  }
  const redactor = new Redactor(env.secrets);
  const sonar = new SonarClient({ url: env.sonar.url, token: env.sonar.token });
  const foundation = await extractFoundation(sonar, {});
  const exempt = await fetchCollections(sonar, 'SonarTaxExempt', { exempt: taxExemptSpec });
  const config = initialConfig(
    foundation,
    exempt.exempt.map((row) => row.account_id),
  );
  // Never write a file that the next command would refuse.
  const checked = v.safeParse(MappingConfigSchema, config);
  if (!checked.success) {
    throw new UserError(
      `init built an invalid config (${v.getDotPath(checked.issues[0]) ?? '(root)'}: ${checked.issues[0].message}).`,
      'This is a bug in s2s; please report it.',
    );
  }
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o644 });
  const summary = {
    file,
    statuses: foundation.account_statuses.length,
    accountTypes: foundation.account_types.length,
    services: foundation.services.length,
    roles: foundation.roles.length,
    taxes: foundation.taxes.length,
    taxExemptAccounts: exempt.exempt.length,
  };
  if (common.json) {
    io.stdout.write(`${redactor.text(JSON.stringify({ type: 'init', ...summary }))}\n`);
  } else {
    // What was written is init's result: stdout.
    io.stdout.write(
      redactor.text(
        `Wrote ${file}: ${summary.statuses} statuses, ${summary.accountTypes} account types, ${summary.services} services, ${summary.roles} roles with their default mappings; ${summary.taxes} Sonar taxes to map to Splynx taxes, ${summary.taxExemptAccounts} tax-exempt accounts listed.\nReview it, then run \`s2s preflight\`.\n`,
      ),
    );
  }
  return 0;
}
