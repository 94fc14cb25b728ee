// Sonar CREDIT services (standing discounts such as a senior discount) become a fixed discount on
// the Splynx service they apply to (MAPPING.md, Money: credits). A Splynx service carries one
// discount: `discount`, `discount_type` 'fixed', `discount_value`, `discount_start_date`,
// `discount_text` (api-blueprint.apib, Service Base). Being fields of the service, the discount is
// written with it and a re-run cannot duplicate it. Sonar does not link a credit to the service it
// lowers, so the config decides (mapping-config.ts, `credits`); with no answer the account stops.
import type { SonarAccount, SonarService } from '../sonar/records.js';
import type { MappingIssue } from './issues.js';
import type { MappingConfig } from './mapping-config.js';
import type { InternetServicePayload, RecurringServicePayload } from './payloads.js';
import { centsToUnits } from './tariff.js';

type Target = { sonarId: string; payload: InternetServicePayload | RecurringServicePayload };

export function applyCredits(
  account: SonarAccount,
  services: Map<string, SonarService>,
  config: MappingConfig['credits'],
  targets: { internet: Target[]; recurring: Target[] },
  issues: MappingIssue[],
  warnings: MappingIssue[],
): void {
  const all = [...targets.internet, ...targets.recurring];
  const serviceIdOf = new Map(account.account_services.map((a) => [a.id, a.service_id]));
  for (const credit of account.account_services) {
    const service = services.get(credit.service_id);
    if (service === undefined || service.application !== 'CREDIT') continue;
    // One-off adjustments stay skipped with their reason (MAPPING.md); only standing credits.
    if (service.type !== 'RECURRING' && service.type !== 'DATA') continue;
    const subject = { entity: 'service', sonarId: credit.id, sonarType: 'AccountService' };
    const cents = (credit.price_override ?? service.amount ?? 0) * credit.quantity;
    const wanted = config.appliesTo[service.id];
    let target: Target | undefined;
    let how: string;
    if (wanted !== undefined) {
      target = all.find((t) => serviceIdOf.get(t.sonarId) === wanted);
      how = `credits.appliesTo."${service.id}" names service ${wanted}`;
    } else if (config.default === 'only-data-service' && targets.internet.length === 1) {
      target = targets.internet[0];
      how = "the account's only internet service (credits.default)";
    } else {
      how = '';
    }
    if (target === undefined) {
      issues.push({
        ...subject,
        field: 'discount_value',
        sourceField: 'service_id',
        rule: 'credit-target',
        message:
          wanted !== undefined
            ? `Account ${account.id}: credit ${credit.id} "${service.name}" should apply to Sonar service ${wanted} (credits.appliesTo."${service.id}"), which the account does not have.`
            : `Account ${account.id}: credit ${credit.id} "${service.name}" (${centsToUnits(cents).toFixed(2)}) has no service to apply to: the account has ${targets.internet.length} internet services and the config names none.`,
        fix: `Name the service it lowers in s2s.config.json: "credits": {"appliesTo": {"${service.id}": "<Sonar service id>"}}.`,
      });
      continue;
    }
    const payload = target.payload;
    const value = centsToUnits((payload.discount_value ?? 0) * 100 + cents);
    payload.discount = 1;
    payload.discount_type = 'fixed';
    payload.discount_value = value;
    payload.discount_start_date = payload.start_date;
    payload.discount_text = [payload.discount_text, credit.name_override ?? service.name]
      .filter((text): text is string => text !== undefined && text !== '')
      .join(', ');
    warnings.push({
      ...subject,
      field: 'discount_value',
      sourceField: 'service_id',
      rule: 'credit-discount',
      message: `Account ${account.id}: credit ${credit.id} "${service.name}" becomes a fixed discount of ${centsToUnits(cents).toFixed(2)} on service ${target.sonarId} (${how}).`,
      fix: 'Nothing to do unless it belongs on another service: then set credits.appliesTo in s2s.config.json.',
    });
  }
}
