// What an operator would fix in Sonar before a clean run of the demo ISP: the records it holds
// broken on purpose that stop a migration (an over-long city, an inventory model without a
// primary field, two items with one MAC). Through the simulator's PATCH route, as a test would.
import type { DemoWorld } from '../../source/simulators/demo-world.js';

async function patchSonar(
  world: DemoWorld,
  table: string,
  id: number,
  patch: Record<string, unknown>,
): Promise<void> {
  const res = await fetch(`${world.sonar.url}/__sim/records/${table}/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  if (res.status !== 200) throw new Error(`PATCH ${table} ${id}: ${res.status}`);
}

export async function repairDemoIsp(world: DemoWorld): Promise<void> {
  const { tables } = world.sonar;
  const { meta } = world.dataset;
  for (const address of tables.addresses) {
    if (String(address.city ?? '').length > 32) {
      await patchSonar(world, 'addresses', address.id, { city: 'Lakeway' });
    }
  }
  const fields = tables.inventory_model_fields.filter(
    (f) => f.inventory_model_id === meta.modelWithoutPrimaryFieldId,
  );
  const primary = fields.find((f) => f.type === 'MAC_ADDRESS') ?? fields[0];
  if (primary) await patchSonar(world, 'inventory_model_fields', primary.id, { primary: true });
  const duplicate = meta.duplicateMac;
  if (duplicate) {
    const value = tables.inventory_model_field_data.find(
      (d) => d.inventory_item_id === duplicate.inventory_item_ids[1] && d.value === duplicate.mac,
    );
    if (!value) throw new Error('the duplicate MAC is not where the dataset says');
    await patchSonar(world, 'inventory_model_field_data', value.id, { value: '02:00:5e:10:00:99' });
  }
}
