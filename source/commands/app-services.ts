// The real AppServices: the terminal app's only door to the engine, the clients and the state.
// One session (clients, state, config) serves every screen; each run gets its own RunControl so
// pause/stop of one run never leaks into the next.
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import type { CommonArgs } from '../command-line.js';
import { DEFAULT_CONFIG_FILE, type EnvConfig, loadMappingConfig, resolvePath } from '../config.js';
import type { EngineEvent, RecordFailure, RunSummary } from '../engine/events.js';
import { runMigrate, runPlan, runResume } from '../engine/orchestrator.js';
import { runPreflight } from '../engine/preflight.js';
import {
  causeKey,
  keyedFailureGroups,
  type ReportFailure,
  writeReports,
} from '../engine/report.js';
import { ReportCollector } from '../engine/report-collector.js';
import { RunControl } from '../engine/run-control.js';
import { type ResolvedSelection, resolveSelection, STATE_ORDER } from '../engine/selection.js';
import { errorMessage } from '../errors.js';
import type { MappingConfig, SonarState } from '../mapping/mapping-config.js';
import { customerState } from '../mapping/status.js';
import { listAccounts } from '../sonar/extract-accounts.js';
import { extractFoundation } from '../sonar/extract-foundation.js';
import type { SonarAccountStatus } from '../sonar/records.js';
import { describeHolder, isInterrupted, type MigrationView } from '../state/index.js';
import { plainLogWriter } from '../ui/plain-log.js';
import type {
  AccountPage,
  AccountQuery,
  AppServices,
  FailureCause,
  MigrationListItem,
  RunHandle,
  RunReport,
  RunRequest,
} from '../ui/services.js';
import { type Io, lockNoticeEvent, openSession, type Session, stateDirPath } from './session.js';

const API_LOG_LINES = 200;

export interface RealServices extends AppServices {
  /** Everything the session holds: clients, state lock handlers. */
  close(): Promise<void>;
}

/**
 * Keeps the last `size` lines written to it (the session's debug and notice output). Not a
 * stream: it is written once per API request, and only `write` is ever called on it.
 */
class LineRing {
  private lines: string[] = [];
  private next = 0;
  constructor(private readonly size: number) {}

  write(chunk: string | Buffer): boolean {
    for (const raw of chunk.toString().split('\n')) {
      const line = raw.startsWith('debug: ') ? raw.slice('debug: '.length) : raw;
      if (line.trim() === '') continue;
      if (this.lines.length < this.size) this.lines.push(line);
      else this.lines[this.next % this.size] = line;
      this.next++;
    }
    return true;
  }

  /** Oldest first. */
  all(): string[] {
    if (this.lines.length < this.size) return [...this.lines];
    const at = this.next % this.size;
    return [...this.lines.slice(at), ...this.lines.slice(0, at)];
  }
}

/**
 * Collects lines in memory and writes them to `out` a few times a second: run.log gets one write
 * of many lines, not one per record. Only `write` is called on it (plain-log.ts).
 */
class BatchedLines {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly out: () => NodeJS.WritableStream | undefined,
    private readonly everyMs: number,
  ) {}

  write(chunk: string): boolean {
    this.pending.push(chunk);
    this.timer ??= setTimeout(() => this.flush(), this.everyMs);
    return true;
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const out = this.out();
    if (this.pending.length === 0 || !out) return;
    out.write(this.pending.join(''));
    this.pending = [];
  }
}

/** The files a run leaves in its migration folder: the headless run's reports, and the app's log. */
export const REPORT_FILES = ['report.md', 'report.json', 'failures.csv', 'ids.csv'] as const;
export const RUN_LOG = 'run.log';

/** What the app reads back of report.json (written by engine/report.ts). */
const ReportJsonSchema = v.looseObject({
  migrationId: v.string(),
  failures: v.array(
    v.looseObject({
      accountId: v.optional(v.string()),
      entity: v.string(),
      sonarId: v.string(),
      label: v.string(),
      action: v.picklist(['failed', 'blocked']),
      kind: v.picklist(['retryable', 'unknown-outcome', 'record', 'fatal']),
      field: v.optional(v.string()),
      message: v.string(),
      splynxMessage: v.optional(v.string()),
      fixes: v.array(v.string()),
    }),
  ),
});

