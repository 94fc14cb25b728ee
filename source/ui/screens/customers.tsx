// The Sonar accounts: a virtualised table (only the rows on screen are rendered, pages load as the
// cursor reaches them), status tabs, search, and marks for what to migrate next.
import { Box, Text, useInput } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SonarState } from '../../mapping/mapping-config.js';
import { type AccountFilter, allIds, PAGE_SIZE, useAccountPages } from '../account-pages.js';
import type { Hotkey } from '../components/hotkey-bar.js';
import { clip, plural } from '../format.js';
import { moveCursor } from '../keys.js';
import { invert, type Marks, markAll, toggle } from '../marks.js';
import type { AccountRow, AppServices } from '../services.js';
import { Tinted } from '../theme.js';

export const CUSTOMER_KEYS: Hotkey[] = [
  { key: 'space', label: 'mark', essential: true },
  { key: 'v', label: 'mark range' },
  { key: 'a', label: 'all shown' },
  { key: 'i', label: 'invert' },
  { key: 'c', label: 'clear marks' },
  { key: '/', label: 'search', essential: true },
  { key: 'tab 1-5', label: 'status' },
  { key: 'enter', label: 'plan', essential: true },
  { key: 'esc', label: 'back', essential: true },
  { key: 'q', label: 'quit', essential: true },
];

export const TABS: { label: string; states?: SonarState[] }[] = [
  { label: 'All' },
  { label: 'Active', states: ['ACTIVE'] },
  { label: 'Suspended', states: ['SUSPENDED'] },
  { label: 'Inactive', states: ['INACTIVE'] },
  { label: 'Terminated', states: ['TERMINATED'] },
];

/** Lines the screen uses besides the rows (title, tabs, search, header, footer, hotkey bar). */
const CHROME = 8;

