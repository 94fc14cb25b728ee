// A migration in progress: per-phase progress, live counters, rate and ETA, the record in flight,
// and the latest log lines in a panel (every line is also in run.log in the migration folder).
// p/r/q/l while running. Events go into a RunStore; the screen draws its snapshot a few times
// a second (use-run-frames.ts), so the run goes as fast as it would headless.
import { Box, Text, useInput } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import { phaseOfEntity } from '../../engine/entity-phase.js';
import type { RunSummary } from '../../engine/events.js';
import type { Hotkey } from '../components/hotkey-bar.js';
import { bar, clip, duration, rateText, statusLabel } from '../format.js';
import {
  ENTITY_ACTIONS,
  overallFraction,
  type RunSnapshot,
  RunStore,
  totals,
} from '../run-store.js';
import type { AppServices, RunHandle, RunRequest } from '../services.js';
import { Tinted } from '../theme.js';
import { useRunFrames } from '../use-run-frames.js';

export const RUN_KEYS: Hotkey[] = [
  { key: 'p', label: 'pause', essential: true },
  { key: 'r', label: 'resume', essential: true },
  { key: 'q', label: 'stop safely', essential: true },
  { key: 'l', label: 'API log' },
];

/** What to run; `message` is logged first (why this run: a retry, a skip). */
export type RunStart = (
  | { kind: 'migrate'; request: RunRequest }
  | { kind: 'resume'; id: string; breakLock?: boolean }
) & { message?: string };

