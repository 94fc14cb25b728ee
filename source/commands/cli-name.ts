// How the operator runs s2s from where they are, so a hint can be typed as printed: an installed
// `s2s` binary is `s2s`; the checkout's entry (what `npm start` runs) is `npm run s2s --` from
// the checkout; a build is `node dist/cli.js`. No `s2s verify <id>` without an `s2s` on PATH.
import path from 'node:path';

export function cliName(entry: string | undefined, cwd: string): string {
  if (!entry) return 'npm run s2s --';
  const base = path.basename(entry);
  if (base === 's2s') return 's2s';
  const relative = path.relative(cwd, entry) || entry;
  if (base === 'cli.js') return `node ${relative}`;
  if (path.resolve(entry) === path.resolve(cwd, 'source', base)) return 'npm run s2s --';
  return `npx tsx ${relative}`;
}
