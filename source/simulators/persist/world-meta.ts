// What a data directory's Sonar world was generated from. The Sonar simulator keeps only its
// changes (sonar-data.ts), and the Splynx rows refer to Sonar ids, so the same seed and size must
// regenerate the same world: another one over existing data is refused, never mixed in.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { rewriteLog } from './mutation-log.js';

export const WORLD_FILE = 'world.json';

const WorldMetaSchema = v.object({
  seed: v.number(),
  accounts: v.number(),
  taxedServices: v.boolean(),
  /** When this data directory was first started (ISO). */
  createdAt: v.string(),
});
export type WorldMeta = v.InferOutput<typeof WorldMetaSchema>;

/** The data directory's world was generated differently from what this start asks for. */
export class WorldMismatchError extends Error {
  override readonly name = 'WorldMismatchError';
}

export interface WorldData {
  /** True when the directory held no data: this start begins a new world. */
  fresh: boolean;
  /** When the data was first started (ISO): now, for a fresh one. */
  since: string;
}

/**
 * Records `wanted` in a new data directory, or checks an existing one holds that world. Throws
 * WorldMismatchError naming both worlds when they differ.
 */
export function claimWorld(dataDir: string, wanted: Omit<WorldMeta, 'createdAt'>): WorldData {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, WORLD_FILE);
  if (!existsSync(file)) {
    const createdAt = new Date().toISOString();
    // Through the log writer's rename: a crash never leaves a half-written world.json.
    rewriteJson(file, { ...wanted, createdAt });
    return { fresh: true, since: createdAt };
  }
  let stored: WorldMeta;
  try {
    stored = v.parse(WorldMetaSchema, JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    throw new WorldMismatchError(`${file} is not a simulated world's description.`);
  }
  const same =
    stored.seed === wanted.seed &&
    stored.accounts === wanted.accounts &&
    stored.taxedServices === wanted.taxedServices;
  if (!same) {
    throw new WorldMismatchError(
      `The demo data in ${dataDir} is of another simulated ISP (${describe(stored)}, since ${stored.createdAt.slice(0, 16).replace('T', ' ')} UTC) than this start asks for (${describe(wanted)}).`,
    );
  }
  return { fresh: false, since: stored.createdAt };
}

function describe(world: Omit<WorldMeta, 'createdAt'>): string {
  return `--seed ${world.seed} --accounts ${world.accounts}${world.taxedServices ? ', taxed services' : ''}`;
}

function rewriteJson(file: string, value: unknown): void {
  // rewriteLog writes one JSON value a line: one line is exactly this JSON file.
  rewriteLog(file, [value]);
}
