// Tests change Sonar between runs (issue 16): rows added and deleted over HTTP and in process are
// what the next query answers, relations included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SonarSimulator,
  startSonarSimulator,
} from '../../../source/simulators/sonar/server.js';
import { entities } from './client.js';
import { buildFixture } from './fixture.js';

let sim: SonarSimulator;
beforeAll(async () => {
  sim = await startSonarSimulator({ dataset: { tables: buildFixture() } });
});
afterAll(() => sim.close());

const notesOf = async (account: number) =>
  (
    await entities<{ notes: { entities: { id: string; message: string }[] } }>(
      sim,
      `{ accounts(id: ${account}) { entities { notes { entities { id message } } } } }`,
    )
  )[0]?.notes.entities ?? [];

describe('Sonar simulator: rows added and deleted between runs', () => {
  it('POST /__sim/records/{table} adds a row with the next id; the relation sees it at once', async () => {
    const before = await notesOf(1);
    const response = await fetch(`${sim.url}/__sim/records/notes`, {
      method: 'POST',
      body: JSON.stringify({
        noteable_type: 'Account',
        noteable_id: 1,
        message: 'Called about the router',
        priority: 'NORMAL',
      }),
    });
    expect(response.status).toBe(201);
    const { record } = (await response.json()) as { record: { id: number } };
    const after = await notesOf(1);
    expect(after.map((n) => n.id)).toEqual([...before.map((n) => n.id), String(record.id)]);
    expect(after.at(-1)?.message).toBe('Called about the router');
    // An id that exists is refused, not duplicated.
    const again = await fetch(`${sim.url}/__sim/records/notes`, {
      method: 'POST',
      body: JSON.stringify({ id: record.id, message: 'x' }),
    });
    expect(again.status).toBe(409);
  });

  it('DELETE /__sim/records/{table}/{id} removes it; the in-process API does the same', async () => {
    const [first] = await notesOf(1);
    expect(first).toBeDefined();
    const gone = await fetch(`${sim.url}/__sim/records/notes/${first?.id}`, { method: 'DELETE' });
    expect(gone.status).toBe(200);
    expect((await notesOf(1)).map((n) => n.id)).not.toContain(first?.id);
    expect(
      (await fetch(`${sim.url}/__sim/records/notes/${first?.id}`, { method: 'DELETE' })).status,
    ).toBe(404);

    const added = sim.records.insert('accounts', {
      ...sim.tables.accounts[0],
      id: undefined,
      name: 'Brand New Account',
    });
    expect(await entities(sim, `{ accounts(id: ${added.id}) { entities { name } } }`)).toEqual([
      { name: 'Brand New Account' },
    ]);
    expect(sim.records.remove('accounts', added.id)).toBe(true);
    expect(await entities(sim, `{ accounts(id: ${added.id}) { entities { name } } }`)).toEqual([]);
  });
});