/** How often run.log is written: one write of many lines, not one per record. */
const LOG_FLUSH_MS = 200;

/**
 * The run's log as a headless run prints it (every record, verbose), appended to run.log in the
 * migration folder once the engine names the migration; lines before that wait in memory.
 */
function runLog(stateDir: string, redactor: Session['redactor']) {
  let stream: WriteStream | undefined;
  let write: ((event: EngineEvent) => void) | undefined;
  const early: EngineEvent[] = [];
  const batch = new BatchedLines(() => stream, LOG_FLUSH_MS);
  return {
    observe(event: EngineEvent) {
      if (!write && event.type === 'migration') {
        stream = createWriteStream(path.join(stateDir, event.migrationId, RUN_LOG), {
          flags: 'a',
          mode: 0o600,
        });
        // A log that cannot be written must not stop the migration; the panel still shows it.
        stream.on('error', () => {});
        write = plainLogWriter(batch as unknown as NodeJS.WritableStream, redactor, {
          verbose: true,
        });
        for (const e of early.splice(0)) write(e);
      }
      if (write) write(event);
      else if (early.length < 1_000) early.push(event);
    },
    close(): Promise<void> {
      batch.flush();
      return new Promise((resolve) => (stream ? stream.end(resolve) : resolve()));
    },
  };
}

