// A run as the app shows it, kept outside React. The engine can report thousands of events a
// second; each is folded here in O(1) (counters bumped in place, the log a fixed-size ring), and
// the screen takes a small snapshot at most a few times a second (use-run-frames.ts). Folding
// events into React state one by one (a render and a copy of the whole log per event) made the
// app ten times slower than a headless run.
import type { PhaseId } from '../command-line.js';
import type { EngineEvent, EntityAction, RecordFailure, RunSummary } from '../engine/events.js';
import { RateMeter, type RateReading } from './rate-meter.js';

export interface LogLine {
  /** Position in the whole run's log (the ring keeps only the latest). */
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

export const ENTITY_ACTIONS: EntityAction[] = [
  'created',
  'adopted',
  'skipped',
  'failed',
  'blocked',
];

/** What one frame of the run screen shows; a copy, safe to hold while the run goes on. */
export interface RunSnapshot {
  migrationId?: string;
  resumed: boolean;
  phases: PhaseId[];
  progress: Partial<Record<PhaseId, PhaseProgress>>;
  current?: PhaseId;
  /** entity → action → count, for this run. */
  counts: Record<string, Partial<Record<EntityAction, number>>>;
  /** Customers per second in the customers phase, records per second before it. */
  rate: RateReading & { unit: 'customers' | 'records' };
  startedAt: number;
  inFlight?: string;
  paused: boolean;
  stopping: boolean;
  failure?: RecordFailure;
  summary?: RunSummary;
  /** The latest lines, oldest first. */
  log: LogLine[];
  /** Lines logged in the whole run (the file in the migration folder has every one). */
  logTotal: number;
}

export type RunAction =
  | EngineEvent
  | { type: 'stopping' }
  | { type: 'note'; level: LogLine['level']; message: string };

/** Lines the ring keeps: more than any terminal shows, few enough to copy per frame. */
export const LOG_LINES = 200;

/** Events the operator is waiting for: shown at once, not at the next frame. */
const URGENT = new Set<RunAction['type']>([
  'summary',
  'record-failed',
  'paused',
  'resumed',
  'stopping',
  'migration',
]);

export class RunStore {
  private migrationId?: string;
  private resumed = false;
  private phases: PhaseId[];
  private progress: Partial<Record<PhaseId, PhaseProgress>> = {};
  private current?: PhaseId;
  private counts: Record<string, Partial<Record<EntityAction, number>>> = {};
  private inFlight?: string;
  private paused = false;
  private stopping = false;
  private failure?: RecordFailure;
  private summary?: RunSummary;
  private ring: LogLine[] = [];
  private logged = 0;
  private records = 0;
  private readonly meter: RateMeter;
  private readonly startedAt: number;
  private listeners = new Set<(urgent: boolean) => void>();
  /** Bumped on every change; a frame is drawn only when it moved. */
  version = 0;

  constructor(
    phases: PhaseId[],
    private readonly now: () => number = Date.now,
  ) {
    this.phases = phases;
    this.startedAt = now();
    this.meter = new RateMeter({ now });
  }

