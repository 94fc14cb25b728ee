// A migration in progress: per-phase progress, live counters, rate and ETA, the record in flight,
// and the event log (printed once above the live area by <Static>). p/r/q/l while running; when a
// record stops the run, its failure with r/s/e/q.
import { Box, Static, Text, useInput } from 'ink';
import { useEffect, useReducer, useRef, useState } from 'react';
import { phaseOfEntity } from '../../engine/entity-phase.js';
import type { EngineEvent, RecordFailure, RunSummary } from '../../engine/events.js';
import type { Hotkey } from '../components/hotkey-bar.js';
import { bar, clip, duration } from '../format.js';
import {
  ENTITY_ACTIONS,
  initialRunState,
  overallFraction,
  type RunState,
  runReducer,
  totals,
} from '../run-state.js';
import type { AppServices, RunHandle, RunRequest } from '../services.js';
import { Tinted } from '../theme.js';

export const RUN_KEYS: Hotkey[] = [
  { key: 'p', label: 'pause' },
  { key: 'r', label: 'resume' },
  { key: 'q', label: 'stop safely' },
  { key: 'l', label: 'API log' },
];
export const FAILURE_KEYS: Hotkey[] = [
  { key: 'r', label: 'retry' },
  { key: 's', label: 'skip record' },
  { key: 'e', label: 'edit mapping' },
  { key: 'q', label: 'stop (resume later)' },
];

export type RunStart =
  | { kind: 'migrate'; request: RunRequest }
  | { kind: 'resume'; id: string; breakLock?: boolean };

