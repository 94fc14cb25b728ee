// `s2s preflight` and the TUI's preflight screen: everything that can be known before the first
// write. Both systems reachable with valid credentials; every Splynx endpoint the plan needs
// answering HEAD/OPTIONS (403 and 405 explained with where to fix them); required fields on the
// target that the mapping leaves empty; the billing interlock and the records the config names.
import * as v from 'valibot';
import { ApiError, errorMessage } from '../errors.js';
import type { MappingConfig } from '../mapping/mapping-config.js';
import { customerState } from '../mapping/status.js';
import { tariffKindOf } from '../mapping/tariff.js';
import { describeTax, unmappedTaxes, usedTaxes } from '../mapping/taxes.js';
import type { SonarFoundation } from '../sonar/records.js';
import type { SplynxClient } from '../splynx/client.js';
import { ENDPOINTS, type EntityEndpoint } from '../splynx/endpoints.js';
import type { EntitySchema } from '../splynx/entity-schema.js';
import type { PreflightCheck } from '../ui/services.js';
import { type ProbedEndpoint, probedEndpoints } from './preflight-endpoints.js';
import type { SonarSource } from './sonar-source.js';

export interface PreflightDeps {
  sonar: SonarSource;
  splynx: SplynxClient;
  config: MappingConfig;
  signal: AbortSignal;
}

const KEY_PERMISSIONS = 'Administration → Main → API keys → (the key) → Permissions';

export function blocking(checks: readonly PreflightCheck[]): PreflightCheck[] {
  return checks.filter((c) => !c.ok && c.severity === 'blocking');
}

function probeFailure(endpoint: ProbedEndpoint, method: string, error: unknown): PreflightCheck {
  const base = {
    id: `endpoint:${endpoint.path}`,
    title: `Splynx ${endpoint.path}`,
    ok: false,
    severity: 'blocking' as const,
  };
  if (!(error instanceof ApiError)) {
    return { ...base, detail: `${method} failed: ${errorMessage(error)}` };
  }
  if (error.status === 403) {
    return {
      ...base,
      detail: `${method} answered 403: the API key may not use ${endpoint.permission}.`,
      fix: `In Splynx: ${KEY_PERMISSIONS} → ${endpoint.permission}: tick view, add, edit and delete.`,
    };
  }
  if (error.status === 405 && error.internalCode === 'NOT_ALLOWED_BY_PARTNER_RESTRICTION') {
    return {
      ...base,
      detail: `${method} answered 405: the API key is restricted to one partner.`,
      fix: 'In Splynx: Administration → Main → API keys → edit the key → Partner: "Any".',
    };
  }
  if (error.status === 405) {
    return {
      ...base,
      detail: `${method} answered 405 (method disabled): this Splynx does not offer ${endpoint.path}.`,
      fix: endpoint.module
        ? `In Splynx: Config → Main → Modules → switch on "${endpoint.module}"; or leave its phase out with --phases.`
        : 'The module behind it is switched off (Config → Main → Modules) or this Splynx version lacks it.',
    };
  }
  if (error.status === 404) {
    return {
      ...base,
      detail: `${method} answered 404: this Splynx has no ${endpoint.path} (an older version?).`,
      fix: 'Upgrade Splynx to 4.x or later, or leave the phase out with --phases.',
    };
  }
  return {
    ...base,
    detail: `${method} failed: ${error.message}`,
    ...(error.hint ? { fix: error.hint } : {}),
  };
}

