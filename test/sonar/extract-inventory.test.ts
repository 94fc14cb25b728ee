// Foundation, network and inventory extraction against the simulator, compared with the tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SonarSimulator, startSonarSimulator } from '../../source/simulators/sonar/server.js';
import {
  generateSonarDataset,
  type SonarDataset,
} from '../../source/simulators/sonar-dataset/generate.js';
import type { SonarRow } from '../../source/simulators/sonar-dataset/tables.js';
import { SonarClient } from '../../source/sonar/client.js';
import { extractFoundation } from '../../source/sonar/extract-foundation.js';
import { extractInventory } from '../../source/sonar/extract-inventory.js';
import { extractNetwork } from '../../source/sonar/extract-network.js';

let dataset: SonarDataset;
let sim: SonarSimulator;
let client: SonarClient;
const rows = (name: keyof SonarDataset['tables']) => dataset.tables[name] as SonarRow[];
const ids = (list: { id: unknown }[]) => list.map((r) => String(r.id));

beforeAll(async () => {
  dataset = generateSonarDataset({ seed: 5, accounts: 120 });
  sim = await startSonarSimulator({ dataset });
  client = new SonarClient({ url: sim.url, token: sim.token });
});

afterAll(async () => {
  await sim?.close();
});

describe('foundation, network and inventory against the simulator', () => {
  it('reads the foundation in one request with role names and service details', async () => {
    const before = client.requests;
    const foundation = await extractFoundation(client);
    expect(client.requests - before).toBe(1);
    expect(ids(foundation.users)).toEqual(ids(rows('users')));
    for (const user of foundation.users) {
      const role = rows('roles').find((r) => String(r.id) === user.role_id);
      expect(user.role_name).toBe(role ? role.name : null);
    }
    const data = foundation.services.filter((s) => s.type === 'DATA');
    expect(data.length).toBe(rows('data_service_details').length);
    for (const service of data) {
      const detail = rows('data_service_details').find(
        (d) => String(d.service_id) === service.id,
      ) as SonarRow;
      expect(service.data_service_detail).toEqual({
        download_speed_kilobits_per_second: detail.download_speed_kilobits_per_second,
        upload_speed_kilobits_per_second: detail.upload_speed_kilobits_per_second,
        billing_frequency: detail.billing_frequency,
      });
    }
    expect(ids(foundation.account_statuses)).toEqual(ids(rows('account_statuses')));
  });

  it('reads the network with IP versions', async () => {
    const network = await extractNetwork(client);
    expect(network.subnets.map((s) => [s.id, s.subnet, s.supernet_id])).toEqual(
      rows('subnets').map((s) => [String(s.id), s.subnet, String(s.supernet_id)]),
    );
    expect(network.ip_pools.map((p) => p.ip_range)).toEqual(
      rows('ip_pools').map((p) => p.ip_range),
    );
    for (const s of network.supernets) expect(s.ip_version).toBe(s.subnet.includes(':') ? 6 : 4);
  });

  it('reads inventory: models with fields, items with field values, suppliers with contacts', async () => {
    const inventory = await extractInventory(client);
    expect(ids(inventory.inventory_items)).toEqual(ids(rows('inventory_items')));
    for (const item of inventory.inventory_items) {
      const expected = Object.fromEntries(
        rows('inventory_model_field_data')
          .filter((d) => String(d.inventory_item_id) === item.id)
          .map((d) => [String(d.inventory_model_field_id), d.value]),
      );
      expect(item.field_values).toEqual(expected);
    }
    for (const model of inventory.inventory_models) {
      expect(ids(model.fields)).toEqual(
        ids(
          rows('inventory_model_fields').filter((f) => String(f.inventory_model_id) === model.id),
        ),
      );
    }
    const vendorRow = rows('vendors')[0] as SonarRow;
    const vendor = inventory.vendors.find((v) => v.id === String(vendorRow.id));
    const contact = rows('contacts').find(
      (c) =>
        c.contactable_type === 'Vendor' && c.contactable_id === vendorRow.id && c.primary === true,
    );
    expect(vendor?.name).toBe(vendorRow.name);
    expect(vendor?.contact_name).toBe(contact ? contact.name : null);
    expect(vendor?.email_address).toBe(contact ? (contact.email_address ?? null) : null);
    expect(ids(inventory.manufacturers)).toEqual(ids(rows('manufacturers')));
    expect(ids(inventory.inventory_locations)).toEqual(ids(rows('inventory_locations')));
  });
});
