// What the terminal app may ask of the rest of s2s. The UI renders engine events and sends
// commands through this interface only (no migration logic in ui/); tests drive the screens with
// a scripted fake of it, and commands/interactive.ts provides the real one.
import type { CustomerState, PhaseId } from '../command-line.js';
import type { EngineEvent, PlanCounts, RunSummary } from '../engine/events.js';
import type { SonarState } from '../mapping/mapping-config.js';

export interface MigrationListItem {
  id: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  /** entity → action → count */
  counts: Record<string, Record<string, number>>;
  lastError?: string;
  /** A damaged state folder: shown, never resumed. */
  problem?: string;
  /** Held by another live s2s process (or another host's). */
  locked: boolean;
  /**
   * Who holds the lock, when someone does or did: `held` refuses (offer --break-lock), `stale`
   * means its process is gone and resuming takes the lock over. Absent when the lock is free.
   */
  lock?: {
    state: 'held' | 'stale';
    /** "process 123 on host (lock taken …, last heartbeat …)" */
    holder: string;
    reason: string;
    /** Short form for the list: "process 123 on host since 2026-01-01 07:00 UTC". */
    short: string;
  };
}

export interface PreflightCheck {
  id: string;
  title: string;
  ok: boolean;
  /** Blocking failures stop a run; warnings do not. */
  severity: 'blocking' | 'warning';
  detail: string;
  /** How to fix a failure, in the operator's words. */
  fix?: string;
}

export interface AccountRow {
  id: string;
  name: string;
  state: SonarState;
  statusName: string;
  /** The account's internet plan(s) in Sonar; undefined when it has none. */
  plan?: string;
  createdAt: string;
  /** In the latest migration: created/adopted/failed/blocked/skipped, or undefined if untouched. */
  migration?: string;
}

export interface AccountPage {
  rows: AccountRow[];
  page: number;
  totalPages: number;
  totalCount: number;
}

export interface AccountQuery {
  /** Free text: name, id, email, address (Sonar general search). */
  search?: string;
  states?: SonarState[];
  page: number;
  pageSize: number;
}

export interface RunRequest {
  /** Explicit account ids, or everything matching `states`. */
  customers?: string[];
  all?: boolean;
  states?: CustomerState[];
  phases: PhaseId[];
  concurrency: number;
  stopOnError: boolean;
}

/** Controls of a running migration (p / r / q keys). */
export interface RunHandle {
  pause(): void;
  resume(): void;
  /** Finish what is in flight, save state, end the run. */
  stop(): void;
  /** Resolves when the run ends, whatever the outcome. */
  done: Promise<RunSummary>;
}

export interface AppServices {
  /** 'demo' when running on the built-in simulators. */
  mode: 'demo' | 'live';
  /** Where state and reports are written. */
  stateDir: string;
  /** `--break-lock` was given: a held lock is taken without asking. */
  breakLock?: boolean;
  configFile: string;
  listMigrations(): Promise<MigrationListItem[]>;
  preflight(onCheck: (check: PreflightCheck) => void): Promise<PreflightCheck[]>;
  plan(request: RunRequest, onEvent: (event: EngineEvent) => void): Promise<PlanCounts>;
  listAccounts(query: AccountQuery): Promise<AccountPage>;
  migrate(request: RunRequest, onEvent: (event: EngineEvent) => void): RunHandle;
  /** `breakLock`: take the lock from a live holder or another host (the operator confirmed). */
  resume(
    migrationId: string,
    onEvent: (event: EngineEvent) => void,
    options?: { breakLock?: boolean },
  ): RunHandle;
  /** Marks a failed record skipped so a resume passes over it (stop-on-error `s`). */
  skipRecord(migrationId: string, entity: string, sonarId: string, reason: string): Promise<void>;
  /** Re-reads s2s.config.json after the operator edited it (stop-on-error `e`); returns the error text if invalid. */
  reloadConfig(): Promise<string | undefined>;
  /** API request log lines (method, path, status, ms), newest last, values redacted. */
  apiLog(): string[];
}