/** HEAD (view permission, module on) and OPTIONS (schema) on one collection. */
async function probe(
  deps: PreflightDeps,
  endpoint: ProbedEndpoint,
): Promise<{ check: PreflightCheck; schema?: EntitySchema }> {
  if (!endpoint.optionsOnly) {
    try {
      await deps.splynx.count(endpoint.path, { signal: deps.signal });
    } catch (error) {
      return { check: probeFailure(endpoint, 'HEAD', error) };
    }
  }
  let schema: EntitySchema;
  try {
    schema = await deps.splynx.options(endpoint.path, deps.signal);
  } catch (error) {
    // The live instance answers 400 to some additional-field listings, and 405 to OPTIONS on
    // collections that work otherwise (recurring tariffs): the fields just cannot be checked.
    const readable = !endpoint.optionsOnly && error instanceof ApiError && error.status === 405;
    if (error instanceof ApiError && (error.status === 400 || readable)) {
      return {
        check: {
          id: `endpoint:${endpoint.path}`,
          title: `Splynx ${endpoint.path}`,
          ok: false,
          severity: 'warning',
          detail: `${readable ? 'HEAD answered, but ' : ''}OPTIONS answered ${error.status}: its required fields cannot be checked before the run.`,
          fix: 'Nothing to do unless creates fail with 422; the run then names the field.',
        },
      };
    }
    return { check: probeFailure(endpoint, 'OPTIONS', error) };
  }
  return {
    check: {
      id: `endpoint:${endpoint.path}`,
      title: `Splynx ${endpoint.path}`,
      ok: true,
      severity: 'blocking',
      detail: endpoint.optionsOnly ? 'OPTIONS answered' : 'HEAD and OPTIONS answered',
    },
    schema,
  };
}

/** Required target fields the mapping leaves empty, and required custom fields it never sends. */
function requiredFieldsCheck(endpoint: ProbedEndpoint, schema: EntitySchema): PreflightCheck {
  const fills = new Set(endpoint.fills ?? []);
  const missing = schema.attributes
    .filter((a) => a.required && a.name !== 'id' && !fills.has(a.name))
    .map((a) => a.name);
  const customMissing = schema.additional_attributes
    .filter((a) => a.is_required === 1 && a.name !== 'sonar_id')
    .map((a) => a.name);
  const base = {
    id: `fields:${endpoint.path}`,
    title: `Required fields of ${endpoint.path}`,
    severity: 'blocking' as const,
  };
  if (missing.length === 0 && customMissing.length === 0) {
    return { ...base, ok: true, detail: 'every required field is filled by the mapping' };
  }
  const parts = [
    ...(missing.length ? [`fields ${missing.join(', ')}`] : []),
    ...(customMissing.length ? [`additional fields ${customMissing.join(', ')}`] : []),
  ];
  return {
    ...base,
    ok: false,
    detail: `Splynx requires ${parts.join(' and ')}, which the mapping does not fill; every create would be refused (422).`,
    fix: customMissing.length
      ? 'In Splynx: Config → Main → Additional fields → untick "Required" on those fields for the migration, or give them a default.'
      : 'Report this: s2s does not know this Splynx version requires it.',
  };
}

/** The sonar_id field must be unique and searchable, or adoption cannot find migrated records. */
function sonarIdFieldCheck(
  endpoint: ProbedEndpoint,
  schema: EntitySchema,
): PreflightCheck | undefined {
  const field = schema.additional_attributes.find((a) => a.name === 'sonar_id');
  if (!field) return undefined;
  const ok = field.is_unique === 1 && field.searchable === 1;
  return {
    id: `sonar-id:${endpoint.path}`,
    title: `sonar_id field on ${endpoint.path}`,
    ok,
    severity: 'blocking',
    detail: ok
      ? 'exists, unique and searchable'
      : `exists but is ${field.is_unique === 1 ? '' : 'not unique'}${field.is_unique !== 1 && field.searchable !== 1 ? ' and ' : ''}${field.searchable === 1 ? '' : 'not searchable'}: s2s could not find records it migrated.`,
    ...(ok
      ? {}
      : {
          fix: 'In Splynx: Config → Main → Additional fields → sonar_id: tick "Unique" and "Searchable".',
        }),
  };
}

const RecordSchema = v.record(v.string(), v.unknown());

async function exists(deps: PreflightDeps, endpoint: EntityEndpoint, id: number): Promise<boolean> {
  const found = await deps.splynx.find(endpoint.item(id), RecordSchema, { signal: deps.signal });
  return found !== undefined;
}

