// The demo's state directory holds its migrations and, in `simulators/`, the simulated Sonar's
// and Splynx's data: kept together so a demo resumed after a quit meets the Splynx it wrote to,
// as it would in production. `--fresh-demo` clears both (never one without the other: migrations
// without their Splynx are what made a resumed demo fail with a misleading fix).
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { WorldData } from '../simulators/persist/world-meta.js';
import { isMigrationId } from '../state/ids.js';
import { openStateDir } from '../state/index.js';

export const SIMULATOR_DATA = 'simulators';

export function demoDataDir(stateDir: string): string {
  return path.join(stateDir, SIMULATOR_DATA);
}

/**
 * Removes the demo's migrations and simulator data under `stateDir`. Refused while a migration
 * there is in use by a live process (its simulators would lose their data under it).
 */
export function clearDemoState(stateDir: string): { migrations: number } {
  const ids = migrationIds(stateDir);
  const state = openStateDir(stateDir);
  for (const id of ids) {
    const lock = state.lockState(id);
    if (lock.state === 'held') {
      throw new UserError(
        `Cannot start a fresh demo: migration ${id} in ${stateDir} is in use (${lock.reason}).`,
        'Quit the other s2s first, then start with --fresh-demo again.',
      );
    }
  }
  for (const id of ids) rmSync(path.join(stateDir, id), { recursive: true, force: true });
  rmSync(demoDataDir(stateDir), { recursive: true, force: true });
  return { migrations: ids.length };
}

/** What the demo says about its data: a fresh demo, or since when the kept one exists. */
export function demoDataLine(data: WorldData | undefined, stateDir: string, cwd: string): string {
  const shown = path.relative(cwd, stateDir) || '.';
  if (!data || data.fresh) {
    const earlier = migrationIds(stateDir).length;
    return earlier === 0
      ? `Fresh demo: simulated Sonar and Splynx start anew in ${shown}.`
      : `Fresh demo data, but ${earlier} earlier migration(s) in ${shown} wrote to a simulated Splynx that is gone: --fresh-demo clears them.`;
  }
  const since = data.since.slice(0, 16).replace('T', ' ');
  return `Demo data from ${since} UTC kept in ${shown} (--fresh-demo starts anew).`;
}

function migrationIds(stateDir: string): string[] {
  if (!existsSync(stateDir)) return [];
  return readdirSync(stateDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isMigrationId(entry.name))
    .map((entry) => entry.name);
}
