// Engine events folded into what the run screen shows. Pure, so every frame is a function of the
// events received; the log keeps every line (Ink's <Static> prints each once, above the live area).
import type { PhaseId } from '../command-line.js';
import type { EngineEvent, EntityAction, RecordFailure, RunSummary } from '../engine/events.js';

export interface LogLine {
  id: number;
  level: 'info' | 'warn' | 'error';
  text: string;
}

export interface PhaseProgress {
  title: string;
  status: 'waiting' | 'running' | 'done';
  done: number;
  total?: number;
}

export interface RunState {
  migrationId?: string;
  resumed: boolean;
  phases: PhaseId[];
  progress: Partial<Record<PhaseId, PhaseProgress>>;
  current?: PhaseId;
  /** entity → action → count, for this run. */
  counts: Record<string, Partial<Record<EntityAction, number>>>;
  rate: number;
  etaSeconds: number | null;
  inFlight?: string;
  paused: boolean;
  stopping: boolean;
  failure?: RecordFailure;
  summary?: RunSummary;
  log: LogLine[];
}

export const ENTITY_ACTIONS: EntityAction[] = [
  'created',
  'adopted',
  'skipped',
  'failed',
  'blocked',
];

export function initialRunState(phases: PhaseId[]): RunState {
  return {
    resumed: false,
    phases,
    progress: {},
    counts: {},
    rate: 0,
    etaSeconds: null,
    paused: false,
    stopping: false,
    log: [],
  };
}

export type RunAction =
  | EngineEvent
  | { type: 'stopping' }
  /** The operator retries or skips after a failure: the same migration runs again. */
  | { type: 'retrying'; message: string };

function withLog(state: RunState, level: LogLine['level'], text: string): RunState {
  return { ...state, log: [...state.log, { id: state.log.length, level, text }] };
}

export function runReducer(state: RunState, event: RunAction): RunState {
  switch (event.type) {
    case 'migration':
      return withLog(
        { ...state, migrationId: event.migrationId, resumed: event.resumed, phases: event.phases },
        'info',
        `${event.resumed ? 'Resuming' : 'Starting'} migration ${event.migrationId}`,
      );
    case 'phase-started': {
      const progress: PhaseProgress = {
        title: event.title,
        status: 'running',
        done: 0,
        ...(event.total !== undefined ? { total: event.total } : {}),
      };
      return withLog(
        {
          ...state,
          current: event.phase,
          progress: { ...state.progress, [event.phase]: progress },
        },
        'info',
        `== ${event.title}`,
      );
    }
    case 'phase-finished': {
      const previous = state.progress[event.phase];
      if (!previous) return state;
      const done: PhaseProgress = {
        ...previous,
        status: 'done',
        total: previous.total ?? previous.done,
      };
      return { ...state, progress: { ...state.progress, [event.phase]: done } };
    }
    case 'entity': {
      const row = { ...state.counts[event.entity] };
      row[event.action] = (row[event.action] ?? 0) + 1;
      const phase = state.progress[event.phase];
      // Phases that report no progress events are counted by their records.
      const progress =
        phase && event.phase !== 'customers'
          ? { ...state.progress, [event.phase]: { ...phase, done: phase.done + 1 } }
          : state.progress;
      const next = { ...state, counts: { ...state.counts, [event.entity]: row }, progress };
      if (event.action === 'failed' || event.action === 'blocked') {
        return withLog(
          next,
          event.action === 'failed' ? 'error' : 'warn',
          `${event.action} ${event.label}${event.reason ? ` — ${event.reason}` : ''}`,
        );
      }
      return withLog(next, 'info', `${event.action} ${event.entity} ${event.label}`);
    }
    case 'planned':
      return state;
    case 'in-flight':
      return { ...state, inFlight: event.label };
    case 'progress': {
      const phase = state.progress[event.phase];
      const progress: PhaseProgress = {
        title: phase?.title ?? event.phase,
        status: phase?.status ?? 'running',
        done: event.done,
        total: event.total,
      };
      return {
        ...state,
        progress: { ...state.progress, [event.phase]: progress },
        rate: event.rate,
        etaSeconds: event.etaSeconds,
      };
    }
    case 'record-failed':
      return withLog(
        { ...state, failure: event.failure },
        'error',
        `stopped at ${event.failure.label}: ${event.failure.message}`,
      );
    case 'paused':
      return withLog({ ...state, paused: true }, 'info', 'Paused: records in flight finish.');
    case 'resumed':
      return withLog({ ...state, paused: false }, 'info', 'Resumed.');
    case 'stopping':
      return withLog(
        { ...state, stopping: true, paused: false },
        'warn',
        'Stopping after the records in flight; state is saved.',
      );
    case 'retrying': {
      const { failure: _f, summary: _s, ...rest } = state;
      return withLog({ ...rest, paused: false, stopping: false }, 'info', event.message);
    }
    case 'log':
      if (event.level === 'debug') return state;
      return withLog(state, event.level, event.message);
    case 'summary':
      return { ...state, summary: event.summary, inFlight: undefined };
  }
}

/** Overall share done: finished phases count whole, the running one by its records. */
export function overallFraction(state: RunState): number {
  if (state.phases.length === 0) return 0;
  let sum = 0;
  for (const phase of state.phases) {
    const p = state.progress[phase];
    if (!p) continue;
    if (p.status === 'done') sum += 1;
    else if (p.total) sum += Math.min(1, p.done / p.total);
  }
  return sum / state.phases.length;
}

export function totals(state: RunState): Record<EntityAction, number> {
  const out: Record<EntityAction, number> = {
    created: 0,
    adopted: 0,
    skipped: 0,
    failed: 0,
    blocked: 0,
  };
  for (const row of Object.values(state.counts)) {
    for (const action of ENTITY_ACTIONS) out[action] += row[action] ?? 0;
  }
  return out;
}