/** Splynx records the config names (partner 1, locations, mapped tariffs) must exist. */
async function namedRecordChecks(
  deps: PreflightDeps,
  foundation: SonarFoundation | undefined,
): Promise<PreflightCheck[]> {
  const { config } = deps;
  const out: PreflightCheck[] = [];
  const missing: string[] = [];
  if (config.partners.adoptDefaultPartner && !(await exists(deps, ENDPOINTS.partner, 1))) {
    missing.push('partner 1 (partners.adoptDefaultPartner)');
  }
  for (const [key, id] of [
    ['customers.locationId', config.customers.locationId],
    ['network.locationId', config.network.locationId],
  ] as const) {
    if (!(await exists(deps, ENDPOINTS.location, id))) missing.push(`location ${id} (${key})`);
  }
  const tariffEndpoint = {
    internet: ENDPOINTS.tariff_internet,
    recurring: ENDPOINTS.tariff_recurring,
    one_time: ENDPOINTS.tariff_one_time,
  } as const;
  for (const [serviceId, tariffId] of Object.entries(config.tariffs)) {
    const service = foundation?.services.find((s) => s.id === serviceId);
    if (foundation && !service) {
      missing.push(`Sonar service ${serviceId} (tariffs.${serviceId})`);
      continue;
    }
    const kind = service ? tariffKindOf(service) : null;
    if (service && kind === null) {
      missing.push(`a tariff kind for Sonar service ${serviceId}, which is never migrated`);
      continue;
    }
    if (kind && !(await exists(deps, tariffEndpoint[kind], tariffId))) {
      missing.push(`${kind} tariff ${tariffId} (tariffs.${serviceId})`);
    }
  }
  for (const [taxId, splynxTaxId] of Object.entries(config.taxes)) {
    const found = await deps.splynx.find(`admin/config/taxes/${splynxTaxId}`, RecordSchema, {
      signal: deps.signal,
    });
    if (found === undefined) missing.push(`tax ${splynxTaxId} (taxes.${taxId})`);
  }
  out.push({
    id: 'config-records',
    title: 'Records named in s2s.config.json',
    ok: missing.length === 0,
    severity: 'blocking',
    detail:
      missing.length === 0
        ? 'every partner, location, tariff and tax the config names exists'
        : `Splynx has no ${missing.join('; no ')}.`,
    ...(missing.length
      ? { fix: 'Correct those ids in s2s.config.json (or create them in Splynx).' }
      : {}),
  });
  return out;
}

/** Every Sonar tax a migrated tariff carries maps onto a Splynx tax (mapping/taxes.ts). */
function taxMappingCheck(config: MappingConfig, foundation: SonarFoundation): PreflightCheck {
  const missing = unmappedTaxes(foundation, config);
  const used = usedTaxes(foundation, config);
  const list = missing.map(
    (use) =>
      `${describeTax(use.tax)} on service${use.serviceIds.length > 1 ? 's' : ''} ${use.serviceIds.join(', ')}`,
  );
  return {
    id: 'tax-mapping',
    title: 'Sonar taxes mapped to Splynx taxes',
    ok: missing.length === 0,
    severity: 'blocking',
    detail:
      missing.length === 0
        ? `${used.length} Sonar tax${used.length === 1 ? '' : 'es'} used by migrated services, all mapped`
        : `no Splynx tax mapped for Sonar tax ${list.join('; ')}`,
    ...(missing.length
      ? {
          fix: `Map each in s2s.config.json: "taxes": {${missing.map((use) => `"${use.tax.id}": <Splynx tax id>`).join(', ')}} (Splynx → Config → Finance → Taxes; \`s2s init\` lists them).`,
        }
      : {}),
  };
}

function billingInterlock(config: MappingConfig): PreflightCheck {
  const ok = config.customers.makeInvoices === 0;
  return {
    id: 'billing-interlock',
    title: 'Billing interlock',
    ok,
    severity: 'blocking',
    detail: ok
      ? 'migrated customers get make_invoices 0: Splynx will not invoice them until you switch billing on'
      : 'customers.makeInvoices is 1: Splynx would invoice customers whose services are still being migrated.',
    ...(ok
      ? {}
      : {
          fix: 'Set "customers": {"makeInvoices": 0} in s2s.config.json; switch invoicing on in Splynx after verifying.',
        }),
  };
}

