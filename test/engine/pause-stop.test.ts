// Pause holds new customers (those in flight finish); resume carries on; stop ends the run with
// what was started finished and journaled. Driven from the event stream, as the terminal app does.
import { describe, expect, it } from 'vitest';
import { runMigrate } from '../../source/engine/orchestrator.js';
import { cleanIds, type EngineWorld, engineWorlds, idsSelection, RUN_OPTIONS } from './world.js';

const startWorld = engineWorlds();

const started = (world: EngineWorld) =>
  world.events.filter((e) => e.type === 'in-flight' && e.phase === 'customers').length;
const created = (world: EngineWorld) =>
  world.events.filter(
    (e) => e.type === 'entity' && e.entity === 'customer' && e.action === 'created',
  ).length;

describe('run control in the customers phase', () => {
  it('pause starts nothing new until resume, then the run completes', async () => {
    const world = await startWorld();
    const control = world.deps.control;
    let startedDuringPause: number | undefined;
    world.onEvent = (event) => {
      if (event.type !== 'entity' || event.entity !== 'customer' || control.isPaused) return;
      if (startedDuringPause !== undefined) return;
      control.pause();
      const atPause = started(world);
      setTimeout(() => {
        startedDuringPause = started(world) - atPause;
        control.resume();
      }, 300);
    };
    const ids = cleanIds(world.world, 6);
    const summary = await runMigrate(world.deps, idsSelection(ids), RUN_OPTIONS);
    expect(startedDuringPause).toBe(0);
    expect(summary.status).toBe('completed');
    expect(created(world)).toBe(6);
  });

  it('stop lets the customers in flight finish, starts no more, and ends the run as aborted', async () => {
    const world = await startWorld();
    const control = world.deps.control;
    let atStop: number | undefined;
    world.onEvent = (event) => {
      if (atStop !== undefined || event.type !== 'entity' || event.entity !== 'customer') return;
      control.stop();
      atStop = started(world);
    };
    const summary = await runMigrate(world.deps, idsSelection(cleanIds(world.world, 6)), {
      ...RUN_OPTIONS,
      concurrency: 2,
    });
    expect(summary.status).toBe('aborted');
    expect(started(world)).toBe(atStop);
    // Every customer that started was finished and journaled, none beyond them.
    expect(created(world)).toBe(atStop);
    expect(world.world.splynx.db.rows('customers')).toHaveLength(atStop as number);
    expect(atStop).toBeLessThan(6);
  });
});