export function CustomersScreen(props: {
  services: AppServices;
  width: number;
  height: number;
  active: boolean;
  marks: Marks;
  /** Takes an update, not a value: keys typed faster than frames must not lose marks. */
  onMarks(update: (marks: Marks) => Marks): void;
  /** Searching: global keys (?, q) are letters in the query then. */
  onTyping(typing: boolean): void;
  /** The app's `/` asked for a search: start typing once, then say so with onSearchStarted. */
  startSearch: boolean;
  onSearchStarted(): void;
  onPlan(marks: Marks): void;
  onBack(): void;
  onQuit(): void;
}) {
  const [tab, setTab] = useState(0);
  const [search, setSearch] = useState('');
  const [typing, setTyping] = useState(false);
  // Keys can arrive before React re-renders (paste, fast typing over SSH): handlers read the
  // cursor and anchor from refs updated at once, not from the last render's closure.
  const [cursor, setCursorState] = useState(0);
  const cursorRef = useRef(0);
  const setCursor = (next: number) => {
    cursorRef.current = next;
    setCursorState(next);
  };
  const typingRef = useRef(false);
  const [top, setTop] = useState(0);
  // Where `v` ranges from: the row of the last `space`, shown on screen; `c` clears it.
  const [anchorRow, setAnchorRow] = useState<number>();
  const anchor = useRef<number | undefined>(undefined);
  const setAnchor = (row: number | undefined) => {
    anchor.current = row;
    setAnchorRow(row);
  };
  const [busy, setBusy] = useState<string>();
  const states = TABS[tab]?.states;
  const filter: AccountFilter = useMemo(
    () => ({ search, ...(states ? { states } : {}) }),
    [search, states],
  );
  const list = useAccountPages(props.services, filter);
  const total = list.total ?? 0;
  const visible = Math.max(3, props.height - CHROME);

  const startTyping = (on: boolean) => {
    typingRef.current = on;
    setTyping(on);
    props.onTyping(on);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new request from the app's `/`
  useEffect(() => {
    if (!props.startSearch) return;
    startTyping(true);
    props.onSearchStarted();
  }, [props.startSearch]);
  // Leaving the screen mid-search must not leave the app's global keys switched off.
  // biome-ignore lint/correctness/useExhaustiveDependencies: on unmount only
  useEffect(() => () => props.onTyping(false), []);

  // Keep the cursor on screen and the rows around it loaded.
  const start = Math.min(Math.max(top, cursor - visible + 1), cursor);
  if (start !== top) setTop(start);
  useEffect(() => list.want(start, start + visible), [list, start, visible]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filter changed: start at the top
  useEffect(() => {
    setCursor(0);
    setTop(0);
    setAnchor(undefined);
  }, [filter]);

  // Marks still being gathered (a, i, v page through the list): enter waits for them, or it
  // would plan only the row under the cursor.
  const marking = useRef(false);
  const withBusy = (label: string, work: Promise<(marks: Marks) => Marks>) => {
    setBusy(label);
    marking.current = true;
    work.then(
      (update) => {
        marking.current = false;
        setBusy(undefined);
        props.onMarks(update);
      },
      (e: unknown) => {
        marking.current = false;
        setBusy(`failed: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  };

  useInput(
    (input, key) => {
      const cursor = cursorRef.current;
      if (typingRef.current) {
        if (key.return) startTyping(false);
        else if (key.escape) {
          setSearch('');
          startTyping(false);
        } else if (key.backspace || key.delete) setSearch((s) => s.slice(0, -1));
        else if (input && !key.ctrl && !key.meta && !key.tab) setSearch((s) => s + input);
        return;
      }
      if (key.escape) return props.onBack();
      if (input === 'q') return props.onQuit();
      if (input === '/') return startTyping(true);
      if (key.tab || key.rightArrow || input === 'l') {
        setTab((t) => (key.shift ? (t + TABS.length - 1) % TABS.length : (t + 1) % TABS.length));
        return;
      }
      if (key.leftArrow || input === 'h') return setTab((t) => (t + TABS.length - 1) % TABS.length);
      if (/^[1-5]$/.test(input)) return setTab(Number(input) - 1);
      const row = list.rowAt(cursor);
      if (input === ' ') {
        if (row) {
          props.onMarks((marks) => toggle(marks, row.id));
          setAnchor(cursor);
          setBusy(undefined);
        }
        return;
      }
      if (input === 'v') {
        if (anchor.current === undefined) {
          setBusy('press space where the range starts, then v');
          return;
        }
        const from = Math.min(anchor.current, cursor);
        const to = Math.max(anchor.current, cursor);
        withBusy(
          'marking the range…',
          rangeIds(props.services, filter, from, to + 1).then(
            (ids) => (marks: Marks) => markAll(marks, ids),
          ),
        );
        return;
      }
      if (input === 'a') {
        withBusy(
          'marking every row shown…',
          allIds(props.services, filter).then((ids) => (marks: Marks) => {
            const marked = markAll(marks, ids);
            // Everything in a tab, nothing else: the run can ask for `--all --status …`.
            return search === '' && marks.ids.size === 0
              ? {
                  ...marked,
                  allOf: { states: states ?? ['ACTIVE', 'SUSPENDED', 'INACTIVE', 'TERMINATED'] },
                }
              : marked;
          }),
        );
        return;
      }
      if (input === 'i') {
        withBusy(
          'inverting…',
          allIds(props.services, filter).then((ids) => (marks: Marks) => invert(marks, ids)),
        );
        return;
      }
      if (input === 'c') {
        setAnchor(undefined);
        setBusy(undefined);
        return props.onMarks(() => ({ ids: new Set() }));
      }
      if (key.return) {
        if (marking.current) return setBusy('still marking: enter again once it is done');
        if (props.marks.ids.size > 0) props.onPlan(props.marks);
        else if (row) props.onPlan({ ids: new Set([row.id]) });
        return;
      }
      setCursor(moveCursor(cursor, total, input, key, visible));
    },
    { isActive: props.active },
  );

  const w = props.width;
  const planWidth = w >= 100 ? 18 : 12;
  const nameWidth = Math.max(8, w - 3 - 8 - 12 - planWidth - 10 - 5);
  // The first column: `>` the cursor, `v` the anchor a range would start from.
  const pointer = (index: number) => (index === cursor ? '>' : index === anchorRow ? 'v' : ' ');
  const line = (row: AccountRow | undefined, index: number) => {
    if (!row) return clip(`${pointer(index)}   …`, w);
    const marked = props.marks.ids.has(row.id);
    return clip(
      `${pointer(index)}${marked ? '[x]' : '[ ]'} ${clip(row.id, 7)} ${clip(row.name, nameWidth)} ${clip(row.statusName, 12)} ${clip(row.plan ?? '-', planWidth)} ${row.migration ?? '-'}`,
      w,
    ).trimEnd();
  };
  // Only the rows on screen are rendered, keyed by their position in the whole list.
  const rows: { index: number; text: string }[] = [];
  for (let i = start; i < Math.min(total, start + visible); i++) {
    rows.push({ index: i, text: line(list.rowAt(i), i) });
  }

  return (
    <Box flexDirection="column">
      <Text bold>Customers{props.services.mode === 'demo' ? ' (demo)' : ''}</Text>
      <Text>{TABS.map((t, i) => (i === tab ? `[${t.label}]` : ` ${t.label} `)).join(' ')}</Text>
      <Text>
        {typing
          ? `Search: ${search}_`
          : search
            ? `Search: ${search} (/ to change, esc… / then esc clears)`
            : 'Search: / to type (name, id, email, address)'}
      </Text>
      <Text bold>
        {clip(
          `     ${clip('id', 7)} ${clip('name', nameWidth)} ${clip('status', 12)} ${clip('plan', planWidth)} migration`,
          w,
        ).trimEnd()}
      </Text>
      {list.error ? <Tinted tone="bad">✗ {list.error}</Tinted> : null}
      {list.total === null ? (
        <Text>Loading…</Text>
      ) : total === 0 ? (
        <Text>No accounts match.</Text>
      ) : (
        rows.map((row) => <Text key={row.index}>{row.text}</Text>)
      )}
      <Text>
        {clip(
          `${plural(props.marks.ids.size, 'marked', 'marked')} · ${total === 0 ? 0 : cursor + 1}/${total.toLocaleString('en-US')}${anchorRow !== undefined && !busy ? ` · v marks rows ${Math.min(anchorRow, cursor) + 1}–${Math.max(anchorRow, cursor) + 1}` : ''}${busy ? ` · ${busy}` : ''}`,
          w,
        ).trimEnd()}
      </Text>
    </Box>
  );
}

async function rangeIds(
  services: AppServices,
  filter: AccountFilter,
  from: number,
  to: number,
): Promise<string[]> {
  const ids: string[] = [];
  const first = Math.floor(from / PAGE_SIZE) + 1;
  const last = Math.floor((to - 1) / PAGE_SIZE) + 1;
  for (let page = first; page <= last; page++) {
    const result = await services.listAccounts({
      ...(filter.search ? { search: filter.search } : {}),
      ...(filter.states ? { states: filter.states } : {}),
      page,
      pageSize: PAGE_SIZE,
    });
    result.rows.forEach((row, i) => {
      const index = (page - 1) * PAGE_SIZE + i;
      if (index >= from && index < to) ids.push(row.id);
    });
  }
  return ids;
}