/** Statuses whose state is only guessed from their name; the operator should confirm them. */
function statusCheck(config: MappingConfig, foundation: SonarFoundation): PreflightCheck {
  const guessed = foundation.account_statuses.filter(
    (s) => !s.activates_account && config.customers.stateBySonarStatusId[s.id] === undefined,
  );
  const described = guessed.map(
    (s) =>
      `${s.id} "${s.name}" → ${customerState({ account_status_id: s.id, archived_at: null }, foundation.account_statuses, config)}`,
  );
  return {
    id: 'status-mapping',
    title: 'Sonar account statuses',
    ok: guessed.length === 0,
    severity: 'warning',
    detail:
      guessed.length === 0
        ? `all ${foundation.account_statuses.length} statuses have an explicit state`
        : `state guessed from the name for: ${described.join(', ')}`,
    ...(guessed.length
      ? {
          fix: 'Confirm them under customers.stateBySonarStatusId in s2s.config.json (`s2s init` writes them out).',
        }
      : {}),
  };
}

function connectionFailure(
  id: string,
  title: string,
  error: unknown,
  fallbackFix: string,
): PreflightCheck {
  return {
    id,
    title,
    ok: false,
    severity: 'blocking',
    detail: errorMessage(error),
    fix: error instanceof ApiError && error.hint ? error.hint : fallbackFix,
  };
}

/** Runs every check, reporting each as it completes; returns them all. Never throws for a failed check. */
export async function runPreflight(
  deps: PreflightDeps,
  onCheck: (check: PreflightCheck) => void = () => {},
): Promise<PreflightCheck[]> {
  const checks: PreflightCheck[] = [];
  const add = (check: PreflightCheck) => {
    checks.push(check);
    onCheck(check);
  };

  let foundation: SonarFoundation | undefined;
  try {
    foundation = await deps.sonar.foundation(deps.signal);
    add({
      id: 'sonar',
      title: 'Sonar reachable, token valid',
      ok: true,
      severity: 'blocking',
      detail: `${foundation.account_statuses.length} statuses, ${foundation.services.length} services, ${foundation.companies.length} companies read`,
    });
  } catch (error) {
    if (deps.signal.aborted) throw error;
    add(
      connectionFailure(
        'sonar',
        'Sonar reachable, token valid',
        error,
        'Check SONAR_URL and SONAR_TOKEN (Sonar → avatar → Personal Access Tokens).',
      ),
    );
  }

  try {
    await deps.splynx.check(deps.signal);
    add({
      id: 'splynx',
      title: 'Splynx reachable, API key valid',
      ok: true,
      severity: 'blocking',
      detail: 'admin/api/check answered ok',
    });
  } catch (error) {
    if (deps.signal.aborted) throw error;
    add(
      connectionFailure(
        'splynx',
        'Splynx reachable, API key valid',
        error,
        'Check SPLYNX_URL and the API key (Administration → Main → API keys).',
      ),
    );
    return checks;
  }

  for (const endpoint of probedEndpoints(deps.config)) {
    const { check, schema } = await probe(deps, endpoint);
    add(check);
    if (!schema) continue;
    if (endpoint.fills) add(requiredFieldsCheck(endpoint, schema));
    const sonarId = sonarIdFieldCheck(endpoint, schema);
    if (sonarId) add(sonarId);
  }

  add(billingInterlock(deps.config));
  try {
    for (const check of await namedRecordChecks(deps, foundation)) add(check);
  } catch (error) {
    if (deps.signal.aborted) throw error;
    add(
      connectionFailure(
        'config-records',
        'Records named in s2s.config.json',
        error,
        'Run preflight again.',
      ),
    );
  }
  if (foundation) add(statusCheck(deps.config, foundation));
  if (foundation) add(taxMappingCheck(deps.config, foundation));
  return checks;
}
