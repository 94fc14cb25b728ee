// Every failed and blocked record of a migration, grouped by cause (the report's grouping), with
// the field, the fix, and the records of the highlighted cause. One key settles a whole cause:
// `s` skips all of its records (and, for the rest of this session, the ones the run has not met
// yet, so one cause stops a run once), `r` retries everything, `o` retries one record on its own,
// `v` opens report.md, `e` reloads the mapping config after an edit and retries.
import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { PHASE_IDS } from '../../command-line.js';
import type { RunSummary } from '../../engine/events.js';
import type { Hotkey } from '../components/hotkey-bar.js';
import { Menu } from '../components/menu.js';
import { Table } from '../components/table.js';
import { clip, plural, runnable, wrapLines } from '../format.js';
import { moveCursor } from '../keys.js';
import type {
  AppServices,
  FailedRecord,
  FailureCause,
  RunReport,
  RunRequest,
} from '../services.js';
import { Tinted } from '../theme.js';

export const FAILURE_KEYS: Hotkey[] = [
  { key: 's', label: 'skip all of this cause', essential: true },
  { key: 'r', label: 'retry all', essential: true },
  { key: 'o', label: 'retry one', essential: true },
  { key: 'tab', label: 'causes/records' },
  { key: 'v', label: 'report', essential: true },
  { key: 'e', label: 'edit mapping, retry' },
  { key: 'esc', label: 'back', essential: true },
];

/** What a key here asks the app to run next. */
export type FailureAction =
  | { kind: 'resume'; id: string; message: string }
  | { kind: 'migrate'; request: RunRequest; message: string };

/** A retry of one record: its account when it has one, else the record alone (`--records-from`). */
export function retryOne(record: FailedRecord, concurrency: number): RunRequest {
  return {
    ...(record.accountId
      ? { customers: [record.accountId] }
      : { records: [{ entity: record.entity, sonarId: record.sonarId }] }),
    phases: [...PHASE_IDS],
    concurrency,
    stopOnError: true,
  };
}

