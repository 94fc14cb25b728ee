// The terminal app: start → preflight → customers → plan → run → summary (→ failures → report),
// with `?` help, `/` search, esc back and a hotkey bar on every screen. It renders engine events
// and sends commands through AppServices only. Below 80×24 it says the terminal is too small
// (the screens stay mounted underneath, so a run carries on).
import { Box, Text, useApp, useInput } from 'ink';
import { useMemo, useRef, useState } from 'react';
import type { CustomerState } from '../command-line.js';
import type { RunSummary } from '../engine/events.js';
import { HelpOverlay } from './components/help-overlay.js';
import { type Hotkey, HotkeyBar } from './components/hotkey-bar.js';
import { clip, plural } from './format.js';
import { type Marks, NO_MARKS } from './marks.js';
import { CUSTOMER_KEYS, CustomersScreen } from './screens/customers.js';
import { FAILURE_KEYS, type FailureAction, FailuresScreen } from './screens/failures.js';
import { PHASE_KEYS, PhasesScreen } from './screens/phases.js';
import { PREFLIGHT_KEYS, PreflightScreen } from './screens/preflight.js';
import { REPORT_KEYS, ReportView } from './screens/report-view.js';
import { RUN_KEYS, RunScreen, type RunStart } from './screens/run.js';
import { START_KEYS, StartScreen } from './screens/start.js';
import { SUMMARY_KEYS, SummaryScreen } from './screens/summary.js';
import type { AppServices, RunHandle, RunReport, RunRequest } from './services.js';
import { type Size, useTerminalSize } from './terminal-size.js';
import { ColourProvider } from './theme.js';

export type Screen =
  | 'start'
  | 'preflight'
  | 'customers'
  | 'phases'
  | 'run'
  | 'summary'
  | 'failures'
  | 'report';

/** The smallest terminal every screen is laid out for. */
export const MIN_SIZE = { columns: 80, rows: 24 } as const;

export interface AppProps {
  services: AppServices;
  colour: boolean;
  /** Pins the size (tests); otherwise the terminal's, following resizes. */
  size?: Size;
  concurrency?: number;
  /** The clock of elapsed times and rates (tests pin it). */
  now?: () => number;
  /** The running migration's controls, for SIGHUP/SIGTERM handling outside React. */
  onRunHandle?(handle: RunHandle | undefined): void;
  /** Called when the operator quits. */
  onExit?(): void;
}

const TITLES: Record<Screen, string> = {
  start: 'start',
  preflight: 'preflight',
  customers: 'customers',
  phases: 'plan',
  run: 'run',
  summary: 'summary',
  failures: 'failures',
  report: 'report',
};

function describe(marks: Marks): string {
  if (marks.allOf) {
    const states = marks.allOf.states;
    return states.length === 4
      ? `all ${plural(marks.ids.size, 'customer')}`
      : `all ${plural(marks.ids.size, `${states.join('/').toLowerCase()} customer`)}`;
  }
  return plural(marks.ids.size, 'customer');
}

function requestFor(marks: Marks, concurrency: number): Omit<RunRequest, 'phases' | 'stopOnError'> {
  if (marks.allOf) {
    return {
      all: true,
      states: marks.allOf.states.map((s) => s.toLowerCase() as CustomerState),
      concurrency,
    };
  }
  return { customers: [...marks.ids], concurrency };
}

