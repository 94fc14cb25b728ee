import { randomBytes } from 'node:crypto';

// UTC time first so ids sort by creation in `ls` and in string order; the random tail keeps two
// migrations started in the same second apart.
const MIGRATION_ID = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

export function newMigrationId(now: Date, suffix = randomBytes(2).toString('hex')): string {
  const iso = now.toISOString();
  const date = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`;
  const time = `${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  return `${date}-${time}-${suffix}`;
}

/** Also the guard that keeps an operator-typed id from naming a path outside the state dir. */
export function isMigrationId(value: string): boolean {
  return MIGRATION_ID.test(value);
}

export function recordKey(entity: string, sonarId: string): string {
  return `${entity}:${sonarId}`;
}
