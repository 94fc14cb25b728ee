// The four phases with what a run would do in each (a dry run, nothing written) and toggles.
import { Box, Text, useInput } from 'ink';
import { useEffect, useState } from 'react';
import { PHASE_IDS, type PhaseId } from '../../command-line.js';
import type { PlannedAction } from '../../engine/events.js';
import type { Hotkey } from '../components/hotkey-bar.js';
import { Menu } from '../components/menu.js';
import { clip } from '../format.js';
import { moveCursor } from '../keys.js';
import type { AppServices, RunRequest } from '../services.js';
import { Tinted } from '../theme.js';

export const PHASE_KEYS: Hotkey[] = [
  { key: 'space', label: 'toggle phase', essential: true },
  { key: 's', label: 'stop on error', essential: true },
  { key: 'enter', label: 'run (asks first)', essential: true },
  { key: 'esc', label: 'back', essential: true },
];

const TITLES: Record<PhaseId, string> = {
  foundation: 'Foundation',
  network: 'Network',
  inventory: 'Inventory',
  customers: 'Customers',
};
const PLANNED: PlannedAction[] = ['create', 'adopt', 'skip', 'fail', 'blocked'];
/** Records that would fail or be blocked, listed with their reasons under the phases. */
const SHOWN_PROBLEMS = 5;

type PhasePlan = Partial<Record<PhaseId, Partial<Record<PlannedAction, number>>>>;

export function PhasesScreen(props: {
  services: AppServices;
  width: number;
  active: boolean;
  /** The selection, described for the operator (e.g. `3 customers`). */
  what: string;
  request: Omit<RunRequest, 'phases' | 'stopOnError'>;
  onRun(request: RunRequest): void;
  onBack(): void;
}) {
  const [plan, setPlan] = useState<PhasePlan>();
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const [enabled, setEnabled] = useState<PhaseId[]>([...PHASE_IDS]);
  const [stopOnError, setStopOnError] = useState(true);
  const [cursor, setCursor] = useState(0);
  // enter only asks: writing to Splynx takes a deliberate second choice, never a double enter.
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    const counts: PhasePlan = {};
    const found: string[] = [];
    props.services
      .plan({ ...props.request, phases: [...PHASE_IDS], stopOnError: true }, (event) => {
        if (event.type !== 'planned') return;
        const row = counts[event.phase] ?? {};
        row[event.action] = (row[event.action] ?? 0) + 1;
        counts[event.phase] = row;
        if (event.action === 'fail' || event.action === 'blocked') {
          found.push(`${event.action} ${event.label}${event.reason ? ` — ${event.reason}` : ''}`);
        }
      })
      .then(
        () => {
          setPlan(counts);
          setProblems(found);
        },
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      );
  }, [props.services, props.request]);

  const run = () => props.onRun({ ...props.request, phases: enabled, stopOnError });
  useInput(
    (input, key) => {
      if (confirming) {
        if (input === 'y') run();
        else if (input === 'n' || key.escape) setConfirming(false);
        return;
      }
      if (key.escape) return props.onBack();
      if (input === ' ') {
        const phase = PHASE_IDS[cursor];
        if (!phase) return;
        setEnabled((list) =>
          list.includes(phase)
            ? list.filter((p) => p !== phase)
            : PHASE_IDS.filter((p) => p === phase || list.includes(p)),
        );
        return;
      }
      if (input === 's') return setStopOnError((s) => !s);
      if (key.return && plan && enabled.length > 0) {
        setConfirming(true);
        return;
      }
      setCursor((c) => moveCursor(c, PHASE_IDS.length, input, key));
    },
    { isActive: props.active },
  );

  return (
    <Box flexDirection="column">
      <Text bold>Plan for {props.what} (a dry run: nothing is written yet)</Text>
      <Text> </Text>
      {PHASE_IDS.map((phase, i) => {
        const row = plan?.[phase] ?? {};
        const counts = plan
          ? PLANNED.map((a) => `${a} ${row[a] ?? 0}`).join('  ')
          : error
            ? ''
            : 'planning…';
        return (
          <Text key={phase} {...(i === cursor ? { inverse: true } : {})}>
            {clip(
              `${i === cursor ? '>' : ' '} ${enabled.includes(phase) ? '[x]' : '[ ]'} ${TITLES[phase].padEnd(11)} ${counts}`,
              props.width,
            ).trimEnd()}
          </Text>
        );
      })}
      <Text> </Text>
      {problems.slice(0, SHOWN_PROBLEMS).map((line) => (
        <Tinted key={line} tone="warn">
          {clip(`  ${line}`, props.width).trimEnd()}
        </Tinted>
      ))}
      {problems.length > SHOWN_PROBLEMS ? (
        <Text>
          {clip(
            `  … and ${problems.length - SHOWN_PROBLEMS} more (all of them: ${props.services.cli} plan)`,
            props.width,
          ).trimEnd()}
        </Text>
      ) : null}
      {problems.length > 0 ? <Text> </Text> : null}
      {error ? <Tinted tone="bad">✗ The plan failed: {error}</Tinted> : null}
      <Text>
        Stop on the first failed record:{' '}
        {stopOnError ? 'yes' : 'no (failures are listed at the end)'}
      </Text>
      {enabled.length === 0 ? (
        <Tinted tone="warn">Pick at least one phase.</Tinted>
      ) : confirming ? (
        <>
          <Tinted tone="warn" bold>
            {clip(
              `Write ${props.what} to ${props.services.mode === 'demo' ? 'the simulated Splynx' : 'Splynx'} now?`,
              props.width,
            ).trimEnd()}
          </Tinted>
          <Menu
            width={props.width}
            focused={props.active}
            items={[
              { label: 'No, not yet (back to the plan)', value: false },
              { label: `Yes, migrate ${props.what} (y)`, value: true },
            ]}
            onSelect={(item) => (item.value ? run() : setConfirming(false))}
          />
        </>
      ) : plan ? (
        <Text>Press enter to migrate {props.what}.</Text>
      ) : null}
    </Box>
  );
}
