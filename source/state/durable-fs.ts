// The few filesystem moves every state file relies on. State may name customers and Splynx ids,
// so nothing here is readable by other users, whatever the umask.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** Without this a rename or a new file can vanish on power loss even though its data was synced. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Loops because writeSync may write fewer bytes than asked (disk nearly full, signals). */
export function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

export type AtomicWriteStep = 'temp-written' | 'temp-synced' | 'renamed' | 'directory-synced';

/**
 * Readers see the old file or the new one, never a mix: write a temp file beside it, sync,
 * rename over, sync the folder. `onStep` lets tests crash the process between the steps.
 */
export function writeFileAtomic(
  file: string,
  contents: string | Iterable<string>,
  onStep?: (step: AtomicWriteStep) => void,
): void {
  const temp = `${file}.tmp`;
  // A temp file left by an earlier crash may have any content; start clean so 'wx' applies the mode.
  rmSync(temp, { force: true });
  const fd = openSync(temp, 'wx', FILE_MODE);
  try {
    // Pieces are written as they come: a large snapshot is never one string in memory.
    for (const piece of typeof contents === 'string' ? [contents] : contents) {
      writeAll(fd, Buffer.from(piece, 'utf8'));
    }
    onStep?.('temp-written');
    fsyncSync(fd);
    onStep?.('temp-synced');
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  onStep?.('renamed');
  fsyncDir(path.dirname(file));
  onStep?.('directory-synced');
}
