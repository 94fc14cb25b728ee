// The terminal app: start → preflight → customers → plan → run → summary, with `?` help, `/`
// search, esc back and a hotkey bar on every screen. It renders engine events and sends commands
// through AppServices only.
import { Box, useApp, useInput } from 'ink';
import { useMemo, useRef, useState } from 'react';
import type { CustomerState } from '../command-line.js';
import type { RunSummary } from '../engine/events.js';
import { HelpOverlay } from './components/help-overlay.js';
import { type Hotkey, HotkeyBar } from './components/hotkey-bar.js';
import { plural } from './format.js';
import { type Marks, NO_MARKS } from './marks.js';
import { CUSTOMER_KEYS, CustomersScreen } from './screens/customers.js';
import { PHASE_KEYS, PhasesScreen } from './screens/phases.js';
import { PREFLIGHT_KEYS, PreflightScreen } from './screens/preflight.js';
import { RUN_KEYS, RunScreen, type RunStart } from './screens/run.js';
import { START_KEYS, StartScreen } from './screens/start.js';
import { SUMMARY_KEYS, SummaryScreen } from './screens/summary.js';
import type { AppServices, RunHandle, RunRequest } from './services.js';
import { type Size, useTerminalSize } from './terminal-size.js';
import { ColourProvider } from './theme.js';

export type Screen = 'start' | 'preflight' | 'customers' | 'phases' | 'run' | 'summary';

export interface AppProps {
  services: AppServices;
  colour: boolean;
  /** Pins the size (tests); otherwise the terminal's, following resizes. */
  size?: Size;
  concurrency?: number;
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
  const [searchNonce, setSearchNonce] = useState(0);
  const [marks, setMarks] = useState<Marks>(NO_MARKS);
  const [planned, setPlanned] = useState<Marks>(NO_MARKS);
  const [run, setRun] = useState<RunStart>();
  const [runKeys, setRunKeys] = useState<Hotkey[]>(RUN_KEYS);
  const [summary, setSummary] = useState<RunSummary>();
  const [preflightDone, setPreflightDone] = useState(false);
  const concurrency = props.concurrency ?? 4;
  const running = useRef<RunHandle>(undefined);
  const quit = () => {
    props.onExit?.();
    exit();
  };
  const request = useMemo(() => requestFor(planned, concurrency), [planned, concurrency]);

  const keys: Record<Screen, Hotkey[]> = {
    start: START_KEYS,
    preflight: PREFLIGHT_KEYS,
    customers: CUSTOMER_KEYS,
    phases: PHASE_KEYS,
    run: runKeys,
    summary: SUMMARY_KEYS,
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
        setSearchNonce((n) => n + 1);
      }
    },
    { isActive: !typing },
  );

  const active = !help;
  const width = size.columns;
  // The hotkey bar and one spare line stay below the screen.
  const height = size.rows - 2;
  let body: React.ReactNode;
  switch (screen) {
    case 'start':
      body = (
        <StartScreen
          services={props.services}
          width={width}
          active={active}
          onNew={() => setScreen(preflightDone ? 'customers' : 'preflight')}
          onResume={(id, breakLock) => {
            setRun({ kind: 'resume', id, breakLock });
            setScreen('run');
          }}
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
          startSearch={searchNonce}
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
          onRun={(full) => {
            setRun({ kind: 'migrate', request: full });
            setScreen('run');
          }}
          onBack={() => setScreen('customers')}
        />
      );
      break;
    case 'run':
      body = run ? (
        <RunScreen
          services={props.services}
          start={run}
          width={width}
          height={height}
          active={active}
          onHandle={(h) => {
            running.current = h;
            props.onRunHandle?.(h);
          }}
          onKeys={setRunKeys}
          onDone={(s) => {
            setSummary(s);
            setScreen('summary');
          }}
        />
      ) : null;
      break;
    case 'summary':
      body = summary ? (
        <SummaryScreen
          summary={summary}
          stateDir={props.services.stateDir}
          width={width}
          height={height}
          active={active}
          onMore={() => {
            setMarks(NO_MARKS);
            setScreen(preflightDone ? 'customers' : 'start');
          }}
          onQuit={quit}
        />
      ) : null;
      break;
  }

  return (
    <ColourProvider value={props.colour}>
      <Box flexDirection="column" width={width}>
        {help ? <HelpOverlay title={TITLES[screen]} keys={keys[screen]} width={width} /> : null}
        <Box flexDirection="column" display={help ? 'none' : 'flex'}>
          {body}
        </Box>
        <HotkeyBar keys={[...keys[screen], { key: '?', label: 'help' }]} width={width} />
      </Box>
    </ColourProvider>
  );
}
