// The real AppServices: the terminal app's only door to the engine, the clients and the state.
// One session (clients, state, config) serves every screen; each run gets its own RunControl so
// pause/stop of one run never leaks into the next.
import { Writable } from 'node:stream';
import type { CommonArgs } from '../command-line.js';
import { DEFAULT_CONFIG_FILE, type EnvConfig, loadMappingConfig, resolvePath } from '../config.js';
import type { EngineEvent, RunSummary } from '../engine/events.js';
import { runMigrate, runPlan, runResume } from '../engine/orchestrator.js';
import { runPreflight } from '../engine/preflight.js';
import { RunControl } from '../engine/run-control.js';
import { resolveSelection } from '../engine/selection.js';
import { errorMessage } from '../errors.js';
import type { MappingConfig, SonarState } from '../mapping/mapping-config.js';
import { customerState } from '../mapping/status.js';
import { listAccounts } from '../sonar/extract-accounts.js';
import { extractFoundation } from '../sonar/extract-foundation.js';
import type { SonarAccountStatus } from '../sonar/records.js';
import { describeHolder, isInterrupted, type MigrationView } from '../state/index.js';
import type {
  AccountPage,
  AccountQuery,
  AppServices,
  MigrationListItem,
  RunHandle,
  RunRequest,
} from '../ui/services.js';
import { type Io, lockNoticeEvent, openSession, stateDirPath } from './session.js';

const API_LOG_LINES = 200;

export interface RealServices extends AppServices {
  /** Everything the session holds: clients, state lock handlers. */
  close(): Promise<void>;
}

/** Collects written text line by line (the session's debug and notice output). */
function lineSink(onLine: (line: string) => void): Writable {
  let partial = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      partial += chunk.toString();
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') onLine(line);
      done();
    },
  });
}

export function openAppServices(
  env: EnvConfig,
  common: CommonArgs,
  cwd: string,
  mode: 'demo' | 'live',
): RealServices {
  const apiLines: string[] = [];
  // The session writes debug lines (one per request) and notices to stderr; here they become the
  // API log the run screen shows on `l`, instead of text under the Ink frame.
  const sink = lineSink((line) => {
    apiLines.push(line.startsWith('debug: ') ? line.slice('debug: '.length) : line);
    if (apiLines.length > API_LOG_LINES) apiLines.splice(0, apiLines.length - API_LOG_LINES);
  });
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

  const deps = (control: RunControl, emit: (event: EngineEvent) => void) => ({
    ...session.deps,
    config,
    control,
    emit,
  });

  const handle = (
    control: RunControl,
    command: 'migrate' | 'resume',
    onEvent: (event: EngineEvent) => void,
    work: () => Promise<RunSummary>,
  ): RunHandle => {
    const started = Date.now();
    runEvents = onEvent;
    const done = work().then(
      (summary) => {
        ledger = undefined;
        runEvents = undefined;
        return summary;
      },
      (error: unknown): RunSummary => {
        ledger = undefined;
        runEvents = undefined;
        const message = session.redactor.text(errorMessage(error));
        onEvent({ type: 'log', level: 'error', message });
        return {
          migrationId: null,
          command,
          status: 'failed',
          counts: {},
          failures: 0,
          durationMs: Date.now() - started,
        };
      },
    );
    return {
      pause: () => control.pause(),
      resume: () => control.resume(),
      stop: () => control.stop(),
      done,
    };
  };

  return {
    mode,
    stateDir: stateDirPath(env, common, io),
    breakLock: common.breakLock,
    configFile,

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
      return handle(control, 'migrate', onEvent, () =>
        runMigrate(deps(control, onEvent), selectionOf(request), {
          concurrency: request.concurrency,
          stopOnError: request.stopOnError,
        }),
      );
    },

    resume(migrationId, onEvent, options = {}) {
      const control = new RunControl();
      return handle(control, 'resume', onEvent, () =>
        runResume(deps(control, onEvent), migrationId, {
          breakLock: (options.breakLock ?? false) || common.breakLock,
        }),
      );
    },

    async skipRecord(migrationId, entity, sonarId, reason) {
      const migration = await state.open(migrationId);
      try {
        await migration.commit({
          entity,
          sonarId,
          action: 'skipped',
          lastError: { kind: 'record', message: reason },
        });
      } finally {
        await migration.close();
      }
      ledger = undefined;
    },

    async reloadConfig() {
      try {
        config = loadMappingConfig(configFile);
        return undefined;
      } catch (error) {
        return errorMessage(error);
      }
    },

    apiLog: () => [...apiLines],

    close: () => session.close(),
  };
}

function selectionOf(request: RunRequest) {
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
