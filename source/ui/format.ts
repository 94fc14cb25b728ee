// Small text helpers shared by the screens; all output is plain text so it fits any terminal.

export function bar(fraction: number, width: number): string {
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(f * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Cuts or pads to exactly `width` characters, marking a cut with an ellipsis. */
export function clip(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length > width) return `${text.slice(0, Math.max(0, width - 1))}…`;
  return text.padEnd(width);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** `3 created, 1 failed` from an action → count row, in a fixed order, zeros left out. */
export function actionCounts(row: Record<string, number | undefined>, order: string[]): string {
  const parts = order.filter((a) => (row[a] ?? 0) > 0).map((a) => `${row[a]} ${a}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

/** A migration status in the operator's words: `aborted` is what the engine calls a `q`. */
export function statusLabel(status: string): string {
  return status === 'aborted' ? 'stopped by operator' : status;
}

/** `12.5 customers/s`, or `measuring…` until a rate means something. */
export function rateText(perSecond: number | null, unit: string): string {
  if (perSecond === null) return 'rate: measuring…';
  return `${perSecond >= 100 ? Math.round(perSecond) : perSecond.toFixed(1)} ${unit}/s`;
}

/** Word-wrapped into at most `max` lines of `width`; a cut last line ends with an ellipsis. */
export function wrapLines(text: string, width: number, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  const out = lines.slice(0, max).map((l) => clip(l, width).trimEnd());
  if (lines.length > max && out.length > 0) {
    const last = out[out.length - 1] ?? '';
    out[out.length - 1] = `${last.slice(0, Math.max(0, width - 1))}…`;
  }
  return out;
}

/**
 * A hint's `s2s …` commands as they run from here (`npm run s2s -- resume` in a checkout): the
 * engine words its fixes for an installed `s2s`.
 */
export function runnable(text: string, cli: string): string {
  return cli === 's2s' ? text : text.replace(/`s2s (?=[a-z])/g, `\`${cli} `);
}
