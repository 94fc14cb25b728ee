// Sonar users become Splynx administrators. Lengths are the `admins` table columns (64), tighter
// than the customer ones. No password: the engine generates one that is never written anywhere.
import type { SonarUser } from '../sonar/records.js';
import { checkEmails, checkText } from './checks.js';
import { type MappingIssue, type MapResult, resultOf } from './issues.js';
import type { MappingConfig } from './mapping-config.js';
import type { AdministratorPayload } from './payloads.js';

export type AdministratorPlan = { kind: 'skip'; reason: string } | MapResult<AdministratorPayload>;

export function mapAdministrator(user: SonarUser, config: MappingConfig): AdministratorPlan {
  if (user.is_sonar_staff === true) {
    return { kind: 'skip', reason: `user ${user.id} (${user.username}) is Sonar support staff` };
  }
  if (!user.enabled) {
    return { kind: 'skip', reason: `user ${user.id} (${user.username}) is disabled in Sonar` };
  }
  const subject = { entity: 'administrator', sonarId: user.id, sonarType: 'User' };
  const issues: MappingIssue[] = [];
  const roleName =
    (user.role_name !== null ? config.administrators.roles[user.role_name] : undefined) ??
    config.administrators.defaultRole;
  const payload: AdministratorPayload = {
    login: user.username,
    name: user.name,
    email: user.email_address,
    phone: user.mobile_number ?? '',
    role_name: roleName,
    partner_id: 0,
    additional_attributes: { sonar_id: user.id },
  };
  checkText(
    subject,
    payload.login,
    { field: 'login', sourceField: 'username', max: 64, required: true },
    issues,
  );
  checkText(
    subject,
    payload.name,
    { field: 'name', sourceField: 'name', max: 64, required: true },
    issues,
  );
  checkEmails(
    subject,
    payload.email,
    { field: 'email', sourceField: 'email_address', max: 64, required: true },
    issues,
  );
  checkText(
    subject,
    payload.phone,
    { field: 'phone', sourceField: 'mobile_number', max: 256 },
    issues,
  );
  if (payload.role_name.length > 32 || payload.role_name === '') {
    issues.push({
      ...subject,
      field: 'role_name',
      sourceField: 'role_name',
      rule: 'max-length:32',
      message: `Splynx role name "${payload.role_name}" for Sonar role "${user.role_name ?? ''}" must be 1 to 32 characters.`,
      fix: `Set administrators.roles."${user.role_name ?? ''}" (or administrators.defaultRole) in s2s.config.json to an existing Splynx role.`,
    });
  }
  return resultOf(payload, issues);
}
