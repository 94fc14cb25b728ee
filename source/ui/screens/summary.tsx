// How the run ended: totals, failures, where the state and reports are, and what to do next.
import { Box, Text, useInput } from 'ink';
import type { RunSummary } from '../../engine/events.js';
import type { Hotkey } from '../components/hotkey-bar.js';
import { clip, duration } from '../format.js';
import { ENTITY_ACTIONS } from '../run-state.js';
import { Tinted } from '../theme.js';

export const SUMMARY_KEYS: Hotkey[] = [
  { key: 'enter', label: 'migrate more' },
  { key: 'q', label: 'quit' },
];

const HEADLINE: Record<string, string> = {
  completed: '✓ Migration complete',
  stopped: '✗ Stopped on a failed record (resumable)',
  aborted: '! Stopped by the operator; state is saved (resumable)',
  empty: '! Nothing to migrate: the selection matched no account',
  failed: '✗ Migration failed',
};

export function SummaryScreen(props: {
  summary: RunSummary;
  stateDir: string;
  width: number;
  height: number;
  active: boolean;
  onMore(): void;
  onQuit(): void;
}) {
  const s = props.summary;
  useInput(
    (input, key) => {
      if (key.return || key.escape) props.onMore();
      else if (input === 'q') props.onQuit();
    },
    { isActive: props.active },
  );
  const w = props.width;
  const col = (v: string | number) => String(v).padStart(8);
  const total: Record<string, number> = {};
  for (const row of Object.values(s.counts)) {
    for (const a of ENTITY_ACTIONS) total[a] = (total[a] ?? 0) + (row[a] ?? 0);
  }
  const entities = Object.entries(s.counts);
  // Headline, id, blank, header, total, blank, failures, state line, next steps, the "more" line.
  const room = Math.max(1, props.height - (s.failure ? 12 : 11));
  const tone =
    s.status === 'completed'
      ? 'good'
      : s.status === 'aborted' || s.status === 'empty'
        ? 'warn'
        : 'bad';
  return (
    <Box flexDirection="column">
      <Tinted tone={tone} bold>
        {HEADLINE[s.status] ?? s.status}
      </Tinted>
      <Text>
        {clip(`Migration ${s.migrationId ?? '-'} · ${duration(s.durationMs / 1000)}`, w).trimEnd()}
      </Text>
      <Text> </Text>
      <Text bold>
        {clip(`${'entity'.padEnd(18)}${ENTITY_ACTIONS.map(col).join('')}`, w).trimEnd()}
      </Text>
      {entities.slice(0, room).map(([entity, row]) => (
        <Text key={entity}>
          {clip(
            `${entity.padEnd(18)}${ENTITY_ACTIONS.map((a) => col(row[a] ?? 0)).join('')}`,
            w,
          ).trimEnd()}
        </Text>
      ))}
      <Text bold>
        {clip(
          `${'total'.padEnd(18)}${ENTITY_ACTIONS.map((a) => col(total[a] ?? 0)).join('')}`,
          w,
        ).trimEnd()}
      </Text>
      <Text> </Text>
      <Text>Failures: {s.failures}</Text>
      {s.failure ? (
        <Text wrap="wrap">
          Last failure: {s.failure.label}: {s.failure.message}
        </Text>
      ) : null}
      <Text wrap="wrap">
        State and reports: {s.migrationId ? `${props.stateDir}/${s.migrationId}` : props.stateDir}
      </Text>
      {s.migrationId ? (
        <Text wrap="wrap">
          Check it: s2s verify {s.migrationId} · where it stands: s2s status {s.migrationId}
          {s.status === 'completed' ? '' : ` · continue: s2s resume ${s.migrationId}`}
        </Text>
      ) : null}
    </Box>
  );
}
