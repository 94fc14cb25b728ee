// Connect and check: each check as it answers, ✓/✗ with words, the fix for every failure.
import { Box, Text, useInput } from 'ink';
import { useCallback, useEffect, useState } from 'react';
import type { Hotkey } from '../components/hotkey-bar.js';
import { plural } from '../format.js';
import { moveCursor } from '../keys.js';
import type { AppServices, PreflightCheck } from '../services.js';
import { Tinted } from '../theme.js';

export const PREFLIGHT_KEYS: Hotkey[] = [
  { key: 'enter', label: 'continue' },
  { key: 'd', label: 'list all checks' },
  { key: 'r', label: 're-run' },
  { key: 'esc', label: 'back' },
];

function mark(check: PreflightCheck): string {
  if (check.ok) return '✓ ok  ';
  return check.severity === 'blocking' ? '✗ FAIL' : '! warn';
}

export function PreflightScreen(props: {
  services: AppServices;
  height: number;
  active: boolean;
  onContinue(): void;
  onBack(): void;
}) {
  const [checks, setChecks] = useState<PreflightCheck[]>([]);
  const [done, setDone] = useState(false);
  const [details, setDetails] = useState(false);
  const [scroll, setScroll] = useState(0);
  const [error, setError] = useState<string>();
  const run = useCallback(() => {
    setChecks([]);
    setDone(false);
    setError(undefined);
    props.services
      .preflight((check) => setChecks((list) => [...list, check]))
      .then(
        (all) => {
          setChecks(all);
          setDone(true);
        },
        (e: unknown) => {
          setError(e instanceof Error ? e.message : String(e));
          setDone(true);
        },
      );
  }, [props.services]);
  useEffect(run, [run]);

  const blocked = checks.some((c) => !c.ok && c.severity === 'blocking') || error !== undefined;
  useInput(
    (input, key) => {
      if (key.escape) props.onBack();
      else if (input === 'd') setDetails((d) => !d);
      else if (details) setScroll((at) => moveCursor(at, checks.length, input, key));
      else if (input === 'r' && done) run();
      else if (key.return && done && !blocked) props.onContinue();
    },
    { isActive: props.active },
  );

  // Passed checks fold into one line so failures fit an 80×24 screen; `d` lists everything,
  // scrolled with j/k, one line per check (details of failures included).
  const passed = checks.filter((c) => c.ok).length;
  const room = Math.max(3, props.height - 8);
  const shown = details
    ? checks.slice(Math.min(scroll, Math.max(0, checks.length - room)), scroll + room)
    : checks.filter((c) => !c.ok);
  return (
    <Box flexDirection="column">
      <Text bold>Preflight: can s2s reach and use both systems?</Text>
      <Text> </Text>
      {!details && passed > 0 ? (
        <Text>
          <Tinted tone="good">✓ ok </Tinted> {plural(passed, 'check')} passed (d lists them)
        </Text>
      ) : null}
      {shown.map((check) => (
        <Box key={check.id} flexDirection="column">
          <Text>
            <Tinted tone={check.ok ? 'good' : check.severity === 'blocking' ? 'bad' : 'warn'}>
              {mark(check)}
            </Tinted>{' '}
            {check.title}
          </Text>
          {!details && !check.ok ? <Text> {check.detail}</Text> : null}
          {!details && !check.ok && check.fix ? <Text> fix: {check.fix}</Text> : null}
        </Box>
      ))}
      {error ? <Tinted tone="bad">✗ Preflight could not run: {error}</Tinted> : null}
      <Text> </Text>
      {!done ? (
        <Text>Checking…</Text>
      ) : blocked ? (
        <Tinted tone="bad">Blocked: fix the failures above, then press r to check again.</Tinted>
      ) : (
        <Tinted tone="good">All blocking checks passed. Press enter to pick customers.</Tinted>
      )}
    </Box>
  );
}
