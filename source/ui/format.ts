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
