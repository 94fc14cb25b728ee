// Sonar account groups become Splynx customer labels, matched by name.
import type { SonarAccountGroup } from '../sonar/records.js';
import { checkText } from './checks.js';
import { type MappingIssue, type MapResult, resultOf } from './issues.js';
import type { LabelPayload } from './payloads.js';

export function mapLabel(group: SonarAccountGroup): MapResult<LabelPayload> {
  const issues: MappingIssue[] = [];
  const subject = { entity: 'label', sonarId: group.id, sonarType: 'AccountGroup' };
  checkText(subject, group.name, { field: 'label', sourceField: 'name', required: true }, issues);
  return resultOf({ module: 'customers', label: group.name }, issues);
}
