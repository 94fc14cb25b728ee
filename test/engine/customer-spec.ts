// adopt-or-create at the wire, as the customers phase drives it for a customer record: looked up
// by sonar_id then login, created, read back, updated when it carries our sonar_id.
import { SONAR_ID_FIELD } from '../../source/engine/phases/additional-fields.js';
import type { WriteSpec } from '../../source/engine/write-record.js';
import type { SplynxClient } from '../../source/splynx/client.js';
import { ENDPOINTS } from '../../source/splynx/endpoints.js';
import { findExisting, readRecord } from '../../source/splynx/records-io.js';

/** What the foundation phase does first: without the field no record can carry a sonar_id. */
export async function createSonarIdField(client: SplynxClient): Promise<void> {
  await client.createNamed('admin/config/additional-fields/customers', SONAR_ID_FIELD);
}

export function customerSpec(
  client: SplynxClient,
  sonarId: string,
  payload: Record<string, unknown> = { name: `Customer ${sonarId}`, login: sonarId },
): WriteSpec<Record<string, unknown>> {
  const endpoint = ENDPOINTS.customer;
  return {
    phase: 'customers',
    entity: 'customer',
    sonarId,
    label: `account ${sonarId}`,
    payload: { ...payload, additional_attributes: { sonar_id: sonarId } },
    find: (signal) =>
      findExisting(
        client,
        endpoint,
        { sonarId, natural: { login: String(payload.login) } },
        signal,
      ),
    create: (body, signal) => client.create(endpoint.path, body, signal).then((r) => r.id),
    read: (id, signal) => readRecord(client, endpoint.item(id), signal),
    update: (id, patch, signal) => client.update(endpoint.item(id), patch, signal),
  };
}
