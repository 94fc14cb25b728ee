// Tables are @alcalzone/ink-table, made to fit a terminal: no rule between rows (each row is one
// line), no colours of its own (the app decides colour), and every cell cut to the width it gets
// so a long label never wraps a row onto two lines.
import { Table as InkTable } from '@alcalzone/ink-table';
import { Text } from 'ink';
import type { ReactNode } from 'react';
import { clip } from '../format.js';

type Row = Record<string, string>;

class RowsTable extends InkTable<Row> {
  // One line per row: ink-table draws a rule between rows, which halves what fits on a screen.
  override separator = () => <></>;
}

const Plain = (props: { children?: ReactNode }) => <Text>{props.children}</Text>;
const Bold = (props: { children?: ReactNode }) => <Text bold>{props.children}</Text>;

export interface Column {
  key: string;
  /** Fixed width; one column may be `'fill'` and take what the others leave. */
  width: number | 'fill';
  align?: 'left' | 'right';
}

/** Borders and padding a table of `n` columns adds: `│ a │ b │` is 3n + 1. */
export const tableChrome = (columns: number) => 3 * columns + 1;

export function Table(props: { columns: Column[]; rows: Row[]; width: number }) {
  const fixed = props.columns.reduce((n, c) => n + (c.width === 'fill' ? 0 : c.width), 0);
  const fill = Math.max(4, props.width - tableChrome(props.columns.length) - fixed);
  const widths = props.columns.map((c) => (c.width === 'fill' ? fill : c.width));
  // Cells padded to their width, so every row and the heading agree on the columns.
  const cut = (row: Row) =>
    Object.fromEntries(
      props.columns.map((c, i) => {
        const width = widths[i] ?? 1;
        const text = row[c.key] ?? '';
        return [
          c.key,
          c.align === 'right' ? text.slice(-width).padStart(width) : clip(text, width),
        ];
      }),
    );
  return (
    <RowsTable
      data={[...props.rows.map(cut)]}
      columns={props.columns.map((c) => c.key)}
      header={Bold}
      cell={Plain}
      skeleton={Plain}
    />
  );
}
