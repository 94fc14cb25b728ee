// The customer list with 50,000 accounts: time to first frame, then the frame time while a search
// is typed key by key (targets: under 1 s and under 50 ms). The accounts come from an in-memory
// AppServices so the figures are the UI's own cost, not Sonar's.
// Run: npx tsx bench/tui-customer-list.ts [accounts]
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { createElement } from 'react';
import type { EngineEvent, PlanCounts } from '../source/engine/events.js';
import type { SonarState } from '../source/mapping/mapping-config.js';
import { CustomersScreen } from '../source/ui/screens/customers.js';
import type {
  AccountPage,
  AccountQuery,
  AccountRow,
  AppServices,
  RunHandle,
} from '../source/ui/services.js';

const COUNT = Number(process.argv[2] ?? 50_000);
const STATES: SonarState[] = ['ACTIVE', 'ACTIVE', 'SUSPENDED', 'INACTIVE', 'TERMINATED'];
const accounts: AccountRow[] = Array.from({ length: COUNT }, (_, i) => ({
  id: String(1000 + i),
  name: `Customer ${i} ${['Smith', 'Ng', 'Ångström', 'Baker'][i % 4]}`,
  state: STATES[i % 5] as SonarState,
  statusName: 'Active',
  createdAt: '2020-01-01T00:00:00Z',
}));

const unused = () => {
  throw new Error('not used by the list');
};
const services: AppServices = {
  mode: 'demo',
  stateDir: '/tmp',
  configFile: '/tmp/s2s.config.json',
  cli: 'npm run s2s --',
  listMigrations: async () => [],
  preflight: async () => [],
  plan: async (): Promise<PlanCounts> => ({}),
  async listAccounts(query: AccountQuery): Promise<AccountPage> {
    const search = query.search?.toLowerCase();
    const rows = accounts.filter(
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
  },
  migrate: (_r, _e: (event: EngineEvent) => void): RunHandle => unused(),
  resume: (): RunHandle => unused(),
  skipCause: async () => {},
  report: async () => undefined,
  reportText: async () => '',
  reloadConfig: async () => undefined,
  apiLog: () => [],
};

// A fake terminal: counts frames written, never prints them.
class Out extends EventEmitter {
  columns = 120;
  rows = 40;
  writes = 0;
  last = '';
  write(frame: string) {
    this.writes++;
    this.last = frame;
    return true;
  }
}
class In extends EventEmitter {
  isTTY = true;
  private queue: string[] = [];
  setRawMode() {}
  setEncoding() {}
  ref() {}
  unref() {}
  resume() {}
  pause() {}
  read() {
    return this.queue.shift() ?? null;
  }
  type(data: string) {
    this.queue.push(data);
    this.emit('readable');
  }
}

const out = new Out();
const input = new In();
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(test: () => boolean) {
  while (!test()) await new Promise((resolve) => setImmediate(resolve));
}

const t0 = performance.now();
const app = render(
  createElement(CustomersScreen, {
    services,
    width: 120,
    height: 38,
    active: true,
    marks: { ids: new Set<string>() },
    onMarks: () => {},
    onTyping: () => {},
    startSearch: false,
    onSearchStarted: () => {},
    onPlan: () => {},
    onBack: () => {},
    onQuit: () => {},
  }),
  {
    stdout: out as unknown as NodeJS.WriteStream,
    stdin: input as unknown as NodeJS.ReadStream,
    patchConsole: false,
    exitOnCtrlC: false,
  },
);
await until(() => out.last.includes(`/${COUNT.toLocaleString('en-US')}`));
const firstFrame = performance.now() - t0;

await wait(50);
input.type('/');
await wait(50);
const times: number[] = [];
for (const ch of 'smith 12') {
  const before = out.last;
  const start = performance.now();
  input.type(ch);
  await until(() => out.last !== before && !out.last.includes('Loading'));
  times.push(performance.now() - start);
  // Ink draws at most every ~33 ms; space the keys like a fast typist so each gets its frame.
  await wait(40);
}
app.unmount();
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? 0;
const worst = times.at(-1) ?? 0;
console.log(`accounts: ${COUNT.toLocaleString('en-US')}`);
console.log(`time to first frame: ${firstFrame.toFixed(0)} ms (target < 1000 ms)`);
console.log(
  `frame time while typing a search: median ${median.toFixed(1)} ms, worst ${worst.toFixed(1)} ms over ${times.length} keys (target < 50 ms)`,
);
console.log(`frames written: ${out.writes}`);