export function FailuresScreen(props: {
  services: AppServices;
  summary: RunSummary;
  report: RunReport;
  width: number;
  height: number;
  active: boolean;
  concurrency: number;
  onRun(action: FailureAction): void;
  onReport(): void;
  onBack(): void;
}) {
  const { report, summary } = props;
  const w = props.width;
  const causes = report.causes;
  // The cause that stopped the run comes up first: it is the one the operator is deciding on.
  const stoppedBy = summary.failure;
  const initial = Math.max(
    0,
    causes.findIndex((c) =>
      c.records.some((r) => r.entity === stoppedBy?.entity && r.sonarId === stoppedBy?.sonarId),
    ),
  );
  const [selected, setSelected] = useState(initial);
  const [pane, setPane] = useState<'causes' | 'records'>('causes');
  const [row, setRow] = useState(0);
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState<string>();
  const [busy, setBusy] = useState(false);
  const cause: FailureCause | undefined = causes[selected];
  const records = cause?.records ?? [];
  const first = records[0];
  const id = report.migrationId;
  const line = (text: string) => clip(text, w).trimEnd();

  const skip = (c: FailureCause) => {
    setBusy(true);
    props.services.skipCause(id, c).then(
      () =>
        props.onRun({
          kind: 'resume',
          id,
          message: `Skipping a cause: ${plural(c.records.length, 'record')} (${c.entity} ${c.action}) and any more it meets.`,
        }),
      (e: unknown) => {
        setBusy(false);
        setNote(`Could not skip: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  };

  useInput(
    (input, key) => {
      if (busy) return;
      if (editing) {
        if (key.return) {
          props.services.reloadConfig().then((problem) => {
            if (problem) setNote(`The mapping config is not valid yet: ${problem}`);
            else props.onRun({ kind: 'resume', id, message: 'Mapping reloaded; retrying.' });
          });
        } else if (key.escape) {
          setEditing(false);
          setNote(undefined);
        }
        return;
      }
      if (key.escape) return props.onBack();
      if (key.tab) {
        setPane((p) => (p === 'causes' ? 'records' : 'causes'));
        setRow(0);
        return;
      }
      if (input === 's' && cause) return skip(cause);
      if (input === 'r')
        return props.onRun({ kind: 'resume', id, message: 'Retrying every failed record.' });
      if (input === 'o') {
        const record = pane === 'records' ? records[row] : first;
        if (!record) return;
        return props.onRun({
          kind: 'migrate',
          request: retryOne(record, props.concurrency),
          message: `Retrying ${record.label} on its own.`,
        });
      }
      if (input === 'v') return props.onReport();
      if (input === 'e') {
        setNote(undefined);
        return setEditing(true);
      }
      if (pane === 'records') setRow((r) => moveCursor(r, records.length, input, key, 5));
    },
    { isActive: props.active },
  );

  const count = causes.reduce((n, c) => n + c.records.length, 0);
  const stopped = summary.status === 'stopped' && summary.failure;
  // Lines around the two lists: headline, totals, blank, cause detail (≤5), table chrome (3),
  // the "more" line, the note.
  const detail = cause
    ? [
        ...wrapLines(`cause: ${cause.cause}`, w, 2),
        line(
          `field: ${cause.field ?? '-'}${first?.splynxMessage ? ` · Splynx said: ${first.splynxMessage}` : ''}`,
        ),
        ...wrapLines(
          `fix: ${runnable(cause.fixes[0] ?? 'see the report', props.services.cli)}`,
          w,
          2,
        ),
      ]
    : [];
  const menuRoom = Math.min(causes.length, Math.max(2, Math.floor((props.height - 12) / 3)));
  const tableRoom = Math.max(1, props.height - 3 - menuRoom - detail.length - 3 - 1 - 2);
  const start = Math.min(Math.max(0, row - tableRoom + 1), Math.max(0, records.length - tableRoom));
  const shown = records.slice(start, start + tableRoom);
  const after = records.length - start - shown.length;

  return (
    <Box flexDirection="column">
      {stopped && summary.failure ? (
        <Tinted tone="bad" bold>
          {line(`✗ Stopped on a failed record (resumable): ${summary.failure.label}`)}
        </Tinted>
      ) : (
        <Text bold>{line(`Failures of migration ${id}`)}</Text>
      )}
      <Text>
        {line(
          `${plural(count, 'record')} in ${plural(causes.length, 'cause')} · v: report.md · all of them in failures.csv`,
        )}
      </Text>
      <Text bold>
        {line(
          `${causes.length > menuRoom ? `Causes (${menuRoom} of ${causes.length} shown, j/k)` : 'Causes'}${pane === 'causes' ? ' · tab: their records' : ''}`,
        )}
      </Text>
      {causes.length === 0 ? (
        <Text>No failed or blocked records: r resumes the migration.</Text>
      ) : (
        <Menu
          width={w}
          focused={props.active && pane === 'causes' && !editing && !busy}
          limit={menuRoom}
          initialIndex={initial}
          items={causes.map((c, i) => ({
            key: c.key,
            value: i,
            label: `${String(c.records.length).padStart(4)} × ${c.entity} ${c.action}: ${c.cause}`,
          }))}
          onHighlight={(item) => {
            setSelected(item.value);
            setRow(0);
          }}
          onSelect={() => {
            setPane('records');
            setRow(0);
          }}
        />
      )}
      {detail.map((text, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one detail, in order
        <Text key={i}>{text}</Text>
      ))}
      {cause ? (
        <Table
          width={w}
          columns={[
            { key: ' ', width: 1 },
            { key: 'sonar id', width: 8, align: 'right' },
            { key: 'record', width: 'fill' },
            { key: 'field', width: Math.min(16, Math.max(5, Math.floor(w / 6))) },
          ]}
          rows={shown.map((r, i) => ({
            ' ': pane === 'records' && start + i === row ? '>' : ' ',
            'sonar id': r.sonarId,
            record: r.label,
            field: r.field ?? '-',
          }))}
        />
      ) : null}
      {after > 0 || start > 0 ? (
        <Text>
          {line(
            `  ${start + 1}–${start + shown.length} of ${records.length}${after > 0 ? ` · +${after} more` : ''} (tab, then j/k)`,
          )}
        </Text>
      ) : null}
      {note ? (
        <Tinted tone="bad">{line(note)}</Tinted>
      ) : editing ? (
        wrapLines(
          `Edit ${props.services.configFile} (in another window or tmux pane), save it, then press enter to reload and retry; esc cancels.`,
          w,
          2,
        ).map((text) => <Text key={text}>{text}</Text>)
      ) : busy ? (
        <Text>Skipping…</Text>
      ) : null}
    </Box>
  );
}
