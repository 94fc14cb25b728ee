// Where a headless command's engine events go (clig.dev: the result on stdout, the rest on
// stderr). With --json every event is a JSON line on stdout. Otherwise the command's result is
// plain text on stdout, and progress, phase headers, failures as they happen and notices are
// diagnostics on stderr, so `s2s plan --all > plan.txt` holds the plan and nothing else.
import type { EngineEvent } from '../engine/events.js';
import type { Redactor } from '../redact.js';
import { jsonLinesWriter } from '../ui/json-lines.js';
import { plainLogWriter } from '../ui/plain-log.js';
import { diagnostics, lineStream } from './diagnostics.js';

/**
 * What a command's result is. `listing`: the plan itself, every phase, record and failure it
 * lists, and its summary. `summary`: a run's closing summary; the run's story goes to stderr.
 */
export type PrimaryOutput = 'listing' | 'summary';

const LISTING = new Set<EngineEvent['type']>([
  'phase-started',
  'phase-finished',
  'planned',
  'entity',
  'record-failed',
  'summary',
]);

export interface EventWriterOptions {
  json: boolean;
  redactor: Redactor;
  primary: PrimaryOutput;
  /** Colour allowed by the environment (EnvConfig.terminal.colour); used only on a terminal. */
  colour?: boolean;
}

export function eventWriter(
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  options: EventWriterOptions,
): (event: EngineEvent) => void {
  if (options.json) return jsonLinesWriter(io.stdout, options.redactor);
  const log = diagnostics(io.stderr, { colour: options.colour ?? false });
  const result = plainLogWriter(io.stdout, options.redactor);
  const story = plainLogWriter(lineStream(log), options.redactor);
  const isResult =
    options.primary === 'listing'
      ? (event: EngineEvent) => LISTING.has(event.type)
      : (event: EngineEvent) => event.type === 'summary';
  return (event) => {
    if (event.type === 'log') {
      const message = options.redactor.text(event.message);
      if (event.level === 'warn') log.warn(message);
      else if (event.level === 'error') log.error(message);
      else if (event.level === 'info') log.info(message);
      // debug lines are for S2S_DEBUG, which writes its own.
      return;
    }
    if (isResult(event)) result(event);
    else story(event);
  };
}
