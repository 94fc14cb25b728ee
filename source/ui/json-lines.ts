// --json: one engine event per line on stdout, the last a summary; everything else goes to stderr.
import type { EngineEvent } from '../engine/events.js';
import type { Redactor } from '../redact.js';

export function jsonLinesWriter(
  out: NodeJS.WritableStream,
  redactor: Redactor,
): (event: EngineEvent) => void {
  return (event) => {
    // `planned` and `entity` lines can be many; they are the point of --json, so all are kept.
    out.write(`${redactor.text(JSON.stringify(event))}\n`);
  };
}
