// Menus are ink-select-input (j/k or arrows, enter, 1–9), drawn in the app's words and tones:
// `>` marks the highlighted item, colour only when colour is on.
import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import { useContext } from 'react';
import { clip } from '../format.js';
import { ColourContext } from '../theme.js';

export interface MenuItem<V> {
  key?: string;
  label: string;
  value: V;
}

export function Menu<V>(props: {
  items: MenuItem<V>[];
  width: number;
  focused: boolean;
  /** Rows shown at most; the list scrolls under the highlight. */
  limit?: number;
  initialIndex?: number;
  onSelect(item: MenuItem<V>): void;
  onHighlight?(item: MenuItem<V>): void;
}) {
  const colour = useContext(ColourContext);
  return (
    <SelectInput<V>
      items={props.items}
      isFocused={props.focused}
      {...(props.limit !== undefined ? { limit: props.limit } : {})}
      {...(props.initialIndex !== undefined ? { initialIndex: props.initialIndex } : {})}
      indicatorComponent={({ isSelected }) => (
        <Box marginRight={1}>
          <Text>{isSelected ? '>' : ' '}</Text>
        </Box>
      )}
      itemComponent={({ isSelected, label }) => (
        <Text {...(isSelected ? (colour ? { color: 'cyan' } : { bold: true }) : {})}>
          {clip(label, Math.max(1, props.width - 2)).trimEnd()}
        </Text>
      )}
      onSelect={props.onSelect}
      {...(props.onHighlight ? { onHighlight: props.onHighlight } : {})}
    />
  );
}
