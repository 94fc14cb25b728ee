// `?`: every key of the current screen and the global ones, in words.
import { Box, Text } from 'ink';
import type { Hotkey } from './hotkey-bar.js';

export const GLOBAL_KEYS: Hotkey[] = [
  { key: '?', label: 'help (this page); any key closes it' },
  { key: 'esc', label: 'back' },
  { key: '/', label: 'search customers' },
  { key: 'j/k ↑/↓', label: 'move' },
  { key: 'g/G', label: 'first / last' },
];

export function HelpOverlay(props: { title: string; keys: Hotkey[]; width: number }) {
  const pad = Math.max(...[...props.keys, ...GLOBAL_KEYS].map((k) => k.key.length)) + 2;
  return (
    <Box flexDirection="column" borderStyle="single" width={Math.min(props.width, 72)}>
      <Text bold>Keys: {props.title}</Text>
      {props.keys.map((k) => (
        <Text key={`s${k.key}`}>
          {k.key.padEnd(pad)}
          {k.label}
        </Text>
      ))}
      <Text> </Text>
      <Text bold>Everywhere</Text>
      {GLOBAL_KEYS.map((k) => (
        <Text key={`g${k.key}`}>
          {k.key.padEnd(pad)}
          {k.label}
        </Text>
      ))}
    </Box>
  );
}
