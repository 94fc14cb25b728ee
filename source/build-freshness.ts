// `npm start` and `npx s2s` run dist/, which `npm ci` builds (the prepare script). In a clone
// whose source/ changed since the last build, that would silently run old code: say so instead.
// Only when running from dist/ next to a source/ folder; a walk of ~200 files costs a few ms
// (fs.readdirSync's own `recursive` takes several times longer).
import { type Dirent, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A warning when the entry at `entryUrl` is dist/cli.js and some file in ../source is newer. */
export function staleBuildNotice(entryUrl: string): string | undefined {
  if (!entryUrl.startsWith('file:')) return undefined;
  const entry = fileURLToPath(entryUrl);
  const dist = path.dirname(entry);
  if (path.basename(dist) !== 'dist') return undefined;
  const project = path.dirname(dist);
  const builtAt = statSync(entry, { throwIfNoEntry: false })?.mtimeMs;
  if (builtAt === undefined) return undefined;
  const newer = newerFile(path.join(project, 'source'), builtAt);
  return newer
    ? `dist/ is older than ${path.relative(project, newer)}: this runs the last build. Run \`npm run build\` to update it (\`npm run s2s -- ...\` runs the source).`
    : undefined;
}

function newerFile(dir: string, than: number): string | undefined {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const found = entry.isDirectory()
      ? newerFile(full, than)
      : (statSync(full, { throwIfNoEntry: false })?.mtimeMs ?? 0) > than
        ? full
        : undefined;
    if (found) return found;
  }
  return undefined;
}
