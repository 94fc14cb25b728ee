// The bottom line: what the keys do on this screen, cut to the width rather than wrapped.
import { Text } from 'ink';
import { clip } from '../format.js';

export interface Hotkey {
  key: string;
  label: string;
}

export function HotkeyBar(props: { keys: Hotkey[]; width: number }) {
  const text = props.keys.map((k) => `${k.key} ${k.label}`).join('  ');
  return <Text>{clip(text, props.width).trimEnd()}</Text>;
}
