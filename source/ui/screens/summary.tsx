// How the run ended: totals per entity (every row, scrolled when they do not fit), failures by
// cause, the reports the run wrote into the migration folder, and commands to check and continue
// that run as written from here.
import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import type { RunSummary } from '../../engine/events.js';
import type { Hotkey } from '../components/hotkey-bar.js';
import { clip, duration, plural } from '../format.js';
import { moveCursor } from '../keys.js';
import { ENTITY_ACTIONS } from '../run-store.js';
import type { RunReport } from '../services.js';
import { Tinted } from '../theme.js';

export const SUMMARY_KEYS: Hotkey[] = [
  { key: 'enter', label: 'migrate more', essential: true },
  { key: 'f', label: 'failures', essential: true },
  { key: 'v', label: 'view report' },
  { key: 'j/k', label: 'scroll' },
  { key: 'q', label: 'quit', essential: true },
];

const HEADLINE: Record<string, string> = {
  completed: '✓ Migration complete',
  stopped: '✗ Stopped on a failed record (resumable)',
  aborted: '! Stopped by the operator; state is saved (resumable)',
  empty: '! Nothing to migrate: the selection matched no account',
  failed: '✗ Migration failed',
};

/** Causes listed on the summary; `f` shows every one. */
const SHOWN_CAUSES = 3;

export function SummaryScreen(props: {
  summary: RunSummary;
  report: RunReport | undefined;
  stateDir: string;
  cli: string;
  width: number;
  height: number;
  active: boolean;
  onMore(): void;
  onFailures(): void;
  onReport(): void;
  onQuit(): void;
}) {
  const s = props.summary;
  const w = props.width;
  const [top, setTop] = useState(0);
  const failed = props.report?.causes.reduce((n, c) => n + c.records.length, 0) ?? s.failures;
  const col = (v: string | number) => String(v).padStart(8);
  const line = (text: string) => clip(text, w).trimEnd();
  const total: Record<string, number> = {};
  for (const row of Object.values(s.counts)) {
    for (const a of ENTITY_ACTIONS) total[a] = (total[a] ?? 0) + (row[a] ?? 0);
  }
  const entities = Object.entries(s.counts);

  const id = s.migrationId;
  const hints = id
    ? [
        `check it: ${props.cli} verify ${id}`,
        `where it stands: ${props.cli} status ${id}`,
        ...(s.status === 'completed' ? [] : [`continue: ${props.cli} resume ${id}`]),
      ]
    : [];
  const hintLines = hints.join(' · ').length <= w ? [hints.join(' · ')] : hints;
  const causes = props.report?.causes ?? [];
  const causeLines = causes
    .slice(0, SHOWN_CAUSES)
    .map((c) => line(`  ${c.records.length} × ${c.entity} ${c.action}: ${c.cause}`));
  if (causes.length > SHOWN_CAUSES) {
    causeLines.push(line(`  … and ${causes.length - SHOWN_CAUSES} more causes (f lists them)`));
  }
  const dir = props.report?.dir ?? (id ? `${props.stateDir}/${id}` : props.stateDir);
  const files = props.report?.files ?? [];
  const reportLines = [
    line(`Reports in ${dir}/`),
    ...(files.length > 0 ? [line(`  ${files.join(' · ')}`)] : []),
  ];
  // Headline, id, blank, header, total, blank, failures line: the rest below is counted exactly.
  const fixed = 7 + causeLines.length + reportLines.length + hintLines.length;
  const room = Math.max(1, props.height - fixed);
  // Every row is reachable: they scroll, and a line says how many are out of sight.
  const scrolls = entities.length > room;
  const rowsShown = scrolls ? Math.max(1, room - 1) : entities.length;
  const start = Math.min(top, Math.max(0, entities.length - rowsShown));
  const visible = entities.slice(start, start + rowsShown);
  const below = entities.length - start - visible.length;

  useInput(
    (input, key) => {
      if (key.return || key.escape) props.onMore();
      else if (input === 'q') props.onQuit();
      else if (input === 'f' && failed > 0) props.onFailures();
      else if (input === 'v' && props.report) props.onReport();
      else
        setTop((t) =>
          moveCursor(
            Math.min(t, entities.length - rowsShown),
            Math.max(1, entities.length - rowsShown + 1),
            input,
            key,
            rowsShown,
          ),
        );
    },
    { isActive: props.active },
  );

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
      <Text>{line(`Migration ${id ?? '-'} · ${duration(s.durationMs / 1000)}`)}</Text>
      <Text> </Text>
      <Text bold>{line(`${'entity'.padEnd(18)}${ENTITY_ACTIONS.map(col).join('')}`)}</Text>
      {visible.map(([entity, row]) => (
        <Text key={entity}>
          {line(`${entity.padEnd(18)}${ENTITY_ACTIONS.map((a) => col(row[a] ?? 0)).join('')}`)}
        </Text>
      ))}
      {scrolls ? (
        <Text>
          {line(
            `  rows ${start + 1}–${start + visible.length} of ${entities.length}${below > 0 ? ` · +${below} more` : ''} (j/k scrolls)`,
          )}
        </Text>
      ) : null}
      <Text bold>
        {line(`${'total'.padEnd(18)}${ENTITY_ACTIONS.map((a) => col(total[a] ?? 0)).join('')}`)}
      </Text>
      <Text> </Text>
      {failed > 0 ? (
        <Tinted tone="bad">
          {line(
            `Failures: ${plural(failed, 'record')}${causes.length > 0 ? ` in ${plural(causes.length, 'cause')}` : ''} (f: the failures view)`,
          )}
        </Tinted>
      ) : (
        <Text>Failures: none</Text>
      )}
      {causeLines.map((text) => (
        <Text key={text}>{text}</Text>
      ))}
      {reportLines.map((text) => (
        <Text key={text}>{text}</Text>
      ))}
      {hintLines.map((text) => (
        <Text key={text}>{line(text)}</Text>
      ))}
    </Box>
  );
}