export function RunScreen(props: {
  services: AppServices;
  start: RunStart;
  width: number;
  height: number;
  active: boolean;
  /** The run handle, so the app can stop it on SIGHUP/SIGTERM. */
  onHandle(handle: RunHandle | undefined): void;
  onKeys(keys: Hotkey[]): void;
  onDone(summary: RunSummary, state: RunState): void;
}) {
  const [state, dispatch] = useReducer(
    runReducer,
    initialRunState(props.start.kind === 'migrate' ? props.start.request.phases : []),
  );
  const [showApi, setShowApi] = useState(false);
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState<string>();
  const [, tick] = useState(0);
  const handle = useRef<RunHandle>(undefined);
  const stateRef = useRef(state);
  stateRef.current = state;

  const launch = (make: (onEvent: (e: EngineEvent) => void) => RunHandle) => {
    const h = make(dispatch);
    handle.current = h;
    props.onHandle(h);
    h.done.then(
      (summary) => {
        handle.current = undefined;
        props.onHandle(undefined);
        dispatch({ type: 'summary', summary });
      },
      (e: unknown) => {
        handle.current = undefined;
        props.onHandle(undefined);
        setNote(`The run ended with an error: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: starts once per mount
  useEffect(() => {
    const start = props.start;
    launch((onEvent) =>
      start.kind === 'migrate'
        ? props.services.migrate(start.request, onEvent)
        : props.services.resume(start.id, onEvent, { breakLock: start.breakLock ?? false }),
    );
  }, []);

  const failed = state.summary !== undefined && state.failure !== undefined;
  // A run that ended without a record to decide on goes straight to the summary.
  // biome-ignore lint/correctness/useExhaustiveDependencies: fires when the summary arrives
  useEffect(() => {
    if (state.summary && !state.failure) props.onDone(state.summary, stateRef.current);
  }, [state.summary]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the bar follows the mode
  useEffect(() => props.onKeys(failed ? FAILURE_KEYS : RUN_KEYS), [failed]);
  useEffect(() => {
    if (!showApi) return;
    const timer = setInterval(() => tick((n) => n + 1), 500);
    return () => clearInterval(timer);
  }, [showApi]);

  const again = (failure: RecordFailure, skip: boolean) => {
    const id = state.summary?.migrationId ?? state.migrationId;
    if (!id) return;
    const go = () => {
      setNote(undefined);
      setEditing(false);
      dispatch({
        type: 'retrying',
        message: skip ? `Skipped ${failure.label}; resuming.` : `Retrying ${failure.label}.`,
      });
      launch((onEvent) => props.services.resume(id, onEvent));
    };
    if (skip) {
      props.services
        .skipRecord(
          id,
          failure.entity,
          failure.sonarId,
          `skipped by the operator: ${failure.message}`,
        )
        .then(go, (e: unknown) =>
          setNote(`Could not skip: ${e instanceof Error ? e.message : String(e)}`),
        );
    } else go();
  };

  useInput(
    (input, key) => {
      if (failed && state.failure && state.summary) {
        const failure = state.failure;
        if (editing) {
          if (key.return) {
            props.services.reloadConfig().then((problem) => {
              if (problem) setNote(`The mapping config is not valid yet: ${problem}`);
              else again(failure, false);
            });
          } else if (key.escape) setEditing(false);
          return;
        }
        if (input === 'r') again(failure, false);
        else if (input === 's') again(failure, true);
        else if (input === 'e') setEditing(true);
        else if (input === 'q') props.onDone(state.summary, state);
        return;
      }
      const h = handle.current;
      if (!h) return;
      if (input === 'p' && !state.paused && !state.stopping) {
        h.pause();
        dispatch({ type: 'paused' });
      } else if (input === 'r' && state.paused) {
        h.resume();
        dispatch({ type: 'resumed' });
      } else if (input === 'q' && !state.stopping) {
        h.stop();
        dispatch({ type: 'stopping' });
      } else if (input === 'l') setShowApi((s) => !s);
    },
    { isActive: props.active },
  );

  const w = props.width;
  return (
    <Box flexDirection="column">
      <Static items={state.log}>
        {(line) => (
          <Text key={line.id}>
            {clip(
              `${line.level === 'error' ? '✗ ' : line.level === 'warn' ? '! ' : '  '}${line.text}`,
              w,
            ).trimEnd()}
          </Text>
        )}
      </Static>
      {failed && state.failure ? (
        <FailurePanel
          failure={state.failure}
          width={w}
          editing={editing}
          configFile={props.services.configFile}
        />
      ) : (
        <Live
          state={state}
          width={w}
          height={props.height}
          apiLog={showApi ? props.services.apiLog() : undefined}
        />
      )}
      {note ? <Tinted tone="bad">{note}</Tinted> : null}
    </Box>
  );
}

function runStatus(state: RunState): string {
  if (state.summary) return state.summary.status;
  if (state.stopping) return 'stopping';
  if (state.paused) return 'paused';
  return 'running';
}

function Live(props: {
  state: RunState;
  width: number;
  height: number;
  apiLog: string[] | undefined;
}) {
  const { state, width: w } = props;
  const t = totals(state);
  const current = state.current;
  const entities = Object.keys(state.counts);
  // Title, phases, overall, in flight, header, total, hotkey bar, and one spare line.
  const room = Math.max(1, props.height - (state.phases.length + 7));
  const col = (s: string | number) => String(s).padStart(8);
  const fraction = overallFraction(state);
  const eta = state.etaSeconds === null ? '' : `, about ${duration(state.etaSeconds)} left`;
  return (
    <Box flexDirection="column">
      <Text bold>
        {clip(`Migration ${state.migrationId ?? '(starting)'} · ${runStatus(state)}`, w).trimEnd()}
      </Text>
      {state.phases.map((phase) => {
        const p = state.progress[phase];
        const mark = !p ? '·' : p.status === 'done' ? '✓' : '>';
        const title = p?.title ?? `${phase[0]?.toUpperCase()}${phase.slice(1)}`;
        const count = p ? (p.total ? `${p.done}/${p.total}` : `${p.done}`) : 'waiting';
        return (
          <Text key={phase}>
            {clip(
              `${mark} ${title.padEnd(22)} ${p?.status === 'done' ? 'done ' : ''}${count}`,
              w,
            ).trimEnd()}
          </Text>
        );
      })}
      <Text>
        {clip(
          `${bar(fraction, Math.max(10, Math.min(30, w - 40)))} ${Math.round(fraction * 100)}%  ${state.rate.toFixed(1)}/s${eta}`,
          w,
        ).trimEnd()}
      </Text>
      <Text>{clip(`now: ${state.inFlight ?? '-'}`, w).trimEnd()}</Text>
      {props.apiLog ? (
        <>
          <Text bold>API log (l hides it)</Text>
          <Text>
            {props.apiLog
              .slice(-room)
              .map((line) => clip(line, w).trimEnd())
              .join('\n')}
          </Text>
        </>
      ) : (
        <>
          <Text bold>
            {clip(`${'entity'.padEnd(18)}${ENTITY_ACTIONS.map(col).join('')}`, w).trimEnd()}
          </Text>
          {entities
            .filter(
              (e) =>
                !current ||
                entities.length <= room ||
                (phaseOfEntity(e) ?? 'foundation') === current,
            )
            .slice(-room)
            .map((entity) => (
              <Text key={entity}>
                {clip(
                  `${entity.padEnd(18)}${ENTITY_ACTIONS.map((a) => col(state.counts[entity]?.[a] ?? 0)).join('')}`,
                  w,
                ).trimEnd()}
              </Text>
            ))}
          <Text bold>
            {clip(
              `${'total'.padEnd(18)}${ENTITY_ACTIONS.map((a) => col(t[a])).join('')}`,
              w,
            ).trimEnd()}
          </Text>
        </>
      )}
    </Box>
  );
}

function FailurePanel(props: {
  failure: RecordFailure;
  width: number;
  editing: boolean;
  configFile: string;
}) {
  const f = props.failure;
  const w = props.width;
  return (
    <Box flexDirection="column">
      <Tinted tone="bad" bold>
        ✗ Stopped on a failed record
      </Tinted>
      <Text>{clip(`record:  ${f.label} (${f.entity} ${f.sonarId}, ${f.phase})`, w).trimEnd()}</Text>
      {f.field ? (
        <Text>{clip(`field:   ${f.field}${f.rule ? ` (${f.rule})` : ''}`, w).trimEnd()}</Text>
      ) : null}
      <Text wrap="wrap">problem: {f.message}</Text>
      {f.splynxMessage ? (
        <Text wrap="wrap">
          Splynx said{f.status ? ` (${f.status})` : ''}: {f.splynxMessage}
        </Text>
      ) : null}
      {f.fixes.length > 0 ? <Text>to fix:</Text> : null}
      {f.fixes.map((fix) => (
        <Text key={fix} wrap="wrap">
          {'  - '}
          {fix}
        </Text>
      ))}
      {props.editing ? (
        <Text wrap="wrap">
          Edit {props.configFile} (in another window or tmux pane), save it, then press enter to
          reload and retry; esc cancels.
        </Text>
      ) : (
        <Text>
          r retry · s skip this record · e edit the mapping and retry · q stop (resume later)
        </Text>
      )}
    </Box>
  );
}