export function openAppServices(
  env: EnvConfig,
  common: CommonArgs,
  cwd: string,
  mode: 'demo' | 'live',
  cli = 'npm run s2s --',
): RealServices {
  // The session writes debug lines (one per request) and notices to stderr; here they become the
  // API log the run screen shows on `l`, instead of text under the Ink frame.
  const apiLines = new LineRing(API_LOG_LINES);
  const sink = apiLines as unknown as NodeJS.WritableStream;
  const io: Io = { stdout: sink, stderr: sink, cwd };
  // A lock taken over (or broken) while starting a run is told in that run's log.
  let runEvents: ((event: EngineEvent) => void) | undefined;
  const session = openSession({ ...env, debug: true }, { ...common, json: false }, io, {
    onLockNotice: (notice) => (runEvents ?? session.deps.emit)(lockNoticeEvent(notice)),
  });
  const configFile = resolvePath(cwd, common.config ?? env.configFile ?? DEFAULT_CONFIG_FILE);
  let config: MappingConfig = session.deps.config;
  let statuses: Promise<SonarAccountStatus[]> | undefined;
  let ledger: Promise<MigrationView | undefined> | undefined;
  const state = session.deps.state;
  // Preflight reads only; it ends with the session, never with a run's stop.
  const preflightSignal = new AbortController().signal;

  const accountStatuses = () => {
    statuses ??= extractFoundation(session.clients.sonar).then(
      (f) => f.account_statuses,
      (error: unknown) => {
        statuses = undefined;
        throw error;
      },
    );
    return statuses;
  };
  const latestLedger = () => {
    ledger ??= state.latest().then((m) => (m?.ok ? state.readOnly(m.id) : undefined));
    return ledger;
  };

  const stateDir = stateDirPath(env, common, io);
  // Causes the operator skipped, per migration: later runs of it skip their other records too.
  const skippedCauses = new Map<string, Map<string, string>>();

  const deps = (control: RunControl, emit: (event: EngineEvent) => void, migrationId?: string) => {
    const causes = migrationId ? skippedCauses.get(migrationId) : undefined;
    return {
      ...session.deps,
      config,
      control,
      emit,
      ...(causes
        ? {
            skipFailure: (failure: RecordFailure) =>
              causes.get(causeKey({ ...failure, action: 'failed' })),
          }
        : {}),
    };
  };

  /**
   * Runs one migrate or resume as a headless run does: the same events, and at the end the same
   * reports in the migration folder (report.md, report.json, failures.csv, ids.csv), written
   * before `done` resolves; plus run.log, the log the run screen shows.
   */
  const handle = (
    control: RunControl,
    command: 'migrate' | 'resume',
    onEvent: (event: EngineEvent) => void,
    work: (emit: (event: EngineEvent) => void) => Promise<RunSummary>,
  ): RunHandle => {
    const started = Date.now();
    const requests = { ...session.clients.counts };
    const collector = new ReportCollector();
    const log = runLog(stateDir, session.redactor);
    const emit = (event: EngineEvent) => {
      collector.observe(event);
      log.observe(event);
      onEvent(event);
    };
    runEvents = emit;
    const finish = async (summary: RunSummary): Promise<RunSummary> => {
      summary.sonarRequests = session.clients.counts.sonar - requests.sonar;
      summary.splynxRequests = session.clients.counts.splynx - requests.splynx;
      // durationMs stays the engine's: the migration's active time over all its runs.
      if (summary.migrationId) {
        try {
          const view = await state.readOnly(summary.migrationId);
          const paths = writeReports(view, {
            redactor: session.redactor,
            summary,
            failures: collector.failures,
            skipped: collector.skipped,
          });
          log.observe({ type: 'log', level: 'info', message: `Reports: ${paths.markdown}` });
        } catch (error) {
          // The migration's state is saved either way; only the reports are missing.
          emit({
            type: 'log',
            level: 'error',
            message: `The reports could not be written: ${session.redactor.text(errorMessage(error))}`,
          });
        }
      }
      log.observe({ type: 'summary', summary });
      return summary;
    };
    const done = work(emit)
      .then(finish, (error: unknown): RunSummary => {
        const message = session.redactor.text(errorMessage(error));
        emit({ type: 'log', level: 'error', message });
        return {
          migrationId: null,
          command,
          status: 'failed',
          counts: {},
          failures: 0,
          durationMs: Date.now() - started,
        };
      })
      .finally(async () => {
        ledger = undefined;
        runEvents = undefined;
        await log.close();
      });
    return {
      pause: () => control.pause(),
      resume: () => control.resume(),
      stop: () => control.stop(),
      done,
    };
  };

  return {
    mode,
    stateDir,
    breakLock: common.breakLock,
    configFile,
    cli,

    async listMigrations(): Promise<MigrationListItem[]> {
      const list = await state.list();
      return list
        .map((m): MigrationListItem => {
          if (!m.ok) {
            return {
              id: m.id,
              status: 'damaged',
              createdAt: '',
              updatedAt: '',
              counts: {},
              problem: m.problem,
              locked: false,
            };
          }
          return {
            id: m.id,
            // A run whose process died is interrupted, not running: resuming takes it over.
            status: isInterrupted(m.status, m.lock) ? 'interrupted' : m.status,
            createdAt: m.createdAt,
            updatedAt: m.updatedAt,
            counts: m.counts,
            ...(m.lastError ? { lastError: m.lastError.message } : {}),
            locked: m.lock.state === 'held',
            ...(m.lock.state === 'free'
              ? {}
              : {
                  lock: {
                    state: m.lock.state,
                    holder: describeHolder(m.lock.holder),
                    reason: m.lock.reason,
                    short: m.lock.holder
                      ? `process ${m.lock.holder.pid} on ${m.lock.holder.hostname} since ${m.lock.holder.startedAt.slice(0, 16).replace('T', ' ')} UTC`
                      : 'an unknown process',
                  },
                }),
          };
        })
        .reverse();
    },

    preflight(onCheck) {
      return runPreflight(
        {
          sonar: session.deps.sonar,
          splynx: session.clients.splynx,
          config,
          signal: preflightSignal,
        },
        onCheck,
      );
    },

    async plan(request, onEvent) {
      const control = new RunControl();
      const summary = await runPlan(deps(control, onEvent), selectionOf(request), {
        concurrency: request.concurrency,
        stopOnError: request.stopOnError,
      });
      return summary.planned ?? {};
    },

    async listAccounts(query: AccountQuery): Promise<AccountPage> {
      const known = await accountStatuses();
      const stateOf = (statusId: string): SonarState =>
        customerState({ account_status_id: statusId, archived_at: null }, known, config);
      const wanted = query.states;
      const statusIds = wanted
        ? known.filter((s) => wanted.includes(stateOf(s.id))).map((s) => s.id)
        : undefined;
      if (statusIds && statusIds.length === 0) {
        return { rows: [], page: query.page, totalPages: 0, totalCount: 0 };
      }
      const [page, view] = await Promise.all([
        listAccounts(session.clients.sonar, query.page, {
          ...(statusIds ? { statusIds } : {}),
          ...(query.search ? { search: query.search } : {}),
          pageSize: query.pageSize,
          includeArchived: wanted === undefined || wanted.includes('TERMINATED'),
        }),
        latestLedger(),
      ]);
      return {
        rows: page.entities.map((account) => {
          const migration = view?.get('customer', account.id)?.action;
          return {
            id: account.id,
            name: account.name,
            state: stateOf(account.account_status_id),
            statusName:
              known.find((s) => s.id === account.account_status_id)?.name ??
              account.account_status_id,
            createdAt: account.created_at,
            ...(account.plan ? { plan: account.plan } : {}),
            ...(migration ? { migration } : {}),
          };
        }),
        page: page.page,
        totalPages: page.total_pages,
        totalCount: page.total_count,
      };
    },

    migrate(request: RunRequest, onEvent) {
      const control = new RunControl();
      return handle(control, 'migrate', onEvent, (emit) =>
        runMigrate(deps(control, emit), selectionOf(request), {
          concurrency: request.concurrency,
          stopOnError: request.stopOnError,
        }),
      );
    },

    resume(migrationId, onEvent, options = {}) {
      const control = new RunControl();
      return handle(control, 'resume', onEvent, (emit) =>
        runResume(deps(control, emit, migrationId), migrationId, {
          breakLock: (options.breakLock ?? false) || common.breakLock,
        }),
      );
    },

    async skipCause(migrationId: string, cause: FailureCause) {
      const reason = session.redactor.text(`skipped by the operator: ${cause.cause}`);
      const migration = await state.open(migrationId);
      try {
        for (const record of cause.records) {
          await migration.commit({
            entity: record.entity,
            sonarId: record.sonarId,
            action: 'skipped',
            lastError: {
              kind: 'record',
              message: reason,
              ...(record.field ? { field: record.field } : {}),
            },
          });
        }
      } finally {
        await migration.close();
      }
      const causes = skippedCauses.get(migrationId) ?? new Map<string, string>();
      causes.set(cause.key, reason);
      skippedCauses.set(migrationId, causes);
      ledger = undefined;
    },

    async report(migrationId: string): Promise<RunReport | undefined> {
      const dir = path.join(stateDir, migrationId);
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
      } catch {
        return undefined;
      }
      const parsed = v.safeParse(ReportJsonSchema, raw);
      if (!parsed.success) return undefined;
      const failures = parsed.output.failures as ReportFailure[];
      return {
        migrationId,
        dir,
        files: [...REPORT_FILES, RUN_LOG].filter((f) => existsSync(path.join(dir, f))),
        causes: keyedFailureGroups(failures).map(({ key, group, failures: records }) => ({
          key,
          entity: group.entity,
          action: group.action,
          ...(group.field ? { field: group.field } : {}),
          cause: group.cause,
          fixes: group.fixes,
          records: records.map((f) => ({
            entity: f.entity,
            sonarId: f.sonarId,
            label: f.label,
            ...(f.accountId ? { accountId: f.accountId } : {}),
            action: f.action,
            ...(f.field ? { field: f.field } : {}),
            message: f.message,
            ...(f.splynxMessage ? { splynxMessage: f.splynxMessage } : {}),
            fixes: f.fixes,
          })),
        })),
      };
    },

    async reportText(migrationId: string) {
      return readFileSync(path.join(stateDir, migrationId, 'report.md'), 'utf8');
    },

    async reloadConfig() {
      try {
        config = loadMappingConfig(configFile);
        return undefined;
      } catch (error) {
        return errorMessage(error);
      }
    },

    apiLog: () => apiLines.all(),

    close: () => session.close(),
  };
}

function selectionOf(request: RunRequest): ResolvedSelection {
  // A retry of one record outside the customers phase, as `--records-from` would select it.
  if (request.records && request.records.length > 0) {
    return {
      kind: 'ids',
      ids: request.customers ?? [],
      records: request.records,
      states: [...STATE_ORDER],
      phases: request.phases,
    };
  }
  return resolveSelection(
    {
      ...(request.customers ? { customers: request.customers } : {}),
      all: request.all ?? false,
      ...(request.states ? { statuses: request.states } : {}),
      includeInactive: false,
      phases: request.phases,
    },
    { requireExplicit: false },
  );
}
