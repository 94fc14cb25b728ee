// The stderr logger: plain, greppable lines whatever consola would do by default (it folds
// repeated lines into "(repeated N times)" a second later, and hides info under NODE_ENV=test).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { diagnostics, lineStream } from '../../source/output/diagnostics.js';

function sink(isTTY = false) {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  }) as Writable & { isTTY?: boolean };
  stream.isTTY = isTTY;
  return { stream, text: () => text };
}

describe('diagnostics', () => {
  it('writes one plain line per call, with a prefix only for errors, warnings and debug', () => {
    const out = sink();
    const log = diagnostics(out.stream, { colour: true });
    log.log('   2/10 customers');
    log.info('Reports: state/x/report.md');
    log.warn('SPLYNX_INSECURE_TLS=1');
    log.error('unknown flag --custmer');
    log.debug('splynx GET admin/customers 200');
    expect(out.text()).toBe(
      '   2/10 customers\nReports: state/x/report.md\nwarning: SPLYNX_INSECURE_TLS=1\n' +
        's2s: unknown flag --custmer\ndebug: splynx GET admin/customers 200\n',
    );
  });

  it('keeps every repeated line, in order, at once', () => {
    const out = sink();
    const log = diagnostics(out.stream);
    for (let i = 0; i < 8; i++) log.log('same line');
    log.log('next');
    expect(out.text()).toBe(`${'same line\n'.repeat(8)}next\n`);
  });

  it('colours the prefixes only on a terminal that allows colour', () => {
    const tty = sink(true);
    diagnostics(tty.stream, { colour: true }).warn('careful');
    expect(tty.text()).toMatch(/^\x1b\[\d+mwarning:\x1b\[\d+m careful\n$/);
    const noColour = sink(true);
    diagnostics(noColour.stream, { colour: false }).warn('careful');
    expect(noColour.text()).toBe('warning: careful\n');
  });

  it('turns a line-oriented writer’s text into one line each', () => {
    const out = sink();
    const stream = lineStream(diagnostics(out.stream));
    stream.write('\n== Customers\n');
    stream.write('   1/2 customers\n');
    expect(out.text()).toBe('\n== Customers\n   1/2 customers\n');
  });
});
