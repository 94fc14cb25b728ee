// report.md of a migration, read in the app: j/k, page keys and g/G scroll; esc goes back.
import { Box, Text, useInput } from 'ink';
import { useEffect, useState } from 'react';
import type { Hotkey } from '../components/hotkey-bar.js';
import { clip } from '../format.js';
import { moveCursor } from '../keys.js';
import type { AppServices } from '../services.js';
import { Tinted } from '../theme.js';

export const REPORT_KEYS: Hotkey[] = [
  { key: 'j/k', label: 'scroll', essential: true },
  { key: 'g/G', label: 'top/end' },
  { key: 'esc', label: 'back', essential: true },
];

export function ReportView(props: {
  services: AppServices;
  migrationId: string;
  width: number;
  height: number;
  active: boolean;
  onBack(): void;
}) {
  const [lines, setLines] = useState<string[]>();
  const [error, setError] = useState<string>();
  const [top, setTop] = useState(0);
  useEffect(() => {
    props.services.reportText(props.migrationId).then(
      (text) => setLines(text.split('\n')),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [props.services, props.migrationId]);
  const room = Math.max(1, props.height - 2);
  const last = Math.max(0, (lines?.length ?? 0) - room);
  useInput(
    (input, key) => {
      if (key.escape || input === 'q') return props.onBack();
      setTop((t) => moveCursor(t, last + 1, input, key, room));
    },
    { isActive: props.active },
  );
  const w = props.width;
  const shown = (lines ?? []).slice(top, top + room);
  return (
    <Box flexDirection="column">
      <Text bold>
        {clip(
          `report.md of ${props.migrationId}${lines ? ` · lines ${top + 1}–${top + shown.length} of ${lines.length}` : ''}`,
          w,
        ).trimEnd()}
      </Text>
      {error ? <Tinted tone="bad">✗ {error}</Tinted> : null}
      {lines === undefined && !error ? <Text>Reading…</Text> : null}
      {shown.map((text, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of one file, by position
        <Text key={top + i}>{clip(text, w).trimEnd() || ' '}</Text>
      ))}
    </Box>
  );
}
