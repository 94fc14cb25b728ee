// Existing migrations from the state dir: resume one, or start a new one. A migration whose
// process died (kill -9, a closed terminal) is interrupted and resumes as it is, taking the lock
// over; one held by a live process or another host shows who, and offers to break the lock.
import { Box, Text, useInput } from 'ink';
import SelectInput from 'ink-select-input';
import { useEffect, useState } from 'react';
import type { Hotkey } from '../components/hotkey-bar.js';
import { clip, statusLabel } from '../format.js';
import { moveCursor } from '../keys.js';
import type { AppServices, MigrationListItem } from '../services.js';
import { Tinted } from '../theme.js';

export const START_KEYS: Hotkey[] = [
  { key: 'n', label: 'new migration' },
  { key: 'enter', label: 'resume selected' },
  { key: 'q', label: 'quit' },
];

function totalsText(item: MigrationListItem): string {
  const totals: Record<string, number> = {};
  for (const row of Object.values(item.counts)) {
    for (const [action, n] of Object.entries(row)) totals[action] = (totals[action] ?? 0) + n;
  }
  const parts = Object.entries(totals)
    .filter(([, n]) => n > 0)
    .map(([a, n]) => `${n} ${a}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing yet';
}

/** The line under a row that says who has (or had) its lock. */
function lockLine(item: MigrationListItem): string | undefined {
  if (item.lock?.state === 'stale') return `    interrupted: ${item.lock.reason}; enter resumes it`;
  if (item.lock?.state === 'held') return `    in use by ${item.lock.short}`;
  if (item.status === 'interrupted') return '    interrupted: enter resumes it';
  return undefined;
}

const BREAK_CHOICES = [
  { label: 'Leave it (back to the list)', value: 'leave' },
  { label: 'Break the lock and resume here', value: 'break' },
];

export function StartScreen(props: {
  services: AppServices;
  width: number;
  active: boolean;
  onNew(): void;
  onResume(id: string, breakLock: boolean): void;
  onQuit(): void;
}) {
  const [items, setItems] = useState<MigrationListItem[]>();
  const [cursor, setCursor] = useState(0);
  const [note, setNote] = useState<string>();
  /** A held migration the operator asked to resume: break its lock? */
  const [confirming, setConfirming] = useState<MigrationListItem>();
  useEffect(() => {
    props.services.listMigrations().then(setItems, (e: unknown) => {
      setItems([]);
      setNote(`Could not read the state folder: ${e instanceof Error ? e.message : String(e)}`);
    });
  }, [props.services]);

  useInput(
    (input, key) => {
      if (input === 'n') props.onNew();
      else if (input === 'q') props.onQuit();
      else if (key.return && items && items.length > 0) {
        const item = items[cursor];
        if (!item) return;
        if (item.problem) setNote(`${item.id} is damaged and cannot be resumed: ${item.problem}`);
        else if (item.locked && props.services.breakLock) props.onResume(item.id, true);
        else if (item.locked) {
          setNote(undefined);
          setConfirming(item);
        } else if (item.status === 'completed' && !item.lastError)
          setNote(`${item.id} is complete; press n to migrate more customers.`);
        else props.onResume(item.id, false);
      } else setCursor((c) => moveCursor(c, items?.length ?? 0, input, key));
    },
    { isActive: props.active && !confirming },
  );
  useInput(
    (_input, key) => {
      if (key.escape) setConfirming(undefined);
    },
    { isActive: props.active && confirming !== undefined },
  );

  const w = props.width;
  return (
    <Box flexDirection="column">
      <Text bold>s2s · Sonar → Splynx</Text>
      {props.services.mode === 'demo' ? (
        <Tinted tone="accent">
          Demo: simulated Sonar and Splynx on this machine; nothing real is touched.
        </Tinted>
      ) : null}
      {'demoData' in props.services ? <Text>{String(props.services.demoData)}</Text> : null}
      <Text>State: {props.services.stateDir}</Text>
      <Text> </Text>
      {items === undefined ? (
        <Text>Reading migrations…</Text>
      ) : items.length === 0 ? (
        <Text>No migrations yet. Press n to start one.</Text>
      ) : (
        <>
          <Text bold>
            {clip('  migration                  status              records', w).trimEnd()}
          </Text>
          {items.slice(0, 10).map((item, i) => (
            <Box key={item.id} flexDirection="column">
              <Text {...(i === cursor ? { inverse: true } : {})}>
                {clip(
                  `${i === cursor ? '>' : ' '} ${item.id.padEnd(26)} ${(item.problem ? 'damaged' : item.locked ? 'in use' : statusLabel(item.status)).padEnd(19)} ${item.problem ?? totalsText(item)}`,
                  w,
                ).trimEnd()}
              </Text>
              {lockLine(item) ? (
                <Tinted tone="warn">{clip(lockLine(item) as string, w).trimEnd()}</Tinted>
              ) : null}
              {item.lastError ? (
                <Tinted tone="bad">{clip(`    last error: ${item.lastError}`, w).trimEnd()}</Tinted>
              ) : null}
            </Box>
          ))}
        </>
      )}
      {note ? <Tinted tone="warn">{note}</Tinted> : null}
      {confirming ? (
        <Box flexDirection="column">
          <Text> </Text>
          <Tinted tone="warn">
            {`${confirming.id} is in use by ${confirming.lock?.holder ?? 'another s2s process'}: ${confirming.lock?.reason ?? 'it is still running'}.`}
          </Tinted>
          <Text>
            Breaking the lock lets this app write it; the other process stops writing at its next
            heartbeat. Only do this if it is stuck or you stopped it.
          </Text>
          <SelectInput
            items={BREAK_CHOICES}
            isFocused={props.active}
            onSelect={(choice) => {
              const item = confirming;
              setConfirming(undefined);
              if (choice.value === 'break') props.onResume(item.id, true);
            }}
          />
        </Box>
      ) : null}
    </Box>
  );
}
