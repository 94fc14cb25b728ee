// Diagnostics (progress, notices, warnings, errors) for people, on stderr, through consola: one
// logger per stream, so every command words its lines the same way. Plain lines that grep well
// (`warning: …`, `s2s: …` for errors) whatever the terminal; on a colour terminal the prefixes
// are coloured, never boxed or decorated, so a log file of a run reads the same as the screen.
import { styleText } from 'node:util';
import { type ConsolaInstance, type ConsolaReporter, createConsola, LogLevels } from 'consola/core';

export type Diagnostics = ConsolaInstance;

type Stream = NodeJS.WritableStream & { isTTY?: boolean };

const PREFIX: Partial<Record<string, { text: string; style: Parameters<typeof styleText>[0] }>> = {
  fatal: { text: 's2s:', style: ['red', 'bold'] },
  error: { text: 's2s:', style: ['red', 'bold'] },
  warn: { text: 'warning:', style: 'yellow' },
  debug: { text: 'debug:', style: 'dim' },
  trace: { text: 'debug:', style: 'dim' },
};

function reporter(stream: Stream, colour: boolean): ConsolaReporter {
  return {
    log(logObj) {
      const message = logObj.args.map(String).join(' ');
      const prefix = PREFIX[logObj.type];
      // Whether to colour was decided for this stream below; styleText would judge stdout's.
      const text =
        prefix && colour
          ? styleText(prefix.style, prefix.text, { validateStream: false })
          : prefix?.text;
      const head = text ? `${text} ` : '';
      stream.write(`${head}${message}\n`);
    },
  };
}

const loggers = new WeakMap<Stream, Diagnostics>();

/**
 * The logger writing to `stream` (stderr). Colour only on a terminal and when the environment
 * allows it (NO_COLOR, TERM=dumb: EnvConfig.terminal.colour).
 */
export function diagnostics(stream: Stream, options: { colour?: boolean } = {}): Diagnostics {
  const known = loggers.get(stream);
  if (known) return known;
  const colour = (options.colour ?? false) && stream.isTTY === true;
  const logger = createConsola({
    // Everything given is shown; callers decide what is worth saying (S2S_DEBUG, verbosity).
    level: LogLevels.debug,
    reporters: [reporter(stream, colour)],
    // consola folds repeated identical lines into "(repeated N times)" a second later, out of
    // order with everything else: a log must keep every line where it happened.
    throttle: 0,
  });
  loggers.set(stream, logger);
  return logger;
}

/** A stream whose every line becomes one plain diagnostics line (for line-oriented writers). */
export function lineStream(log: Diagnostics): NodeJS.WritableStream {
  return {
    write(text: string | Uint8Array) {
      const lines = String(text).replace(/\n$/, '').split('\n');
      for (const line of lines) log.log(line);
      return true;
    },
  } as NodeJS.WritableStream;
}