export function App(props: AppProps) {
  const { exit } = useApp();
  const size = useTerminalSize(props.size);
  const [screen, setScreen] = useState<Screen>('start');
  const [help, setHelp] = useState(false);
  const [typing, setTyping] = useState(false);
  // The app's `/` asks the customer list to start a search, once; going back there later must not.
  const [searchRequested, setSearchRequested] = useState(false);
  const [marks, setMarks] = useState<Marks>(NO_MARKS);
  const [planned, setPlanned] = useState<Marks>(NO_MARKS);
  const [run, setRun] = useState<RunStart & { n: number }>();
  const [summary, setSummary] = useState<RunSummary>();
  const [report, setReport] = useState<RunReport>();
  const [reportFrom, setReportFrom] = useState<Screen>('summary');
  const [preflightDone, setPreflightDone] = useState(false);
  const concurrency = props.concurrency ?? 4;
  const running = useRef<RunHandle>(undefined);
  const quit = () => {
    props.onExit?.();
    exit();
  };
  const request = useMemo(() => requestFor(planned, concurrency), [planned, concurrency]);
  const startRun = (start: RunStart) => {
    setRun((r) => ({ ...start, n: (r?.n ?? 0) + 1 }));
    setScreen('run');
  };
  const onFailureAction = (action: FailureAction) =>
    startRun(
      action.kind === 'resume'
        ? { kind: 'resume', id: action.id, message: action.message }
        : { kind: 'migrate', request: action.request, message: action.message },
    );

  const keys: Record<Screen, Hotkey[]> = {
    start: START_KEYS,
    preflight: PREFLIGHT_KEYS,
    customers: CUSTOMER_KEYS,
    phases: PHASE_KEYS,
    run: RUN_KEYS,
    // Keys that would do nothing here are not offered.
    summary: SUMMARY_KEYS.filter(
      (k) =>
        (k.key !== 'f' || (report?.causes.length ?? summary?.failures ?? 0) > 0) &&
        (k.key !== 'v' || report !== undefined),
    ),
    failures: FAILURE_KEYS,
    report: REPORT_KEYS,
  };

  // Ctrl-C in raw mode arrives as a key: it stops a run safely, like q; elsewhere it quits.
  useInput((input, key) => {
    if (!(key.ctrl && input === 'c')) return;
    if (running.current) running.current.stop();
    else quit();
  });
  useInput(
    (input) => {
      if (help) return setHelp(false);
      if (input === '?') return setHelp(true);
      if (input === '/' && screen !== 'run' && screen !== 'customers' && preflightDone) {
        setScreen('customers');
        setSearchRequested(true);
      }
    },
    { isActive: !typing && !tooSmall(size) },
  );

  const small = tooSmall(size);
  const active = !help && !small;
  const width = Math.max(MIN_SIZE.columns, size.columns);
  // The hotkey bar and one spare line stay below the screen: the frame is never as tall as the
  // terminal (Ink would clear and redraw the whole screen on every frame then).
  const height = Math.max(MIN_SIZE.rows, size.rows) - 2;
  let body: React.ReactNode;
  switch (screen) {
    case 'start':
      body = (
        <StartScreen
          services={props.services}
          width={width}
          active={active}
          onNew={() => setScreen(preflightDone ? 'customers' : 'preflight')}
          onResume={(id, breakLock) => startRun({ kind: 'resume', id, breakLock })}
          onQuit={quit}
        />
      );
      break;
    case 'preflight':
      body = (
        <PreflightScreen
          services={props.services}
          height={height}
          active={active}
          onContinue={() => {
            setPreflightDone(true);
            setScreen('customers');
          }}
          onBack={() => setScreen('start')}
        />
      );
      break;
    case 'customers':
      body = (
        <CustomersScreen
          services={props.services}
          width={width}
          height={height}
          active={active}
          marks={marks}
          onMarks={setMarks}
          onTyping={setTyping}
          startSearch={searchRequested}
          onSearchStarted={() => setSearchRequested(false)}
          onPlan={(chosen) => {
            setPlanned(chosen);
            setScreen('phases');
          }}
          onBack={() => setScreen('start')}
          onQuit={quit}
        />
      );
      break;
    case 'phases':
      body = (
        <PhasesScreen
          services={props.services}
          width={width}
          active={active}
          what={describe(planned)}
          request={request}
          onRun={(full) => startRun({ kind: 'migrate', request: full })}
          onBack={() => setScreen('customers')}
        />
      );
      break;
    case 'run':
      body = run ? (
        <RunScreen
          key={run.n}
          services={props.services}
          start={run}
          width={width}
          height={height}
          active={active}
          {...(props.now ? { now: props.now } : {})}
          onHandle={(h) => {
            running.current = h;
            props.onRunHandle?.(h);
          }}
          onDone={(s) => {
            const show = (r: RunReport | undefined) => {
              setSummary(s);
              setReport(r);
              setScreen(s.status === 'stopped' && s.failure && r ? 'failures' : 'summary');
            };
            if (s.migrationId)
              props.services.report(s.migrationId).then(show, () => show(undefined));
            else show(undefined);
          }}
        />
      ) : null;
      break;
    case 'summary':
      body = summary ? (
        <SummaryScreen
          summary={summary}
          report={report}
          stateDir={props.services.stateDir}
          cli={props.services.cli}
          width={width}
          height={height}
          active={active}
          onMore={() => {
            setMarks(NO_MARKS);
            setScreen(preflightDone ? 'customers' : 'start');
          }}
          onFailures={() => setScreen('failures')}
          onReport={() => {
            setReportFrom('summary');
            setScreen('report');
          }}
          onQuit={quit}
        />
      ) : null;
      break;
    case 'failures':
      body =
        summary && report ? (
          <FailuresScreen
            services={props.services}
            summary={summary}
            report={report}
            width={width}
            height={height}
            active={active}
            concurrency={concurrency}
            onRun={onFailureAction}
            onReport={() => {
              setReportFrom('failures');
              setScreen('report');
            }}
            onBack={() => setScreen('summary')}
          />
        ) : null;
      break;
    case 'report':
      body = report ? (
        <ReportView
          services={props.services}
          migrationId={report.migrationId}
          width={width}
          height={height}
          active={active}
          onBack={() => setScreen(reportFrom)}
        />
      ) : null;
      break;
  }

  return (
    <ColourProvider value={props.colour}>
      {small ? (
        <Box flexDirection="column" width={Math.max(1, size.columns)}>
          <Text>
            {clip(
              `The terminal is ${size.columns}×${size.rows}; s2s needs at least ${MIN_SIZE.columns}×${MIN_SIZE.rows}.`,
              Math.max(1, size.columns),
            ).trimEnd()}
          </Text>
          <Text>
            {clip(
              'Make the window bigger; a run carries on meanwhile.',
              Math.max(1, size.columns),
            ).trimEnd()}
          </Text>
        </Box>
      ) : null}
      <Box flexDirection="column" width={width} display={small ? 'none' : 'flex'}>
        {help ? <HelpOverlay title={TITLES[screen]} keys={keys[screen]} width={width} /> : null}
        <Box flexDirection="column" display={help ? 'none' : 'flex'}>
          {body}
        </Box>
        <HotkeyBar
          keys={[...keys[screen], { key: '?', label: 'help', essential: true }]}
          width={width}
        />
      </Box>
    </ColourProvider>
  );
}

function tooSmall(size: Size): boolean {
  return size.columns < MIN_SIZE.columns || size.rows < MIN_SIZE.rows;
}