export function RunScreen(props: {
  services: AppServices;
  start: RunStart;
  width: number;
  height: number;
  active: boolean;
  /** The clock of elapsed time and rates (tests pin it). */
  now?: () => number;
  /** The run handle, so the app can stop it on SIGHUP/SIGTERM. */
  onHandle(handle: RunHandle | undefined): void;
  onDone(summary: RunSummary): void;
}) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: one store per mounted run
  const store = useMemo(
    () =>
      new RunStore(
        props.start.kind === 'migrate' ? props.start.request.phases : [],
        props.now ?? Date.now,
      ),
    [],
  );
  const state = useRunFrames(store);
  const [showApi, setShowApi] = useState(false);
  const [note, setNote] = useState<string>();
  const handle = useRef<RunHandle>(undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: starts once per mount
  useEffect(() => {
    const start = props.start;
    if (start.message) store.apply({ type: 'note', level: 'info', message: start.message });
    const onEvent = (event: Parameters<RunStore['apply']>[0]) => store.apply(event);
    const h =
      start.kind === 'migrate'
        ? props.services.migrate(start.request, onEvent)
        : props.services.resume(start.id, onEvent, { breakLock: start.breakLock ?? false });
    handle.current = h;
    props.onHandle(h);
    h.done.then(
      (summary) => {
        handle.current = undefined;
        props.onHandle(undefined);
        store.apply({ type: 'summary', summary });
      },
      (e: unknown) => {
        handle.current = undefined;
        props.onHandle(undefined);
        setNote(`The run ended with an error: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: fires when the summary arrives
  useEffect(() => {
    if (state.summary) props.onDone(state.summary);
  }, [state.summary]);

  useInput(
    (input) => {
      const h = handle.current;
      if (!h) return;
      if (input === 'p' && !state.paused && !state.stopping) {
        h.pause();
        store.apply({ type: 'paused' });
      } else if (input === 'r' && state.paused) {
        h.resume();
        store.apply({ type: 'resumed' });
      } else if (input === 'q' && !state.stopping) {
        h.stop();
        store.apply({ type: 'stopping' });
      } else if (input === 'l') setShowApi((s) => !s);
    },
    { isActive: props.active },
  );

  const apiLog = showApi ? props.services.apiLog() : undefined;
  return (
    <Box flexDirection="column">
      <Live
        state={state}
        width={props.width}
        height={props.height - (note ? 1 : 0)}
        now={(props.now ?? Date.now)()}
        apiLog={apiLog}
      />
      {note ? <Tinted tone="bad">{clip(note, props.width).trimEnd()}</Tinted> : null}
    </Box>
  );
}

function runStatus(state: RunSnapshot): string {
  if (state.summary) return statusLabel(state.summary.status);
  if (state.stopping) return 'stopping';
  if (state.paused) return 'paused';
  return 'running';
}

function Live(props: {
  state: RunSnapshot;
  width: number;
  height: number;
  now: number;
  apiLog: string[] | undefined;
}) {
  const { state, width: w } = props;
  const t = totals(state.counts);
  const current = state.current;
  const entities = Object.keys(state.counts);
  // Title, phases, bar, in flight, table header and total, log title: the rest is shared by the
  // entity rows and the log.
  const fixed = state.phases.length + 6;
  const rest = Math.max(2, props.height - fixed);
  const shown =
    entities.length <= Math.max(1, Math.floor(rest / 2))
      ? entities
      : entities.filter((e) => !current || (phaseOfEntity(e) ?? 'foundation') === current);
  const entityRoom = Math.max(1, Math.min(shown.length, Math.floor(rest / 2)));
  const cut = shown.length > entityRoom;
  const rows = cut ? shown.slice(-(entityRoom - 1)) : shown;
  const logRoom = Math.max(1, rest - Math.max(1, rows.length + (cut ? 1 : 0)));
  const col = (s: string | number) => String(s).padStart(8);
  const fraction = overallFraction(state);
  const { perSecond, etaSeconds, unit } = state.rate;
  const eta = etaSeconds === null ? '' : `, about ${duration(etaSeconds)} left`;
  const elapsed = duration((props.now - state.startedAt) / 1000);
  const line = (text: string) => clip(text, w).trimEnd();
  // Levels read as ✗ and ! (colour would need a Text node per line).
  const lines = props.apiLog
    ? props.apiLog.slice(-logRoom).map(line)
    : state.log
        .slice(-logRoom)
        .map((l) =>
          line(`${l.level === 'error' ? '✗ ' : l.level === 'warn' ? '! ' : '  '}${l.text}`),
        );

  return (
    <Box flexDirection="column">
      <Text bold>
        {line(
          `Migration ${state.migrationId ?? '(starting)'} · ${runStatus(state)} · ${elapsed} elapsed`,
        )}
      </Text>
      {state.phases.map((phase) => {
        const p = state.progress[phase];
        const mark = !p ? '·' : p.status === 'done' ? '✓' : '>';
        const title = p?.title ?? `${phase[0]?.toUpperCase()}${phase.slice(1)}`;
        const count = p ? (p.total ? `${p.done}/${p.total}` : `${p.done}`) : 'waiting';
        return (
          <Text key={phase}>
            {line(`${mark} ${clip(title, 44)} ${p?.status === 'done' ? 'done ' : ''}${count}`)}
          </Text>
        );
      })}
      <Text>
        {line(
          `${bar(fraction, Math.max(10, Math.min(30, w - 50)))} ${Math.round(fraction * 100)}%  ${state.paused ? 'paused' : `${rateText(perSecond, unit)}${eta}`}`,
        )}
      </Text>
      <Text>{line(`now: ${state.inFlight ?? '-'}`)}</Text>
      <Text bold>{line(`${'entity'.padEnd(18)}${ENTITY_ACTIONS.map(col).join('')}`)}</Text>
      {cut ? (
        <Text>{line(`  … ${shown.length - rows.length} more (all in the summary)`)}</Text>
      ) : null}
      {/* One Text for all rows (and below, for the log): Ink lays out each Text node per frame. */}
      {rows.length > 0 ? (
        <Text>
          {rows
            .map((entity) =>
              line(
                `${entity.padEnd(18)}${ENTITY_ACTIONS.map((a) => col(state.counts[entity]?.[a] ?? 0)).join('')}`,
              ),
            )
            .join('\n')}
        </Text>
      ) : null}
      <Text bold>
        {line(`${'total'.padEnd(18)}${ENTITY_ACTIONS.map((a) => col(t[a])).join('')}`)}
      </Text>
      <Text bold>
        {line(
          props.apiLog
            ? '── API log (l: back to the run log) ──'
            : `── log: ${state.logTotal.toLocaleString('en-US')} lines, all in run.log (l: API log) ──`,
        )}
      </Text>
      {lines.length > 0 ? <Text>{lines.join('\n')}</Text> : null}
    </Box>
  );
}
