// The bottom line: what the keys do on this screen, on one line. When they do not all fit, the
// essential ones (enter, esc, q, ? and the screen's own main keys) stay and the others give way;
// `?` lists every key.
import { Text } from 'ink';
import { clip } from '../format.js';

export interface Hotkey {
  key: string;
  label: string;
  /** Kept on the bar however narrow the terminal. */
  essential?: boolean;
}

const GAP = 2;
const widthOf = (k: Hotkey) => k.key.length + 1 + k.label.length;

/** The keys that fit `width`, in their order: every essential one, then others while room lasts. */
export function fitKeys(keys: Hotkey[], width: number): Hotkey[] {
  let essentials = keys.filter((k) => k.essential).reduce((n, k) => n + widthOf(k) + GAP, 0);
  let used = 0;
  const out: Hotkey[] = [];
  for (const key of keys) {
    const size = widthOf(key) + GAP;
    if (key.essential) {
      essentials -= size;
      used += size;
      out.push(key);
    } else if (used + size + essentials <= width + GAP) {
      used += size;
      out.push(key);
    }
  }
  return out;
}

export function HotkeyBar(props: { keys: Hotkey[]; width: number }) {
  const text = fitKeys(props.keys, props.width)
    .map((k) => `${k.key} ${k.label}`)
    .join(' '.repeat(GAP));
  return <Text>{clip(text, props.width).trimEnd()}</Text>;
}
