// A scripted fake of AppServices: accounts generated in memory, and runs whose events the test
// pushes by hand, so every frame is deterministic. Records every command the UI sends.
import type { EngineEvent, PlanCounts, RunSummary } from '../../source/engine/events.js';
import type { SonarState } from '../../source/mapping/mapping-config.js';
import type {
  AccountPage,
  AccountQuery,
  AccountRow,
  AppServices,
  FailureCause,
  MigrationListItem,
  PreflightCheck,
  RunHandle,
  RunReport,
  RunRequest,
} from '../../source/ui/services.js';

const STATES: SonarState[] = ['ACTIVE', 'ACTIVE', 'SUSPENDED', 'INACTIVE', 'TERMINATED'];
const STATUS_NAMES: Record<SonarState, string> = {
  ACTIVE: 'Active',
  SUSPENDED: 'Delinquent',
  INACTIVE: 'Lead',
  TERMINATED: 'Cancelled',
};

export function fakeAccounts(count: number): AccountRow[] {
  return Array.from({ length: count }, (_, i) => {
    const state = STATES[i % STATES.length] as SonarState;
    return {
      id: String(1000 + i),
      name: `Customer ${String(i + 1).padStart(5, '0')}`,
      state,
      statusName: STATUS_NAMES[state],
      // Every fifth account has no internet plan, like a voice-only or lapsed customer.
      ...(i % 5 === 4 ? {} : { plan: i % 2 === 0 ? 'Fiber 300' : 'Wireless 25/5' }),
      createdAt: '2020-01-01T00:00:00Z',
    };
  });
}

export interface FakeRun {
  kind: 'migrate' | 'resume';
  request?: RunRequest;
  migrationId?: string;
  /** resume only: the operator chose to break a held lock. */
  breakLock?: boolean;
  emit(event: EngineEvent): void;
  finish(summary: RunSummary): void;
  calls: string[];
}

export class FakeServices implements AppServices {
  mode: 'demo' | 'live' = 'demo';
  stateDir = '/srv/s2s/state';
  breakLock = false;
  configFile = '/srv/s2s/s2s.config.json';
  cli = 'npm run s2s --';
  migrations: MigrationListItem[] = [];
  checks: PreflightCheck[] = [
    { id: 'sonar', title: 'Sonar reachable', ok: true, severity: 'blocking', detail: '3 statuses' },
    { id: 'splynx', title: 'Splynx reachable', ok: true, severity: 'blocking', detail: 'ok' },
  ];
  planEvents: EngineEvent[] = [];
  runs: FakeRun[] = [];
  skipped: string[] = [];
  /** Reports by migration id, as the real services read them back after a run. */
  reports = new Map<string, RunReport>();
  reportTexts = new Map<string, string>();
  configProblem: string | undefined;
  reloads = 0;
  api: string[] = ['splynx GET /admin/customers/customer 200 3ms attempt 1'];
  accounts: AccountRow[];
  listCalls = 0;

  constructor(accounts = 30) {
    this.accounts = fakeAccounts(accounts);
  }

  async listMigrations() {
    return this.migrations;
  }

  async preflight(onCheck: (check: PreflightCheck) => void) {
    for (const check of this.checks) onCheck(check);
    return this.checks;
  }

  async plan(_request: RunRequest, onEvent: (event: EngineEvent) => void): Promise<PlanCounts> {
    for (const event of this.planEvents) onEvent(event);
    return {};
  }

  /** Delays every page after the first (a slow Sonar while `a` pages through the list). */
  listDelayMs = 0;

  async listAccounts(query: AccountQuery): Promise<AccountPage> {
    this.listCalls++;
    if (this.listDelayMs > 0 && this.listCalls > 1) {
      await new Promise((resolve) => setTimeout(resolve, this.listDelayMs));
    }
    const search = query.search?.toLowerCase();
    const rows = this.accounts.filter(
      (row) =>
        (!query.states || query.states.includes(row.state)) &&
        (!search || row.name.toLowerCase().includes(search) || row.id === search),
    );
    const start = (query.page - 1) * query.pageSize;
    return {
      rows: rows.slice(start, start + query.pageSize),
      page: query.page,
      totalPages: Math.ceil(rows.length / query.pageSize),
      totalCount: rows.length,
    };
  }

  private start(
    kind: 'migrate' | 'resume',
    onEvent: (event: EngineEvent) => void,
    extra: Partial<FakeRun>,
  ): RunHandle {
    let finish!: (summary: RunSummary) => void;
    const done = new Promise<RunSummary>((resolve) => {
      finish = resolve;
    });
    const run: FakeRun = { kind, emit: onEvent, finish, calls: [], ...extra };
    this.runs.push(run);
    return {
      pause: () => run.calls.push('pause'),
      resume: () => run.calls.push('resume'),
      stop: () => run.calls.push('stop'),
      done,
    };
  }

  migrate(request: RunRequest, onEvent: (event: EngineEvent) => void): RunHandle {
    return this.start('migrate', onEvent, { request });
  }

  resume(
    migrationId: string,
    onEvent: (event: EngineEvent) => void,
    options: { breakLock?: boolean } = {},
  ): RunHandle {
    return this.start('resume', onEvent, { migrationId, breakLock: options.breakLock ?? false });
  }

  async skipCause(migrationId: string, cause: FailureCause) {
    for (const r of cause.records) this.skipped.push(`${migrationId} ${r.entity}:${r.sonarId}`);
  }

  async report(migrationId: string) {
    return this.reports.get(migrationId);
  }

  async reportText(migrationId: string) {
    const text = this.reportTexts.get(migrationId);
    if (text === undefined) throw new Error(`no report.md for ${migrationId}`);
    return text;
  }

  async reloadConfig() {
    this.reloads++;
    return this.configProblem;
  }

  apiLog() {
    return this.api;
  }
}