  /** Called with `urgent` when the change should be drawn now. */
  subscribe(listener: (urgent: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private log(level: LogLine['level'], text: string): void {
    const line = { id: this.logged++, level, text };
    if (this.ring.length < LOG_LINES) this.ring.push(line);
    else this.ring[line.id % LOG_LINES] = line;
  }

  private phase(id: PhaseId): PhaseProgress {
    let p = this.progress[id];
    if (!p) {
      p = { title: `${id[0]?.toUpperCase()}${id.slice(1)}`, status: 'running', done: 0 };
      this.progress[id] = p;
    }
    return p;
  }

  apply(event: RunAction): void {
    this.fold(event);
    this.version++;
    const urgent = URGENT.has(event.type);
    for (const listener of this.listeners) listener(urgent);
  }

  private fold(event: RunAction): void {
    switch (event.type) {
      case 'migration':
        this.migrationId = event.migrationId;
        this.resumed = event.resumed;
        this.phases = event.phases;
        this.log(
          'info',
          `${event.resumed ? 'Resuming' : 'Starting'} migration ${event.migrationId}`,
        );
        return;
      case 'phase-started':
        this.current = event.phase;
        this.progress[event.phase] = {
          title: event.title,
          status: 'running',
          done: 0,
          ...(event.total !== undefined ? { total: event.total } : {}),
        };
        this.meter.reset();
        this.records = 0;
        this.log('info', `== ${event.title}`);
        return;
      case 'phase-finished': {
        const p = this.progress[event.phase];
        if (!p) return;
        p.status = 'done';
        p.total ??= p.done;
        return;
      }
      case 'entity': {
        let row = this.counts[event.entity];
        if (!row) {
          row = {};
          this.counts[event.entity] = row;
        }
        row[event.action] = (row[event.action] ?? 0) + 1;
        // The customers phase reports its progress in accounts; the others count their records.
        if (event.phase !== 'customers') {
          this.phase(event.phase).done++;
          this.records++;
          this.meter.record(this.records);
        }
        if (event.action === 'failed' || event.action === 'blocked') {
          this.log(
            event.action === 'failed' ? 'error' : 'warn',
            `${event.action} ${event.label}${event.reason ? ` — ${event.reason}` : ''}`,
          );
        } else if (event.action === 'skipped') {
          this.log('warn', `skipped ${event.label}${event.reason ? ` — ${event.reason}` : ''}`);
        } else this.log('info', `${event.action} ${event.entity} ${event.label}`);
        return;
      }
      case 'planned':
        return;
      case 'in-flight':
        this.inFlight = event.label;
        return;
      case 'progress': {
        const p = this.phase(event.phase);
        p.done = event.done;
        p.total = event.total;
        // The engine's own rate is per event and jumpy at the start; ours waits for a window.
        this.meter.record(event.done);
        return;
      }
      case 'record-failed':
        this.failure = event.failure;
        this.log('error', `${event.failure.label}: ${event.failure.message}`);
        return;
      case 'paused':
        this.paused = true;
        this.log('info', 'Paused: the records in flight finish, nothing new starts.');
        return;
      case 'resumed':
        this.paused = false;
        this.log('info', 'Resumed.');
        return;
      case 'stopping':
        this.stopping = true;
        this.paused = false;
        this.log('warn', 'Stopping after the records in flight; state is saved.');
        return;
      case 'note':
        this.log(event.level, event.message);
        return;
      case 'log':
        if (event.level !== 'debug') this.log(event.level, event.message);
        return;
      case 'summary':
        this.summary = event.summary;
        this.inFlight = undefined;
        return;
    }
  }

  snapshot(): RunSnapshot {
    const counts: RunSnapshot['counts'] = {};
    for (const [entity, row] of Object.entries(this.counts)) counts[entity] = { ...row };
    const progress: RunSnapshot['progress'] = {};
    for (const [phase, p] of Object.entries(this.progress)) {
      progress[phase as PhaseId] = { ...p };
    }
    const start = this.logged > LOG_LINES ? this.logged % LOG_LINES : 0;
    const log =
      this.ring.length < LOG_LINES
        ? [...this.ring]
        : [...this.ring.slice(start), ...this.ring.slice(0, start)];
    const customers = this.current === 'customers';
    const total = this.current ? this.progress[this.current]?.total : undefined;
    return {
      ...(this.migrationId ? { migrationId: this.migrationId } : {}),
      resumed: this.resumed,
      phases: this.phases,
      progress,
      ...(this.current ? { current: this.current } : {}),
      counts,
      rate: {
        ...(this.paused ? { perSecond: null, etaSeconds: null } : this.meter.reading(total)),
        unit: customers ? 'customers' : 'records',
      },
      startedAt: this.startedAt,
      ...(this.inFlight ? { inFlight: this.inFlight } : {}),
      paused: this.paused,
      stopping: this.stopping,
      ...(this.failure ? { failure: this.failure } : {}),
      ...(this.summary ? { summary: this.summary } : {}),
      log,
      logTotal: this.logged,
    };
  }
}

/** Overall share done: finished phases count whole, the running one by its records. */
export function overallFraction(state: RunSnapshot): number {
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

export function totals(counts: RunSnapshot['counts']): Record<EntityAction, number> {
  const out: Record<EntityAction, number> = {
    created: 0,
    adopted: 0,
    skipped: 0,
    failed: 0,
    blocked: 0,
  };
  for (const row of Object.values(counts)) {
    for (const action of ENTITY_ACTIONS) out[action] += row[action] ?? 0;
  }
  return out;
}
